import CourtFedModel
import CourtFedStore
import Foundation

extension QueryEngine {
  /// Several metrics side by side for one period: a row per court shown, a column per metric
  /// (headed with its unit and direction), the city figure of each as the last row; ranked by
  /// the first metric when the query asks for a ranking (a limit, rank, 排名), in court-id order
  /// otherwise, and the output says which.
  func severalMetrics(_ query: Query, text: String) throws -> QueryResult {
    let names = try currentNames()
    let metrics = query.metrics.compactMap { catalog.metric(named: $0) }
    guard let first = metrics.first else {
      throw refusal(text, nil, LocalizedText(en: "which metric? the query names none", zh: "查询中没有指标"))
    }
    let scopeCourts = scope(query, names)
    guard !scopeCourts.isEmpty else {
      throw refusal(text, nil, LocalizedText(en: "no court of that level has sent a bundle", zh: "该层级尚无法院报送数据"))
    }
    let scopeIDs = Set(scopeCourts.map(\.id))
    // One period for all: the one named, or the first metric's latest complete one.
    var choice: PeriodChoice?
    let span: Span
    let periodTitle: PeriodTitle
    if let asked = try askedSpan(query, first, text: text) {
      span = asked.span
      periodTitle = asked.title
      choice = asked.reason.map { PeriodChoice(period: .year(span.year), reason: $0) }
    } else {
      guard let found = try latestCompletePeriod(first, scope: scopeIDs) else {
        throw refusal(
          text, query.metricRange,
          LocalizedText(
            en: "no period with figures of \(first.name(in: .en)) has ended yet",
            zh: "\(first.name(in: .zh))尚无已结束期间的数据"))
      }
      choice = found
      span = .period(found.period)
      periodTitle = PeriodTitle(span)
    }
    let figures = try metrics.map { try MetricFigures.read($0, span, from: reader) }
    if figures.allSatisfy({ $0.courts.isEmpty }) || !span.hasEnded(asOf: now) {
      try checkHasData(span, figures[0], query, text: text)
    }
    let bundles = try bundles(behind: figures, names)
    let evaluations = figures.map { evaluate($0, scope: scopeCourts, query: query, bundles: bundles, names: names) }

    // The order: ranked by the first metric's used figures, or court-id order.
    var order: [(court: String, place: Int?, tie: Bool)] = []
    if query.ranksFirstMetric {
      let (ranked, _) = rankedShown(
        evaluations[0].used, key: { $0.value.map { DisplayRounding.round($0, decimals: first.precision) } },
        direction: first.direction, query: query, names: names)
      order = ranked.map { ($0.court, $0.place, $0.tie) }
      if query.limit == nil {
        let placed = Set(order.map(\.court))
        order += scopeCourts.filter { isShown($0, query) && !placed.contains($0.id) }.map { ($0.id, nil, false) }
      }
    } else {
      order = scopeCourts.filter { isShown($0, query) }.map { ($0.id, nil, false) }
    }
    let noData = LocalizedText(en: "no data", zh: "无数据")
    var rows: [ResultRow] = []
    var notes: [LocalizedText?] = []
    for (court, place, tie) in order {
      let leading: [ResultValue] = query.ranksFirstMetric ? [.rank(place, tie: tie)] : []
      let (row, note) = figureRow(
        court, leading: leading, evaluations: evaluations, figures: figures, precisions: metrics.map(\.precision),
        names: names)
      rows.append(row)
      notes.append(note)
    }

    // The city figure of each metric, as the catalog forms it.
    let scopeWords = scopeText(query)
    var cityCells: [ResultValue] = (query.ranksFirstMetric ? [.text("")] : []) + [.localized(scopeWords)]
    var cityNotes: [LocalizedText] = []
    for (index, metric) in metrics.enumerated() {
      let use = cityFigure(metric.cityFigure, metric, evaluations[index], query)
      cityCells.append(use.value.map { .number($0, precision: metric.precision) } ?? .missing(noData))
      cityNotes.append(
        LocalizedText(en: "\(metric.name(in: .en)): \(use.text.en)", zh: "\(metric.name(in: .zh)):\(use.text.zh)"))
    }
    var columns = (query.ranksFirstMetric ? [Self.rankColumn] : []) + [Self.courtColumn]
    for (index, metric) in metrics.enumerated() {
      let direction: LocalizedText =
        switch metric.direction {
        case .higher: LocalizedText(en: "higher is better", zh: "越高越好")
        case .lower: LocalizedText(en: "lower is better", zh: "越低越好")
        case .neutral: LocalizedText(en: "neither", zh: "无方向")
        }
      columns.append(
        ResultColumn(
          key: index == 0 ? "value" : "value\(index + 1)",
          header: LocalizedText(
            en: "\(metric.name(in: .en)) (\(unitText(metric, .en)), \(direction.en))",
            zh: "\(metric.name(in: .zh))(\(unitText(metric, .zh)),\(direction.zh))"), isNumeric: true))
    }
    columns = withNotes(columns, &rows, notes: notes)
    if columns.count > cityCells.count { cityCells.append(.text("")) }

    let ranking =
      query.ranksFirstMetric
      ? LocalizedText(
        en: "ranked by \(first.name(in: .en)), the first metric named (\(directionNote(first).en))",
        zh: "按第一个指标\(first.name(in: .zh))排名(\(directionNote(first).zh))")
      : LocalizedText(
        en: "not ranked: courts in id order; add top 3 or rank to rank by the first metric",
        zh: "不排名:法院按代码顺序排列;加“前三”或“排名”则按第一个指标排名")
    var resultNotes = [ranking] + cityNotes
    resultNotes.append(
      LocalizedText(
        en: "'incomplete' marks a figure built from part of its period, left out of the city figure (listed below)",
        zh: "“不完整”表示数值只由部分期间构成,不计入全市数(见表下)"))
    resultNotes += rankingNotes(rows, query: query, localized: true)
    let metricNames = LocalizedText(
      en: metrics.map { $0.name(in: .en) }.joined(separator: ", "),
      zh: metrics.map { $0.name(in: .zh) }.joined(separator: "、"))
    let rankingWords = query.ranksFirstMetric ? limitText(query) : LocalizedText(en: "", zh: "")
    let title = LocalizedText(
      en:
        "\(metricNames.en), \(periodTitle.description)\(levelText(query).en)\(namedText(query, names).en)\(rankingWords.en)",
      zh:
        "\(metricNames.zh) \(periodTitle.chineseDescription)\(levelText(query).zh)\(namedText(query, names).zh)\(rankingWords.zh)"
    )
    var excluded: [ExcludedCourt] = []
    for evaluation in evaluations {
      excluded += evaluation.excluded.filter { names.courts[$0.court.id].map { isShown($0, query) } ?? false }
    }
    var result = QueryResult(
      kind: .severalMetrics, title: title, columns: columns, rows: rows, totals: [ResultRow(cells: cityCells)],
      notes: resultNotes, excluded: Self.mergedExcluded(excluded), language: query.language)
    let measures = Array(Set(metrics.flatMap(\.inputs))).sorted()
    let statement = reader.figuresStatement(measures: measures, periods: MetricFigures.periods(span))
    result.statements = [ExplainedStatement(sql: statement.sql, runs: statement.runs)]
    var provenance = result.provenance
    provenance.period = span.description
    provenance.periodText = LocalizedText(en: span.description, zh: span.chineseDescription)
    provenance.periodChoice = choice?.reason
    provenance.metric = metricNames
    provenance.unit = LocalizedText(
      en: metrics.map { unitText($0, .en) }.joined(separator: ", "),
      zh: metrics.map { unitText($0, .zh) }.joined(separator: "、"))
    provenance.direction = ranking
    provenance.ties = rows.contains { $0.rank?.tie == true }
    try describeCoverage(
      &provenance, query: query, evaluations: evaluations, figures: figures, scope: scopeCourts, bundles: bundles,
      names: names)
    result.provenance = provenance
    return result
  }

  /// The courts a result of several evaluations covers (several metrics, or one metric over
  /// several periods): who reported, who is incomplete or missing, revoked signers, and the
  /// bundles behind the figures used.
  /// Only the courts `shown` are listed with their bundles.
  func describeCoverage(
    _ provenance: inout Provenance, query: Query, evaluations: [Evaluation], figures: [MetricFigures],
    scope scopeCourts: [CourtRecord], bundles: [Int64: BundleRecord], names: Names,
    shown: (CourtRecord) -> Bool = { _ in true }
  ) throws(StoreError) {
    provenance.includesIncomplete = query.includeIncomplete
    provenance.excludesRevoked = excludeRevoked
    provenance.trustStore = trustStore
    provenance.courtsExpected = scopeCourts.count
    let incomplete = evaluations.flatMap(\.incomplete)
    (provenance.courtsReporting, provenance.courtsComplete, provenance.missingCourts) = reporting(
      evaluations, incomplete: incomplete, scope: scopeCourts, names: names)
    provenance.incompleteCourts = Self.merged(incomplete)
    let revoked = evaluations.reduce(into: Set<String>()) { $0.formUnion($1.revoked) }
    provenance.revokedCourts = scopeCourts.filter { revoked.contains($0.id) }.map { courtName($0.id, names) }
    if withProvenance {
      provenance.dataAsOf = try reader.dataAsOf()
      provenance.bundles = bundleUses(
        scope: scopeCourts, evaluations: evaluations, figures: figures, bundles: bundles, shown: shown)
    }
  }

  /// One court's row of figures, one cell per evaluation (a metric, or a period): the value
  /// used, or why there is none (no value, left out, incomplete, no data); and the row's note.
  /// `scopeIndex`, the court's place in the scope evaluated, finds its figures by position.
  func figureRow(
    _ court: String, scopeIndex: Int? = nil, leading: [ResultValue], evaluations: [Evaluation],
    figures: [MetricFigures], precisions: [Int], names: Names
  ) -> (row: ResultRow, note: LocalizedText?) {
    var cells = leading + [.court(courtName(court, names))]
    var shown: [CourtFigure?] = []
    var revoked = false
    shown.reserveCapacity(evaluations.count)
    for index in evaluations.indices {
      revoked = revoked || (!evaluations[index].revoked.isEmpty && evaluations[index].revoked.contains(court))
      let precision = precisions[index]
      let used: CourtFigure?
      let figure: CourtFigure?
      if let scopeIndex {
        used = evaluations[index].used(at: scopeIndex)
        figure = used ?? evaluations[index].figure(at: scopeIndex, court: court, in: figures[index])
      } else {
        used = evaluations[index].used[court]
        figure = used ?? figures[index].courts[court]
      }
      if let used, let value = used.value {
        cells.append(.number(DisplayRounding.round(value, decimals: precision), precision: precision))
        shown.append(used)
      } else if let figure {
        cells.append(
          .missing(
            figure.value == nil
              ? (figure.noValue ?? LocalizedText(en: "no value", zh: "无数值"))
              : figure.isComplete
                ? LocalizedText(en: "left out", zh: "已排除") : LocalizedText(en: "incomplete", zh: "不完整")))
      } else {
        cells.append(.missing(LocalizedText(en: "no data", zh: "无数据")))
      }
    }
    let incomplete = shown.compactMap { $0 }.filter { !$0.isComplete }
    return (
      ResultRow(
        cells: cells, isComplete: incomplete.isEmpty,
        missingPeriods: incomplete.isEmpty ? [] : Array(Set(incomplete.flatMap(\.missingParts))).sorted(),
        signerRevoked: revoked),
      note(for: court, shown, revoked: revoked)
    )
  }
}
