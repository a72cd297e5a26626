import CourtFedModel
import Foundation
import GRDB

extension QueryEngine {
  /// Each court beside the city figure: pooled Σ numerators / Σ denominators by default for
  /// ratios, the plain mean when asked (`vs mean`, 各院平均) or for counts and scores, the
  /// weighted mean where the catalog says so. The output always says which.
  func versus(_ query: Query, _ metric: Metric, _ period: Period) throws -> QueryResult {
    let (base, baseArguments) = source(metric, query, parameter: period.description)
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
    let sql = """
      \(with), city AS (SELECT \(figure) AS figure)
      SELECT RANK() OVER (ORDER BY ROUND(s.value, ?) \(best)) AS position, c.short_name, ROUND(s.value, ?) AS shown,
             city.figure AS figure,
             CASE WHEN ? THEN s.value - city.figure ELSE (s.value - city.figure) / city.figure * 100 END AS difference
      FROM source s JOIN courts c ON c.id = s.court, city
      WHERE s.value IS NOT NULL \(filter)
      ORDER BY position, s.court
      """
    arguments += [precision, precision, isRate]
    let rows = try store.read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
    let cityFigure = rows.first.map { $0["figure"] as Double }
    if let cityFigure {
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
      rows: rows.map { row in
        [
          .text("\(row["position"] as Int)"), .text(row["short_name"]), .number(row["shown"], precision: precision),
          .number(row["figure"], precision: precision), .number(row["difference"], precision: 2),
        ]
      }, notes: notes, language: language, sql: sql, arguments: arguments.map { "\($0.map { "\($0)" } ?? "NULL")" })
    result.provenance.cityFigure = explanation
    return result
  }

  /// Each court's change against the same period a year earlier (同比) or the previous period
  /// (环比), matched by period key: a missing earlier period shows as no data, never as a
  /// neighbouring row. Rates change in points, other figures in percent.
  func change(_ query: Query, _ metric: Metric, _ period: Period, _ kind: Query.ChangeKind) throws -> QueryResult {
    let earlierPeriod = (kind == .yearOnYear ? period.yearEarlier : period.previous) ?? period
    let (now, nowArguments) = source(metric, query, parameter: period.description)
    let (before, beforeArguments) = source(metric, query, parameter: earlierPeriod.description)
    let isRate = metric.unit == .percent
    let precision = metric.precision
    let best = bestFirst(metric)
    let ordering =
      query.rankByChange ? "change IS NULL, ROUND(change, 2) \(best)" : "ROUND(current, \(precision)) \(best)"
    let sql = """
      WITH now AS (\(now)), before AS (\(before)),
      changes AS (
        SELECT n.court, c.short_name, ROUND(b.value, ?) AS earlier, ROUND(n.value, ?) AS current,
               CASE WHEN b.value IS NULL OR (NOT ? AND b.value = 0) THEN NULL
                    WHEN ? THEN n.value - b.value ELSE (n.value - b.value) / b.value * 100 END AS change
        FROM now n JOIN courts c ON c.id = n.court LEFT JOIN before b ON b.court = n.court
        WHERE n.value IS NOT NULL
      ),
      ranked AS (SELECT *, RANK() OVER (ORDER BY \(ordering)) AS position FROM changes)
      SELECT * FROM ranked WHERE ? IS NULL OR position <= ? ORDER BY position, court
      """
    let arguments: [DatabaseValueConvertible?] =
      scope(metric, periods: [period, earlierPeriod]) + nowArguments + beforeArguments
      + [precision, precision, isRate, isRate, query.limit, query.limit]
    let rows = try store.read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
    let noData = LocalizedText(en: "no data for the same period", zh: "无同期数据")
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
      rows: rows.map { row in
        let earlier: Double? = row["earlier"]
        let change: Double? = row["change"]
        return [
          .text("\(row["position"] as Int)"), .text(row["short_name"]),
          earlier.map { .number($0, precision: precision) } ?? .missing(noData),
          .number(row["current"], precision: precision),
          change.map { .number($0, precision: 2) } ?? .missing(noData),
        ]
      }, notes: notes, language: query.language, sql: sql,
      arguments: arguments.map { "\($0.map { "\($0)" } ?? "NULL")" })
  }
}
