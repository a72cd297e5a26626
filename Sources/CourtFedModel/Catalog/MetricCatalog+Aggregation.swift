/// A base measure's value for a period, built from what a court reported.
package struct AggregatedValue: Sendable, Equatable {
  package let value: Double
  /// The reported periods it was built from, in order.
  package let sources: [Period]
  /// False when the period was built from sub-periods and some were not reported (a year
  /// from three quarters). Such a figure is flagged wherever it is shown.
  package let isComplete: Bool

  package init(value: Double, sources: [Period], isComplete: Bool) {
    self.value = value
    self.sources = sources
    self.isComplete = isComplete
  }
}

extension Measure {
  /// The measure's value for `period` from the values a court reported.
  ///
  /// A value reported for the period itself wins. Otherwise the parts are chosen by
  /// `PartChoice` and combined by the measure's aggregation (`TemporalAggregation.combine`).
  ///
  /// - Parameter reported: values by period, as reported for this measure by one court.
  package func aggregate(_ reported: [Period: Double], over period: Period) -> AggregatedValue? {
    if let value = reported[period] {
      return AggregatedValue(value: value, sources: [period], isComplete: true)
    }
    guard
      let choice = PartChoice.choose(for: period.kind, isReported: { reported[period.part($0, at: $1)] != nil }),
      let value = aggregation.combine((0..<choice.count).map { reported[period.part(choice.kind, at: $0)] })
    else { return nil }
    let sources = choice.present.map { period.part(choice.kind, at: $0) }
    return AggregatedValue(value: value, sources: sources, isComplete: choice.isComplete)
  }
}
