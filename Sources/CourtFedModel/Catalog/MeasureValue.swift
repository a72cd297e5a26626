/// One reported figure: a court's value of a base measure for a period.
public struct MeasureValue: Sendable, Hashable, Codable {
  /// The period the figure covers, of the measure's periodicity.
  public var period: Period
  /// The measure's key.
  public var measure: String
  /// The figure, in the measure's unit (a count of cases, days, yuan…).
  public var value: Double

  /// The figure `value` of `measure` for `period`; the workspace loader checks it against the catalog.
  public init(period: Period, measure: String, value: Double) {
    self.period = period
    self.measure = measure
    self.value = value
  }

  /// The value written without needless digits: `3302`, `88.5`, `600000000`.
  package static func format(_ value: Double) -> String {
    if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
    return String(value)
  }
}
