import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedStore
import CourtFedWorkspace
import Crypto
import Foundation
import TestSupport
import Testing

/// A seeded random federation (3-30 courts, 2019-2021) with the holes real reporting has:
/// missing quarters and months, a court missing a year, courts reporting months, halves or
/// whole years, ties from small numbers, zero denominators; and its party organisations.
/// Made as workspaces, exported as signed bundles, verified and merged like real ones.
struct RandomFederation {
  var oracle: Oracle
  var store: CourtStore

  static let today = (year: 2026, month: 12)

  static func key(_ court: String) -> CourtSigningKey {
    let seed = Data(SHA256.hash(data: Data("courtfed-oracle-key:\(court)".utf8)))
    return try! CourtSigningKey(seed: seed, comment: court)
  }

  init(seed: UInt64, name: String) throws {
    var random = SplitMix(seed: seed)
    let count = random.int(3...30)
    let regions = ["甲区", "乙区", "丙区"]
    var courts: [Oracle.Court] = []
    var workspaces: [Workspace] = []
    var reported: [String: [Period: [String: Double]]] = [:]
    var groups: [Oracle.Group] = []
    var branches: [Oracle.Branch] = []
    for index in 1...count {
      let id = String(format: "or-%02d", index)
      let level: CourtLevel = random.chance(0.15) ? .intermediate : .basic
      let region = random.chance(0.85) ? regions[random.int(0...2)] : nil
      courts.append(Oracle.Court(id: id, level: level, region: region))
      let court = Court(
        id: id, name: "样本第\(index)人民法院", shortName: "样本\(index)法院", level: level,
        parent: level == .basic ? "or-parent" : nil, region: region)
      var workspace = Workspace(directory: URL(fileURLWithPath: "/nonexistent/\(id)"), court: court, language: .zh)
      var values: [Period: [String: Double]] = [:]
      func report(_ period: Period, _ measure: String, _ value: Double) {
        values[period, default: [:]][measure] = value
      }
      var stock = Double(random.chance(0.1) ? 0 : random.int(0...30))
      for year in 2019...2021 {
        if random.chance(0.07) { continue }  // a year not reported at all
        let roll = random.int(0...99)
        let kind: PeriodKind = roll < 65 ? .quarter : roll < 80 ? .month : roll < 90 ? .half : .year
        var parts = Period.year(year).subperiods(of: kind)
        if kind != .year, random.chance(kind == .month ? 0.2 : 0.15) {
          for _ in 0..<(kind == .month ? random.int(1...2) : 1) { parts.remove(at: random.int(0...(parts.count - 1))) }
        }
        let baseline = Double(random.chance(0.1) ? 0 : random.int(1...30))
        var clearedLeft = baseline
        for part in parts {
          let new = Double(random.chance(0.05) ? 0 : random.int(0...40))
          let closed = Double(random.int(0...Int(stock + new)))
          report(part, "cases_carried_over", stock)
          report(part, "cases_new", new)
          report(part, "cases_closed", closed)
          report(part, "cases_pending", stock + new - closed)
          report(part, "case_days_total", closed * Double(random.int(20...40)))
          let firstInstance = Double(random.int(0...Int(closed)))
          let reversed = Double(random.int(0...Int(firstInstance / 2)))
          report(part, "first_instance_closed", firstInstance)
          report(part, "cases_reversed", reversed)
          report(part, "cases_remanded", Double(random.int(0...Int((firstInstance - reversed) / 2))))
          report(part, "backlog_baseline", baseline)
          let cleared = Double(random.int(0...Int(clearedLeft)))
          clearedLeft -= cleared
          report(part, "backlog_cleared", cleared)
          stock = stock + new - closed
        }
        // A satisfaction survey each quarter reported (or each quarter of the months reported).
        if kind == .quarter || kind == .month {
          for quarter in Set(parts.compactMap { $0.enclosing(.quarter) }) {
            report(quarter, "satisfaction_score", [80, 85, 90, 95][random.int(0...3)])
            report(quarter, "satisfaction_responses", Double(random.chance(0.1) ? 0 : random.int(1...50)))
          }
        }
        if random.chance(0.85) {
          report(.year(year), "information_work_score", [88, 90.5, 92, 95.25, 97.6][random.int(0...4)])
        }
      }
      reported[id] = values
      for (period, measures) in values {
        for (measure, value) in measures {
          workspace.measures.append(
            Located(MeasureValue(period: period, measure: measure, value: value), at: SourceLocation(file: "m.csv")))
        }
      }
      // Party organisations: branches with ratings, groups with quarterly scores.
      var groupNumber = 0
      for branchIndex in 1...random.int(1...3) {
        let branchID = "b\(branchIndex)"
        let members = random.int(3...30)
        var ratings: [Int: Int] = [:]
        for year in 2020...2021 where random.chance(0.8) { ratings[year] = random.int(3...5) }
        branches.append(Oracle.Branch(court: id, id: branchID, members: members, ratings: ratings))
        workspace.branches.append(
          Located(
            PartyBranch(
              id: branchID, name: "支部\(branchID)", division: "审判庭", secretary: "张明", memberCount: members),
            at: SourceLocation(file: "b.csv")))
        for (year, stars) in ratings {
          workspace.branchRatings.append(
            Located(BranchRating(branchID: branchID, year: year, stars: stars), at: SourceLocation(file: "r.csv")))
        }
        for _ in 1...random.int(1...2) {
          groupNumber += 1
          let groupID = String(format: "g%02d", groupNumber)
          var scores: [Period: (Double, Double, Double)] = [:]
          for quarter in [Period.quarter(2020, 4)] + Period.year(2021).subperiods(of: .quarter)
          where random.chance(0.85) {
            scores[quarter] = (
              [80, 85, 90][random.int(0...2)], [0, 2.5, 5][random.int(0...2)], [0, 1, 2.5][random.int(0...2)]
            )
          }
          groups.append(Oracle.Group(court: id, id: groupID, branch: branchID, scores: scores))
          workspace.groups.append(
            Located(
              PartyGroup(
                id: groupID, branchID: branchID, name: "小组\(groupID)", team: "审判团队", kind: .trial, leader: "李华",
                leaderAge: 40, leaderPartyYears: 10, leaderCourtYears: 12, memberCount: 5),
              at: SourceLocation(file: "g.csv")))
          for (quarter, score) in scores {
            workspace.groupScores.append(
              Located(
                GroupScore(groupID: groupID, period: quarter, basic: score.0, bonus: score.1, deduction: score.2),
                at: SourceLocation(file: "s.csv")))
          }
        }
      }
      workspaces.append(workspace)
    }
    oracle = Oracle(
      catalog: .standard, courts: courts, reported: reported, groups: groups, branches: branches, today: Self.today)
    // Export, verify and merge as the road does.
    let url = ProjectPaths.temporaryDirectory(name).appendingPathComponent("city.sqlite")
    store = try CourtStore(url: url)
    var trust = TrustStore(emptyAt: URL(fileURLWithPath: "/nonexistent/allowed_signers"))
    for workspace in workspaces {
      try trust.add(court: workspace.court.id, key: Self.key(workspace.court.id).publicKey)
    }
    let created = Date(timeIntervalSince1970: 1_700_000_000)  // 2023-11-14
    let verifier = BundleVerifier(trust: trust, now: created.addingTimeInterval(3600))
    for workspace in workspaces {
      let bundle = BundleWriter.make(workspace, key: Self.key(workspace.court.id), state: nil, now: created)
      _ = try store.merge(
        try verifier.verify(bundle.data), from: BundleSource(fileName: bundle.fileName, fileSHA256: ""))
    }
  }
}

@Suite("The engine against an oracle written from the spec")
struct OracleTests {
  static let today = ISO8601DateFormatter().date(from: "2026-12-01T02:00:00Z")!

  /// The engine's answer in the oracle's terms.
  static func answer(_ result: QueryResult) -> Oracle.Answer {
    var answer = Oracle.Answer(period: result.provenance.period)
    let numeric = result.columns.indices.filter { result.columns[$0].isNumeric }
    answer.rows = result.rows.map { row in
      Oracle.Answer.Row(
        place: row.rank?.place, tie: row.rank?.tie ?? false, key: row.court?.id ?? "",
        numbers: numeric.map { row.cells[$0].number })
    }
    answer.excluded = Set(
      result.excluded.map { excluded in
        switch excluded.reason {
        case .incomplete(let missing): "\(excluded.court.id) incomplete \(missing)"
        case .noValue: "\(excluded.court.id) no value"
        case .signerRevoked: "\(excluded.court.id) revoked"
        }
      })
    answer.city = result.provenance.cityFigure?.value
    answer.missing = Set(result.provenance.missingCourts.map(\.id))
    answer.incomplete = Set(result.provenance.incompleteCourts.map(\.court.id))
    return answer
  }

  /// The queries asked of each federation: every metric kind over metrics of every shape
  /// (pooled ratios, days, a sum indicator, counts, a yearly score, a weighted score), periods
  /// of every kind, limits, filters and incomplete figures included or not.
  static func queries(_ federation: RandomFederation, random: inout SplitMix) -> [Query] {
    let metrics = [
      "closure_rate", "average_days", "backlog_clearance_rate", "reversed_and_remanded", "reversal_remand_rate",
      "cases_closed", "cases_pending", "information_work_score", "satisfaction_score",
    ]
    let periods: [Period?] = [nil, .year(2021), .year(2020), .half(2021, 1), .quarter(2021, 4), .quarter(2020, 2)]
    var queries: [Query] = []
    for metric in metrics {
      for period in periods {
        var base = Query()
        base.metric = metric
        base.period = period
        if random.chance(0.2) { base.includeIncomplete = true }
        if random.chance(0.15) { base.level = .basic }
        if random.chance(0.15) { base.regions = ["甲区"] }
        if random.chance(0.1), let court = federation.oracle.courts.randomElement(using: &random) {
          base.courts = [court.id]
        }
        var kinds: [Query] = []
        var ranking = base
        ranking.limit = random.chance(0.5) ? random.int(1...8) : nil
        ranking.fromBottom = random.chance(0.3)
        kinds.append(ranking)
        for average in [Query.Average.catalog, .mean, .pooled] {
          var versus = base
          versus.kind = .versusAverage
          versus.average = average
          if average == .pooled, federation.oracle.catalog.metric(named: metric)?.isRatio != true { continue }
          if random.chance(0.3) { versus.aboveAverage = random.chance(0.5) }
          if random.chance(0.3) { versus.limit = random.int(1...5) }
          kinds.append(versus)
        }
        for change in [Query.ChangeKind.yearOnYear, .periodOnPeriod] {
          var query = base
          query.kind = .change(change)
          query.rankByChange = random.chance(0.5)
          if random.chance(0.3) { query.limit = random.int(1...5) }
          kinds.append(query)
        }
        if let period, period.kind == .quarter {
          var between = base
          between.kind = .change(.against(.period(.quarter(2021, 1))))
          kinds.append(between)
        }
        if federation.oracle.catalog.metric(named: metric)?.cityFigure == .sum {
          var total = base
          total.kind = .cityTotal
          total.courts = []
          total.regions = []
          kinds.append(total)
        }
        queries += kinds
      }
      // Year to date: January to a month (built from months, from quarters), as a ranking,
      // against the city and year on year (the same months a year earlier).
      for (year, month) in [(2021, 2), (2021, 5), (2021, 9), (2021, 11), (2020, 9)] {
        var base = Query()
        base.metric = metric
        base.yearToDate = YearToDate(year: year, month: month)
        if random.chance(0.2) { base.includeIncomplete = true }
        if random.chance(0.15) { base.level = .basic }
        var ranking = base
        ranking.limit = random.chance(0.5) ? random.int(1...8) : nil
        var versus = base
        versus.kind = .versusAverage
        if random.chance(0.3) { versus.aboveAverage = random.chance(0.5) }
        var change = base
        change.kind = .change(.yearOnYear)
        change.rankByChange = random.chance(0.5)
        queries += [ranking, versus, change]
        // Two years to date named (2021年1-9月 对比 2020年1-9月, or two years apart): the
        // change between the same months of the two years.
        for earlierYear in [year - 1, year - 2] {
          var between = base
          between.kind = .change(.against(.yearToDate(YearToDate(year: earlierYear, month: month)!)))
          between.rankByChange = random.chance(0.5)
          if random.chance(0.3) { between.limit = random.int(1...5) }
          queries.append(between)
        }
      }
    }
    return queries
  }

  /// Asks both; returns a description of the first difference, or nil when they agree. A
  /// refusal must match a refusal: the oracle has no answer where the engine refuses.
  static func compare(_ query: Query, _ federation: RandomFederation, _ engine: QueryEngine) -> String? {
    let expected = federation.oracle.answer(query)
    let actual: Oracle.Answer?
    do {
      actual = answer(try engine.run(query))
    } catch {
      actual = nil
    }
    // The engine refuses a period without figures; the oracle then finds no rows either.
    if actual == nil, let expected, expected.rows.isEmpty, expected.excluded.isEmpty { return nil }
    guard actual == expected else {
      return
        "query \(query)\nengine:\n\(actual.map { "\($0)" } ?? "refused")\noracle:\n\(expected.map { "\($0)" } ?? "none")"
    }
    return nil
  }

  @Test("seeded random federations: every metric query kind answers as the oracle does")
  func metricQueries() throws {
    let seed = SplitMix.seed("oracle federations", fallback: 20_261_201)
    var compared = 0
    for round in 0..<12 {
      let federationSeed = seed &+ UInt64(round)
      let federation = try RandomFederation(seed: federationSeed, name: "oracle-\(round)")
      let engine = QueryEngine(reader: try StoreReader(url: federation.store.url), now: Self.today)
      var random = SplitMix(seed: federationSeed ^ 0xA5A5)
      for query in Self.queries(federation, random: &random) {
        if let difference = Self.compare(query, federation, engine) {
          Issue.record("federation seed \(federationSeed) (\(federation.oracle.courts.count) courts): \(difference)")
          return
        }
        compared += 1
      }
    }
    print("oracle: \(compared) answers compared on 12 federations")
    #expect(compared > 1000)
  }

  @Test("seeded random federations: trends by year and by quarter answer as the oracle does")
  func trends() throws {
    let seed = SplitMix.seed("oracle trends", fallback: 1_414)
    var compared = 0
    for round in 0..<4 {
      let federationSeed = seed &+ UInt64(round)
      let federation = try RandomFederation(seed: federationSeed, name: "oracle-trend-\(round)")
      let engine = QueryEngine(reader: try StoreReader(url: federation.store.url), now: Self.today)
      var random = SplitMix(seed: federationSeed ^ 0x5A5A)
      for metric in ["closure_rate", "average_days", "cases_closed", "cases_pending", "satisfaction_score"] {
        for (kind, periods) in [
          (PeriodKind.year, (2019...2021).map { Period.year($0) }),
          (.quarter, Period.year(2020).subperiods(of: .quarter)),
        ] {
          var query = Query()
          query.kind = .trend
          query.metric = metric
          query.trendKind = kind
          if kind == .year { query.years = 2019...2021 } else { query.period = .year(2020) }
          query.includeIncomplete = random.chance(0.3)
          if random.chance(0.3) { query.level = .basic }
          if random.chance(0.3) { query.regions = ["甲区"] }
          let result = try engine.run(query)
          var actual = Oracle.Answer(period: result.provenance.period)
          actual.rows =
            result.rows.map { row in
              Oracle.Answer.Row(
                place: nil, tie: false, key: row.court!.id,
                numbers: row.cells.dropFirst().prefix(periods.count).map(\.number))
            }
            + result.totals.map { row in
              Oracle.Answer.Row(
                place: nil, tie: false, key: "city", numbers: row.cells.dropFirst().prefix(periods.count).map(\.number))
            }
          let expected = federation.oracle.trendAnswer(query, periods: periods)
          #expect(
            actual == expected,
            "seed \(federationSeed) \(metric) \(kind)\nengine \(actual)\noracle \(expected.map { "\($0)" } ?? "-")")
          compared += 1
        }
      }
    }
    print("oracle: \(compared) trends compared on 4 federations")
  }

  @Test("seeded random federations: party groups, five-star branches and counts answer as the oracle does")
  func partyQueries() throws {
    let seed = SplitMix.seed("oracle party", fallback: 4_242)
    for round in 0..<4 {
      let federationSeed = seed &+ UInt64(round)
      let federation = try RandomFederation(seed: federationSeed, name: "oracle-party-\(round)")
      let engine = QueryEngine(reader: try StoreReader(url: federation.store.url), now: Self.today)
      var random = SplitMix(seed: federationSeed)
      for quarter in [Period.quarter(2020, 4)] + Period.year(2021).subperiods(of: .quarter) {
        var query = Query()
        query.kind = .groups
        query.period = quarter
        query.limit = random.chance(0.6) ? random.int(1...6) : nil
        query.fromBottom = random.chance(0.3)
        if random.chance(0.3) { query.regions = ["乙区"] }
        let result = try engine.run(query)
        let actual = result.rows.map { row in
          Oracle.Answer.Row(
            place: row.rank?.place, tie: row.rank?.tie ?? false,
            key: "\(row.court!.id)/\(row.cells[2].text(in: .zh).replacingOccurrences(of: "小组", with: ""))",
            numbers: [row.cells[4].number])
        }
        #expect(actual == federation.oracle.groupAnswer(query).rows, "seed \(federationSeed) \(quarter)")
      }
      for year in [2020, 2021] {
        var query = Query()
        query.kind = .fiveStarBranches
        query.period = .year(year)
        if random.chance(0.5) { query.level = .basic }
        let result = try engine.run(query)
        let actual = result.rows.map { row in
          Oracle.Answer.Row(
            place: nil, tie: false,
            key: "\(row.court!.id)/\(row.cells[1].text(in: .zh).replacingOccurrences(of: "支部", with: ""))",
            numbers: [row.cells[4].number])
        }
        #expect(actual == federation.oracle.fiveStarAnswer(query).rows, "seed \(federationSeed) \(year)")
      }
      var counts = Query()
      counts.kind = .partyCounts
      if random.chance(0.5) { counts.regions = ["丙区"] }
      let result = try engine.run(counts)
      let actual = result.rows.map { row in
        Oracle.Answer.Row(place: nil, tie: false, key: row.court!.id, numbers: row.cells.dropFirst().map(\.number))
      }
      #expect(actual == federation.oracle.countAnswer(counts).rows, "seed \(federationSeed)")
    }
  }
}

/// Health checks and ranges against the oracle, on seeded random federations with seeded
/// random ranges written as a ranges file.
@Suite("Health checks against the oracle")
struct HealthOracleTests {
  /// Random bounds for each 2024.01 indicator the federations report, by its catalog shape,
  /// and the ranges file that says the same.
  static func ranges(_ random: inout SplitMix, oracle: Oracle) -> (bounds: [String: Oracle.Bounds], file: String) {
    let indicators = MetricCatalog.standard.indicators(in: "2024.01").filter {
      [
        "closure_rate", "closed_to_new_ratio", "average_days", "first_instance_reversal_rate",
        "first_instance_remand_rate",
      ]
      .contains($0.key)
    }
    var bounds: [String: Oracle.Bounds] = [:]
    var file = "sample = true\n"
    for indicator in indicators where !random.chance(0.15) {
      let centre = Double(random.int(indicator.key == "average_days" ? 20...40 : 10...90))
      var range = Oracle.Bounds()
      let shape = indicator.rangeShape!
      if shape.hasLow { range.low = centre - Double(random.int(0...20)) / 2 }
      if shape.hasHigh { range.high = centre + Double(random.int(0...20)) / 2 }
      // Often a bound is some court's figure as shown, so that its edge (inclusive or not) decides.
      let shown = oracle.courts.compactMap { court in
        oracle.figure(court.id, .indicator(indicator), .year(2021))?.value.map {
          Oracle.round($0, indicator.precision)
        }
      }.sorted()
      if !shown.isEmpty, random.chance(0.7) {
        let edge = shown[random.int(0...(shown.count - 1))]
        if shape.hasLow, range.high.map({ edge <= $0 }) ?? true, random.chance(0.5) || !shape.hasHigh {
          range.low = edge
        } else if shape.hasHigh, range.low.map({ edge >= $0 }) ?? true {
          range.high = edge
        }
      }
      range.lowInclusive = !random.chance(0.3)
      range.highInclusive = !random.chance(0.3)
      bounds[indicator.key] = range
      file += "[[range]]\nindicator = \"\(indicator.key)\"\nversion = \"2024.01\"\n"
      if let low = range.low { file += "low = \(low)\nlow_inclusive = \(range.lowInclusive)\n" }
      if let high = range.high { file += "high = \(high)\nhigh_inclusive = \(range.highInclusive)\n" }
    }
    return (bounds, file)
  }

  @Test("seeded random federations and ranges: 体检 汇总 and 不达标 answer as the oracle does")
  func health() throws {
    let seed = SplitMix.seed("oracle health", fallback: 14_2024)
    var compared = 0
    for round in 0..<4 {
      let federationSeed = seed &+ UInt64(round)
      let federation = try RandomFederation(seed: federationSeed, name: "oracle-health-\(round)")
      var random = SplitMix(seed: federationSeed ^ 0x5EED)
      let (bounds, file) = Self.ranges(&random, oracle: federation.oracle)
      let ranges = try ReferenceRanges(parsing: file, file: "ranges.toml", catalog: .standard)
      let engine = QueryEngine(
        reader: try StoreReader(url: federation.store.url), now: OracleTests.today, ranges: ranges)
      for period in [nil, Period.year(2021), .year(2020)] {
        var query = Query()
        query.kind = .healthSummary
        query.period = period
        if random.chance(0.3) { query.includeIncomplete = true }
        if random.chance(0.2) { query.level = .basic }
        if random.chance(0.2) { query.regions = ["甲区"] }
        let expected = federation.oracle.healthSummary(query, ranges: bounds)
        let result = try? engine.run(query)
        let keys = result?.columns.map(\.key) ?? []
        let met = keys.firstIndex(of: "met") ?? 0
        let judged = keys.firstIndex(of: "judged") ?? 0
        let actual = result.map { result in
          result.rows.map { row in
            let cells = row.cells[1..<met].map { cell -> String in
              if case .judged(let value?, _, let verdict) = cell { return "\(value) \(verdict.rawValue)" }
              return "-"
            }
            // A judged incomplete figure says so on its row.
            if !row.isComplete, keys.last != "note" { Issue.record("an incomplete row without its note") }
            return Oracle.HealthRow(
              court: row.court!.id, cells: cells, met: Int(row.cells[met].number!),
              judged: Int(row.cells[judged].number!))
          }
        }
        let city = result?.totals.first.map { total in
          total.cells[1..<met].map { cell -> String in
            if case .judged(let value?, _, let verdict) = cell { return "\(value) \(verdict.rawValue)" }
            return "-"
          }
        }
        #expect(actual == expected?.rows, "seed \(federationSeed) \(query)")
        #expect(city == expected?.city, "seed \(federationSeed) \(query)")
        compared += 1
        for (key, range) in bounds {
          var outside = Query()
          outside.kind = .outsideRange
          outside.metric = key
          outside.period = period
          outside.includeIncomplete = query.includeIncomplete
          outside.level = query.level
          outside.regions = query.regions
          if random.chance(0.3) { outside.limit = random.int(1...4) }
          let indicator = MetricCatalog.standard.indicators.first { $0.key == key }!
          let wanted = federation.oracle.outsideRange(outside, indicator, bounds: range)
          let rows = (try? engine.run(outside))?.rows.map { row in
            Oracle.Answer.Row(
              place: row.rank?.place, tie: row.rank?.tie ?? false, key: row.court!.id,
              numbers: [row.cells[2].number, row.cells[5].number, row.cells[6].number])
          }
          // The engine refuses a period without figures; the oracle then has no rows.
          if rows == nil, wanted?.isEmpty != false { continue }
          #expect(rows == wanted, "seed \(federationSeed) \(outside)")
          compared += 1
        }
      }
    }
    print("health oracle: \(compared) answers compared on 4 federations (seed \(seed))")
    #expect(compared > 40)
  }
}
