import CourtFedModel
import CourtFedStore
import Foundation

extension QueryEngine {
  /// The most periods a trend shows: five years of months.
  static let maximumTrendPeriods = 60

  /// The periods of a trend: the years of a range, or the quarters or months of the year or
  /// range named; without a period, every year with figures of the metric (by year) or the
  /// newest year's quarters or months. Only periods that have ended.
  func trendPeriods(_ query: Query, _ metric: Metric, text: String) throws -> [Period] {
    let kind = query.trendKind
    var periods: [Period]
    if let years = query.years {
      periods = years.flatMap { Period.year($0).subperiods(of: kind) }
    } else if let period = query.period {
      periods = period.subperiods(of: kind)
    } else {
      let available = try reader.periodsWithData(of: metric.inputs).filter { $0.hasEnded(asOf: now) }
      let years = Array(Set(available.map(\.year))).sorted()
      guard let newest = years.last else {
        throw refusal(
          text, query.metricRange,
          LocalizedText(
            en: "no period with figures of \(metric.name(in: .en)) has ended yet",
            zh: "\(metric.name(in: .zh))尚无已结束期间的数据"))
      }
      periods =
        kind == .year ? (years.first!...newest).map { Period.year($0) } : Period.year(newest).subperiods(of: kind)
    }
    let ended = periods.filter { $0.hasEnded(asOf: now) }
    guard !ended.isEmpty else {
      let first = periods.first ?? .year(Period.yearAndMonth(of: now).year)
      throw refusal(
        text, query.periodRange,
        LocalizedText(en: "\(first) has not ended yet", zh: "\(first.chineseDescription)尚未结束"),
        hint: LocalizedText(en: "ask about periods that have ended", zh: "请查询已结束的期间"))
    }
    guard ended.count <= Self.maximumTrendPeriods else {
      throw refusal(
        text, query.periodRange,
        LocalizedText(
          en: "a trend shows at most \(Self.maximumTrendPeriods) periods; this asks for \(ended.count)",
          zh: "趋势最多列出\(Self.maximumTrendPeriods)个期间;此查询有\(ended.count)个"),
        hint: LocalizedText(en: "write a shorter range, or by year", zh: "请缩短年份范围,或按年度列出"))
    }
    return ended
  }

  /// Each court's figure for each period of the trend, with the city figure per period.
  func trend(_ query: Query, text: String) throws -> QueryResult {
    let names = try currentNames()
    guard let key = query.metric, let metric = catalog.metric(named: key) else {
      throw refusal(text, nil, LocalizedText(en: "which metric? the query names none", zh: "查询中没有指标"))
    }
    let scopeCourts = scope(query, names)
    guard !scopeCourts.isEmpty else {
      throw refusal(text, nil, LocalizedText(en: "no court of that level has sent a bundle", zh: "该层级尚无法院报送数据"))
    }
    let scopeIDs = Set(scopeCourts.map(\.id))
    let periods = try trendPeriods(query, metric, text: text)
    var measures = metric.inputs
    let weight: String? =
      if case .measure(let measure) = metric, measure.cityFigure == .weightedMean { measure.weight } else { nil }
    if let weight { measures.append(weight) }
    // Each period's figures from the one read: `compute` takes the rows of its period.
    let stored = try reader.figures(measures: measures, periods: periods)
    let periodRows = MetricFigures.rowsByPeriod(stored, periods: periods)
    let figures = periods.indices.map { part in
      MetricFigures.compute(
        metric, .period(periods[part]), stored: stored, rows: periodRows[part], key: periods[part], weight: weight)
    }
    guard figures.contains(where: { $0.courts.contains { scopeIDs.contains($0.court) } }) else {
      try checkHasData(
        .period(periods[0]), MetricFigures(metric: metric, span: .period(periods[0]), courts: FigureTable()), query,
        text: text)
      throw refusal(text, query.periodRange, LocalizedText(en: "no figures", zh: "没有数据"))
    }
    let bundles = try bundles(behind: figures, names)
    let places = ScopePlaces(stored, scope: scopeCourts.map(\.id))
    let evaluations = figures.map {
      evaluate($0, scope: scopeCourts, query: query, bundles: bundles, names: names, places: places)
    }
    let precision = metric.precision
    let noData = LocalizedText(en: "no data", zh: "无数据")

    var rows: [ResultRow] = []
    var notes: [LocalizedText?] = []
    for (index, court) in scopeCourts.enumerated() where isShown(court, query) {
      let (row, note) = figureRow(
        court.id, scopeIndex: index, leading: [], evaluations: evaluations, figures: figures,
        precisions: Array(repeating: precision, count: evaluations.count), names: names)
      rows.append(row)
      notes.append(note)
    }

    // The city figure per period, from the used figures of the whole scope.
    let cityKind = metric.cityFigure
    let scopeText = scopeText(query)
    let cityLabel =
      cityKind == .sum
      ? LocalizedText(en: "total (\(scopeText.en))", zh: "\(scopeText.zh)合计") : scopeText
    var cityCells: [ResultValue] = [.localized(cityLabel)]
    var cityCounts: [Int] = []
    for evaluation in evaluations {
      cityCounts.append(evaluation.usedInOrder.count { $0.value != nil })
      if let value = CityFigureMath.value(cityKind, evaluation.usedInOrder, metric: metric) {
        cityCells.append(.number(DisplayRounding.round(value, decimals: precision), precision: precision))
      } else {
        cityCells.append(.missing(noData))
      }
    }
    let oneYear = query.trendKind != .year && Set(periods.map(\.year)).count == 1
    var columns =
      [Self.courtColumn]
      + periods.map { period in
        // Within one year the year is in the title: Q1, 第一季度, 6月.
        let short =
          oneYear
          ? LocalizedText(
            en: period.kind == .quarter ? "Q\(period.index)" : YearToDate.monthNames[period.index - 1],
            zh: String(period.chineseDescription.dropFirst(5)))
          : LocalizedText(en: period.description, zh: period.chineseDescription)
        return ResultColumn(key: period.description, header: short, isNumeric: true)
      }
    columns = withNotes(columns, &rows, notes: notes)
    if columns.count > cityCells.count { cityCells.append(.text("")) }

    let formed: LocalizedText =
      switch cityKind {
      case .pooled: LocalizedText(en: "pooled (Σ numerators / Σ denominators)", zh: "分子之和 ÷ 分母之和(加权计算)")
      case .mean: LocalizedText(en: "the mean per court (各院平均)", zh: "各院平均")
      case .sum: LocalizedText(en: "the sum of the courts", zh: "各院之和")
      case .weightedMean: LocalizedText(en: "the weighted mean", zh: "加权平均")
      }
    let counts = zip(periods, cityCounts)
    var resultNotes = [
      LocalizedText(
        en: "\(cityLabel.en): \(formed.en) over the courts with complete figures in each period: "
          + counts.map { "\($0.0) \($0.1)" }.joined(separator: ", "),
        zh: "\(cityLabel.zh):\(formed.zh),按各期数据完整的法院计算:"
          + counts.map { "\($0.0.chineseDescription)\($0.1)家" }.joined(separator: "、")),
      LocalizedText(
        en: "not ranked: courts in id order; 'incomplete' marks a figure built from part of its period, "
          + "left out of the city figure (listed below)",
        zh: "不排名:法院按代码顺序排列;“不完整”表示该期数值只由部分期间构成,不计入全市数(见表下)"),
    ]
    if query.includeIncomplete {
      resultNotes[1] = LocalizedText(
        en: "not ranked: courts in id order; incomplete figures are shown and counted, marked on their rows",
        zh: "不排名:法院按代码顺序排列;不完整的数值已列出并计入,在行内标明")
    }
    let range =
      oneYear
      ? LocalizedText(en: "\(periods[0].year)", zh: "\(periods[0].year)年")
      : LocalizedText(
        en: periods.count == 1 ? periods[0].description : "\(periods[0])–\(periods.last!)",
        zh: periods.count == 1
          ? periods[0].chineseDescription : "\(periods[0].chineseDescription)–\(periods.last!.chineseDescription)")
    let kindWords: LocalizedText =
      switch query.trendKind {
      case .year: LocalizedText(en: "by year", zh: "历年")
      case .quarter: LocalizedText(en: "by quarter", zh: "各季度")
      case .month: LocalizedText(en: "by month", zh: "各月")
      case .half: LocalizedText(en: "by half year", zh: "各半年")
      }
    let title = LocalizedText(
      en: "\(metric.name(in: .en)) \(kindWords.en), \(range.en)\(levelText(query).en)\(namedText(query, names).en)",
      zh: oneYear
        ? "\(metric.name(in: .zh)) \(range.zh) \(kindWords.zh)\(levelText(query).zh)\(namedText(query, names).zh)"
        : "\(metric.name(in: .zh)) \(kindWords.zh) \(range.zh)\(levelText(query).zh)\(namedText(query, names).zh)")
    var excluded: [ExcludedCourt] = []
    for evaluation in evaluations {
      excluded += evaluation.excluded.filter { names.courts[$0.court.id].map { isShown($0, query) } ?? false }
    }
    var result = QueryResult(
      kind: .trend, title: title, columns: columns, rows: rows, totals: [ResultRow(cells: cityCells)],
      notes: resultNotes, excluded: Self.mergedExcluded(excluded), language: query.language)
    let statement = reader.figuresStatement(measures: measures, periods: periods)
    result.statements = [ExplainedStatement(sql: statement.sql, runs: statement.runs)]
    var provenance = result.provenance
    provenance.period = periods.count == 1 ? periods[0].description : "\(periods[0])/\(periods.last!)"
    provenance.periodText = range
    provenance.metric = LocalizedText(en: metric.name(in: .en), zh: metric.name(in: .zh))
    provenance.unit = LocalizedText(en: unitText(metric, .en), zh: unitText(metric, .zh))
    provenance.direction = directionNote(metric)
    try describeCoverage(
      &provenance, query: query, evaluations: evaluations, figures: figures, scope: scopeCourts, bundles: bundles,
      names: names)
    result.provenance = provenance
    return result
  }

  /// One entry per court and reason: the missing parts of every period together.
  static func mergedExcluded(_ courts: [ExcludedCourt]) -> [ExcludedCourt] {
    let incomplete = merged(courts)
    var others: [ExcludedCourt] = []
    for court in courts {
      if case .incomplete = court.reason { continue }
      if !others.contains(court) { others.append(court) }
    }
    return incomplete + others
  }
}
