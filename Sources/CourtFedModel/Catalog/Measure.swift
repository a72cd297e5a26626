/// A base measure: a figure a court reports for a period (cases closed, members, a score).
public struct Measure: Sendable, Hashable, Codable {
  /// The English key used in files, bundles and the database: `cases_closed`.
  public let key: String
  package let nameZh: String
  package let nameEn: String
  package let aliasesEn: [String]
  package let aliasesZh: [String]
  package let kind: MeasureKind
  package let unit: MetricUnit
  /// How the measure adds up from months or quarters to longer periods.
  package let aggregation: TemporalAggregation
  package let cityFigure: CityFigure
  package let direction: Direction
  /// Decimals shown.
  package let precision: Int
  package let group: MetricGroup
  /// The shortest period the measure may be reported for (the information-work score is
  /// given once a year).
  package let periodicity: PeriodKind
  package let minimum: Double
  package let maximum: Double?
  /// For `weighted_mean` city figures: the measure that weights each court.
  package let weight: String?
  package let descriptionEn: String
  package let descriptionZh: String

  /// The name in `language`.
  package func name(in language: Language) -> String {
    language == .zh ? nameZh : nameEn
  }

  /// Decimals in the shortest text that reads back as `value` (`167700503.39` has two).
  /// Multiplying by 100 and comparing is wrong for large amounts, whose cents are not exact
  /// in binary.
  static func decimals(of value: Double) -> Int {
    let text = "\(value)"
    guard !text.contains("e") else { return value.rounded() == value ? 0 : Int.max }
    guard let dot = text.firstIndex(of: ".") else { return 0 }
    let fraction = text[text.index(after: dot)...]
    return fraction == "0" ? 0 : fraction.count
  }

  /// The name in both languages.
  package var localizedName: LocalizedText { LocalizedText(en: nameEn, zh: nameZh) }

  /// The largest count (and number of days or score) CourtFed keeps: 2^53 − 1, the largest
  /// whole number a double holds exactly with every smaller one (2^53 + 1 would be read as
  /// 2^53). It also keeps every roll-up of a year's months finite.
  package static let largestValue: Double = 9_007_199_254_740_991

  /// The largest amount, in yuan: ten trillion, so that every cent is still exact (fifteen
  /// significant digits).
  package static let largestAmount: Double = 10_000_000_000_000

  /// The largest value this measure may take: its catalog maximum, and never more than
  /// `largestValue` (`largestAmount` for amounts).
  package var upperBound: Double {
    let limit = kind == .amount ? Self.largestAmount : Self.largestValue
    return min(maximum ?? limit, limit)
  }

  /// Whether `value` is allowed for this measure, and if not, why.
  package func check(_ value: Double) -> ValueProblem? {
    check(value, decimals: kind == .amount ? Self.decimals(of: value) : 0)
  }

  /// The same check when the caller already knows how many decimals the value was written
  /// with (the bundle reader counts them as it parses).
  package func check(_ value: Double, decimals: Int) -> ValueProblem? {
    guard value.isFinite else { return .notFinite }
    if value < minimum { return .belowMinimum(minimum) }
    if let maximum, value > maximum { return .aboveMaximum(maximum) }
    if value > upperBound { return .tooLarge(upperBound) }
    switch kind {
    case .count where value.rounded() != value: return .notWhole
    case .amount where decimals > 2: return .tooManyDecimals(2)
    default: return nil
    }
  }
}

/// What is wrong with a reported value.
package enum ValueProblem: Sendable, Equatable {
  case notFinite
  case belowMinimum(Double)
  case aboveMaximum(Double)
  case notWhole
  case tooManyDecimals(Int)
  /// Larger than CourtFed can keep exactly (`Measure.largestValue`, `Measure.largestAmount`).
  case tooLarge(Double)

  /// A sentence for the clerk.
  package var message: LocalizedText {
    switch self {
    case .notFinite:
      LocalizedText(en: "the value is not a finite number", zh: "数值无效")
    case .belowMinimum(let minimum):
      LocalizedText(
        en: "the value is below the minimum \(Self.format(minimum))",
        zh: "数值小于最小值\(Self.format(minimum))")
    case .aboveMaximum(let maximum):
      LocalizedText(
        en: "the value is above the maximum \(Self.format(maximum))",
        zh: "数值大于最大值\(Self.format(maximum))")
    case .notWhole:
      LocalizedText(en: "a count must be a whole number", zh: "计数必须为整数")
    case .tooManyDecimals(let decimals):
      LocalizedText(
        en: "an amount has at most \(decimals) decimals", zh: "金额最多保留\(decimals)位小数")
    case .tooLarge(let limit):
      LocalizedText(
        en: "the value is larger than CourtFed can keep exactly (at most \(Self.format(limit)))",
        zh: "数值过大,无法精确保存(最大为\(Self.format(limit)))")
    }
  }

  private static func format(_ value: Double) -> String {
    value.rounded() == value && abs(value) < 1e18 ? String(Int64(value)) : String(value)
  }
}
