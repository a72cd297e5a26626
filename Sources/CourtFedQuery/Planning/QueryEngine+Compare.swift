import CourtFedModel
import Foundation
import GRDB

extension QueryEngine {
  /// Each court beside the city figure: pooled Σ numerators / Σ denominators by default for
  /// ratios, the plain mean when asked (`vs mean`, 各院平均) or for counts and scores, the
  /// weighted mean where the catalog says so. The output always says which.
  func versus(_ query: Query, _ metric: Metric, _ period: Period) throws -> QueryResult {
    let (base, baseArguments) = source(metric, query, periods: [period])
    var arguments = scope(metric, periods: [period]) + baseArguments
    let kind: CityFigure
    switch query.average {
    case .mean: kind = .mean
    case .pooled: kind = .pooled
    case .catalog: kind = metric.cityFigure == .sum ? .mean : metric.cityFigure
    }
    var with = "WITH source AS (\(base))"
    let figure: String
    var explanation: LocalizedText
    switch kind {
    case .pooled:
      guard case .indicator(let indicator) = metric else { fallthrough }
      figure = "(SELECT SUM(numerator) * ? / SUM(denominator) FROM source WHERE value IS NOT NULL)"
      arguments.append(indicator.scale)
      explanation = LocalizedText(
        en: "city figure: pooled, Σ numerators / Σ denominators of the courts shown",
        zh: "全市数:加权计算(各院分子之和 ÷ 分母之和)")
    case .weightedMean:
      guard case .measure(let measure) = metric, let weight = measure.weight else { fallthrough }
      with += ", weights AS (SELECT court, value AS weight FROM period_values WHERE measure = ? AND period = ?)"
      arguments += [weight, period.description]
      figure = "(SELECT SUM(s.value * w.weight) / SUM(w.weight) FROM source s JOIN weights w ON w.court = s.court)"
      explanation = LocalizedText(
        en: "city figure: mean weighted by \(catalog.measure(key: weight)?.nameEn ?? weight)",
        zh: "全市数:按\(catalog.measure(key: weight)?.nameZh ?? weight)加权平均")
    case .mean, .sum:
      figure = "(SELECT AVG(value) FROM source WHERE value IS NOT NULL)"
      explanation = LocalizedText(en: "city figure: plain mean of the courts shown (各院平均)", zh: "全市数:各院简单平均")
    }
    let isRate = metric.unit == .percent
    let best = bestFirst(metric)
    let filter =
      query.aboveAverage.map { above in
        metric.direction == .lower
          ? (above ? "AND s.value < city.figure" : "AND s.value > city.figure")
          : (above ? "AND s.value > city.figure" : "AND s.value < city.figure")
      } ?? ""
    let precision = metric.precision
    // Every court is shown, so the statement sorts once and the ranks are counted from its
    // order (a window would sort the courts a second time).
    let sql = """
      \(with), city AS (SELECT \(figure) AS figure)
      SELECT s.court, c.short_name, ROUND(s.value, ?) AS shown, city.figure AS figure,
             CASE WHEN ? THEN s.value - city.figure ELSE (s.value - city.figure) / city.figure * 100 END AS difference
      FROM source s JOIN courts c ON c.id = s.court, city
      WHERE s.value IS NOT NULL \(filter)
      ORDER BY shown \(best), s.court
      """
    arguments += [precision, isRate]
    // Cells by column position in the SELECT above.
    let rows = try rankedRows(sql, arguments, limit: nil) { row in
      let shown: Double = row[2]
      return (
        shown,
        [
          .text(row[1]), .number(shown, precision: precision), .number(row[3], precision: precision),
          .number(row[4], precision: 2),
        ]
      )
    }
    if case .number(let cityFigure, _) = rows.first?[3] {
      let shown = String(format: "%.\(precision)f", cityFigure) + (isRate ? "%" : "")
      explanation.en += " = \(shown)"
      explanation.zh += " = \(shown)"
    }
    let language = query.language
    var notes: [LocalizedText] = []
    notes.append(
      isRate
        ? LocalizedText(en: "difference in percentage points", zh: "差值单位:百分点")
        : LocalizedText(en: "difference in percent of the city figure", zh: "差值为相对全市数的百分比"))
    let differenceHeader =
      isRate
      ? LocalizedText(en: "vs city (points)", zh: "与全市数之差(百分点)") : LocalizedText(en: "vs city (%)", zh: "与全市数相比(%)")
    let title = LocalizedText(
      en: "\(metric.name(in: .en)) vs the city, \(period.description)",
      zh: "\(metric.name(in: .zh)) 对比全市 \(period.chineseDescription)")
    var result = QueryResult(
      title: title,
      columns: [
        Self.rankColumn,
        Self.courtColumn,
        valueColumn(metric),
        ResultColumn(key: "city", header: LocalizedText(en: "city", zh: "全市"), isNumeric: true),
        ResultColumn(key: "difference", header: differenceHeader, isNumeric: true),
      ],
      rows: rows, notes: notes, language: language, sql: sql,
      arguments: arguments.map { "\($0.map { "\($0)" } ?? "NULL")" })
    result.provenance.cityFigure = explanation
    return result
  }

  /// Each court's change against the same period a year earlier (同比) or the previous period
  /// (环比), matched by period key: a missing earlier period shows as no data, never as a
  /// neighbouring row. Rates change in points, other figures in percent.
  func change(_ query: Query, _ metric: Metric, _ period: Period, _ kind: Query.ChangeKind) throws -> QueryResult {
    let earlierPeriod = (kind == .yearOnYear ? period.yearEarlier : period.previous) ?? period
    let (source, sourceArguments) = source(metric, query, periods: [period, earlierPeriod])
    let isRate = metric.unit == .percent
    let precision = metric.precision
    let best = bestFirst(metric)
    // One pass over both periods' values, each court's pair side by side (matched by period
    // key, never by row offset); sorted once, ranked from that order, cut to the limit here.
    let rankedOn = query.rankByChange ? "ROUND(change, 2)" : "current"
    let sql = """
      WITH source AS (\(source)),
      pairs AS (
        SELECT court, MAX(CASE WHEN period = ? THEN value END) AS now, MAX(CASE WHEN period = ? THEN value END) AS before
        FROM source GROUP BY court
      ),
      changes AS (
        SELECT court, ROUND(before, ?) AS earlier, ROUND(now, ?) AS current,
               CASE WHEN before IS NULL OR (NOT ? AND before = 0) THEN NULL
                    WHEN ? THEN now - before ELSE (now - before) / before * 100 END AS change
        FROM pairs WHERE now IS NOT NULL
      )
      SELECT x.court, c.short_name, x.earlier, x.current, x.change, \(rankedOn) AS ranked_on
      FROM changes x JOIN courts c ON c.id = x.court
      ORDER BY ranked_on IS NULL, ranked_on \(best), x.court
      """
    let arguments: [DatabaseValueConvertible?] =
      scope(metric, periods: [period, earlierPeriod]) + sourceArguments
      + [period.description, earlierPeriod.description, precision, precision, isRate, isRate]
    let noData = LocalizedText(en: "no data for the same period", zh: "无同期数据")
    // Cells by column position in the SELECT above.
    let rows = try rankedRows(sql, arguments, limit: query.limit) { row in
      let earlier: Double? = row[2]
      let change: Double? = row[4]
      return (
        row[5] as Double?,
        [
          .text(row[1]), earlier.map { .number($0, precision: precision) } ?? .missing(noData),
          .number(row[3], precision: precision), change.map { .number($0, precision: 2) } ?? .missing(noData),
        ]
      )
    }
    let label =
      kind == .yearOnYear
      ? LocalizedText(en: "year on year", zh: "同比") : LocalizedText(en: "on the previous period", zh: "环比")
    var notes: [LocalizedText] = []
    notes.append(
      LocalizedText(
        en: "compared with \(earlierPeriod) (\(label.en))", zh: "与\(earlierPeriod.chineseDescription)相比(\(label.zh))"))
    notes.append(
      isRate
        ? LocalizedText(en: "change in percentage points", zh: "变化单位:百分点")
        : LocalizedText(en: "change in percent", zh: "变化为百分比"))
    let title = LocalizedText(
      en: "\(metric.name(in: .en)) \(label.en), \(period.description)",
      zh: "\(metric.name(in: .zh)) \(label.zh) \(period.chineseDescription)")
    return QueryResult(
      title: title,
      columns: [
        Self.rankColumn,
        Self.courtColumn,
        ResultColumn(
          key: "earlier", header: LocalizedText(en: earlierPeriod.description, zh: earlierPeriod.chineseDescription),
          isNumeric: true),
        ResultColumn(
          key: "current", header: LocalizedText(en: period.description, zh: period.chineseDescription), isNumeric: true),
        ResultColumn(
          key: "change",
          header: isRate
            ? LocalizedText(en: "change (points)", zh: "变化(百分点)") : LocalizedText(en: "change (%)", zh: "变化(%)"),
          isNumeric: true),
      ],
      rows: rows, notes: notes, language: query.language, sql: sql,
      arguments: arguments.map { "\($0.map { "\($0)" } ?? "NULL")" })
  }
}
