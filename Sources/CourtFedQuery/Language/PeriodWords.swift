import CourtFedModel
import Foundation

/// The months of a year from January to `month` (累计, year to date): `2021年1-6月`,
/// `2021年前三季度`, `ytd 2021Q2`.
package struct YearToDate: Hashable, Sendable, CustomStringConvertible {
  package let year: Int
  /// The last month, 1-12.
  package let month: Int

  package init?(year: Int, month: Int) {
    guard Period.supportedYears.contains(year), (1...12).contains(month) else { return nil }
    self.year = year
    self.month = month
  }

  static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

  /// `2021 Jan–Jun`.
  package var description: String {
    month == 1 ? "\(year) Jan" : "\(year) Jan–\(Self.monthNames[month - 1])"
  }

  /// `2021年1-6月`.
  package var chineseDescription: String { month == 1 ? "\(year)年1月" : "\(year)年1-\(month)月" }

  /// The calendar period covering exactly these months, when there is one: January (a month),
  /// 1-3月 (the first quarter), 1-6月 (the first half), 1-12月 (the year).
  package var standardPeriod: Period? {
    switch month {
    case 1: .month(year, 1)
    case 3: .quarter(year, 1)
    case 6: .half(year, 1)
    case 12: .year(year)
    default: nil
    }
  }

  /// The parts a figure is built from when no calendar period covers the months: the quarters
  /// from January when the months end a quarter (前三季度: Q1–Q3), otherwise the months.
  package var parts: [Period] {
    if month % 3 == 0 { return (1...month / 3).map { .quarter(year, $0) } }
    return (1...month).map { .month(year, $0) }
  }

  /// The same months a year earlier (同比: 2023年1-10月 for 2024年1-10月).
  package var yearEarlier: YearToDate? { YearToDate(year: year - 1, month: month) }

  /// Whether the last month has ended on `date` (China Standard Time).
  package func hasEnded(asOf date: Date) -> Bool { Period.month(year, month).hasEnded(asOf: date) }
}

/// The months a figure covers: a calendar period, or a year to date.
package enum Span: Hashable, Sendable, CustomStringConvertible {
  case period(Period)
  case yearToDate(YearToDate)

  package var description: String {
    switch self {
    case .period(let period): period.description
    case .yearToDate(let ytd): ytd.description
    }
  }

  package var chineseDescription: String {
    switch self {
    case .period(let period): period.chineseDescription
    case .yearToDate(let ytd): ytd.chineseDescription
    }
  }

  /// How the span reads in `language`: `2024Q3` or `2024 Jan–Oct` in English, `2024年第三季度`
  /// or `2024年1-10月` in Chinese.
  package func text(in language: Language) -> String { language == .zh ? chineseDescription : description }

  package var year: Int {
    switch self {
    case .period(let period): period.year
    case .yearToDate(let ytd): ytd.year
    }
  }

  /// Whether the span's last month has ended on `date` (China Standard Time).
  package func hasEnded(asOf date: Date) -> Bool {
    switch self {
    case .period(let period): period.hasEnded(asOf: date)
    case .yearToDate(let ytd): ytd.hasEnded(asOf: date)
    }
  }

  /// The same months a year earlier.
  package var yearEarlier: Span? {
    switch self {
    case .period(let period): period.yearEarlier.map(Span.period)
    case .yearToDate(let ytd): ytd.yearEarlier.map(Span.yearToDate)
    }
  }

  /// The calendar period it is, when it is one.
  package var period: Period? {
    if case .period(let period) = self { return period }
    return nil
  }

  /// Whether two spans are of the same length (a change compares only those): periods of
  /// the same kind, years to date of the same months; a year to date that is a calendar
  /// period (1-6月, the first half) counts as that period.
  package func sameLength(as other: Span) -> Bool {
    func calendar(_ span: Span) -> Span {
      if case .yearToDate(let ytd) = span, let period = ytd.standardPeriod { return .period(period) }
      return span
    }
    return switch (calendar(self), calendar(other)) {
    case (.period(let left), .period(let right)): left.kind == right.kind
    case (.yearToDate(let left), .yearToDate(let right)): left.month == right.month
    default: false
    }
  }
}

/// A period written without its year (`第一季度`, `上半年`, `1-6月`, `前三季度`, `first half`):
/// the year is the newest year holding figures of the metric, and the title says so.
package enum YearlessPeriod: Hashable, Sendable {
  case half(Int)
  case quarter(Int)
  /// January to the month (1-6月, 前三季度 = 1-9月).
  case yearToDate(month: Int)

  /// The span in `year`.
  package func span(in year: Int) -> Span? {
    guard Period.supportedYears.contains(year) else { return nil }
    switch self {
    case .half(let half): return .period(.half(year, half))
    case .quarter(let quarter): return .period(.quarter(year, quarter))
    case .yearToDate(let month): return YearToDate(year: year, month: month).map(Span.yearToDate)
    }
  }
}

/// A period named from today (`去年`, `last quarter`), resolved by the engine's clock.
package enum RelativePeriod: Hashable, Sendable {
  /// 今年, this year: January to the last month that has ended.
  case thisYear
  case lastYear
  case lastQuarter
  case lastMonth

  /// The words, for titles: `去年`, `last year`.
  package var words: LocalizedText {
    switch self {
    case .thisYear: LocalizedText(en: "this year", zh: "今年")
    case .lastYear: LocalizedText(en: "last year", zh: "去年")
    case .lastQuarter: LocalizedText(en: "last quarter", zh: "上季度")
    case .lastMonth: LocalizedText(en: "last month", zh: "上月")
    }
  }

  /// The span on `date` (China Standard Time); nil for this year in January, when no month of
  /// it has ended.
  package func span(asOf date: Date) -> Span? {
    let (year, month) = Period.yearAndMonth(of: date)
    switch self {
    case .thisYear:
      return month > 1 ? YearToDate(year: year, month: month - 1).map(Span.yearToDate) : nil
    case .lastYear: return Period(year: year - 1, kind: .year).map(Span.period)
    case .lastQuarter: return Period.current(.quarter, at: date).previous.map(Span.period)
    case .lastMonth: return Period.current(.month, at: date).previous.map(Span.period)
    }
  }
}

/// A period as a title shows it: `2021年1-6月`, `去年(2025年)`.
struct PeriodTitle: Sendable, CustomStringConvertible {
  var description: String
  var chineseDescription: String

  init(description: String, chineseDescription: String) {
    self.description = description
    self.chineseDescription = chineseDescription
  }

  init(_ span: Span) {
    description = span.description
    chineseDescription = span.chineseDescription
  }
}
