import CourtFedModel
import Foundation

extension TableChecker {
  /// The measures table: each row a period the manifest lists, a base measure of the catalog,
  /// a value that measure allows, each (period, measure) once. Millions of rows pass through
  /// here, so names are matched by hash without making strings.
  func measures(_ data: Data, declaredRows: Int, keep: Bool) throws(BundleError) -> [MeasureValue] {
    // The measures by the FNV-1a hash of their keys, in an open-addressed table of indexes + 1
    // (0 is empty): a row's measure is found from its bytes, without making a String.
    let measures = catalog.measures
    let keyBytes = measures.map { Array($0.key.utf8) }
    var slots = 64
    while slots < measures.count * 4 { slots <<= 1 }
    let mask = slots - 1
    var table = [Int](repeating: 0, count: slots)
    for (index, bytes) in keyBytes.enumerated() {
      var hash: UInt64 = 0xCBF2_9CE4_8422_2325
      for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01B3 }
      var slot = Int(truncatingIfNeeded: hash) & mask
      while table[slot] != 0 { slot = (slot + 1) & mask }
      table[slot] = index + 1
    }
    // What a row needs of its measure, without the strings: copying a `Measure` (a dozen
    // reference-counted fields) for each of a million rows dominated the time.
    struct Rule {
      let kind: MeasureKind
      let minimum: Double
      let maximum: Double
      let periodicity: PeriodKind
    }
    let rules = measures.map {
      Rule(kind: $0.kind, minimum: $0.minimum, maximum: $0.maximum ?? .infinity, periodicity: $0.periodicity)
    }
    let periodIndex = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
    // One bit per (period, measure): duplicates found without hashing.
    var seen = [UInt64](repeating: 0, count: (periods.count * measures.count + 63) / 64)
    var rows: [MeasureValue] = []
    if keep { rows.reserveCapacity(declaredRows) }
    var lastPeriodBytes: [UInt8] = []
    var lastPeriod: (period: Period, index: Int)?

    try records(data, table: .measures, declaredRows: declaredRows) { reader, fields, line throws(BundleError) in
      // The period: rows come sorted, so it is usually the same as the last row's.
      let periodField = fields[1]
      let current: (period: Period, index: Int)
      if let lastPeriod, reader.equals(periodField, lastPeriodBytes) {
        current = lastPeriod
      } else {
        let text = try text(reader, periodField, "period", line: line)
        let period = try period(text, line: line)
        guard let index = periodIndex[period] else {
          throw failure(line, "the period \(text) is not among the periods the manifest lists")
        }
        current = (period, index)
        lastPeriod = current
        lastPeriodBytes = Array(text.utf8)
      }
      let measureField = fields[2]
      var slot = Int(truncatingIfNeeded: reader.hash(measureField)) & mask
      var found: Int?
      while table[slot] != 0 {
        if reader.equals(measureField, keyBytes[table[slot] - 1]) {
          found = table[slot] - 1
          break
        }
        slot = (slot + 1) & mask
      }
      guard let match = found else {
        let name = (try? text(reader, measureField, "measure", line: line)) ?? "?"
        throw failure(line, "'\(name)' is not a base measure of the catalog")
      }
      let rule = rules[match]
      guard let (value, decimals) = reader.decimal(fields[3]) else {
        let found = reader.text(fields[3]) ?? "?"
        throw failure(line, "the value '\(found)' is not a number")
      }
      let plain =
        value >= rule.minimum && value <= rule.maximum
        && (rule.kind == .count ? value.rounded() == value : rule.kind != .amount || decimals <= 2)
      if !plain, let problem = measures[match].check(value, decimals: decimals) {
        throw failure(line, "\(measures[match].key) = \(MeasureValue.format(value)): \(problem.message.en)")
      }
      if current.period.kind < rule.periodicity {
        let measure = measures[match]
        throw failure(
          line, "\(measure.key) is reported once a \(measure.periodicity.rawValue), not for \(current.period)")
      }
      let bit = current.index &* measures.count &+ match
      guard seen[bit >> 6] & (1 << UInt64(bit & 63)) == 0 else {
        throw failure(line, "\(measures[match].key) for \(current.period) appears twice")
      }
      seen[bit >> 6] |= 1 << UInt64(bit & 63)
      if keep { rows.append(MeasureValue(period: current.period, measure: measures[match].key, value: value)) }
    }
    return rows
  }

  func branches(_ data: Data, declaredRows: Int) throws(BundleError) -> [PartyBranch] {
    var rows: [PartyBranch] = []
    var ids = Set<String>()
    try records(data, table: .branches, declaredRows: declaredRows) { reader, fields, line throws(BundleError) in
      let id = try text(reader, fields[1], "id", line: line)
      guard ids.insert(id).inserted else { throw failure(line, "the branch id \(id) appears twice") }
      let brand = try text(reader, fields[6], "brand", line: line, optional: true)
      rows.append(
        PartyBranch(
          id: id, name: try text(reader, fields[2], "name", line: line),
          division: try text(reader, fields[3], "division", line: line),
          secretary: try text(reader, fields[4], "secretary", line: line),
          memberCount: try integer(reader, fields[5], "members", line: line, range: 0...100_000),
          brand: brand.isEmpty ? nil : brand))
    }
    return rows
  }

  func groups(_ data: Data, declaredRows: Int, branches: Set<String>) throws(BundleError) -> [PartyGroup] {
    var rows: [PartyGroup] = []
    var ids = Set<String>()
    try records(data, table: .groups, declaredRows: declaredRows) { reader, fields, line throws(BundleError) in
      let id = try text(reader, fields[1], "id", line: line)
      guard ids.insert(id).inserted else { throw failure(line, "the group id \(id) appears twice") }
      let branch = try text(reader, fields[2], "branch", line: line)
      guard branches.contains(branch) else { throw failure(line, "the branch \(branch) is not in branches") }
      let kindText = try text(reader, fields[5], "kind", line: line)
      guard let kind = GroupKind(rawValue: kindText) else {
        throw failure(line, "the kind '\(kindText)' is not trial, administrative or support")
      }
      rows.append(
        PartyGroup(
          id: id, branchID: branch, name: try text(reader, fields[3], "name", line: line),
          team: try text(reader, fields[4], "team", line: line), kind: kind,
          leader: try text(reader, fields[6], "leader", line: line),
          leaderAge: try integer(reader, fields[7], "leader_age", line: line, range: 18...80),
          leaderPartyYears: try integer(reader, fields[8], "leader_party_years", line: line, range: 0...70),
          leaderCourtYears: try integer(reader, fields[9], "leader_court_years", line: line, range: 0...60),
          memberCount: try integer(reader, fields[10], "members", line: line, range: 0...10_000)))
    }
    return rows
  }

  func groupScores(_ data: Data, declaredRows: Int, groups: Set<String>) throws(BundleError) -> [GroupScore] {
    struct Key: Hashable {
      let group: String
      let period: Period
    }
    var rows: [GroupScore] = []
    var keys = Set<Key>()
    let limits = catalog.groupScoring
    // Rows come sorted by group, then period: the last group's name is reused.
    var lastGroup = ""
    var lastGroupBytes: [UInt8] = []
    try records(data, table: .groupScores, declaredRows: declaredRows) { reader, fields, line throws(BundleError) in
      let group: String
      if !lastGroupBytes.isEmpty, reader.equals(fields[1], lastGroupBytes) {
        group = lastGroup
      } else {
        group = try text(reader, fields[1], "group", line: line)
        guard groups.contains(group) else { throw failure(line, "the group \(group) is not in groups") }
        lastGroup = group
        lastGroupBytes = Array(group.utf8)
      }
      let period = try period(try text(reader, fields[2], "period", line: line), line: line, kind: .quarter)
      guard keys.insert(Key(group: group, period: period)).inserted else {
        throw failure(line, "group \(group) \(period) appears twice")
      }
      rows.append(
        GroupScore(
          groupID: group, period: period,
          basic: try number(reader, fields[3], "basic", line: line, range: 0...limits.basicMaximum),
          bonus: try number(reader, fields[4], "bonus", line: line, range: 0...limits.bonusMaximum),
          deduction: try number(reader, fields[5], "deduction", line: line, range: 0...limits.deductionMaximum)))
    }
    return rows
  }

  func branchRatings(_ data: Data, declaredRows: Int, branches: Set<String>) throws(BundleError) -> [BranchRating] {
    var rows: [BranchRating] = []
    var keys = Set<String>()
    try records(data, table: .branchRatings, declaredRows: declaredRows) { reader, fields, line throws(BundleError) in
      let branch = try text(reader, fields[1], "branch", line: line)
      guard branches.contains(branch) else { throw failure(line, "the branch \(branch) is not in branches") }
      let year = try integer(reader, fields[2], "year", line: line, range: Period.supportedYears)
      guard keys.insert("\(branch) \(year)").inserted else {
        throw failure(line, "branch \(branch) \(year) appears twice")
      }
      rows.append(
        BranchRating(
          branchID: branch, year: year,
          stars: try integer(reader, fields[3], "stars", line: line, range: BranchRating.starRange)))
    }
    return rows
  }
}
