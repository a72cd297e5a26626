/// A base measure's value for a period, built from what a court reported.
public struct AggregatedValue: Sendable, Equatable {
  public let value: Double
  /// The reported periods it was built from, in order.
  public let sources: [Period]
  /// False when the period was built from sub-periods and some were not reported (a year
  /// from three quarters). Such a figure is flagged wherever it is shown.
  public let isComplete: Bool

  public init(value: Double, sources: [Period], isComplete: Bool) {
    self.value = value
    self.sources = sources
    self.isComplete = isComplete
  }
}

extension Measure {
  /// The measure's value for `period` from the values a court reported.
  ///
  /// A value reported for the period itself wins. Otherwise the value is built from the
  /// finest complete set of sub-periods (quarters, then months, then halves) by the measure's
  /// aggregation: flows sum, opening stocks take the first sub-period, closing stocks the
  /// last, means average. When no kind of sub-period is complete, the kind with the most
  /// reported periods is used and the result is marked incomplete; stocks need their first
  /// (opening) or last (closing) sub-period and give nil without it.
  ///
  /// - Parameter reported: values by period, as reported for this measure by one court.
  public func aggregate(_ reported: [Period: Double], over period: Period) -> AggregatedValue? {
    if let value = reported[period] {
      return AggregatedValue(value: value, sources: [period], isComplete: true)
    }
    let kinds: [PeriodKind] = [.quarter, .month, .half].filter { $0 < period.kind }
    var best: (parts: [Period], all: [Period])?
    for kind in kinds {
      let all = period.subperiods(of: kind)
      let parts = all.filter { reported[$0] != nil }
      if parts.count == all.count {
        best = (parts, all)
        break
      }
      if !parts.isEmpty, parts.count > (best?.parts.count ?? 0) { best = (parts, all) }
    }
    guard let (parts, all) = best else { return nil }
    let values = parts.map { reported[$0]! }
    let complete = parts.count == all.count
    let value: Double
    switch aggregation {
    case .sum: value = values.reduce(0, +)
    case .mean: value = values.reduce(0, +) / Double(values.count)
    case .opening:
      guard parts.first == all.first else { return nil }
      value = values[0]
    case .closing:
      guard parts.last == all.last else { return nil }
      value = values[values.count - 1]
    }
    return AggregatedValue(value: value, sources: parts, isComplete: complete)
  }
}
