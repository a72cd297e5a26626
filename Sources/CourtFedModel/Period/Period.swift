/// A reporting period: a year, a half year, a quarter or a month.
///
/// Canonical text forms are `2024`, `2024H1`, `2024Q3` and `2024-06`; the Chinese forms
/// `2024年`, `2024年上半年`, `2024年第三季度` and `2024年6月` parse to the same values
/// (see `Period+Parsing.swift`). Periods order by their first month, then longer first, so
/// `2024` sorts before `2024H1`, which sorts before `2024Q1` and `2024-01`.
public struct Period: Hashable, Sendable, Comparable, CustomStringConvertible {
  /// The calendar year.
  public let year: Int
  /// The length of the period.
  public let kind: PeriodKind
  /// Which period of its kind within the year, from 1: the half (1-2), quarter (1-4) or
  /// month (1-12); always 1 for a year.
  public let index: Int

  /// Years CourtFed accepts; anything else is a typing slip.
  package static let supportedYears = 1949...2999

  /// A period, or nil when `index` does not fit `kind` or the year is out of range.
  package init?(year: Int, kind: PeriodKind, index: Int = 1) {
    guard Self.supportedYears.contains(year), index >= 1, index <= 12 / kind.monthCount else {
      return nil
    }
    self.year = year
    self.kind = kind
    self.index = index
  }

  private init(unchecked year: Int, _ kind: PeriodKind, _ index: Int) {
    self.year = year
    self.kind = kind
    self.index = index
  }

  /// The whole calendar year `year` (`2024`).
  public static func year(_ year: Int) -> Period { Period(unchecked: year, .year, 1) }
  /// Half `half` (1-2) of `year`; any other half stops the program (a precondition).
  package static func half(_ year: Int, _ half: Int) -> Period {
    precondition((1...2).contains(half))
    return Period(unchecked: year, .half, half)
  }
  /// Quarter `quarter` (1-4) of `year`; any other quarter stops the program (a precondition).
  public static func quarter(_ year: Int, _ quarter: Int) -> Period {
    precondition((1...4).contains(quarter))
    return Period(unchecked: year, .quarter, quarter)
  }
  /// Month `month` (1-12) of `year`; any other month stops the program (a precondition).
  public static func month(_ year: Int, _ month: Int) -> Period {
    precondition((1...12).contains(month))
    return Period(unchecked: year, .month, month)
  }

  /// The first month of the year in this period, 1-12.
  public var firstMonth: Int { (index - 1) * kind.monthCount + 1 }
  /// The last month of the year in this period, 1-12.
  public var lastMonth: Int { index * kind.monthCount }

  /// Months since year 0, for ordering and arithmetic.
  private var startOrdinal: Int { year * 12 + firstMonth - 1 }

  /// Whether `other` lies wholly inside this period (a period contains itself).
  package func contains(_ other: Period) -> Bool {
    other.year == year && other.firstMonth >= firstMonth && other.lastMonth <= lastMonth
  }

  /// The periods of `kind` that make up this one, in order: the quarters of a year, the
  /// months of a quarter. Empty when `kind` is longer than this period.
  package func subperiods(of kind: PeriodKind) -> [Period] {
    guard kind <= self.kind else { return [] }
    let first = (firstMonth - 1) / kind.monthCount + 1
    let last = lastMonth / kind.monthCount
    return (first...last).map { Period(unchecked: year, kind, $0) }
  }

  /// The part of `kind` at `position` (0-based) within this period: `part(.quarter, at: 1)`
  /// of 2021 is 2021Q2.
  package func part(_ kind: PeriodKind, at position: Int) -> Period {
    let first: Int = (firstMonth - 1) / kind.monthCount + 1
    return Period(unchecked: year, kind, first + position)
  }

  /// The period of `kind` that contains this one (the quarter of a month), or nil when
  /// `kind` is shorter than this period.
  package func enclosing(_ kind: PeriodKind) -> Period? {
    guard kind >= self.kind else { return nil }
    return Period(unchecked: year, kind, (firstMonth - 1) / kind.monthCount + 1)
  }

  /// The period of `periods` that ends last (the latest year and last month), nil when there
  /// is none: when it has ended, every one of them has.
  package static func latestEnding(_ periods: [Period]) -> Period? {
    periods.max { ($0.year, $0.lastMonth) < ($1.year, $1.lastMonth) }
  }

  /// The same period a year earlier (同比): 2024Q3 → 2023Q3.
  package var yearEarlier: Period? { Period(year: year - 1, kind: kind, index: index) }

  /// The period just before this one (环比): 2024Q1 → 2023Q4, 2024-01 → 2023-12.
  package var previous: Period? { shifted(by: -1) }

  /// The period just after this one.
  package var next: Period? { shifted(by: 1) }

  private func shifted(by steps: Int) -> Period? {
    let perYear = 12 / kind.monthCount
    let position = year * perYear + (index - 1) + steps
    let (newYear, newIndex) = position.quotientAndRemainder(dividingBy: perYear)
    return Period(year: newYear, kind: kind, index: newIndex + 1)
  }

  /// Time order by first day; of two periods starting the same day, the longer comes first
  /// (`2024` before `2024H1` before `2024Q1` before `2024-01`).
  public static func < (lhs: Period, rhs: Period) -> Bool {
    if lhs.startOrdinal != rhs.startOrdinal { return lhs.startOrdinal < rhs.startOrdinal }
    return lhs.kind > rhs.kind
  }

  /// The canonical form: `2024`, `2024H1`, `2024Q3`, `2024-06`.
  public var description: String {
    switch kind {
    case .year: "\(year)"
    case .half: "\(year)H\(index)"
    case .quarter: "\(year)Q\(index)"
    case .month: "\(year)-\(index < 10 ? "0" : "")\(index)"
    }
  }

  /// The form used in Chinese reports: `2024年`, `2024年上半年`, `2024年第三季度`, `2024年6月`.
  package var chineseDescription: String {
    switch kind {
    case .year: "\(year)年"
    case .half: "\(year)年\(index == 1 ? "上" : "下")半年"
    case .quarter: "\(year)年第\(["一", "二", "三", "四"][index - 1])季度"
    case .month: "\(year)年\(index)月"
    }
  }

  /// The form for `language`.
  package func text(in language: Language) -> String {
    language == .zh ? chineseDescription : description
  }
}
