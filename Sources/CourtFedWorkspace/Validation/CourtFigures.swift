import CourtFedModel

/// One court's measure values as a table: a row per period, a column per measure of the
/// catalog. What `MeasureChecks` reads; the workspace fills it from its rows, the bundle
/// verifier from a bundle's, so both are checked by the same code. Its size is the periods
/// times the catalog's measures, however many rows there are.
package struct CourtFigures: Sendable {
  package let catalog: MetricCatalog
  /// The periods, in order.
  package let periods: [Period]
  private let periodIndex: [Period: Int]
  private let measureIndex: [String: Int]
  /// `periods.count × catalog.measures.count` values; NaN where nothing was reported.
  private var values: [Double]

  /// An empty table for `periods` (sorted, each once).
  package init(periods: [Period], catalog: MetricCatalog) {
    self.catalog = catalog
    self.periods = periods
    periodIndex = Dictionary(periods.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    measureIndex = Dictionary(
      catalog.measures.enumerated().map { ($1.key, $0) }, uniquingKeysWith: { first, _ in first })
    values = [Double](repeating: .nan, count: periods.count * catalog.measures.count)
  }

  /// The position of `period` in `periods`.
  package func index(of period: Period) -> Int? { periodIndex[period] }

  /// The position of the measure `key` in the catalog.
  package func index(ofMeasure key: String) -> Int? { measureIndex[key] }

  /// Sets the value of the catalog's measure number `measure` for period number `period`.
  package mutating func set(_ value: Double, period: Int, measure: Int) {
    values[period &* catalog.measures.count &+ measure] = value
  }

  /// The value of measure number `measure` for period number `period`, if reported.
  package func value(period: Int, measure: Int) -> Double? {
    let value = values[period &* catalog.measures.count &+ measure]
    return value.isNaN ? nil : value
  }

  /// The value of the measure `key` for period number `period`, if reported.
  package func value(period: Int, measure key: String) -> Double? {
    measureIndex[key].flatMap { value(period: period, measure: $0) }
  }

  /// Whether anything was reported for period number `period`.
  package func hasValues(period: Int) -> Bool {
    let count = catalog.measures.count
    return values[period * count..<(period + 1) * count].contains { !$0.isNaN }
  }
}
