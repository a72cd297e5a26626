/// One term of an indicator's numerator or denominator: a base measure, added or subtracted.
public struct Term: Sendable, Hashable {
  public let measure: String
  /// +1 or −1.
  public let sign: Int

  /// Reads `cases_closed` (added) or `-cases_appealed` (subtracted).
  public init(_ text: String) {
    if text.hasPrefix("-") {
      measure = String(text.dropFirst())
      sign = -1
    } else {
      measure = text
      sign = 1
    }
  }

  /// The text form, as in the catalog file.
  public var text: String { sign < 0 ? "-\(measure)" : measure }
}

extension [Term] {
  /// The signed sum of the terms' values, or nil when any measure is missing.
  public func total(in values: [String: Double]) -> Double? {
    total { values[$0] }
  }

  /// The signed sum, reading each measure's value through `lookup`; nil when any is missing.
  public func total(_ lookup: (String) -> Double?) -> Double? {
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
public struct Indicator: Sendable, Hashable {
  public let key: String
  public let nameZh: String
  public let nameEn: String
  public let aliasesEn: [String]
  public let aliasesZh: [String]
  public let numerator: [Term]
  /// Nil for an indicator that is a plain sum of measures.
  public let denominator: [Term]?
  /// 100 for rates in percent, 1 for plain ratios such as average days.
  public let scale: Double
  public let unit: MetricUnit
  public let precision: Int
  public let direction: Direction
  public let cityFigure: CityFigure
  public let descriptionEn: String
  public let descriptionZh: String
  /// The versions of the indicator system it belongs to (`2024.01`); empty for indicators
  /// outside the SPC's system (a local one, such as the backlog clearance rate).
  public var systems: [String] = []
  /// Which bounds its reference range may have; nil when it is not judged against a range.
  public var rangeShape: RangeShape?
  /// The versions that name it a key indicator (重点指标).
  public var keyIn: [String] = []

  /// The name in `language`.
  public func name(in language: Language) -> String {
    language == .zh ? nameZh : nameEn
  }

  /// Whether the indicator is a rate in percent (its changes are in percentage points).
  public var isRate: Bool { unit == .percent }

  /// The measures it is computed from, numerator first, each once.
  public var inputs: [String] {
    var seen = Set<String>()
    return (numerator + (denominator ?? [])).map(\.measure).filter { seen.insert($0).inserted }
  }

  /// The indicator's value from aggregated measure values, or nil when an input is missing
  /// or the denominator is zero.
  public func value(from measures: [String: Double]) -> Double? {
    value { measures[$0] }
  }

  /// The indicator's value, reading each measure's value through `lookup`; nil when an input
  /// is missing or the denominator is zero.
  public func value(_ lookup: (String) -> Double?) -> Double? {
    guard let top = numerator.total(lookup) else { return nil }
    guard let denominator else { return top * scale }
    guard let bottom = denominator.total(lookup), bottom != 0 else { return nil }
    return top / bottom * scale
  }
}
