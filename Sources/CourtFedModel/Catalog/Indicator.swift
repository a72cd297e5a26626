/// One term of an indicator's numerator or denominator: a base measure, added or subtracted.
package struct Term: Sendable, Hashable {
  package let measure: String
  /// +1 or −1.
  package let sign: Int

  /// Reads `cases_closed` (added) or `-cases_appealed` (subtracted).
  package init(_ text: String) {
    if text.hasPrefix("-") {
      measure = String(text.dropFirst())
      sign = -1
    } else {
      measure = text
      sign = 1
    }
  }

  /// The text form, as in the catalog file.
  package var text: String { sign < 0 ? "-\(measure)" : measure }
}

extension [Term] {
  /// The signed sum of the terms' values, or nil when any measure is missing.
  package func total(in values: [String: Double]) -> Double? {
    total { values[$0] }
  }

  /// The signed sum, reading each measure's value through `lookup`; nil when any is missing.
  package func total(_ lookup: (String) -> Double?) -> Double? {
    var sum = 0.0
    for term in self {
      guard let value = lookup(term.measure) else { return nil }
      sum += Double(term.sign) * value
    }
    return sum
  }
}

/// An indicator derived from base measures after aggregation: numerator / denominator × scale
/// (closure rate), or a sum of measures when there is no denominator (reversed + remanded).
package struct Indicator: Sendable, Hashable {
  package let key: String
  package let nameZh: String
  package let nameEn: String
  package let aliasesEn: [String]
  package let aliasesZh: [String]
  package let numerator: [Term]
  /// Nil for an indicator that is a plain sum of measures.
  package let denominator: [Term]?
  /// 100 for rates in percent, 1 for plain ratios such as average days.
  package let scale: Double
  package let unit: MetricUnit
  package let precision: Int
  package let direction: Direction
  package let cityFigure: CityFigure
  package let descriptionEn: String
  package let descriptionZh: String
  /// The versions of the indicator system it belongs to (`2024.01`); empty for indicators
  /// outside the SPC's system (a local one, such as the backlog clearance rate).
  package var systems: [String] = []
  /// Which bounds its reference range may have; nil when it is not judged against a range.
  package var rangeShape: RangeShape?
  /// The versions that name it a key indicator (重点指标).
  package var keyIn: [String] = []

  /// The name in `language`.
  package func name(in language: Language) -> String {
    language == .zh ? nameZh : nameEn
  }

  /// Whether the indicator is a rate in percent (its changes are in percentage points).
  package var isRate: Bool { unit == .percent }

  /// The measures it is computed from, numerator first, each once.
  package var inputs: [String] {
    var seen = Set<String>()
    return (numerator + (denominator ?? [])).map(\.measure).filter { seen.insert($0).inserted }
  }

  /// The indicator's value from aggregated measure values, or nil when an input is missing
  /// or the denominator is zero.
  package func value(from measures: [String: Double]) -> Double? {
    guard let top = numerator.total(in: measures) else { return nil }
    guard let denominator else { return top * scale }
    guard let bottom = denominator.total(in: measures), bottom != 0 else { return nil }
    return top / bottom * scale
  }
}
