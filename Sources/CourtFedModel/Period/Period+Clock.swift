import Foundation

extension Period {
  /// The calendar the courts report in: China Standard Time (UTC+8, no daylight saving).
  package static let reportingTimeZone = TimeZone(identifier: "Asia/Shanghai") ?? TimeZone(secondsFromGMT: 8 * 3600)!

  /// The year and month `date` falls in, in China Standard Time.
  package static func yearAndMonth(of date: Date) -> (year: Int, month: Int) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = reportingTimeZone
    let parts = calendar.dateComponents([.year, .month], from: date)
    return (parts.year ?? 1970, parts.month ?? 1)
  }

  /// Whether the period is over on `date` (China Standard Time): its last day has passed.
  /// On 2026-12-01, 2026-11 and 2026Q3 have ended; 2026Q4, 2026H2 and 2026 have not.
  package func hasEnded(asOf date: Date) -> Bool {
    let (year, month) = Self.yearAndMonth(of: date)
    return self.year < year || (self.year == year && lastMonth < month)
  }

  /// The period of `kind` that `date` falls in (China Standard Time): the one running now.
  package static func current(_ kind: PeriodKind, at date: Date) -> Period {
    let (year, month) = yearAndMonth(of: date)
    return Period.month(year, month).enclosing(kind) ?? .year(year)
  }
}
