import CourtFedModel

/// The SQL views that turn stored base measures into figures per court and period, following
/// the catalog: `period_values` puts reported values beside the stored roll-ups;
/// `indicator_values` computes every indicator from them.
/// Names and formulas come from the catalog, never from a user.
package enum CatalogViews {
  /// Every measure value per court and period: as reported, and every quarter, half and year
  /// built from reported sub-periods (`rolled_values`, kept by the merge; see `RollUp`).
  static let periodValues = """
    CREATE VIEW period_values AS
    SELECT court, period, measure, value, 1 AS parts, 1 AS complete, 'reported' AS source FROM measure_values
    UNION ALL
    SELECT court, period, measure, value, parts, complete, source FROM rolled_values
    """

  /// `period_values` for only the measures and periods the caller binds, as numbered
  /// parameters: `?1` to `?measures` the measure keys, the next `periods` the period texts
  /// (anonymous `?` after it number on from there). Both halves are index lookups by
  /// (measure, period), so a question about one period reads that period's rows, however
  /// long the history.
  package static func periodValuesFiltered(measures: Int, periods: Int) -> String {
    let measureList = (1...measures).map { "?\($0)" }.joined(separator: ", ")
    let periodList = (measures + 1...measures + periods).map { "?\($0)" }.joined(separator: ", ")
    return """
      SELECT court, period, measure, value, 1 AS complete FROM measure_values
      WHERE measure IN (\(measureList)) AND period IN (\(periodList))
      UNION ALL
      SELECT court, period, measure, value, complete FROM rolled_values
      WHERE measure IN (\(measureList)) AND period IN (\(periodList))
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
  /// `period_values` the planner builds). Names and formulas come from the catalog. With
  /// `onePeriod`, `source` holds a single period, and grouping by court alone gives the same
  /// groups from a shorter sort key.
  package static func indicatorSelect(_ indicator: Indicator, from source: String, onePeriod: Bool = false)
    -> String
  {
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
      GROUP BY \(onePeriod ? "court" : "court, period") HAVING COUNT(*) = \(inputs.count)
      """
  }
}
