import CourtFedModel

/// The SQL views that turn stored base measures into figures per court and period, following
/// the catalog: `period_values` adds up quarters and months into longer periods by each
/// measure's aggregation over time; `indicator_values` computes every indicator from them.
/// Names and formulas come from the catalog, never from a user.
package enum CatalogViews {
  /// Every measure value per court and period: as reported, or built from the finest
  /// complete set of reported sub-periods (quarters, then months, then halves) by the
  /// measure's aggregation: flows sum, opening stocks take the first part, closing stocks the
  /// last, means average. `complete` is 0 when parts are missing (a year from three quarters).
  static let periodValues = "CREATE VIEW period_values AS\n" + periodValuesSelect(filtered: false)

  /// The select behind `period_values`. Filtered, it builds only the periods the caller binds:
  /// `?1` a JSON array of measure keys, `?2` a JSON array of periods, each
  /// `[year, first month, months, kind, text]`. The query planner uses it so that a question
  /// about one metric in one period rolls up nothing else.
  package static func periodValuesSelect(filtered: Bool) -> String {
    let reportedFilter =
      filtered
      ? " WHERE measure IN (SELECT value FROM json_each(?1))"
        + " AND period IN (SELECT json_extract(value, '$[4]') FROM json_each(?2))" : ""
    let parts =
      filtered
      ? """
      targets AS (
        SELECT json_extract(value, '$[0]') AS year, json_extract(value, '$[1]') AS first,
               json_extract(value, '$[2]') AS months, json_extract(value, '$[3]') AS kind
        FROM json_each(?2)
      ),
      parts AS (
        -- CROSS JOIN keeps the targets outside, so the index serves measure and year together.
        SELECT v.court, v.measure, v.value, v.kind AS part_kind, v.first_month, v.last_month, v.year,
               t.kind AS target_kind, t.months AS target_months, t.first AS target_first, c.aggregation
        FROM targets t
        CROSS JOIN measure_values v ON v.measure IN (SELECT value FROM json_each(?1)) AND v.year = t.year
          AND v.first_month >= t.first AND v.last_month <= t.first + t.months - 1
        JOIN catalog_measures c ON c.key = v.measure
        WHERE t.months > v.last_month - v.first_month + 1
      )
      """
      : """
      targets (kind, months, rank) AS (VALUES ('quarter', 3, 1), ('half', 6, 2), ('year', 12, 3)),
      parts AS (
        SELECT v.court, v.measure, v.value, v.kind AS part_kind, v.first_month, v.last_month, v.year,
               t.kind AS target_kind, t.months AS target_months,
               (v.first_month - 1) / t.months * t.months + 1 AS target_first,
               c.aggregation
        FROM measure_values v
        JOIN catalog_measures c ON c.key = v.measure
        JOIN targets t ON t.months > v.last_month - v.first_month + 1
      )
      """
    return """
      WITH \(parts),
      ordered AS (
        SELECT *,
               FIRST_VALUE(value) OVER w AS opening,
               LAST_VALUE(value) OVER w AS closing
        FROM parts
        WINDOW w AS (
          PARTITION BY court, measure, year, target_kind, target_first, part_kind ORDER BY first_month
          ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
      ),
      rolled AS (
        SELECT court, measure, year, target_kind, target_months, target_first, part_kind, aggregation,
               CASE target_kind
                 WHEN 'year' THEN CAST(year AS TEXT)
                 WHEN 'half' THEN year || 'H' || ((target_first - 1) / 6 + 1)
                 ELSE year || 'Q' || ((target_first - 1) / 3 + 1)
               END AS period,
               COUNT(*) AS parts,
               SUM(last_month - first_month + 1) AS months_covered,
               MIN(first_month) AS first_part_month,
               MAX(last_month) AS last_part_month,
               SUM(value) AS total,
               AVG(value) AS mean,
               MAX(opening) AS opening,
               MAX(closing) AS closing
        FROM ordered
        GROUP BY court, measure, year, target_kind, target_first, part_kind
      ),
      chosen AS (
        SELECT *, months_covered = target_months AS complete,
               ROW_NUMBER() OVER (
                 PARTITION BY court, measure, period
                 ORDER BY months_covered = target_months DESC,
                          CASE part_kind WHEN 'quarter' THEN 0 WHEN 'month' THEN 1 ELSE 2 END, parts DESC
               ) AS choice
        FROM rolled
      )
      SELECT court, period, measure, value, 1 AS parts, 1 AS complete, 'reported' AS source
      FROM measure_values\(reportedFilter)
      UNION ALL
      SELECT court, period, measure,
             CASE aggregation
               WHEN 'sum' THEN total
               WHEN 'mean' THEN mean
               WHEN 'opening' THEN CASE WHEN first_part_month = target_first THEN opening END
               WHEN 'closing' THEN CASE WHEN last_part_month = target_first + target_months - 1 THEN closing END
             END AS value,
             parts, complete, part_kind AS source
      FROM chosen
      WHERE choice = 1
        AND NOT EXISTS (SELECT 1 FROM measure_values r WHERE r.court = chosen.court AND r.period = chosen.period AND r.measure = chosen.measure)
        AND CASE aggregation
              WHEN 'opening' THEN first_part_month = target_first
              WHEN 'closing' THEN last_part_month = target_first + target_months - 1
              ELSE 1
            END
      """
  }

  /// One row per court, period and indicator: numerator, denominator and value, computed by
  /// the catalog's formula from `period_values`; rows where an input is missing are left out.
  static func indicatorValues(_ catalog: MetricCatalog) -> String {
    let selects = catalog.indicators.map { indicatorSelect($0, from: "period_values") }
    guard !selects.isEmpty else {
      // A catalog without indicators still gets the view, empty.
      return "CREATE VIEW indicator_values AS SELECT NULL AS court, NULL AS period, NULL AS indicator, "
        + "NULL AS numerator, NULL AS denominator, NULL AS value, NULL AS complete WHERE 0"
    }
    return "CREATE VIEW indicator_values AS\n" + selects.joined(separator: "\nUNION ALL\n")
  }

  /// One indicator's rows, computed by its formula from `source` (the view, or a filtered
  /// `period_values` the planner builds). Names and formulas come from the catalog.
  package static func indicatorSelect(_ indicator: Indicator, from source: String) -> String {
    func sum(_ terms: [Term]) -> String {
      let cases = terms.map { "WHEN '\($0.measure)' THEN \($0.sign < 0 ? "-" : "")value" }.joined(separator: " ")
      return "SUM(CASE measure \(cases) END)"
    }
    let inputs = indicator.inputs
    let list = inputs.map { "'\($0)'" }.joined(separator: ", ")
    let numerator = sum(indicator.numerator)
    let denominator = indicator.denominator.map(sum) ?? "NULL"
    let value =
      indicator.denominator == nil
      ? "\(numerator) * \(indicator.scale)"
      : "CASE WHEN \(denominator) <> 0 THEN \(numerator) * \(indicator.scale) / \(denominator) END"
    return """
      SELECT court, period, '\(indicator.key)' AS indicator, \(numerator) AS numerator, \(denominator) AS denominator,
             \(value) AS value, MIN(complete) AS complete
      FROM \(source) WHERE measure IN (\(list))
      GROUP BY court, period HAVING COUNT(DISTINCT measure) = \(inputs.count)
      """
  }
}
