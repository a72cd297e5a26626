import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace
import Foundation

extension TableChecker {
  /// The measures table: each row a period the manifest lists, a base measure of the catalog,
  /// a value that measure allows, each (period, measure) once; then the checks across values
  /// that `validate` runs (`MeasureChecks`: periods ended, catalog rules, totals against their
  /// parts). Millions of rows pass through here, so names are matched by hash without making
  /// strings, and values are kept in a table of periods by measures whatever the row count.
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
      Rule(kind: $0.kind, minimum: $0.minimum, maximum: $0.upperBound, periodicity: $0.periodicity)
    }
    // Every value by (period, measure), and the line it came from: duplicates are found here,
    // and the checks across values read it.
    var figures = CourtFigures(periods: periods, catalog: catalog)
    var lines = [Int32](repeating: 0, count: periods.count * measures.count)
    var rows: [MeasureValue] = []
    // Room for the rows the data can hold (a row takes at least 16 bytes), not for however
    // many the manifest claims.
    if keep { rows.reserveCapacity(min(declaredRows, data.count / 16)) }
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
        guard let index = figures.index(of: period) else {
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
        // The value as written: a number too large to keep reads back as another one.
        let written = reader.text(fields[3]) ?? MeasureValue.format(value)
        throw failure(line, "\(measures[match].key) = \(written): \(problem.message.en)")
      }
      try exact(reader, fields[3], "value", decimals: decimals, line: line)
      if current.period.kind < rule.periodicity {
        let measure = measures[match]
        throw failure(
          line, "\(measure.key) is reported once a \(measure.periodicity.rawValue), not for \(current.period)")
      }
      guard figures.value(period: current.index, measure: match) == nil else {
        throw failure(line, "\(measures[match].key) for \(current.period) appears twice")
      }
      figures.set(value, period: current.index, measure: match)
      lines[current.index &* measures.count &+ match] = Int32(truncatingIfNeeded: line)
      if keep { rows.append(MeasureValue(period: current.period, measure: measures[match].key, value: value)) }
    }
    // The checks across values, validate's own; the first error by line rejects the bundle.
    var first: (line: Int, problem: LocalizedText)?
    for finding in MeasureChecks(catalog: catalog, now: created).findings(in: figures)
    where finding.severity == .error {
      guard let period = figures.index(of: finding.period) else { continue }
      let line: Int
      if let key = finding.measure, let measure = figures.index(ofMeasure: key) {
        line = Int(lines[period * measures.count + measure])
      } else {
        line = Int(lines[period * measures.count..<(period + 1) * measures.count].filter { $0 > 0 }.min() ?? 0)
      }
      if first == nil || line < first!.line { first = (line, finding.problem.message) }
    }
    if let first { throw .validation(member: member, line: first.line, problem: first.problem) }
    return rows
  }

  func branches(_ data: Data, declaredRows: Int) throws(BundleError) -> [Located<PartyBranch>] {
    var rows: [Located<PartyBranch>] = []
    try records(data, table: .branches, declaredRows: declaredRows) { reader, fields, line throws(BundleError) in
      let brand = try name(reader, fields[6], "brand", line: line, optional: true)
      let branch = PartyBranch(
        id: try name(reader, fields[1], "id", line: line, limit: NameRules.idLimit),
        name: try name(reader, fields[2], "name", line: line),
        division: try name(reader, fields[3], "division", line: line),
        secretary: try name(reader, fields[4], "secretary", line: line),
        memberCount: try integer(reader, fields[5], "members", line: line, range: PartyBranch.memberRange),
        brand: brand.isEmpty ? nil : brand)
      rows.append(Located(branch, at: location(line)))
    }
    return rows
  }

  func groups(_ data: Data, declaredRows: Int) throws(BundleError) -> [Located<PartyGroup>] {
    var rows: [Located<PartyGroup>] = []
    try records(data, table: .groups, declaredRows: declaredRows) { reader, fields, line throws(BundleError) in
      let id = try name(reader, fields[1], "id", line: line, limit: NameRules.idLimit)
      let branch = try name(reader, fields[2], "branch", line: line, limit: NameRules.idLimit)
      let kindText = try text(reader, fields[5], "kind", line: line)
      guard let kind = GroupKind(rawValue: kindText) else {
        throw failure(line, "the kind '\(kindText)' is not trial, administrative or support")
      }
      let group = PartyGroup(
        id: id, branchID: branch, name: try name(reader, fields[3], "name", line: line),
        team: try name(reader, fields[4], "team", line: line), kind: kind,
        leader: try name(reader, fields[6], "leader", line: line),
        leaderAge: try integer(reader, fields[7], "leader_age", line: line, range: PartyGroup.leaderAgeRange),
        leaderPartyYears: try integer(
          reader, fields[8], "leader_party_years", line: line, range: PartyGroup.leaderPartyYearsRange),
        leaderCourtYears: try integer(
          reader, fields[9], "leader_court_years", line: line, range: PartyGroup.leaderCourtYearsRange),
        memberCount: try integer(reader, fields[10], "members", line: line, range: PartyGroup.memberRange))
      rows.append(Located(group, at: location(line)))
    }
    return rows
  }

  /// The group scores; in a bundle of changes (`quarters` given) each row's quarter must be
  /// one the manifest lists.
  func groupScores(_ data: Data, declaredRows: Int, quarters: Set<Period>?) throws(BundleError) -> [Located<GroupScore>]
  {
    var rows: [Located<GroupScore>] = []
    let limits = catalog.groupScoring
    // Rows come sorted by group, then period: the last group's name is reused.
    var lastGroup = ""
    var lastGroupBytes: [UInt8] = []
    try records(data, table: .groupScores, declaredRows: declaredRows) { reader, fields, line throws(BundleError) in
      let group: String
      if !lastGroupBytes.isEmpty, reader.equals(fields[1], lastGroupBytes) {
        group = lastGroup
      } else {
        group = try name(reader, fields[1], "group", line: line, limit: NameRules.idLimit)
        lastGroup = group
        lastGroupBytes = Array(group.utf8)
      }
      let period = try period(try text(reader, fields[2], "period", line: line), line: line, kind: .quarter)
      if let quarters, !quarters.contains(period) {
        throw failure(line, "the quarter \(period) is not among the quarters the manifest lists (score_quarters)")
      }
      let score = GroupScore(
        groupID: group, period: period,
        basic: try number(reader, fields[3], "basic", line: line, range: 0...limits.basicMaximum),
        bonus: try number(reader, fields[4], "bonus", line: line, range: 0...limits.bonusMaximum),
        deduction: try number(reader, fields[5], "deduction", line: line, range: 0...limits.deductionMaximum))
      rows.append(Located(score, at: location(line)))
    }
    return rows
  }

  func branchRatings(_ data: Data, declaredRows: Int) throws(BundleError) -> [Located<BranchRating>] {
    var rows: [Located<BranchRating>] = []
    try records(data, table: .branchRatings, declaredRows: declaredRows) { reader, fields, line throws(BundleError) in
      let rating = BranchRating(
        branchID: try name(reader, fields[1], "branch", line: line, limit: NameRules.idLimit),
        year: try integer(reader, fields[2], "year", line: line, range: Period.supportedYears),
        stars: try integer(reader, fields[3], "stars", line: line, range: BranchRating.starRange))
      rows.append(Located(rating, at: location(line)))
    }
    return rows
  }
}
