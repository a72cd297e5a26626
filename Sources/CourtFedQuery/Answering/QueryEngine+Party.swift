import CourtFedModel
import CourtFedStore
import Foundation

extension QueryEngine {
  /// The provenance of a party result: the courts asked about and those with rows, the
  /// bundles those rows came from, who signed them.
  func partyProvenance(
    period: Period?, choice: LocalizedText?, reporting: Set<String>, bundleIDs: [String: BundleIDs],
    scope: [CourtRecord], names: Names
  ) throws -> Provenance {
    var provenance = Provenance()
    if let period {
      provenance.period = period.description
      provenance.periodText = LocalizedText(en: period.description, zh: period.chineseDescription)
    }
    provenance.periodChoice = choice
    provenance.courtsExpected = scope.count
    var missing: [CourtName] = []
    for index in scope.indices where !reporting.contains(scope[index].id) {
      missing.append(CourtName(id: scope[index].id, name: scope[index].shortName))
    }
    provenance.courtsReporting = scope.count - missing.count
    provenance.courtsComplete = provenance.courtsReporting
    provenance.missingCourts = missing
    provenance.excludesRevoked = excludeRevoked
    provenance.trustStore = trustStore
    // The bundles behind the rows: for the provenance, and to flag revoked signers' rows
    // (without either, there is nothing to read).
    guard withProvenance || !revokedSigners.isEmpty else { return provenance }
    let bundles = try bundles(bundleIDs.values.lazy.flatMap { $0 }, names)
    var uses: [Provenance.BundleUse] = []
    uses.reserveCapacity(scope.count)
    for index in scope.indices {
      guard let ids = bundleIDs[scope[index].id] else { continue }
      var records = ids.compactMap { bundles[$0] }
      if records.count > 1 { records.sort { $0.sequence < $1.sequence } }
      guard let last = records.last else { continue }
      uses.append(
        Provenance.BundleUse(
          court: scope[index].id, courtName: scope[index].shortName, sequences: records.map(\.sequence),
          signer: last.signerFingerprint,
          revoked: !revokedSigners.isEmpty && records.contains { revokedSigners.contains($0.signerFingerprint) }))
    }
    provenance.bundles = uses
    provenance.revokedCourts = provenance.bundles.filter(\.revoked).map { CourtName(id: $0.court, name: $0.courtName) }
    if withProvenance { provenance.dataAsOf = try reader.dataAsOf() }
    return provenance
  }

  /// Calls `body` with each run of consecutive rows of one court: rows read in court order
  /// (scores, ratings) are grouped with one hash per court, not one per row.
  static func eachRun<Row>(_ rows: [Row], court: (Row) -> String, _ body: (String, ArraySlice<Row>) -> Void) {
    var start = rows.startIndex
    while start < rows.endIndex {
      let name = court(rows[start])
      var end = start + 1
      while end < rows.endIndex && court(rows[end]) == name { end += 1 }
      body(name, rows[start..<end])
      start = end
    }
  }

  /// The bundles each court's rows came from.
  static func bundlesByCourt<Row>(_ rows: [Row], court: (Row) -> String, bundle: (Row) -> Int64)
    -> [String: BundleIDs]
  {
    var ids: [String: BundleIDs] = [:]
    ids.reserveCapacity(rows.count / 8)
    eachRun(rows, court: court) { name, run in
      // Inline ids, not a set per court: a court's rows mostly share one bundle.
      var found = BundleIDs()
      for row in run { found.insert(bundle(row)) }
      if let earlier = ids.updateValue(found, forKey: name) { ids[name]!.formUnion(earlier) }
    }
    return ids
  }

  /// Courts whose rows are left out because their signer is revoked (`--exclude-revoked`).
  func revokedCourts(_ bundleIDs: [String: BundleIDs], _ names: Names) throws -> Set<String> {
    guard !revokedSigners.isEmpty else { return [] }
    let bundles = try bundles(bundleIDs.values.lazy.flatMap { $0 }, names)
    return Set(
      bundleIDs.filter { _, ids in
        ids.contains { bundles[$0].map { revokedSigners.contains($0.signerFingerprint) } ?? false }
      }
      .keys)
  }

  /// Party groups ranked by their quarterly score (basic + bonus − deduction), ties shown.
  func groups(_ query: Query, text: String) throws -> QueryResult {
    let names = try currentNames()
    let scopeCourts = scope(query, names)
    var choice: LocalizedText?
    let quarter: Period
    if let named = query.period {
      quarter = named
      guard named.hasEnded(asOf: now) else {
        throw refusal(
          text, query.periodRange,
          LocalizedText(en: "\(named) has not ended yet", zh: "\(named.chineseDescription)尚未结束"))
      }
    } else {
      guard let latest = try reader.newestScoredQuarter(before: Period.current(.quarter, at: now)) else {
        throw refusal(
          text, nil, LocalizedText(en: "no group scores have been merged yet", zh: "尚未合并任何党小组评分"))
      }
      quarter = latest
      choice = LocalizedText(en: "the latest quarter with scores", zh: "最近有评分的季度")
    }
    let scopeIDs = Set(scopeCourts.map(\.id))
    var scores = try reader.groupScores(in: quarter)
    // Kept whole when every court is in the scope (the usual question): no copy.
    var outside = false
    Self.eachRun(scores, court: \.court) { court, _ in outside = outside || !scopeIDs.contains(court) }
    if outside {
      var inScope: [GroupScoreRecord] = []
      Self.eachRun(scores, court: \.court) { court, run in if scopeIDs.contains(court) { inScope += run } }
      scores = inScope
    }
    guard !scores.isEmpty else {
      throw refusal(
        text, query.periodRange,
        LocalizedText(en: "no group scores for \(quarter)", zh: "\(quarter.chineseDescription)没有党小组评分"))
    }
    let bundleIDs = Self.bundlesByCourt(scores, court: \.court, bundle: \.bundle)
    let revoked = try revokedCourts(bundleIDs, names)
    let used = revoked.isEmpty ? scores : scores.filter { !(excludeRevoked && revoked.contains($0.court)) }
    let totals = used.map { DisplayRounding.round($0.basic + $0.bonus - $0.deduction, decimals: 2) }
    // Groups rank by score, then court and group id; places over every group of the scope,
    // then the rows shown (named courts or regions), then the cut.
    func before(_ left: Int, _ right: Int) -> Bool {
      used[left].court != used[right].court
        ? used[left].court < used[right].court : used[left].group < used[right].group
    }
    let cut: [(index: Int, place: Int, tie: Bool)]
    if query.namesCourts {
      let ranked = Ranking.positions(totals, direction: .higher, count: nil, fromBottom: false, before: before).filter {
        names.courts[used[$0.index].court].map { isShown($0, query) } ?? false
      }
      cut = Ranking.cut(ranked, count: query.limit, fromBottom: query.fromBottom) { totals[$0.index] }
    } else {
      cut = Ranking.positions(
        totals, direction: .higher, count: query.limit, fromBottom: query.fromBottom, before: before)
    }
    let groupNames = try reader.groupNames(cut.map { (court: used[$0.index].court, group: used[$0.index].group) })
    var rows: [ResultRow] = []
    for entry in cut {
      let score = used[entry.index]
      // Read in a later snapshot than the scores: a merge in between may have renamed it.
      let named = groupNames[score.court]?[score.group]
      var cells: [ResultValue] = [
        .rank(entry.place, tie: entry.tie), .court(courtName(score.court, names)),
        .text(named?.groupName ?? score.group), .text(named?.branchName ?? ""),
        .number(totals[entry.index], precision: 2),
      ]
      if !revoked.isEmpty {
        cells.append(
          revoked.contains(score.court)
            ? .localized(LocalizedText(en: "signer's key revoked", zh: "签名密钥已撤销")) : .text(""))
      }
      rows.append(ResultRow(cells: cells, signerRevoked: revoked.contains(score.court)))
    }
    var columns = [
      Self.rankColumn, Self.courtColumn,
      ResultColumn(key: "group", header: LocalizedText(en: "group", zh: "党小组"), isNumeric: false),
      ResultColumn(key: "branch", header: LocalizedText(en: "branch", zh: "党支部"), isNumeric: false),
      ResultColumn(key: "score", header: LocalizedText(en: "score", zh: "得分"), isNumeric: true),
    ]
    if !revoked.isEmpty { columns.append(Self.noteColumn) }
    // Groups of the courts shown without a score this quarter: only courts with fewer scores
    // than groups have any.
    let groupCounts = try reader.groupCounts()
    var scoredCount: [String: Int] = [:]
    Self.eachRun(scores, court: \.court) { court, run in scoredCount[court, default: 0] += run.count }
    let lacking = Set(scoredCount.filter { court, count in (groupCounts[court] ?? 0) > count }.keys)
    let scored = Set(scores.filter { lacking.contains($0.court) }.map { "\($0.court)\u{1}\($0.group)" })
    let unscored = try reader.groups(of: Array(lacking)).filter { group in
      !scored.contains("\(group.court)\u{1}\(group.id)")
        && (names.courts[group.court].map { isShown($0, query) } ?? false)
    }
    var notes = [LocalizedText(en: "score = basic items + bonus items − deductions", zh: "得分 = 基本项 + 加分项 − 扣分项")]
    if !unscored.isEmpty {
      let listed = unscored.prefix(12).map { "\(courtName($0.court, names).name) \($0.name)" }
      let more =
        unscored.count > 12 ? LocalizedText(en: " and \(unscored.count - 12) more", zh: "等\(unscored.count)个") : nil
      notes.append(
        LocalizedText(
          en: "groups without a score for \(quarter): " + listed.joined(separator: ", ") + (more?.en ?? ""),
          zh: "\(quarter.chineseDescription)无评分的党小组:" + listed.joined(separator: "、") + (more?.zh ?? "")))
    }
    notes += rankingNotes(rows, query: query, localized: true)
    let limit = query.limit.map { _ in limitText(query) } ?? LocalizedText(en: "", zh: "")
    var result = QueryResult(
      kind: .groups,
      title: LocalizedText(
        en: "Party groups by score, \(quarter)\(levelText(query).en)\(namedText(query, names).en)\(limit.en)",
        zh: "党小组得分 \(quarter.chineseDescription)\(levelText(query).zh)\(namedText(query, names).zh)\(limit.zh)"),
      columns: columns, rows: rows, notes: notes,
      excluded: scopeCourts.filter { excludeRevoked && revoked.contains($0.id) && isShown($0, query) }.map {
        ExcludedCourt(court: courtName($0.id, names), reason: .signerRevoked)
      }, language: query.language)
    result.provenance = try partyProvenance(
      period: quarter, choice: choice, reporting: Set(bundleIDs.keys), bundleIDs: bundleIDs, scope: scopeCourts,
      names: names)
    result.provenance.metric = LocalizedText(en: "party group score", zh: "党小组得分")
    result.provenance.direction = LocalizedText(en: "higher is better", zh: "数值越高越好")
    result.provenance.ties = rows.contains { $0.rank?.tie == true }
    return result
  }

  /// Branches rated five stars in a year.
  func fiveStar(_ query: Query, text: String) throws -> QueryResult {
    let names = try currentNames()
    let scopeCourts = scope(query, names)
    let scopeIDs = Set(scopeCourts.map(\.id))
    var choice: LocalizedText?
    let year: Int
    if let named = query.period {
      guard named.hasEnded(asOf: now) else {
        throw refusal(
          text, query.periodRange,
          LocalizedText(en: "\(named) has not ended yet", zh: "\(named.chineseDescription)尚未结束"))
      }
      year = named.year
    } else {
      guard let latest = try reader.newestRatedYear(before: Period.yearAndMonth(of: now).year) else {
        throw refusal(text, nil, LocalizedText(en: "no branch ratings have been merged yet", zh: "尚未合并任何党支部星级评定"))
      }
      year = latest
      choice = LocalizedText(en: "the latest year with ratings", zh: "最近有评定的年度")
    }
    let ratings = try reader.branchRatings(in: year).filter { scopeIDs.contains($0.court) }
    let bundleIDs = Self.bundlesByCourt(ratings, court: \.court, bundle: \.bundle)
    let revoked = try revokedCourts(bundleIDs, names)
    let shown = ratings.filter { rating in
      rating.stars == 5 && !(excludeRevoked && revoked.contains(rating.court))
        && (names.courts[rating.court].map { isShown($0, query) } ?? false)
    }
    var columns = [
      Self.courtColumn,
      ResultColumn(key: "branch", header: LocalizedText(en: "branch", zh: "党支部"), isNumeric: false),
      ResultColumn(key: "brand", header: LocalizedText(en: "brand", zh: "党建品牌"), isNumeric: false),
      ResultColumn(key: "secretary", header: LocalizedText(en: "secretary", zh: "书记"), isNumeric: false),
      ResultColumn(key: "members", header: LocalizedText(en: "members", zh: "党员"), isNumeric: true),
    ]
    if !revoked.isEmpty { columns.append(Self.noteColumn) }
    let rows = shown.map { rating in
      var cells: [ResultValue] = [
        .court(courtName(rating.court, names)), .text(rating.name), .text(rating.brand ?? ""), .text(rating.secretary),
        .integer(rating.members),
      ]
      if !revoked.isEmpty {
        cells.append(
          revoked.contains(rating.court)
            ? .localized(LocalizedText(en: "signer's key revoked", zh: "签名密钥已撤销")) : .text(""))
      }
      return ResultRow(cells: cells, signerRevoked: revoked.contains(rating.court))
    }
    let period = Period.year(year)
    var result = QueryResult(
      kind: .fiveStarBranches,
      title: LocalizedText(
        en: "Five-star party branches, \(year)\(levelText(query).en)\(namedText(query, names).en)",
        zh: "\(year)年五星级党支部\(levelText(query).zh)\(namedText(query, names).zh)"),
      columns: columns, rows: rows,
      notes: [LocalizedText(en: "\(rows.count) branches rated five stars", zh: "共\(rows.count)个五星级党支部")],
      language: query.language)
    result.provenance = try partyProvenance(
      period: period, choice: choice, reporting: Set(ratings.map(\.court)), bundleIDs: bundleIDs, scope: scopeCourts,
      names: names)
    return result
  }

  /// Branches, groups and members counted per court.
  func partyCounts(_ query: Query) throws -> QueryResult {
    let names = try currentNames()
    let scopeCourts = scope(query, names)
    let scopeIDs = Set(scopeCourts.map(\.id))
    let counts = try reader.partyCounts().filter { scopeIDs.contains($0.court) }
    var bundleIDs: [String: BundleIDs] = [:]
    for count in counts { bundleIDs[count.court, default: BundleIDs()].formUnion(count.bundles) }
    let revoked = try revokedCourts(bundleIDs, names)
    let shown = counts.filter { count in
      !(excludeRevoked && revoked.contains(count.court))
        && (names.courts[count.court].map { isShown($0, query) } ?? false)
    }
    var columns = [
      Self.courtColumn,
      ResultColumn(key: "branches", header: LocalizedText(en: "branches", zh: "党支部"), isNumeric: true),
      ResultColumn(key: "groups", header: LocalizedText(en: "groups", zh: "党小组"), isNumeric: true),
      ResultColumn(key: "members", header: LocalizedText(en: "members", zh: "党员"), isNumeric: true),
    ]
    if !revoked.isEmpty { columns.append(Self.noteColumn) }
    let rows = shown.map { count in
      var cells: [ResultValue] = [
        .court(courtName(count.court, names)), .integer(count.branches), .integer(count.groups),
        .integer(count.members),
      ]
      if !revoked.isEmpty {
        cells.append(
          revoked.contains(count.court)
            ? .localized(LocalizedText(en: "signer's key revoked", zh: "签名密钥已撤销")) : .text(""))
      }
      return ResultRow(cells: cells, signerRevoked: revoked.contains(count.court))
    }
    var result = QueryResult(
      kind: .partyCounts,
      title: LocalizedText(
        en: "Party branches and groups per court\(levelText(query).en)\(namedText(query, names).en)",
        zh: "各院党支部、党小组数量\(levelText(query).zh)\(namedText(query, names).zh)"),
      columns: columns, rows: rows,
      notes: [LocalizedText(en: "as of each court's latest bundle", zh: "以各院最新数据包为准")], language: query.language)
    result.provenance = try partyProvenance(
      period: nil, choice: nil,
      reporting: Set(counts.filter { $0.branches + $0.groups > 0 }.map(\.court)), bundleIDs: bundleIDs,
      scope: scopeCourts, names: names)
    return result
  }
}
