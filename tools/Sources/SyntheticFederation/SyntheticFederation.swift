import CourtFedBundle
import CourtFedModel
import CourtFedWorkspace
import Foundation

/// The sizes the benchmarks run at.
package enum FederationSize: String, CaseIterable, Sendable {
  /// An intermediate court and its basic courts.
  case city
  /// A high court, its intermediate courts and their basic courts.
  case province
  /// Every court in China, roughly: 32 high courts, about 420 intermediate, the rest basic.
  case nation

  package var courts: Int {
    switch self {
    case .city: 20
    case .province: 200
    case .nation: 3_500
    }
  }
}

/// A synthetic federation, the same for the same seed: courts with levels and parents, party
/// branches and groups with quarterly scores and yearly ratings, and monthly base measures
/// (quarterly satisfaction, yearly information-work scores) that satisfy every rule of the
/// catalog. Each court signs with a TEST key derived from the seed and its id.
package struct SyntheticFederation: Sendable {
  package let courts: [Court]
  package let years: ClosedRange<Int>
  /// Months of figures after the last year (the monthly cycle: each court's workspace gains
  /// a month). Drawn after everything else, so the years' figures are the same with or
  /// without them.
  package let extraMonths: Int
  package let seed: UInt64
  /// Bundles carry this creation time, so the same seed writes the same bytes.
  package static let created = Date(timeIntervalSince1970: 1_768_435_200)  // 2026-01-15

  package init(courts count: Int, years: ClosedRange<Int> = 2021...2025, extraMonths: Int = 0, seed: UInt64 = 1) {
    self.years = years
    self.extraMonths = extraMonths
    self.seed = seed
    let highs = count >= 1_000 ? 32 : count > 20 ? 1 : 0
    let intermediates = count > 20 ? count * 12 / 100 : 1
    var courts: [Court] = []
    for index in 0..<count {
      let id = String(format: "syn-%04d", index + 1)
      let level: CourtLevel
      let parent: String?
      if index < highs {
        level = .high
        parent = nil
      } else if index < highs + intermediates {
        level = .intermediate
        parent = highs > 0 ? String(format: "syn-%04d", (index - highs) % highs + 1) : nil
      } else {
        level = .basic
        parent = String(format: "syn-%04d", highs + (index - highs - intermediates) % intermediates + 1)
      }
      let (name, short) =
        switch level {
        case .high: ("合成第\(index + 1)省高级人民法院", "合成\(index + 1)高院")
        case .intermediate: ("合成第\(index + 1)市中级人民法院", "合成\(index + 1)中院")
        case .basic: ("合成第\(index + 1)区人民法院", "合成\(index + 1)法院")
        }
      courts.append(
        Court(
          id: id, name: name, shortName: short, englishName: nil, level: level,
          parent: parent, region: "合成区\(index % 97 + 1)"))
    }
    self.courts = courts
  }

  package init(_ size: FederationSize, seed: UInt64 = 1) {
    self.init(courts: size.courts, seed: seed)
  }

  /// The court's TEST signing key: never trust it for real figures.
  package func key(_ index: Int) -> CourtSigningKey {
    var rng = SeededGenerator(seed: seed &* 0x1000_0000 &+ UInt64(index) &+ 0xC0DE)
    var bytes = Data()
    for _ in 0..<4 { withUnsafeBytes(of: rng.next()) { bytes.append(contentsOf: $0) } }
    return try! CourtSigningKey(seed: bytes, comment: "\(courts[index].id) TEST KEY")
  }

  /// A trust store trusting every court's test key.
  package func trust(at url: URL) throws -> TrustStore {
    var store = TrustStore(emptyAt: url)
    for index in courts.indices { try store.add(court: courts[index].id, key: key(index).publicKey) }
    return store
  }

  /// The court's workspace, in memory.
  package func workspace(_ index: Int) -> Workspace {
    let court = courts[index]
    var rng = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(index))
    var workspace = Workspace(
      directory: URL(fileURLWithPath: "/synthetic/\(court.id)"), court: court, language: .zh)
    var line = 1
    func add(_ measure: String, _ period: Period, _ value: Double) {
      line += 1
      workspace.measures.append(
        Located(
          MeasureValue(period: period, measure: measure, value: value),
          at: SourceLocation(file: "measures.csv", line: line)))
    }
    func located<T>(_ value: T) -> Located<T> { Located(value, at: SourceLocation(file: "synthetic.csv", line: 1)) }

    // Party organisation: 3–6 branches of 1–3 groups.
    let branchCount = rng.integer(3...6)
    var groupCount = 0
    var memberTotal = 0
    for branch in 1...branchCount {
      let branchID = String(format: "b%02d", branch)
      let members = rng.integer(8...30)
      memberTotal += members
      workspace.branches.append(
        located(
          PartyBranch(
            id: branchID, name: "第\(branch)党支部", division: "第\(branch)审判庭", secretary: "书记\(branch)",
            memberCount: members, brand: nil)))
      for year in years {
        workspace.branchRatings.append(located(BranchRating(branchID: branchID, year: year, stars: rng.integer(2...5))))
      }
      for _ in 1...rng.integer(1...3) {
        groupCount += 1
        let groupID = String(format: "g%02d", groupCount)
        let age = rng.integer(30...55)
        workspace.groups.append(
          located(
            PartyGroup(
              id: groupID, branchID: branchID, name: "第\(groupCount)党小组", team: "第\(groupCount)团队",
              kind: .trial, leader: "组长\(groupCount)", leaderAge: age, leaderPartyYears: rng.integer(3...(age - 22)),
              leaderCourtYears: rng.integer(2...(age - 24)), memberCount: rng.integer(3...max(3, members / 2)))))
        for year in years {
          for quarter in 1...4 {
            workspace.groupScores.append(
              located(
                GroupScore(
                  groupID: groupID, period: .quarter(year, quarter), basic: (rng.uniform(75...95) * 2).rounded() / 2,
                  bonus: Double(rng.integer(0...16)) / 2, deduction: Double(rng.integer(0...8)) / 2)))
          }
        }
      }
    }

    // Monthly figures.
    let monthlyCases: Double =
      switch court.level {
      case .basic: Double(rng.integer(300...2_500))
      case .intermediate: Double(rng.integer(200...1_000))
      case .high: Double(rng.integer(50...300))
      }
    var pending = (monthlyCases * rng.uniform(1.2...2)).rounded()
    var members = Double(memberTotal)
    var baseline = 0.0
    var clearance = 0.0
    var clearedSoFar = 0.0
    func newYear() {
      baseline = (pending * rng.uniform(0.55...0.7)).rounded()
      clearance = rng.uniform(0.6...0.95)
      clearedSoFar = 0.0
    }
    func month(_ year: Int, _ month: Int) {
      let period = Period.month(year, month)
      let carried = pending
      let new = (monthlyCases * rng.uniform(0.85...1.15)).rounded()
      let closed = ((carried + new) * (month == 12 ? rng.uniform(0.5...0.6) : rng.uniform(0.25...0.4))).rounded()
      pending = carried + new - closed
      add("cases_carried_over", period, carried)
      add("cases_new", period, new)
      add("cases_closed", period, closed)
      add("cases_closed_in_time", period, (closed * rng.uniform(0.975...0.996)).rounded(.down))
      add("case_days_total", period, (closed * rng.uniform(48...92)).rounded())
      add("cases_pending", period, pending)
      add("cases_pending_over_12_months", period, (pending * rng.uniform(0.008...0.03)).rounded(.down))
      let cleared = min(baseline - clearedSoFar, (baseline * clearance / 12 * rng.uniform(0.8...1.2)).rounded())
      clearedSoFar += cleared
      add("backlog_baseline", period, baseline)
      add("backlog_cleared", period, cleared)
      let firstInstance = (closed * rng.uniform(0.7...0.8)).rounded(.down)
      add("first_instance_closed", period, firstInstance)
      add("cases_reversed", period, (firstInstance * rng.uniform(0.004...0.01)).rounded(.down))
      add("cases_remanded", period, (firstInstance * rng.uniform(0.002...0.006)).rounded(.down))
      add("cases_appealed", period, (firstInstance * rng.uniform(0.05...0.1)).rounded(.down))
      let civil = (closed * rng.uniform(0.55...0.65)).rounded(.down)
      add("civil_closed", period, civil)
      add("cases_mediated", period, (civil * rng.uniform(0.25...0.35)).rounded(.down))
      add("cases_withdrawn", period, (civil * rng.uniform(0.15...0.22)).rounded(.down))
      let received = (new * rng.uniform(0.2...0.28)).rounded(.down)
      add("enforcement_received", period, received)
      add("enforcement_closed", period, (received * rng.uniform(0.9...0.99)).rounded(.down))
      let applied = (received * rng.uniform(150_000...260_000)).rounded()
      add("amount_applied", period, applied)
      add("amount_recovered", period, (applied * rng.uniform(0.35...0.6) * 100).rounded(.down) / 100)
      add("petitions_resolved", period, Double(rng.integer(0...20)))
      add("casebook_adoptions", period, Double(rng.integer(0...3)))
      add("satisfaction_responses", period, Double(rng.integer(50...300)))
      let newMembers = Double(rng.integer(0...2))
      members = max(members + newMembers - Double(rng.integer(0...2)), newMembers + 1)
      add("party_members", period, members)
      add("new_members", period, newMembers)
      add("activists", period, Double(rng.integer(4...20)))
      add("branch_count", period, Double(branchCount))
      add("group_count", period, Double(groupCount))
      add("study_sessions", period, Double(rng.integer(1...4)))
    }
    for year in years {
      newYear()
      for index in 1...12 { month(year, index) }
      for quarter in 1...4 {
        add("satisfaction_score", .quarter(year, quarter), (rng.uniform(88...99) * 100).rounded() / 100)
      }
      add("information_work_score", .year(year), (rng.uniform(85...99) * 100).rounded() / 100)
    }
    // The cycle's months: monthly figures only (a quarter's satisfaction score and a year's
    // information work come later in the year).
    for index in 0..<extraMonths {
      let year = years.upperBound + 1 + index / 12
      if index % 12 == 0 { newYear() }
      month(year, index % 12 + 1)
    }
    // The branches' members add up to the last month's party members, as `validate` checks;
    // shared out in proportion, with no further draws, so every other figure stays as it was.
    let final = Int(members)
    var shares = workspace.branches.map { $0.value.memberCount * final / max(memberTotal, 1) }
    if !shares.isEmpty { shares[0] += final - shares.reduce(0, +) }
    for index in workspace.branches.indices { workspace.branches[index].value.memberCount = shares[index] }
    return workspace
  }

  /// The same federation with `months` more months of figures for every court.
  package func adding(months: Int) -> SyntheticFederation {
    SyntheticFederation(courts: courts.count, years: years, extraMonths: extraMonths + months, seed: seed)
  }

  /// The court's first bundle, signed with its test key.
  package func bundle(_ index: Int, catalog: MetricCatalog = .standard) -> ExportedBundle {
    BundleWriter.make(workspace(index), key: key(index), state: nil, now: Self.created, catalog: catalog)
  }
}
