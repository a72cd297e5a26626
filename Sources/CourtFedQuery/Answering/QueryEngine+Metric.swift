import CourtFedModel
import CourtFedStore
import Foundation

/// The courts of a question sorted out for one set of figures: which are ranked (and make
/// the city figure), which are left out and why, which have no figure.
struct Evaluation: Sendable {
  /// Courts ranked and used for the city figure.
  var used = FigureTable()
  /// The same figures in the scope's order (court ids ascending): a city figure sums them in
  /// that order, and sorting a nation's courts for each figure cost more than the sums.
  var usedInOrder: [CourtFigure] = []
  /// For each court of the scope evaluated (by its index there): its figure's position in
  /// `usedInOrder`, or `leftOut` (a figure not used) or `noFigure`. A table of a nation's
  /// courts by indicator then reads its cells by position, not by hashing 38,500 ids into
  /// tables too large for the cache.
  var usedAt: [Int] = []
  static let leftOut = -1
  static let noFigure = -2
  /// Courts of the scope with a figure left out of the table, and why.
  var excluded: [ExcludedCourt] = []
  /// Every court of the scope whose figure is incomplete (ranked or not).
  var incomplete: [ExcludedCourt] = []
  /// Courts whose figures come from a revoked signer.
  var revoked: Set<String> = []

  /// The used figure of the scope's court at `index`.
  func used(at index: Int) -> CourtFigure? {
    usedAt[index] >= 0 ? usedInOrder[usedAt[index]] : nil
  }

  /// The figure of the scope's court at `index`, used or not, from `figures` (the table
  /// evaluated) only when it is not used.
  func figure(at index: Int, court: String, in figures: MetricFigures) -> CourtFigure? {
    switch usedAt[index] {
    case Self.noFigure: nil
    case Self.leftOut: figures.courts[court]
    case let position: usedInOrder[position]
    }
  }

  /// Whether the scope's court at `index` has a figure (complete or not).
  func reports(at index: Int) -> Bool { usedAt[index] != Self.noFigure }
}

extension QueryEngine {
  /// Sorts the scope's courts out for `figures`: a figure is used when it has a value, is
  /// complete (or the query includes incomplete figures) and is not from a revoked signer
  /// the user excludes.
  func evaluate(
    _ figures: MetricFigures, scope: [CourtRecord], query: Query, bundles: [Int64: BundleRecord], names: Names,
    places: ScopePlaces? = nil
  ) -> Evaluation {
    var evaluation = Evaluation()
    // Every figure used: the figures' table itself, shared, not copied.
    evaluation.used = figures.courts
    // Each scope court's figure by the court's index in the scope. With `places` (the courts
    // of the read the figures came from, placed once for every table computed from it), the
    // table is walked in its own order without hashing an id; otherwise each court is looked up.
    let table = figures.courts
    var slots = [Int?](repeating: nil, count: scope.count)
    var inScope = 0
    var walked = places != nil
    if let places {
      var slot = table.startIndex
      while walked && slot != table.endIndex {
        switch places.place(of: table[slot]) {
        case .at(let index):
          slots[index] = slot
          inScope += 1
        case .outside: break
        case .unknown: walked = false
        }
        slot += 1
      }
    }
    if !walked {
      inScope = 0
      for index in scope.indices {
        slots[index] = table.position(of: scope[index].id)
        if slots[index] != nil { inScope += 1 }
      }
    }
    evaluation.usedAt = Array(repeating: Evaluation.noFigure, count: scope.count)
    evaluation.usedInOrder.reserveCapacity(inScope)
    for index in scope.indices {
      guard let slot = slots[index] else { continue }
      let figure = table[slot]
      let id = scope[index].id
      evaluation.usedAt[index] = Evaluation.leftOut
      var name: CourtName { courtName(id, names) }
      let revoked =
        !revokedSigners.isEmpty
        && figure.bundles.contains { bundles[$0].map { revokedSigners.contains($0.signerFingerprint) } ?? false }
      if revoked { evaluation.revoked.insert(id) }
      if !figure.isComplete {
        evaluation.incomplete.append(ExcludedCourt(court: name, reason: .incomplete(missing: figure.missingParts)))
      }
      let reason: ExcludedCourt.Reason? =
        if figure.value == nil {
          .noValue(figure.noValue ?? LocalizedText(en: "no value", zh: "无数值"))
        } else if !figure.isComplete && !query.includeIncomplete {
          .incomplete(missing: figure.missingParts)
        } else if revoked && excludeRevoked {
          .signerRevoked
        } else {
          nil
        }
      if let reason {
        evaluation.excluded.append(ExcludedCourt(court: name, reason: reason))
      } else {
        evaluation.usedAt[index] = evaluation.usedInOrder.count
        evaluation.usedInOrder.append(figure)
      }
    }
    if evaluation.usedInOrder.count < table.count {
      // Some left out, or courts outside the scope: the used ones are exactly those in order
      // (built anew: copying the shared table to take a few out moved every figure in it).
      evaluation.used = FigureTable(evaluation.usedInOrder)
    }
    return evaluation
  }

  /// How many courts of `scope` have a figure in any of `evaluations` (each made over
  /// `scope`), how many of those have none of `incomplete`, and the courts with no figure.
  func reporting(
    _ evaluations: [Evaluation], incomplete: [ExcludedCourt], scope: [CourtRecord], names: Names
  ) -> (reporting: Int, complete: Int, missing: [CourtName]) {
    let incompleteIDs = Set(incomplete.map(\.court.id))
    var reporting = 0
    var complete = 0
    var missing: [CourtName] = []
    for index in scope.indices {
      if evaluations.contains(where: { $0.reports(at: index) }) {
        reporting += 1
        if incompleteIDs.isEmpty || !incompleteIDs.contains(scope[index].id) { complete += 1 }
      } else {
        missing.append(courtName(scope[index].id, names))
      }
    }
    return (reporting, complete, missing)
  }

  func metricAnswer(_ query: Query, text: String) throws -> QueryResult {
    let names = try currentNames()
    guard let key = query.metric, let metric = catalog.metric(named: key) else {
      throw refusal(text, nil, LocalizedText(en: "which metric? the query names none", zh: "查询中没有指标"))
    }
    let scopeCourts = scope(query, names)
    let scopeIDs = Set(scopeCourts.map(\.id))
    guard !scopeCourts.isEmpty else {
      throw refusal(
        text, nil,
        LocalizedText(
          en: "no court of that level has sent a bundle", zh: "该层级尚无法院报送数据"))
    }
    // The period: the one named, or the latest complete one.
    var choice: PeriodChoice?
    let span: Span
    let period: PeriodTitle
    if let asked = try askedSpan(query, metric, text: text) {
      span = asked.span
      period = asked.title
      choice = asked.reason.map { PeriodChoice(period: .year(span.year), reason: $0) }
    } else {
      let kinds: [PeriodKind] =
        query.kind == .change(.periodOnPeriod)
        ? ([.quarter, .month, .year].filter { $0 >= metricPeriodicity(metric) })
        : [.year, .quarter, .month]
      guard let found = try latestCompletePeriod(metric, scope: scopeIDs, kinds: kinds) else {
        throw refusal(
          text, query.metricRange,
          LocalizedText(
            en: "no period with figures of \(metric.name(in: .en)) has ended yet",
            zh: "\(metric.name(in: .zh))尚无已结束期间的数据"))
      }
      choice = found
      span = .period(found.period)
      period = PeriodTitle(span)
    }
    // Judging against a range: the ranges, the version in force, and the indicator's range.
    var judging: (ranges: ReferenceRanges, choice: SystemChoice, range: ReferenceRange, indicator: Indicator)?
    if query.kind == .outsideRange, case .indicator(let indicator) = metric {
      // Ranges judge calendar periods: a year to date has none of its own.
      guard let period = span.period else {
        throw refusal(
          text, query.periodRange,
          LocalizedText(
            en: "reference ranges judge a year, half, quarter or month; \(span) is a year to date",
            zh: "区间参考值按年、半年、季度或月评判;\(span.chineseDescription)是累计期间"),
          hint: LocalizedText(en: "ask about the year or the quarter", zh: "请查询全年或某季度"))
      }
      let ranges = try requireRanges(text, query.metricRange)
      let choice = try systemChoice(period, text)
      let version = choice.system.version
      guard indicator.systems.contains(version) else {
        throw refusal(
          text, query.metricRange,
          LocalizedText(
            en: "\(indicator.nameEn) is not an indicator of system \(version), which judges \(period)",
            zh: "\(indicator.nameZh)不属于\(version)版指标体系(\(period.chineseDescription)按该版评判)"),
          hint: LocalizedText(
            en: "it belongs to \(indicator.systems.joined(separator: ", ")); ask about a period in force then",
            zh: "它属于\(indicator.systems.joined(separator: "、"))版;请查询该版施行期间"))
      }
      guard let range = ranges.range(indicator.key, version: version, kind: period.kind) else {
        let kindText = period.kind == .year ? "" : " period = \"\(period.kind.rawValue)\""
        throw refusal(
          text, query.metricRange,
          LocalizedText(
            en:
              "\(ranges.file) sets no range for \(indicator.key) in system \(version) for a \(period.kind.name(in: .en)) (\(period))",
            zh:
              "\(ranges.file) 未设置\(indicator.nameZh)在\(version)版中的\(period.kind.name(in: .zh))区间(\(period.chineseDescription))"
          ),
          hint: LocalizedText(
            en:
              "add [[range]] indicator = \"\(indicator.key)\" version = \"\(version)\"\(kindText) low = … to \(rangesLocation)",
            zh:
              "请在 \(rangesLocation) 中添加 [[range]] indicator = \"\(indicator.key)\" version = \"\(version)\"\(kindText) low = …"
          ))
      }
      judging = (ranges, choice, range, indicator)
    }
    let current = try MetricFigures.read(metric, span, from: reader)
    try checkHasData(span, current, query, text: text)

    // The earlier period of a change.
    var earlier: MetricFigures?
    if case .change(let kind) = query.kind {
      let before: Span?
      switch kind {
      case .yearOnYear: before = span.yearEarlier
      case .periodOnPeriod:
        guard let calendar = span.period else {
          throw refusal(
            text, query.periodRange,
            LocalizedText(
              en: "a year to date is compared with the same months a year earlier only",
              zh: "累计数只与上年同期累计数比较"), hint: LocalizedText(en: "write yoy", zh: "请用“同比”"))
        }
        before = calendar.previous.map(Span.period)
      case .against(let named):
        guard named.sameLength(as: span) else {
          throw refusal(
            text, nil,
            LocalizedText(
              en: "compare periods of the same length: \(span) and \(named) are not",
              zh: "只能比较同类期间:\(span.chineseDescription)与\(named.chineseDescription)长度不同"))
        }
        before = named
      }
      if let before { earlier = try MetricFigures.read(metric, before, from: reader) }
    }

    // Bundles: for provenance, and to flag figures from revoked signers.
    let bundles = try bundles(behind: [current] + (earlier.map { [$0] } ?? []), names)
    let evaluation = evaluate(current, scope: scopeCourts, query: query, bundles: bundles, names: names)
    let earlierEvaluation = earlier.map {
      evaluate($0, scope: scopeCourts, query: query, bundles: bundles, names: names)
    }

    var result: QueryResult
    switch query.kind {
    case .versusAverage:
      result = versus(query, metric, period, evaluation, scopeCourts, names)
    case .change:
      result = change(query, metric, period, earlier!, evaluation, earlierEvaluation!, scopeCourts, names)
    case .cityTotal:
      result = cityTotal(query, metric, period, evaluation, scopeCourts, names)
    case .outsideRange:
      guard let judging, let judged = span.period else {
        throw refusal(text, query.metricRange, LocalizedText(en: "no range", zh: "无区间"))
      }
      result = outsideRange(
        query, judging.indicator, judged, evaluation, names, ranges: judging.ranges, choice: judging.choice,
        range: judging.range)
    default:
      result = ranking(query, metric, period, evaluation, scopeCourts, names)
      if let calendar = span.period { addVerdicts(&result, metric, calendar) }
    }
    let statement = reader.figuresStatement(
      measures: metric.inputs,
      periods: MetricFigures.periods(span) + (earlier.map { MetricFigures.periods($0.span) } ?? []))
    result.statements = [ExplainedStatement(sql: statement.sql, runs: statement.runs)]
    var provenance = result.provenance
    provenance.period = span.description
    provenance.periodText = LocalizedText(en: span.description, zh: span.chineseDescription)
    provenance.periodChoice = choice?.reason
    provenance.metric = LocalizedText(en: metric.name(in: .en), zh: metric.name(in: .zh))
    provenance.unit = LocalizedText(en: unitText(metric, .en), zh: unitText(metric, .zh))
    provenance.direction = directionNote(metric)
    provenance.traits = Provenance.FigureTraits(
      isRate: metric.isRate, direction: metric.direction, range: provenance.traits?.range)
    provenance.ties = result.rows.contains { $0.rank?.tie == true }
    provenance.includesIncomplete = query.includeIncomplete
    provenance.excludesRevoked = excludeRevoked
    provenance.trustStore = trustStore
    provenance.courtsExpected = scopeCourts.count
    // A change needs both periods: a court counts as reporting with its current figure.
    let incomplete = evaluation.incomplete + (earlierEvaluation?.incomplete ?? [])
    (provenance.courtsReporting, provenance.courtsComplete, provenance.missingCourts) = reporting(
      [evaluation], incomplete: incomplete, scope: scopeCourts, names: names)
    provenance.incompleteCourts = Self.merged(incomplete)
    let revoked = evaluation.revoked.union(earlierEvaluation?.revoked ?? [])
    provenance.revokedCourts = scopeCourts.filter { revoked.contains($0.id) }.map { courtName($0.id, names) }
    if withProvenance {
      provenance.dataAsOf = try reader.dataAsOf()
      provenance.bundles = bundleUses(
        scope: scopeCourts, evaluations: [evaluation] + (earlierEvaluation.map { [$0] } ?? []),
        figures: [current] + (earlier.map { [$0] } ?? []), bundles: bundles)
    }
    result.provenance = provenance
    return result
  }

  /// The period a query names, resolved: a calendar period or a year to date as written, a
  /// relative one by today's date (`去年(2025年)`), one without its year in the newest year
  /// with figures of the metric. Nil when the query names none.
  func askedSpan(_ query: Query, _ metric: Metric, text: String) throws -> (
    span: Span, title: PeriodTitle, reason: LocalizedText?
  )? {
    if let period = query.period { return (.period(period), PeriodTitle(.period(period)), nil) }
    if let ytd = query.yearToDate { return (.yearToDate(ytd), PeriodTitle(.yearToDate(ytd)), nil) }
    if let relative = query.relative {
      guard let span = relative.span(asOf: now) else {
        throw refusal(
          text, query.periodRange,
          LocalizedText(en: "no month of this year has ended yet", zh: "今年尚无已结束的月份"),
          hint: LocalizedText(en: "ask about last year", zh: "请查询去年"))
      }
      let words = relative.words
      return (
        span,
        PeriodTitle(
          description: "\(words.en) (\(span.description))",
          chineseDescription: "\(words.zh)(\(span.chineseDescription))"),
        LocalizedText(en: "\(words.en), from today's date", zh: "\(words.zh),按当前日期推算")
      )
    }
    if let yearless = query.yearless {
      let thisYear = Period.yearAndMonth(of: now).year
      guard let year = try reader.newestYear(of: metric.inputs, before: thisYear + 1),
        let span = yearless.span(in: year)
      else {
        throw refusal(
          text, query.metricRange,
          LocalizedText(
            en: "there are no figures of \(metric.name(in: .en)) yet", zh: "\(metric.name(in: .zh))尚无数据"))
      }
      return (
        span,
        PeriodTitle(
          description: "\(span.description) (the latest year with data)",
          chineseDescription: "\(span.chineseDescription)(最近有数据的年份)"),
        LocalizedText(
          en: "no year written: \(year), the latest year with figures", zh: "未写年份,取最近有数据的\(year)年")
      )
    }
    return nil
  }

  /// The shortest period a metric is reported for (the information-work score: a year).
  func metricPeriodicity(_ metric: Metric) -> PeriodKind {
    metric.inputs.compactMap { catalog.measure(key: $0)?.periodicity }.max() ?? .month
  }

  /// One entry per court, the missing parts of both periods of a change together.
  static func merged(_ courts: [ExcludedCourt]) -> [ExcludedCourt] {
    var order: [String] = []
    var byCourt: [String: ExcludedCourt] = [:]
    for court in courts {
      guard case .incomplete(let missing) = court.reason else { continue }
      if var existing = byCourt[court.court.id], case .incomplete(let earlier) = existing.reason {
        existing.reason = .incomplete(missing: Array(Set(earlier + missing)).sorted())
        byCourt[court.court.id] = existing
      } else {
        order.append(court.court.id)
        byCourt[court.court.id] = court
      }
    }
    return order.compactMap { byCourt[$0] }
  }

  /// Which bundles each court's figures come from, and who signed them: the courts of
  /// `scope` (in order) `shown` and used in any of `evaluations` (each made over `scope`), each
  /// with the bundles of all its `figures` (the tables evaluated, in the same order).
  func bundleUses(
    scope: [CourtRecord], evaluations: [Evaluation], figures: [MetricFigures], bundles: [Int64: BundleRecord],
    shown: (CourtRecord) -> Bool = { _ in true }
  ) -> [Provenance.BundleUse] {
    var uses: [Provenance.BundleUse] = []
    uses.reserveCapacity(scope.count)
    for index in scope.indices where shown(scope[index]) {
      guard evaluations.contains(where: { $0.usedAt[index] >= 0 }) else { continue }
      var ids = BundleIDs()
      for table in evaluations.indices {
        if let figure = evaluations[table].figure(at: index, court: scope[index].id, in: figures[table]) {
          ids.formUnion(figure.bundles)
        }
      }
      var sequences: [Int] = []
      sequences.reserveCapacity(ids.count)
      var last: BundleRecord?
      var revoked = false
      for id in ids {
        guard let record = bundles[id] else { continue }
        sequences.append(record.sequence)
        if last.map({ record.sequence > $0.sequence }) ?? true { last = record }
        if !revokedSigners.isEmpty && revokedSigners.contains(record.signerFingerprint) { revoked = true }
      }
      guard let last else { continue }
      if sequences.count > 1 { sequences.sort() }
      uses.append(
        Provenance.BundleUse(
          court: scope[index].id, courtName: scope[index].shortName, sequences: sequences,
          signer: last.signerFingerprint,
          revoked: revoked))
    }
    return uses
  }

  // MARK: Kinds

  /// A row's note: what is incomplete, or that its signer is revoked; nil for a plain row.
  func note(for court: String, _ figures: [CourtFigure?], revoked: Bool) -> LocalizedText? {
    let incomplete = figures.compactMap { $0 }.filter { !$0.isComplete }
    return note(incomplete: !incomplete.isEmpty, missing: Set(incomplete.flatMap(\.missingParts)), revoked: revoked)
  }

  /// A row's note from what it lacks: `incomplete` when a figure shown is, lacking `missing`.
  func note(incomplete: Bool, missing: Set<Period>, revoked: Bool) -> LocalizedText? {
    // Most rows: complete, signer trusted.
    guard incomplete || revoked else { return nil }
    var parts: [LocalizedText] = []
    if incomplete {
      let missing = missing.sorted()
      parts.append(
        LocalizedText(
          en: "incomplete: lacks " + missing.map(\.description).joined(separator: ", "),
          zh: "不完整:缺" + missing.map(\.chineseDescription).joined(separator: "、")))
    }
    if revoked { parts.append(LocalizedText(en: "signer's key revoked", zh: "签名密钥已撤销")) }
    return LocalizedText(en: parts.map(\.en).joined(separator: "; "), zh: parts.map(\.zh).joined(separator: ";"))
  }

  static let noteColumn = ResultColumn(key: "note", header: LocalizedText(en: "note", zh: "备注"), isNumeric: false)
  static let rankColumn = ResultColumn(key: "rank", header: LocalizedText(en: "rank", zh: "名次"), isNumeric: false)
  static let courtColumn = ResultColumn(key: "court", header: LocalizedText(en: "court", zh: "法院"), isNumeric: false)

  /// The column of a metric's value, headed with its name and unit.
  func valueColumn(_ metric: Metric, key: String = "value") -> ResultColumn {
    ResultColumn(
      key: key,
      header: LocalizedText(
        en: "\(metric.name(in: .en)) (\(unitText(metric, .en)))",
        zh: "\(metric.name(in: .zh))(\(unitText(metric, .zh)))"),
      isNumeric: true)
  }

  func unitText(_ metric: Metric, _ language: Language) -> String {
    metric.unit == .percent ? "%" : metric.unit.name(in: language)
  }

  func directionNote(_ metric: Metric) -> LocalizedText {
    switch metric.direction {
    case .higher: LocalizedText(en: "higher is better", zh: "数值越高越好")
    case .lower: LocalizedText(en: "lower is better: the top are the lowest", zh: "数值越低越好:排名靠前者数值最低")
    case .neutral: LocalizedText(en: "ranked from the highest value", zh: "按数值从高到低排列")
    }
  }

  /// The words a title adds for the courts named: ` 西城法院、东城区`.
  func namedText(_ query: Query, _ names: Names) -> LocalizedText {
    let named = query.courts.map { courtName($0, names).name } + query.regions
    guard !named.isEmpty else { return LocalizedText(en: "", zh: "") }
    return LocalizedText(en: ", " + named.joined(separator: ", "), zh: " " + named.joined(separator: "、"))
  }

  /// The words a title adds for a level: ` 基层法院`.
  func levelText(_ query: Query) -> LocalizedText {
    guard let level = query.level else { return LocalizedText(en: "", zh: "") }
    return LocalizedText(en: ", \(level.name(in: .en)) courts", zh: " \(level.name(in: .zh))法院")
  }

  /// The limit in a title: ` 前3名`, ` 后3名`, or ` 排名`.
  func limitText(_ query: Query) -> LocalizedText {
    guard let limit = query.limit else { return LocalizedText(en: ", ranking", zh: " 排名") }
    return query.fromBottom
      ? LocalizedText(en: ", bottom \(limit)", zh: " 后\(limit)名")
      : LocalizedText(en: ", top \(limit)", zh: " 前\(limit)名")
  }

  /// Ranks the used figures by `key` (rounded) in the metric's direction and returns the rows
  /// to show (named courts only, when some are named), cut to the limit.
  func rankedShown(
    _ used: FigureTable, key: (CourtFigure) -> Double?, direction: Direction, query: Query,
    names: Names
  ) -> (ranked: [Ranking.Entry], unranked: [String]) {
    var keyed: [(court: String, key: Double)] = []
    var unranked: [String] = []
    for figure in used {
      if let value = key(figure) { keyed.append((figure.court, value)) } else { unranked.append(figure.court) }
    }
    let shownUnranked = unranked.sorted().filter { names.courts[$0].map { isShown($0, query) } ?? false }
    // Used courts are the scope's, all known by name: only a question naming courts filters.
    guard query.namesCourts else {
      return (
        Ranking.rankCut(keyed, direction: direction, count: query.limit, fromBottom: query.fromBottom), shownUnranked
      )
    }
    let ranked = Ranking.rank(keyed, direction: direction).filter { entry in
      names.courts[entry.court].map { isShown($0, query) } ?? false
    }
    return (Ranking.cut(ranked, count: query.limit, fromBottom: query.fromBottom) { $0.key }, shownUnranked)
  }

  /// Columns plus the note column when some row has a note.
  func withNotes(_ columns: [ResultColumn], _ rows: inout [ResultRow], notes: [LocalizedText?]) -> [ResultColumn] {
    guard notes.contains(where: { $0 != nil }) else { return columns }
    for index in rows.indices {
      rows[index].cells.append(notes[index].map { .localized($0) } ?? .text(""))
    }
    return columns + [Self.noteColumn]
  }

  func ranking(
    _ query: Query, _ metric: Metric, _ period: PeriodTitle, _ evaluation: Evaluation, _ scope: [CourtRecord],
    _ names: Names
  ) -> QueryResult {
    let precision = metric.precision
    let (ranked, _) = rankedShown(
      evaluation.used, key: { $0.value.map { DisplayRounding.round($0, decimals: precision) } },
      direction: metric.direction, query: query, names: names)
    var rows: [ResultRow] = []
    var notes: [LocalizedText?] = []
    for entry in ranked {
      let figure = evaluation.used[entry.court]!
      let revoked = evaluation.revoked.contains(entry.court)
      rows.append(
        ResultRow(
          cells: [
            .rank(entry.place, tie: entry.tie), .court(courtName(entry.court, names)),
            .number(entry.key, precision: precision),
          ], isComplete: figure.isComplete, missingPeriods: figure.missingParts, signerRevoked: revoked))
      notes.append(note(for: entry.court, [figure], revoked: revoked))
    }
    let columns = withNotes([Self.rankColumn, Self.courtColumn, valueColumn(metric)], &rows, notes: notes)
    let title = LocalizedText(
      en: "\(metric.name(in: .en)), \(period)\(levelText(query).en)\(namedText(query, names).en)\(limitText(query).en)",
      zh:
        "\(metric.name(in: .zh)) \(period.chineseDescription)\(levelText(query).zh)\(namedText(query, names).zh)\(limitText(query).zh)"
    )
    return QueryResult(
      kind: .ranking, title: title, columns: columns, rows: rows,
      notes: rankingNotes(rows, query: query, localized: true), excluded: shownExcluded(evaluation, query, names),
      language: query.language)
  }

  /// A ranking of an indicator with a range in the version in force shows each court's
  /// verdict beside its value (before the note column), and says which ranges judge it.
  func addVerdicts(_ result: inout QueryResult, _ metric: Metric, _ period: Period) {
    guard let ranges, case .indicator(let indicator) = metric, let choice = catalog.system(for: period),
      indicator.systems.contains(choice.system.version),
      let range = ranges.range(indicator.key, version: choice.system.version, kind: period.kind),
      let valueIndex = result.columns.firstIndex(where: { $0.key == "value" })
    else { return }
    let at = valueIndex + 1
    result.columns.insert(
      ResultColumn(key: "verdict", header: LocalizedText(en: "verdict", zh: "结论"), isNumeric: false), at: at)
    for index in result.rows.indices {
      let verdict: ResultValue =
        result.rows[index].cells[valueIndex].number.map {
          .judged(nil, precision: indicator.precision, verdict: range.judge($0).verdict)
        } ?? .text("")
      result.rows[index].cells.insert(verdict, at: at)
    }
    result.notes += [
      LocalizedText(en: "verdict against the reference range \(range.text)", zh: "结论依据区间参考值\(range.text)"),
      rangesNote(ranges), choice.note(for: period),
    ]
    result.provenance.ranges = rangeUse(ranges, choice, period)
    result.provenance.traits = Provenance.FigureTraits(
      isRate: indicator.isRate, direction: indicator.direction, range: range)
  }

  /// The notes every ranking carries: how ties are shown, what bottom places mean.
  func rankingNotes(_ rows: [ResultRow], query: Query, localized: Bool) -> [LocalizedText] {
    var notes: [LocalizedText] = []
    if rows.contains(where: { $0.rank?.tie == true }) {
      notes.append(
        LocalizedText(en: "tied courts share a rank (1, 2, 2, 4) and are all shown", zh: "并列者名次相同(1、2、2、4),全部列出"))
    }
    if query.fromBottom || query.namesCourts || query.aboveAverage != nil {
      notes.append(
        LocalizedText(
          en: "each court shows its place in the full ranking of \(scopeText(query).en)",
          zh: "名次为在\(scopeText(query).zh)全部排名中的位置"))
    }
    return notes
  }

  /// The excluded courts to list under the table: those shown (named), or all of the scope.
  func shownExcluded(_ evaluation: Evaluation, _ query: Query, _ names: Names) -> [ExcludedCourt] {
    evaluation.excluded.filter { excluded in names.courts[excluded.court.id].map { isShown($0, query) } ?? false }
  }

  /// The city figure of `kind` for the used figures, with its sentence.
  func cityFigure(_ kind: CityFigure, _ metric: Metric, _ evaluation: Evaluation, _ query: Query) -> CityFigureUse {
    cityFigure(
      kind, metric, evaluation, query,
      exact: CityFigureMath.value(kind, evaluation.usedInOrder, metric: metric))
  }

  /// The city figure as used and described, from its unrounded value `exact` (already
  /// computed by the caller: at nation size each computation sorts 3,500 courts).
  func cityFigure(
    _ kind: CityFigure, _ metric: Metric, _ evaluation: Evaluation, _ query: Query, exact value: Double?
  ) -> CityFigureUse {
    let scope = scopeText(query)
    let count = evaluation.used.lazy.filter { $0.value != nil }.count
    var text: LocalizedText
    switch kind {
    case .pooled:
      text = LocalizedText(
        en: "city figure (\(scope.en)): pooled, Σ numerators / Σ denominators of \(count) courts",
        zh: "\(scope.zh)数:\(count)家法院分子之和 ÷ 分母之和(加权计算)")
    case .mean:
      text = LocalizedText(
        en: "city figure (\(scope.en)): mean per court of \(count) courts (各院平均)",
        zh: "\(scope.zh)数:\(count)家法院各院平均")
    case .sum:
      text = LocalizedText(
        en: "city total (\(scope.en)): the sum of \(count) courts", zh: "\(scope.zh)合计:\(count)家法院之和")
    case .weightedMean:
      let weight = metric.inputs.first.flatMap { catalog.measure(key: $0)?.weight }.flatMap { catalog.measure(key: $0) }
      text = LocalizedText(
        en: "city figure (\(scope.en)): mean of \(count) courts weighted by \(weight?.nameEn ?? "weight")",
        zh: "\(scope.zh)数:\(count)家法院按\(weight?.nameZh ?? "权重")加权平均")
    }
    let rounded = value.map { DisplayRounding.round($0, decimals: metric.precision) }
    if let rounded {
      let shown = DisplayRounding.text(rounded, decimals: metric.precision) + (metric.isRate ? "%" : "")
      text.en += " = \(shown)"
      text.zh += " = \(shown)"
    }
    return CityFigureUse(
      kind: kind, text: text, value: rounded, precision: metric.precision, scope: scope, courts: count)
  }

  func versus(
    _ query: Query, _ metric: Metric, _ period: PeriodTitle, _ evaluation: Evaluation, _ scope: [CourtRecord],
    _ names: Names
  ) -> QueryResult {
    let kind: CityFigure
    switch query.average {
    case .mean: kind = .mean
    case .pooled: kind = .pooled
    // The catalog's figure; for figures that add up, versus compares with the mean per court.
    case .catalog: kind = metric.cityFigure == .sum ? .mean : metric.cityFigure
    }
    let exact = CityFigureMath.value(kind, evaluation.usedInOrder, metric: metric)
    let city = cityFigure(kind, metric, evaluation, query, exact: exact)
    let precision = metric.precision
    var used = evaluation.used
    if let above = query.aboveAverage, let exact {
      used = used.keeping { figure in
        guard let value = figure.value else { return false }
        return above ? value > exact : value < exact
      }
    }
    // Places come from the full ranking: rank every used figure, then keep the filtered.
    let allRanked = Ranking.rank(evaluation.used.shownValues(decimals: precision), direction: metric.direction)
    let shown = allRanked.filter {
      used[$0.court] != nil && (names.courts[$0.court].map { isShown($0, query) } ?? false)
    }
    let ranked = Ranking.cut(shown, count: query.limit, fromBottom: query.fromBottom) { $0.key }
    let zeroCity = exact == 0 && !metric.isRate
    var rows: [ResultRow] = []
    var notes: [LocalizedText?] = []
    for entry in ranked {
      let figure = used[entry.court]!
      let revoked = evaluation.revoked.contains(entry.court)
      var difference: ResultValue = .missing(LocalizedText(en: "no city figure", zh: "无全市数"))
      if let exact, let value = figure.value {
        if metric.isRate {
          difference = .number(DisplayRounding.round(value - exact, decimals: 2), precision: 2)
        } else if exact != 0 {
          difference = .number(DisplayRounding.round((value - exact) / exact * 100, decimals: 2), precision: 2)
        } else {
          difference = .missing(LocalizedText(en: "city figure is 0", zh: "全市数为0"))
        }
      }
      rows.append(
        ResultRow(
          cells: [
            .rank(entry.place, tie: entry.tie), .court(courtName(entry.court, names)),
            .number(entry.key, precision: precision),
            city.value.map { .number($0, precision: precision) } ?? .missing(LocalizedText(en: "none", zh: "无")),
            difference,
          ], isComplete: figure.isComplete, missingPeriods: figure.missingParts, signerRevoked: revoked))
      notes.append(note(for: entry.court, [figure], revoked: revoked))
    }
    let differenceHeader =
      metric.isRate
      ? LocalizedText(en: "vs city (points)", zh: "与\(city.scope.zh)数之差(百分点)")
      : LocalizedText(en: "vs city (%)", zh: "与\(city.scope.zh)数相比(%)")
    let columns = withNotes(
      [
        Self.rankColumn, Self.courtColumn, valueColumn(metric),
        ResultColumn(key: "city", header: LocalizedText(en: "city", zh: city.scope.zh), isNumeric: true),
        ResultColumn(key: "difference", header: differenceHeader, isNumeric: true),
      ], &rows, notes: notes)
    var resultNotes: [LocalizedText] = [
      metric.isRate
        ? LocalizedText(en: "difference in percentage points", zh: "差值单位:百分点")
        : LocalizedText(en: "difference in percent of the city figure", zh: "差值为相对\(city.scope.zh)数的百分比")
    ]
    if zeroCity {
      resultNotes.append(
        LocalizedText(
          en: "the city figure is 0, so no difference can be given in percent",
          zh: "\(city.scope.zh)数为0,无法计算百分比差值"))
    }
    resultNotes += rankingNotes(rows, query: query, localized: true)
    let filter: LocalizedText =
      switch query.aboveAverage {
      case true?: LocalizedText(en: ", above the city figure", zh: " 高于\(city.scope.zh)数")
      case false?: LocalizedText(en: ", below the city figure", zh: " 低于\(city.scope.zh)数")
      case nil: LocalizedText(en: "", zh: "")
      }
    let limit = query.limit.map { _ in limitText(query) } ?? LocalizedText(en: "", zh: "")
    let title = LocalizedText(
      en:
        "\(metric.name(in: .en)) vs \(city.scope.en), \(period)\(namedText(query, names).en)\(filter.en)\(limit.en)",
      zh:
        "\(metric.name(in: .zh)) 对比\(city.scope.zh) \(period.chineseDescription)\(namedText(query, names).zh)\(filter.zh)\(limit.zh)"
    )
    var result = QueryResult(
      kind: .versus, title: title, columns: columns, rows: rows, notes: resultNotes,
      excluded: shownExcluded(evaluation, query, names), language: query.language)
    result.provenance.cityFigure = city
    return result
  }

  func change(
    _ query: Query, _ metric: Metric, _ period: PeriodTitle, _ earlier: MetricFigures, _ evaluation: Evaluation,
    _ earlierEvaluation: Evaluation, _ scope: [CourtRecord], _ names: Names
  ) -> QueryResult {
    let precision = metric.precision
    let earlierPeriod = earlier.span
    // A court is compared when its current figure is used and its earlier one, if any, too:
    // an incomplete earlier figure leaves the court out like an incomplete current one.
    var excluded = evaluation.excluded
    var leftOut = Set<String>()
    for court in evaluation.used.lazy.map(\.court) {
      if let earlierFigure = earlier.courts[court], !earlierEvaluation.used.contains(court: court) {
        leftOut.insert(court)
        // As for the current figure: no value first (no option brings it in), then incomplete.
        let reason: ExcludedCourt.Reason =
          earlierFigure.value == nil
          ? .noValue(earlierFigure.noValue ?? LocalizedText(en: "no earlier value", zh: "无往期数值"))
          : .incomplete(missing: earlierFigure.missingParts)
        excluded.append(ExcludedCourt(court: courtName(court, names), reason: reason))
      }
    }
    let used = evaluation.used.removing(leftOut)
    /// The change in points (rates) or percent; nil without an earlier value or from 0.
    func change(_ court: String) -> Double? {
      guard let now = used[court]?.value, let before = earlierEvaluation.used[court]?.value else { return nil }
      if metric.isRate { return now - before }
      return before == 0 ? nil : (now - before) / before * 100
    }
    let (ranked, unranked) = rankedShown(
      used,
      key: { figure in
        if query.rankByChange { return change(figure.court).map { DisplayRounding.round($0, decimals: 2) } }
        return figure.value.map { DisplayRounding.round($0, decimals: precision) }
      }, direction: query.rankByChange && metric.direction == .neutral ? .higher : metric.direction, query: query,
      names: names)
    let noData = LocalizedText(en: "no data for the same period", zh: "无同期数据")
    var rows: [ResultRow] = []
    var notes: [LocalizedText?] = []
    // Rows without a change have no place: listed last, and not at all under a limit.
    let entries =
      ranked.map { ($0.court, Optional($0.place), $0.tie) }
      + (query.limit == nil ? unranked.map { ($0, nil as Int?, false) } : [])
    for (court, place, tie) in entries {
      let figure = used[court]!
      let earlierFigure = earlierEvaluation.used[court]
      let revoked = evaluation.revoked.contains(court) || earlierEvaluation.revoked.contains(court)
      let changed = change(court)
      var changeCell: ResultValue = .missing(noData)
      if let changed {
        changeCell = .number(DisplayRounding.round(changed, decimals: 2), precision: 2)
      } else if earlierFigure?.value == 0 {
        changeCell = .missing(LocalizedText(en: "earlier figure is 0", zh: "往期数为0"))
      }
      rows.append(
        ResultRow(
          cells: [
            .rank(place, tie: tie), .court(courtName(court, names)),
            earlierFigure?.value.map { .number(DisplayRounding.round($0, decimals: precision), precision: precision) }
              ?? .missing(noData),
            .number(DisplayRounding.round(figure.value!, decimals: precision), precision: precision), changeCell,
          ], isComplete: figure.isComplete && earlierFigure?.isComplete != false,
          missingPeriods: Array(Set(figure.missingParts + (earlierFigure?.missingParts ?? []))).sorted(),
          signerRevoked: revoked))
      notes.append(note(for: court, [figure, earlierFigure], revoked: revoked))
    }
    let label: LocalizedText
    switch query.kind {
    case .change(.yearOnYear): label = LocalizedText(en: "year on year", zh: "同比")
    case .change(.periodOnPeriod): label = LocalizedText(en: "on the previous period", zh: "环比")
    default: label = LocalizedText(en: "vs \(earlierPeriod)", zh: "对比\(earlierPeriod.chineseDescription)")
    }
    let columns = withNotes(
      [
        Self.rankColumn, Self.courtColumn,
        ResultColumn(
          key: "earlier", header: LocalizedText(en: earlierPeriod.description, zh: earlierPeriod.chineseDescription),
          isNumeric: true),
        ResultColumn(
          key: "current", header: LocalizedText(en: period.description, zh: period.chineseDescription), isNumeric: true),
        ResultColumn(
          key: "change",
          header: metric.isRate
            ? LocalizedText(en: "change (points)", zh: "变化(百分点)") : LocalizedText(en: "change (%)", zh: "变化(%)"),
          isNumeric: true),
      ], &rows, notes: notes)
    var resultNotes = [
      LocalizedText(
        en: "compared with \(earlierPeriod) (\(label.en))", zh: "与\(earlierPeriod.chineseDescription)相比(\(label.zh))"),
      metric.isRate
        ? LocalizedText(en: "change in percentage points", zh: "变化单位:百分点")
        : LocalizedText(en: "change in percent", zh: "变化为百分比"),
    ]
    if query.rankByChange {
      resultNotes.append(
        LocalizedText(
          en: "ranked by the change, best first (\(directionNote(metric).en))",
          zh: "按变化排名,改善最多者居前(\(directionNote(metric).zh))"))
    }
    resultNotes += rankingNotes(rows, query: query, localized: true)
    let limit = query.limit.map { _ in limitText(query) } ?? LocalizedText(en: "", zh: "")
    let improvement =
      query.rankByChange ? LocalizedText(en: ", biggest improvement", zh: " 进步最大") : LocalizedText(en: "", zh: "")
    let title: LocalizedText
    if case .change(.against) = query.kind {
      title = LocalizedText(
        en:
          "\(metric.name(in: .en)), \(period) vs \(earlierPeriod)\(levelText(query).en)\(namedText(query, names).en)\(improvement.en)\(limit.en)",
        zh:
          "\(metric.name(in: .zh)) \(period.chineseDescription) 对比 \(earlierPeriod.chineseDescription)\(levelText(query).zh)\(namedText(query, names).zh)\(improvement.zh)\(limit.zh)"
      )
    } else {
      title = LocalizedText(
        en:
          "\(metric.name(in: .en)) \(label.en), \(period)\(levelText(query).en)\(namedText(query, names).en)\(improvement.en)\(limit.en)",
        zh:
          "\(metric.name(in: .zh)) \(label.zh) \(period.chineseDescription)\(levelText(query).zh)\(namedText(query, names).zh)\(improvement.zh)\(limit.zh)"
      )
    }
    let shownExcluded = excluded.filter { names.courts[$0.court.id].map { isShown($0, query) } ?? false }
    return QueryResult(
      kind: .change, title: title, columns: columns, rows: rows, notes: resultNotes, excluded: shownExcluded,
      language: query.language)
  }

  func cityTotal(
    _ query: Query, _ metric: Metric, _ period: PeriodTitle, _ evaluation: Evaluation, _ scope: [CourtRecord],
    _ names: Names
  ) -> QueryResult {
    let total = CityFigureMath.value(.sum, evaluation.usedInOrder, metric: metric)
    let city = cityFigure(.sum, metric, evaluation, query, exact: total)
    let precision = metric.precision
    let (ranked, _) = rankedShown(
      evaluation.used, key: { $0.value.map { DisplayRounding.round($0, decimals: precision) } },
      direction: metric.direction == .neutral ? .higher : metric.direction, query: query, names: names)
    var rows: [ResultRow] = []
    var notes: [LocalizedText?] = []
    for entry in ranked {
      let figure = evaluation.used[entry.court]!
      let revoked = evaluation.revoked.contains(entry.court)
      let share: ResultValue =
        total.map {
          $0 == 0
            ? .missing(LocalizedText(en: "total is 0", zh: "合计为0"))
            : .number(
              DisplayRounding.round(figure.value! / $0 * 100, decimals: 2), precision: 2)
        } ?? .missing(LocalizedText(en: "none", zh: "无"))
      rows.append(
        ResultRow(
          cells: [
            .rank(entry.place, tie: entry.tie), .court(courtName(entry.court, names)),
            .number(entry.key, precision: precision), share,
          ], isComplete: figure.isComplete, missingPeriods: figure.missingParts, signerRevoked: revoked))
      notes.append(note(for: entry.court, [figure], revoked: revoked))
    }
    let shareColumn = ResultColumn(
      key: "share", header: LocalizedText(en: "share of total (%)", zh: "占合计(%)"), isNumeric: true)
    var totals = [
      ResultRow(cells: [
        .text(""), .localized(LocalizedText(en: "total (\(city.scope.en))", zh: "\(city.scope.zh)合计")),
        city.value.map { .number($0, precision: precision) } ?? .missing(LocalizedText(en: "none", zh: "无")),
        .number(100, precision: 2),
      ])
    ]
    let columns = withNotes([Self.rankColumn, Self.courtColumn, valueColumn(metric), shareColumn], &rows, notes: notes)
    if columns.count > totals[0].cells.count { totals[0].cells.append(.text("")) }
    let title = LocalizedText(
      en: "\(metric.name(in: .en)), total of \(city.scope.en), \(period)",
      zh: "\(metric.name(in: .zh)) \(city.scope.zh)合计 \(period.chineseDescription)")
    var result = QueryResult(
      kind: .cityTotal, title: title, columns: columns, rows: rows, totals: totals,
      notes: rankingNotes(rows, query: query, localized: true), excluded: shownExcluded(evaluation, query, names),
      language: query.language)
    result.provenance.cityFigure = city
    return result
  }
}
