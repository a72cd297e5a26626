/// How long a reporting period is. Ordered from the shortest to the longest.
public enum PeriodKind: String, Sendable, CaseIterable, Codable, Comparable {
  case month
  case quarter
  case half
  case year

  /// Months in one period of this kind.
  package var monthCount: Int {
    switch self {
    case .month: 1
    case .quarter: 3
    case .half: 6
    case .year: 12
    }
  }

  /// Shorter first: month, quarter, half, year.
  public static func < (lhs: PeriodKind, rhs: PeriodKind) -> Bool {
    lhs.monthCount < rhs.monthCount
  }

  /// The name in `language`: "quarter" / "季度".
  package func name(in language: Language) -> String {
    switch (self, language) {
    case (.month, .en): "month"
    case (.quarter, .en): "quarter"
    case (.half, .en): "half year"
    case (.year, .en): "year"
    case (.month, .zh): "月度"
    case (.quarter, .zh): "季度"
    case (.half, .zh): "半年度"
    case (.year, .zh): "年度"
    }
  }
}
