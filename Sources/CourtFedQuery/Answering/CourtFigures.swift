import CourtFedModel
import CourtFedStore

/// One court's figure of a metric for one period, computed from its stored measure values by
/// the catalog's formula (the same as the database's `indicator_values` view).
struct CourtFigure: Sendable {
  var court: String
  /// Nil when it cannot be computed (a denominator of zero): `noValue` says why.
  var value: Double?
  var numerator: Double?
  var denominator: Double?
  /// For a weighted city figure: the court's weight (a survey's responses).
  var weight: Double?
  /// False when some input is built from part of its sub-periods.
  var isComplete: Bool
  /// The parts missing from the incomplete inputs.
  var missingParts: [Period]
  var bundles: Set<Int64>
  var noValue: LocalizedText?
}

/// Every court's figure of a metric for one period (or year to date).
struct MetricFigures: Sendable {
  let metric: Metric
  let span: Span
  /// Courts with every input, by id.
  var courts: [String: CourtFigure]

  /// The calendar periods read from the store for `span`: the period itself, or the parts of a
  /// year to date no calendar period covers.
  static func periods(_ span: Span) -> [Period] {
    switch span {
    case .period(let period): [period]
    case .yearToDate(let ytd): ytd.standardPeriod.map { [$0] } ?? ytd.parts
    }
  }

  /// Reads the metric's measures (and its weight) for `span` from `reader` and computes each
  /// court's figure. A court lacking an input has no figure.
  static func read(_ metric: Metric, _ span: Span, from reader: StoreReader) throws(StoreError) -> MetricFigures {
    var measures = metric.inputs
    let weight: String? =
      if case .measure(let measure) = metric, measure.cityFigure == .weightedMean { measure.weight } else { nil }
    if let weight { measures.append(weight) }
    let periods = periods(span)
    let stored = try reader.figures(measures: measures, periods: periods)
    if periods.count == 1 { return compute(metric, span, stored: stored, key: periods[0], weight: weight) }
    let composed = yearToDate(stored, parts: periods, catalog: reader.catalog)
    return compute(metric, span, stored: composed, key: .year(span.year), weight: weight)
  }

  /// Each court's measures over `parts` (the quarters or months from January), by the catalog's
  /// aggregation: flows sum, opening stocks take the first part, closing stocks the last,
  /// means average. Complete only when every part is there and complete; otherwise built from
  /// the parts there and lacking the others (a stock lacking its first or last part has no
  /// value). Returned under the year's period as key.
  static func yearToDate(_ stored: [StoredFigure], parts: [Period], catalog: MetricCatalog) -> [StoredFigure] {
    var byCourtMeasure: [String: [String: [Period: StoredFigure]]] = [:]
    for figure in stored {
      byCourtMeasure[figure.court, default: [:]][figure.measure, default: [:]][figure.period] = figure
    }
    var result: [StoredFigure] = []
    for (court, measures) in byCourtMeasure {
      for (key, byPeriod) in measures {
        guard let measure = catalog.measure(key: key) else { continue }
        let present = parts.compactMap { byPeriod[$0] }
        guard !present.isEmpty else { continue }
        let values = present.map(\.value)
        let value: Double
        switch measure.aggregation {
        case .sum: value = values.reduce(0, +)
        case .mean: value = values.reduce(0, +) / Double(values.count)
        case .opening:
          guard let first = byPeriod[parts[0]] else { continue }
          value = first.value
        case .closing:
          guard let last = byPeriod[parts[parts.count - 1]] else { continue }
          value = last.value
        }
        let absent = parts.filter { byPeriod[$0] == nil }
        let missing = Array(Set(absent + present.flatMap(\.missingParts))).sorted()
        result.append(
          StoredFigure(
            court: court, period: .year(parts[0].year), measure: key, value: value,
            isComplete: absent.isEmpty && present.allSatisfy(\.isComplete), missingParts: missing,
            bundles: Array(Set(present.flatMap(\.bundles))).sorted()))
      }
    }
    return result
  }

  /// Each court's figure from its stored values for the period `key`.
  static func compute(_ metric: Metric, _ span: Span, stored: [StoredFigure], key: Period, weight: String?)
    -> MetricFigures
  {
    let inputs = metric.inputs
    var byCourt: [String: [String: StoredFigure]] = [:]
    byCourt.reserveCapacity(stored.count / max(1, inputs.count) + 1)
    for figure in stored where figure.period == key { byCourt[figure.court, default: [:]][figure.measure] = figure }
    var courts: [String: CourtFigure] = [:]
    courts.reserveCapacity(byCourt.count)
    for (court, values) in byCourt {
      guard inputs.allSatisfy({ values[$0] != nil }) else { continue }
      let used = inputs.compactMap { values[$0] }
      let isComplete = used.allSatisfy(\.isComplete)
      var bundles = Set<Int64>(minimumCapacity: 2)
      for figure in used { bundles.formUnion(figure.bundles) }
      var figure = CourtFigure(
        court: court, isComplete: isComplete,
        missingParts: isComplete ? [] : Array(Set(used.flatMap(\.missingParts))).sorted(), bundles: bundles)
      let numbers = values.mapValues(\.value)
      switch metric {
      case .measure(let measure):
        figure.value = numbers[measure.key]
      case .indicator(let indicator):
        figure.numerator = indicator.numerator.total(in: numbers)
        if let denominator = indicator.denominator {
          figure.denominator = denominator.total(in: numbers)
          if figure.denominator == 0 {
            figure.noValue = LocalizedText(
              en: "no value: its denominator is 0", zh: "分母为0,无法计算")
          }
        }
        figure.value = indicator.value(from: numbers)
      }
      if let value = figure.value, !value.isFinite {
        figure.value = nil
        figure.noValue = LocalizedText(en: "no value: the figures are too large to compute", zh: "数值过大,无法计算")
      }
      if let weight { figure.weight = numbers[weight] }
      courts[court] = figure
    }
    return MetricFigures(metric: metric, span: span, courts: courts)
  }
}

/// Ranks in the metric's direction, on values rounded to the displayed decimals.
enum Ranking {
  /// One ranked entry: the court, the value it is ranked on (rounded), its place, and whether
  /// it shares the place.
  struct Entry: Sendable {
    var court: String
    var key: Double
    var place: Int
    var tie: Bool
  }

  /// Competition ranks (1, 2, 2, 4) of `entries` (court, rounded key), best first: highest
  /// first unless lower is better; equal keys share a place, listed by court id.
  static func rank(_ entries: [(court: String, key: Double)], direction: Direction) -> [Entry] {
    let sorted = entries.sorted { left, right in
      if left.key != right.key { return direction == .lower ? left.key < right.key : left.key > right.key }
      return left.court < right.court
    }
    var ranked: [Entry] = []
    ranked.reserveCapacity(sorted.count)
    for (index, entry) in sorted.enumerated() {
      let place = index > 0 && sorted[index - 1].key == entry.key ? ranked[index - 1].place : index + 1
      ranked.append(Entry(court: entry.court, key: entry.key, place: place, tie: false))
    }
    // A place is tied when the next or previous entry shares it.
    for index in ranked.indices {
      let before = index > 0 && ranked[index - 1].place == ranked[index].place
      let after = index + 1 < ranked.count && ranked[index + 1].place == ranked[index].place
      ranked[index].tie = before || after
    }
    return ranked
  }

  /// The first `count` entries of a ranked list (or the last, `fromBottom`), with every entry
  /// tied with the one at the cut; in rank order.
  static func cut<T>(_ list: [T], count: Int?, fromBottom: Bool, key: (T) -> Double?) -> [T] {
    guard let count, count < list.count else { return list }
    if fromBottom {
      let boundary = key(list[list.count - count])
      return list.enumerated().filter { index, item in
        index >= list.count - count || (boundary != nil && key(item) == boundary)
      }.map(\.element)
    }
    let boundary = key(list[count - 1])
    return list.enumerated().filter { index, item in
      index < count || (boundary != nil && key(item) == boundary)
    }.map(\.element)
  }
}

/// How a city figure is formed from the courts' figures.
enum CityFigureMath {
  /// The figure of `kind` over `figures`, or nil when it cannot be formed (no court, a zero
  /// denominator or weight).
  /// Sums run in court-id order, so the figure is the same to the last bit every time.
  static func value(_ kind: CityFigure, _ figures: [CourtFigure], metric: Metric) -> Double? {
    let valued = figures.filter { $0.value != nil }.sorted { $0.court < $1.court }
    guard !valued.isEmpty else { return nil }
    switch kind {
    case .pooled:
      guard case .indicator(let indicator) = metric, indicator.denominator != nil else { return nil }
      let numerator = valued.reduce(0.0) { $0 + ($1.numerator ?? 0) }
      let denominator = valued.reduce(0.0) { $0 + ($1.denominator ?? 0) }
      guard denominator != 0 else { return nil }
      let value = numerator / denominator * indicator.scale
      return value.isFinite ? value : nil
    case .mean:
      let value = valued.reduce(0.0) { $0 + $1.value! } / Double(valued.count)
      return value.isFinite ? value : nil
    case .sum:
      let value = valued.reduce(0.0) { $0 + $1.value! }
      return value.isFinite ? value : nil
    case .weightedMean:
      let weighted = valued.filter { $0.weight != nil }
      let total = weighted.reduce(0.0) { $0 + $1.weight! }
      guard total != 0 else { return nil }
      let value = weighted.reduce(0.0) { $0 + $1.value! * $1.weight! } / total
      return value.isFinite ? value : nil
    }
  }
}
