import CourtFedModel
import CourtFedStore
import Foundation

/// One indicator's figures for one period, sorted out for a question: which courts are used,
/// the city figure, each used court's place, and the range it is judged by.
///
/// A class: a summary looks at every standing once per court (38,500 times at nation size),
/// and copying a struct of tables retained and released each of them every time.
final class Standing: Sendable {
  let indicator: Indicator
  let figures: MetricFigures
  let evaluation: Evaluation
  /// The city figure, unrounded, from the used figures; nil when none can be formed.
  let city: Double?
  /// Each used court's place in the scope's ranking (rounded values, the metric's direction);
  /// empty for a summary, which shows no places.
  let places: [String: Ranking.Entry]
  let range: ReferenceRange?

  init(
    indicator: Indicator, figures: MetricFigures, evaluation: Evaluation, city: Double?,
    places: [String: Ranking.Entry], range: ReferenceRange?
  ) {
    self.indicator = indicator
    self.figures = figures
    self.evaluation = evaluation
    self.city = city
    self.places = places
    self.range = range
  }

  var metric: Metric { .indicator(indicator) }
  var precision: Int { indicator.precision }

  /// A used court's value rounded as shown.
  func shown(_ court: String) -> Double? {
    evaluation.used[court]?.value.map { DisplayRounding.round($0, decimals: precision) }
  }
}

extension QueryEngine {
  // MARK: Ranges

  /// The office's ranges, or a refusal saying where to put them.
  func requireRanges(_ text: String, _ range: Range<Int>?) throws(QueryError) -> ReferenceRanges {
    guard let ranges else {
      throw refusal(
        text, range,
        LocalizedText(
          en: "no reference ranges are set: CourtFed reads them from \(rangesLocation)",
          zh: "尚未设置区间参考值:CourtFed 从 \(rangesLocation) 读取"),
        hint: LocalizedText(
          en: "write that file as Specs/reference-ranges.md describes (the samples ship bundles/ranges.toml)",
          zh: "请按 Specs/reference-ranges.md 编写该文件(示例见 bundles/ranges.toml)"))
    }
    return ranges
  }

  /// The version of the indicator system `period` is judged by, or a refusal.
  func systemChoice(_ period: Period, _ text: String) throws(QueryError) -> SystemChoice {
    guard let choice = catalog.system(for: period) else {
      throw refusal(
        text, nil,
        LocalizedText(en: "the catalog has no indicator system to judge by", zh: "指标目录中没有可用于评判的指标体系"))
    }
    return choice
  }

  func rangeUse(_ ranges: ReferenceRanges, _ choice: SystemChoice, _ period: Period) -> Provenance.RangeUse {
    Provenance.RangeUse(
      file: ranges.file, isSample: ranges.isSample, source: ranges.source, version: choice.system.version,
      versionNote: choice.note(for: period))
  }

  /// The note every judged result carries about its ranges.
  func rangesNote(_ ranges: ReferenceRanges) -> LocalizedText {
    ranges.isSample
      ? LocalizedText(
        en: "sample ranges (\(ranges.file) says sample = true): not the SPC's values",
        zh: "示例区间(\(ranges.file) 标明 sample = true),并非最高人民法院设定的数值")
      : LocalizedText(
        en: "reference ranges from \(ranges.file)" + (ranges.source.map { " (\($0))" } ?? ""),
        zh: "区间参考值取自 \(ranges.file)" + (ranges.source.map { "(\($0))" } ?? ""))
  }

  /// How far outside its bound a figure is, in words: `below 93 by 0.36 points`.
  func distanceText(_ judgement: RangeJudgement, _ indicator: Indicator) -> LocalizedText? {
    guard let bound = judgement.bound, let distance = judgement.distance else { return nil }
    let range = ReferenceRange(low: bound, high: nil)
    let boundText = String(range.text.dropFirst(2))
    let by = DisplayRounding.text(distance, decimals: max(indicator.precision, 2))
    let unit = indicator.isRate ? LocalizedText(en: " points", zh: "个百分点") : LocalizedText(en: "", zh: "")
    return judgement.verdict == .low
      ? LocalizedText(en: "below \(boundText) by \(by)\(unit.en)", zh: "低于下限\(boundText) \(by)\(unit.zh)")
      : LocalizedText(en: "above \(boundText) by \(by)\(unit.en)", zh: "高于上限\(boundText) \(by)\(unit.zh)")
  }

  // MARK: Outside the range

  /// `结案率 不达标`: the used figures outside the range, in the full ranking's order, with
  /// the bound missed and by how much.
  func outsideRange(
    _ query: Query, _ indicator: Indicator, _ period: Period, _ evaluation: Evaluation, _ names: Names,
    ranges: ReferenceRanges, choice: SystemChoice, range: ReferenceRange
  ) -> QueryResult {
    let metric = Metric.indicator(indicator)
    let precision = indicator.precision
    let allRanked = Ranking.rank(evaluation.used.shownValues(decimals: precision), direction: indicator.direction)
    let outside = allRanked.filter { range.judge($0.key).verdict != .met }
    let shown = outside.filter { names.courts[$0.court].map { isShown($0, query) } ?? false }
    let cut = Ranking.cut(shown, count: query.limit, fromBottom: query.fromBottom) { $0.key }
    var rows: [ResultRow] = []
    var notes: [LocalizedText?] = []
    for entry in cut {
      let figure = evaluation.used[entry.court]!
      let judgement = range.judge(entry.key)
      let revoked = evaluation.revoked.contains(entry.court)
      rows.append(
        ResultRow(
          cells: [
            .rank(entry.place, tie: entry.tie), .court(courtName(entry.court, names)),
            .number(entry.key, precision: precision), .text(range.text),
            .judged(nil, precision: precision, verdict: judgement.verdict),
            judgement.bound.map { .number($0, precision: ReferenceRange.decimals($0)) }
              ?? .missing(LocalizedText(en: "none", zh: "无")),
            judgement.distance.map { .number(DisplayRounding.round($0, decimals: 2), precision: 2) }
              ?? .missing(LocalizedText(en: "none", zh: "无")),
          ], isComplete: figure.isComplete, missingPeriods: figure.missingParts, signerRevoked: revoked))
      notes.append(note(for: entry.court, [figure], revoked: revoked))
    }
    let columns = withNotes(
      [
        Self.rankColumn, Self.courtColumn, valueColumn(metric),
        ResultColumn(key: "range", header: LocalizedText(en: "reference range", zh: "区间参考值"), isNumeric: false),
        ResultColumn(key: "verdict", header: LocalizedText(en: "verdict", zh: "结论"), isNumeric: false),
        ResultColumn(key: "bound", header: LocalizedText(en: "bound missed", zh: "未达界限"), isNumeric: true),
        ResultColumn(
          key: "distance",
          header: indicator.isRate
            ? LocalizedText(en: "by (points)", zh: "相差(百分点)")
            : LocalizedText(en: "by (\(unitText(metric, .en)))", zh: "相差(\(unitText(metric, .zh)))"),
          isNumeric: true),
      ], &rows, notes: notes)
    let met = allRanked.count - outside.count
    var resultNotes = [
      LocalizedText(
        en:
          "\(met) of \(allRanked.count) courts with complete figures are inside \(range.text); \(outside.count) outside",
        zh: "\(allRanked.count)家数据完整的法院中\(met)家在区间\(range.text)内(达标),\(outside.count)家不达标"),
      rangesNote(ranges),
      choice.note(for: period),
      LocalizedText(
        en: "a value is judged as shown, rounded to \(precision) decimals", zh: "按显示的数值(保留\(precision)位小数)评判"),
    ]
    resultNotes += rankingNotes(rows, query: query, localized: true)
    resultNotes.append(
      LocalizedText(
        en: "each court shows its place in the full ranking of \(scopeText(query).en)",
        zh: "名次为在\(scopeText(query).zh)全部排名中的位置"))
    let limit = query.limit.map { _ in limitText(query) } ?? LocalizedText(en: "", zh: "")
    let title = LocalizedText(
      en:
        "\(indicator.nameEn) outside the reference range, \(period)\(levelText(query).en)\(namedText(query, names).en)\(limit.en)",
      zh:
        "\(indicator.nameZh) 不达标 \(period.chineseDescription)\(levelText(query).zh)\(namedText(query, names).zh)\(limit.zh)"
    )
    var result = QueryResult(
      kind: .outsideRange, title: title, columns: columns, rows: rows, notes: Self.unique(resultNotes),
      excluded: shownExcluded(evaluation, query, names), language: query.language)
    result.provenance.ranges = rangeUse(ranges, choice, period)
    result.provenance.traits = Provenance.FigureTraits(
      isRate: indicator.isRate, direction: indicator.direction, range: range)
    return result
  }

  static func unique(_ notes: [LocalizedText]) -> [LocalizedText] {
    var seen = Set<LocalizedText>()
    return notes.filter { seen.insert($0).inserted }
  }

  // MARK: Health checks

  /// The standing of each indicator of `version` in `periods` over the scope, from one read of
  /// every input; each court's place only `ranked` (a summary shows none).
  func standings(
    _ indicators: [Indicator], periods: [Period], scope: [CourtRecord], query: Query, names: Names,
    ranges: ReferenceRanges, version: String, ranked: Bool
  ) throws -> (byPeriod: [Period: [Standing]], bundles: [Int64: BundleRecord], stored: Int) {
    let inputs = Array(Set(indicators.flatMap(\.inputs))).sorted()
    let stored = try reader.figures(measures: inputs, periods: periods)
    // Each indicator is computed from its own inputs' rows only: a nation's period holds
    // 70,000 rows of twenty measures, and eleven indicators each scanning all of them was
    // most of the summary's time.
    // The read numbers each row's measure by its place in `inputs` (sorted, no repeats).
    // Positions, not copies of the rows.
    var buckets = Array(repeating: [Int](), count: periods.count * inputs.count)
    for (part, rows) in MetricFigures.rowsByPeriod(stored, periods: periods).enumerated() {
      for position in rows where inputs.indices.contains(stored[position].measureNumber) {
        buckets[part * inputs.count + stored[position].measureNumber].append(position)
      }
    }
    let numberOf = Dictionary(uniqueKeysWithValues: inputs.enumerated().map { ($1, $0) })
    var figures: [Period: [MetricFigures]] = [:]
    for (part, period) in periods.enumerated() {
      figures[period] = indicators.map { indicator in
        MetricFigures.compute(
          .indicator(indicator), .period(period), stored: stored,
          rows: indicator.inputs.flatMap { numberOf[$0].map { buckets[part * inputs.count + $0] } ?? [] },
          key: period, weight: nil)
      }
    }
    let bundles = try bundles(behind: figures.values.flatMap { $0 }, names)
    let places = ScopePlaces(stored, scope: scope.map(\.id))
    var byPeriod: [Period: [Standing]] = [:]
    for period in periods {
      byPeriod[period] = zip(indicators, figures[period]!).map { indicator, computed in
        let evaluation = evaluate(
          computed, scope: scope, query: query, bundles: bundles, names: names, places: places)
        let city = CityFigureMath.value(indicator.cityFigure, evaluation.usedInOrder, metric: .indicator(indicator))
        var ranks: [String: Ranking.Entry] = [:]
        if ranked {
          let entries = Ranking.rank(
            evaluation.used.shownValues(decimals: indicator.precision), direction: indicator.direction)
          ranks = Dictionary(entries.map { ($0.court, $0) }, uniquingKeysWith: { first, _ in first })
        }
        return Standing(
          indicator: indicator, figures: computed, evaluation: evaluation, city: city, places: ranks,
          range: ranges.range(indicator.key, version: version, kind: period.kind))
      }
    }
    return (byPeriod, bundles, stored.count)
  }

  func healthAnswer(_ query: Query, text: String) throws -> QueryResult {
    let ranges = try requireRanges(text, nil)
    let names = try currentNames()
    let scopeCourts = scope(query, names)
    guard !scopeCourts.isEmpty else {
      throw refusal(text, nil, LocalizedText(en: "no court of that level has sent a bundle", zh: "该层级尚无法院报送数据"))
    }
    // The period: the one named, or the latest complete one of the first indicator judged.
    var choice: PeriodChoice?
    let period: Period
    if let named = query.period {
      period = named
    } else {
      let first = catalog.indicators.first { !$0.systems.isEmpty } ?? catalog.indicators[0]
      guard let found = try latestCompletePeriod(.indicator(first), scope: Set(scopeCourts.map(\.id))) else {
        throw refusal(text, nil, LocalizedText(en: "no period with figures has ended yet", zh: "尚无已结束期间的数据"))
      }
      choice = found
      period = found.period
    }
    if query.kind == .healthCheck, let court = query.courts.first, !scopeCourts.contains(where: { $0.id == court }) {
      let name = courtName(court, names).name
      throw refusal(
        text, nil,
        LocalizedText(
          en: "\(name) is not among the courts asked about (\(scopeText(query).en))",
          zh: "\(name)不在所查询的范围(\(scopeText(query).zh))内"),
        hint: LocalizedText(en: "leave the level out", zh: "请去掉层级"))
    }
    let system = try systemChoice(period, text)
    let version = system.system.version
    guard ranges.hasRanges(version: version, kind: period.kind) else {
      throw refusal(
        text, query.periodRange,
        LocalizedText(
          en:
            "\(ranges.file) sets no ranges for a \(period.kind.name(in: .en)) in system \(version), so \(period) cannot be judged",
          zh: "\(ranges.file) 未设置\(version)版的\(period.kind.name(in: .zh))区间,无法评判\(period.chineseDescription)"),
        hint: LocalizedText(
          en:
            "ask for a year (a range judges one length of period), or add ranges with period = \"\(period.kind.rawValue)\"",
          zh: "请查询年度数据(区间按期间长度设定),或添加 period = \"\(period.kind.rawValue)\" 的区间"))
    }
    let indicators = catalog.indicators(in: version)
    // One court's check shows its place and the change on a year earlier; a summary neither.
    let isCheck = query.kind == .healthCheck && !query.courts.isEmpty
    let earlierPeriod = isCheck ? period.yearEarlier : nil
    let periods = [period] + (earlierPeriod.map { [$0] } ?? [])
    let (byPeriod, bundles, _) = try standings(
      indicators, periods: periods, scope: scopeCourts, query: query, names: names, ranges: ranges, version: version,
      ranked: isCheck)
    let current = byPeriod[period]!
    guard current.contains(where: { !$0.figures.courts.isEmpty }) else {
      throw refusal(
        text, query.periodRange,
        LocalizedText(en: "\(period) has no figures of these indicators", zh: "\(period.chineseDescription)没有这些指标的数据"))
    }
    let earlier = earlierPeriod.flatMap { byPeriod[$0] }
    var result: QueryResult
    if query.kind == .healthCheck, let court = query.courts.first {
      result = healthCheck(court, query, period, current, earlier, names, scopeCourts, version: version)
    } else {
      result = healthSummary(query, period, current, names, scopeCourts, version: version)
    }
    result.notes = Self.unique(result.notes + [rangesNote(ranges), system.note(for: period)])
    // Provenance over every indicator: a court is complete when all its figures are.
    var provenance = result.provenance
    provenance.period = period.description
    provenance.periodText = LocalizedText(en: period.description, zh: period.chineseDescription)
    provenance.periodChoice = choice?.reason
    provenance.ranges = rangeUse(ranges, system, period)
    try describeCoverage(
      &provenance, query: query, evaluations: current.map(\.evaluation), figures: current.map(\.figures),
      scope: scopeCourts, bundles: bundles, names: names, shown: { isShown($0, query) })
    result.provenance = provenance
    let statement = reader.figuresStatement(measures: Array(Set(indicators.flatMap(\.inputs))), periods: periods)
    result.statements = [ExplainedStatement(sql: statement.sql, runs: statement.runs)]
    return result
  }

  /// Why a court's figure is not judged, or nil when it is (used).
  func unjudged(_ court: String, _ standing: Standing) -> LocalizedText? {
    if standing.evaluation.used[court] != nil { return nil }
    guard let figure = standing.figures.courts[court] else { return LocalizedText(en: "no data", zh: "无数据") }
    if figure.value == nil { return figure.noValue ?? LocalizedText(en: "no value", zh: "无数值") }
    if !figure.isComplete {
      return LocalizedText(
        en: "incomplete: lacks " + figure.missingParts.map(\.description).joined(separator: ", "),
        zh: "不完整:缺" + figure.missingParts.map(\.chineseDescription).joined(separator: "、"))
    }
    return LocalizedText(en: "signer's key revoked; left out", zh: "签名密钥已撤销,已排除")
  }

  /// The change on a year earlier in the metric's unit (points for rates, percent otherwise),
  /// from the unrounded used figures; nil without both, or from 0.
  func yearOnYear(_ court: String, _ now: Standing, _ before: Standing?) -> Double? {
    guard let value = now.evaluation.used[court]?.value, let old = before?.evaluation.used[court]?.value else {
      return nil
    }
    if now.indicator.isRate { return value - old }
    return old == 0 ? nil : (value - old) / old * 100
  }

  /// 改善 / 退步 / 持平 in the indicator's direction, from the change as shown.
  func changeWord(_ change: Double, _ direction: Direction) -> LocalizedText {
    let shown = DisplayRounding.round(change, decimals: 2)
    if shown == 0 { return LocalizedText(en: "unchanged", zh: "持平") }
    switch direction {
    case .higher: return shown > 0 ? LocalizedText(en: "better", zh: "改善") : LocalizedText(en: "worse", zh: "退步")
    case .lower: return shown < 0 ? LocalizedText(en: "better", zh: "改善") : LocalizedText(en: "worse", zh: "退步")
    case .neutral: return shown > 0 ? LocalizedText(en: "up", zh: "上升") : LocalizedText(en: "down", zh: "下降")
    }
  }

  /// The indicator's name, starred when the version names it a key indicator.
  func indicatorLabel(_ indicator: Indicator, version: String) -> LocalizedText {
    let star = indicator.keyIn.contains(version) ? " ★" : ""
    return LocalizedText(en: indicator.nameEn + star, zh: indicator.nameZh + star)
  }

  /// `西城法院 体检表 2021年`: one row per indicator of the version.
  func healthCheck(
    _ court: String, _ query: Query, _ period: Period, _ current: [Standing], _ earlier: [Standing]?, _ names: Names,
    _ scope: [CourtRecord], version: String
  ) -> QueryResult {
    let none = LocalizedText(en: "none", zh: "无")
    var rows: [ResultRow] = []
    var rowNotes: [LocalizedText?] = []
    var counts: [RangeVerdict: Int] = [:]
    var notJudged = 0
    for (index, standing) in current.enumerated() {
      let indicator = standing.indicator
      let precision = indicator.precision
      let before = earlier?[index]
      let figure = standing.figures.courts[court]
      let why = unjudged(court, standing)
      var valueCell: ResultValue = .missing(why ?? none)
      var verdictCell: ResultValue = .missing(LocalizedText(en: "not judged", zh: "未评判"))
      var distanceCell: ResultValue = .missing(LocalizedText(en: "–", zh: "–"))
      if let value = standing.shown(court) {
        valueCell = .number(value, precision: precision)
        if let range = standing.range {
          let judgement = range.judge(value)
          verdictCell = .judged(nil, precision: precision, verdict: judgement.verdict)
          counts[judgement.verdict, default: 0] += 1
          if let distance = judgement.distance {
            distanceCell = .number(
              DisplayRounding.round(judgement.verdict == .low ? -distance : distance, decimals: 2), precision: 2)
          }
        } else {
          verdictCell = .judged(nil, precision: precision, verdict: .noRange)
          counts[.noRange, default: 0] += 1
        }
      } else {
        notJudged += 1
      }
      let change = yearOnYear(court, standing, before)
      let place = standing.places[court]
      let earlierFigure = before?.figures.courts[court]
      rows.append(
        ResultRow(
          cells: [
            .localized(indicatorLabel(indicator, version: version)), valueCell,
            .text(unitText(.indicator(indicator), query.language)),
            standing.range.map { .text($0.text) } ?? .missing(RangeVerdict.noRange.text), verdictCell, distanceCell,
            standing.city.map { .number(DisplayRounding.round($0, decimals: precision), precision: precision) }
              ?? .missing(none),
            change.map { .number(DisplayRounding.round($0, decimals: 2), precision: 2) }
              ?? .missing(LocalizedText(en: "no data for the same period", zh: "无同期数据")),
            change.map { .localized(changeWord($0, indicator.direction)) } ?? .text(""),
            place.map { .rank($0.place, tie: $0.tie) } ?? .rank(nil, tie: false),
            .integer(standing.places.count),
          ],
          isComplete: (figure?.isComplete ?? true) && (earlierFigure?.isComplete ?? true),
          missingPeriods: Array(Set((figure?.missingParts ?? []) + (earlierFigure?.missingParts ?? []))).sorted(),
          signerRevoked: standing.evaluation.revoked.contains(court)))
      // An incomplete figure judged (含不完整) or one from a revoked signer says so on its row.
      rowNotes.append(
        note(
          for: court, [standing.evaluation.used[court], before?.evaluation.used[court]],
          revoked: standing.evaluation.revoked.contains(court)))
    }
    let plainColumns = [
      ResultColumn(key: "indicator", header: LocalizedText(en: "indicator", zh: "指标"), isNumeric: false),
      ResultColumn(key: "value", header: LocalizedText(en: "value", zh: "数值"), isNumeric: true),
      ResultColumn(key: "unit", header: LocalizedText(en: "unit", zh: "单位"), isNumeric: false),
      ResultColumn(key: "range", header: LocalizedText(en: "reference range", zh: "区间参考值"), isNumeric: false),
      ResultColumn(key: "verdict", header: LocalizedText(en: "verdict", zh: "结论"), isNumeric: false),
      ResultColumn(key: "distance", header: LocalizedText(en: "outside by", zh: "超出区间"), isNumeric: true),
      ResultColumn(key: "city", header: LocalizedText(en: "city", zh: scopeText(query).zh), isNumeric: true),
      ResultColumn(key: "change", header: LocalizedText(en: "year on year", zh: "同比变化"), isNumeric: true),
      ResultColumn(key: "trend", header: LocalizedText(en: "better or worse", zh: "改善/退步"), isNumeric: false),
      ResultColumn(key: "rank", header: LocalizedText(en: "place", zh: "名次"), isNumeric: false),
      ResultColumn(key: "ranked", header: LocalizedText(en: "of", zh: "参评法院数"), isNumeric: true),
    ]
    let columns = withNotes(plainColumns, &rows, notes: rowNotes)
    let met = counts[.met, default: 0]
    let judged = met + counts[.high, default: 0] + counts[.low, default: 0]
    var notes = [
      LocalizedText(
        en:
          "\(met) of \(judged) indicators judged are met; \(counts[.high, default: 0]) too high, \(counts[.low, default: 0]) too low"
          + (counts[.noRange].map { "; \($0) without a range" } ?? "")
          + (notJudged > 0 ? "; \(notJudged) not judged" : ""),
        zh: "评判\(judged)项中达标\(met)项,偏高\(counts[.high, default: 0])项,偏低\(counts[.low, default: 0])项"
          + (counts[.noRange].map { ",未设区间\($0)项" } ?? "") + (notJudged > 0 ? ",\(notJudged)项未评判" : "")),
      LocalizedText(
        en: "outside by: the distance from the bound missed (negative below the low bound), in points for rates",
        zh: "超出区间:与未达界限之差(低于下限为负),比率单位为百分点"),
      LocalizedText(
        en:
          "year on year: against \(period.yearEarlier?.description ?? "–"), in points for rates and percent otherwise; better or worse in each indicator's direction",
        zh: "同比变化:与\(period.yearEarlier?.chineseDescription ?? "–")相比,比率为百分点,其他为百分比;改善/退步按各指标的方向判断"),
      LocalizedText(
        en:
          "place: among the courts of \(scopeText(query).en) with complete figures; for internal use (the SPC circulates no rankings)",
        zh: "名次:在\(scopeText(query).zh)数据完整的法院中的位置,仅供内部参考(最高人民法院要求不通报排名)"),
    ]
    if current.contains(where: { $0.indicator.keyIn.contains(version) }) {
      notes.append(LocalizedText(en: "★ key indicator of system \(version)", zh: "★ 为\(version)版重点指标"))
    }
    let name = courtName(court, names)
    let title = LocalizedText(
      en: "\(name.name) health check, \(period)", zh: "\(name.name) 体检表 \(period.chineseDescription)")
    return QueryResult(
      kind: .healthCheck, title: title, columns: columns, rows: rows, notes: notes, language: query.language)
  }

  /// `体检 汇总`: a row per court shown, a column per indicator (value and verdict), and the
  /// indicators met; the city figures as the last row.
  func healthSummary(
    _ query: Query, _ period: Period, _ current: [Standing], _ names: Names, _ scope: [CourtRecord], version: String
  ) -> QueryResult {
    // Column by column: each indicator's figures read by the court's place in the scope the
    // standings were evaluated over (a nation's summary is 38,500 cells).
    let shown = scope.indices.filter { isShown(scope[$0], query) }
    var cells = shown.map { index -> [ResultValue] in
      var row: [ResultValue] = [.court(courtName(scope[index].id, names))]
      row.reserveCapacity(current.count + 4)
      return row
    }
    var met = [Int](repeating: 0, count: shown.count)
    var judged = [Int](repeating: 0, count: shown.count)
    var complete = [Bool](repeating: true, count: shown.count)
    var missing = [Set<Period>](repeating: [], count: shown.count)
    var left = [Set<Period>](repeating: [], count: shown.count)
    var revoked = [Bool](repeating: false, count: shown.count)
    let noData = LocalizedText(en: "no data", zh: "无数据")
    let noValue = LocalizedText(en: "no value", zh: "无数值")
    let leftOut = LocalizedText(en: "left out", zh: "已排除")
    let incomplete = LocalizedText(en: "incomplete", zh: "不完整")
    for standing in current {
      let evaluation = standing.evaluation
      let figures = standing.figures
      let range = standing.range
      let precision = standing.precision
      for (row, index) in shown.enumerated() {
        if !evaluation.revoked.isEmpty && evaluation.revoked.contains(scope[index].id) { revoked[row] = true }
        let position = evaluation.usedAt[index]
        if position >= 0, let value = evaluation.usedInOrder[position].value {
          if !evaluation.usedInOrder[position].isComplete {
            complete[row] = false
            missing[row].formUnion(evaluation.usedInOrder[position].missingParts)
          }
          let shownValue = DisplayRounding.round(value, decimals: precision)
          let verdict = range.map { $0.judge(shownValue).verdict } ?? .noRange
          if verdict != .noRange { judged[row] += 1 }
          if verdict == .met { met[row] += 1 }
          cells[row].append(.judged(shownValue, precision: precision, verdict: verdict))
        } else if position == Evaluation.leftOut, let figure = figures.courts[scope[index].id] {
          if !figure.isComplete, figure.value != nil { left[row].formUnion(figure.missingParts) }
          cells[row].append(.missing(figure.value == nil ? noValue : (figure.isComplete ? leftOut : incomplete)))
        } else {
          cells[row].append(.missing(noData))
        }
      }
    }
    var rows: [ResultRow] = []
    var rowNotes: [LocalizedText?] = []
    var excluded: [ExcludedCourt] = []
    for (row, index) in shown.enumerated() {
      if !left[row].isEmpty {
        excluded.append(
          ExcludedCourt(court: courtName(scope[index].id, names), reason: .incomplete(missing: left[row].sorted())))
      }
      rows.append(
        ResultRow(
          cells: cells[row] + [.integer(met[row]), .integer(judged[row])], isComplete: complete[row],
          missingPeriods: missing[row].sorted(), signerRevoked: revoked[row]))
      rowNotes.append(note(incomplete: !complete[row], missing: missing[row], revoked: revoked[row]))
    }
    var total: [ResultValue] = [.localized(LocalizedText(en: "city (\(scopeText(query).en))", zh: scopeText(query).zh))]
    var cityMet = 0
    var cityJudged = 0
    for standing in current {
      guard let city = standing.city else {
        total.append(.missing(LocalizedText(en: "none", zh: "无")))
        continue
      }
      let value = DisplayRounding.round(city, decimals: standing.precision)
      let verdict = standing.range.map { $0.judge(value).verdict } ?? .noRange
      if verdict != .noRange { cityJudged += 1 }
      if verdict == .met { cityMet += 1 }
      total.append(.judged(value, precision: standing.precision, verdict: verdict))
    }
    total += [.integer(cityMet), .integer(cityJudged)]
    let plainColumns =
      [Self.courtColumn]
      + current.map { standing in
        let label = indicatorLabel(standing.indicator, version: version)
        let unit = Metric.indicator(standing.indicator)
        return ResultColumn(
          key: standing.indicator.key,
          header: LocalizedText(
            en: "\(label.en) (\(unitText(unit, .en)))", zh: "\(label.zh)(\(unitText(unit, .zh)))"),
          isNumeric: true)
      }
      + [
        ResultColumn(key: "met", header: LocalizedText(en: "met", zh: "达标项数"), isNumeric: true),
        ResultColumn(key: "judged", header: LocalizedText(en: "judged", zh: "评判项数"), isNumeric: true),
      ]
    let columns = withNotes(plainColumns, &rows, notes: rowNotes)
    if columns.count > total.count { total.append(.text("")) }
    let title = LocalizedText(
      en: "Health check summary, \(period)\(levelText(query).en)\(namedText(query, names).en)",
      zh: "体检 汇总 \(period.chineseDescription)\(levelText(query).zh)\(namedText(query, names).zh)")
    let notes = [
      LocalizedText(
        en:
          "each cell: the value and its verdict (met, too high, too low); met / judged counts the indicators with a range",
        zh: "每格为数值及结论(达标、偏高、偏低);达标项数/评判项数只计设有区间的指标"),
      LocalizedText(
        en: "courts in the order of their ids, not ranked", zh: "法院按编号排列,不排名"),
      LocalizedText(
        en: "the last row: the city figure of each indicator (the catalog's: pooled), judged the same way",
        zh: "最后一行为各指标的\(scopeText(query).zh)数(按目录口径合并计算),同样评判"),
    ]
    return QueryResult(
      kind: .healthSummary, title: title, columns: columns, rows: rows, totals: [ResultRow(cells: total)], notes: notes,
      excluded: excluded, language: query.language)
  }
}
