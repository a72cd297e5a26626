import Foundation

extension Period {
  /// The offset of China Standard Time from UTC: periods are the courts' own calendar
  /// periods, which end at midnight in Beijing.
  public static let courtTimeZoneOffset: TimeInterval = 8 * 3_600

  /// The first instant after the period: midnight at the start of the next period, Beijing
  /// time (UTC+8). 2026Q4 ends at 2027-01-01T00:00+08:00, which is 2026-12-31T16:00:00Z.
  public var end: Date {
    let months = year * 12 + lastMonth  // months since year 0 up to the period's end
    let (endYear, endMonthIndex) = months.quotientAndRemainder(dividingBy: 12)
    let days = Self.daysFromCivil(endYear, endMonthIndex + 1, 1)
    return Date(timeIntervalSince1970: TimeInterval(days) * 86_400 - Self.courtTimeZoneOffset)
  }

  /// Whether the period is over at `time`: figures for a period that has not ended cannot be
  /// final, and would become "the latest period" for everyone.
  public func hasEnded(by time: Date) -> Bool {
    end <= time
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
