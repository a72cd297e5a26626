import CourtFedModel
import CourtFedQuery
import Foundation

/// Reference ranges and health checks (`Specs/reference-ranges.md`), written plainly from the
/// spec over the oracle's in-memory figures: bounds compared by hand, the version by its
/// effective month, the city figure pooled from the used figures.
extension Oracle {
  /// A range as the test wrote it into a ranges file.
  struct Bounds {
    var low: Double?
    var lowInclusive = true
    var high: Double?
    var highInclusive = true
  }

  /// `met`, `low`, `high`, or `no_range` when the file sets none.
  static func verdict(_ value: Double, _ bounds: Bounds?) -> String {
    guard let bounds else { return "no_range" }
    if let low = bounds.low, value < low || (value == low && !bounds.lowInclusive) { return "low" }
    if let high = bounds.high, value > high || (value == high && !bounds.highInclusive) { return "high" }
    return "met"
  }

  /// The version in force at the end of `period`: 2024.09 from September 2024, else 2024.01
  /// (periods before 2024 included).
  static func version(_ period: Period) -> String {
    period.year * 12 + months(period).upperBound >= 2024 * 12 + 9 ? "2024.09" : "2024.01"
  }

  /// One court's row of a health-check summary: `95.12 met` per indicator (`-` when not
  /// judged), the indicators met and judged.
  struct HealthRow: Equatable, CustomStringConvertible {
    var court: String
    var cells: [String]
    var met: Int
    var judged: Int
    var description: String { "\(court) \(cells.joined(separator: " | ")) met \(met)/\(judged)" }
  }

  /// `体检 汇总` by the spec; nil when the period has no figure of any indicator.
  func healthSummary(_ query: Query, ranges: [String: Bounds]) -> (period: Period, rows: [HealthRow], city: [String])? {
    let scope = scope(query)
    let first = Metric.indicator(catalog.indicators.first { $0.key == "closure_rate" }!)
    guard let period = query.period ?? latestComplete(first, scope, kinds: [.year, .quarter, .month]) else {
      return nil
    }
    let indicators = catalog.indicators.filter { $0.systems.contains(Self.version(period)) }
    var figures: [String: [String: Figure]] = [:]
    for indicator in indicators {
      for court in scope {
        figures[indicator.key, default: [:]][court.id] = figure(court.id, .indicator(indicator), period)
      }
    }
    guard figures.values.contains(where: { !$0.isEmpty }) else { return nil }
    func used(_ figure: Figure?) -> Figure? {
      guard let figure, figure.value != nil, figure.complete || query.includeIncomplete else { return nil }
      return figure
    }
    var rows: [HealthRow] = []
    for court in scope where isShown(court, query) {
      var row = HealthRow(court: court.id, cells: [], met: 0, judged: 0)
      for indicator in indicators {
        guard let figure = used(figures[indicator.key]?[court.id]) else {
          row.cells.append("-")
          continue
        }
        let value = Self.round(figure.value!, indicator.precision)
        let verdict = Self.verdict(value, ranges[indicator.key])
        if verdict != "no_range" { row.judged += 1 }
        if verdict == "met" { row.met += 1 }
        row.cells.append("\(value) \(verdict)")
      }
      rows.append(row)
    }
    let city = indicators.map { indicator -> String in
      let list = scope.compactMap { used(figures[indicator.key]?[$0.id]) }
      let denominator = list.reduce(0.0) { $0 + $1.denominator! }
      guard !list.isEmpty, denominator != 0 else { return "-" }
      let value = Self.round(
        list.reduce(0.0) { $0 + $1.numerator! } / denominator * indicator.scale, indicator.precision)
      return "\(value) \(Self.verdict(value, ranges[indicator.key]))"
    }
    return (period, rows, city)
  }

  /// `X 不达标`: the used figures outside the range, in the full ranking's order, as rows of
  /// place, value, bound missed and distance (two decimals).
  func outsideRange(_ query: Query, _ indicator: Indicator, bounds: Bounds) -> [Answer.Row]? {
    let scope = scope(query)
    let metric = Metric.indicator(indicator)
    guard let period = query.period ?? latestComplete(metric, scope, kinds: [.year, .quarter, .month]) else {
      return nil
    }
    var entries: [(String, Double)] = []
    for court in scope {
      guard let figure = figure(court.id, metric, period), let value = figure.value,
        figure.complete || query.includeIncomplete
      else { continue }
      entries.append((court.id, Self.round(value, indicator.precision)))
    }
    let shown = Set(scope.filter { isShown($0, query) }.map(\.id))
    let outside = Self.ranked(entries, lowerIsBetter: indicator.direction == .lower).filter {
      shown.contains($0.court) && Self.verdict($0.key, bounds) != "met"
    }
    return Self.cut(outside, query.limit, bottom: query.fromBottom) { $0.key }.map { entry in
      let low = Self.verdict(entry.key, bounds) == "low"
      let bound = low ? bounds.low! : bounds.high!
      let distance = Self.round(low ? bound - entry.key : entry.key - bound, 2)
      return Answer.Row(place: entry.place, tie: entry.tie, key: entry.court, numbers: [entry.key, bound, distance])
    }
  }
}
