import CourtFedModel
import Foundation
import Testing

@Suite("Periods")
struct PeriodTests {
  @Test(
    "every written form parses to the same period",
    arguments: [
      ("2024", Period.year(2024)), ("2024年", .year(2024)),
      ("2024H1", .half(2024, 1)), ("2024h2", .half(2024, 2)), ("2024年上半年", .half(2024, 1)),
      ("2024年下半年", .half(2024, 2)),
      ("2024Q3", .quarter(2024, 3)), ("2024年第三季度", .quarter(2024, 3)), ("2024年三季度", .quarter(2024, 3)),
      ("2024年第3季度", .quarter(2024, 3)), ("2024年Q3", .quarter(2024, 3)), ("２０２４Ｑ３", .quarter(2024, 3)),
      ("2024-06", .month(2024, 6)), ("2024-6", .month(2024, 6)), ("2024/06", .month(2024, 6)),
      ("2024年6月", .month(2024, 6)), ("2024年06月", .month(2024, 6)), ("2024年十二月", .month(2024, 12)),
      (" 2024Q1 ", .quarter(2024, 1)),
    ])
  func parses(text: String, expected: Period) throws {
    #expect(try Period(parsing: text) == expected)
  }

  @Test(
    "malformed periods are rejected with the text in the error",
    arguments: [
      "", "24", "2024Q5", "2024Q0", "2024-13", "2024-00", "2024年第五季度", "2024H3", "Q3 2024", "2024Q3x", "二〇二四年",
    ])
  func rejects(text: String) {
    #expect(throws: ModelError.invalidPeriod(text)) { try Period(parsing: text) }
  }

  @Test("canonical and Chinese forms round-trip")
  func roundTrip() throws {
    for period in [Period.year(2021), .half(2021, 2), .quarter(2021, 4), .month(2021, 11), .month(2021, 1)] {
      #expect(try Period(parsing: period.description) == period)
      #expect(try Period(parsing: period.chineseDescription) == period)
    }
    #expect(Period.quarter(2024, 3).chineseDescription == "2024年第三季度")
    #expect(Period.half(2024, 1).chineseDescription == "2024年上半年")
    #expect(Period.month(2024, 6).description == "2024-06")
  }

  @Test("containment: a month is in a quarter is in a half is in a year")
  func containment() {
    let june = Period.month(2024, 6)
    #expect(Period.quarter(2024, 2).contains(june))
    #expect(Period.half(2024, 1).contains(.quarter(2024, 2)))
    #expect(Period.year(2024).contains(june))
    #expect(!Period.quarter(2024, 3).contains(june))
    #expect(!Period.year(2023).contains(june))
    #expect(Period.year(2024).contains(.year(2024)))
    #expect(!Period.month(2024, 6).contains(.quarter(2024, 2)))
    #expect(june.enclosing(.quarter) == .quarter(2024, 2))
    #expect(june.enclosing(.half) == .half(2024, 1))
    #expect(
      Period.year(2024).subperiods(of: .quarter) == [
        .quarter(2024, 1), .quarter(2024, 2), .quarter(2024, 3), .quarter(2024, 4),
      ])
    #expect(
      Period.half(2024, 2).subperiods(of: .month).map(\.description) == [
        "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12",
      ])
    #expect(Period.quarter(2024, 1).subperiods(of: .year).isEmpty)
  }

  @Test("the same period a year earlier, and the previous and next periods")
  func arithmetic() {
    #expect(Period.quarter(2024, 3).yearEarlier == .quarter(2023, 3))
    #expect(Period.month(2024, 2).yearEarlier == .month(2023, 2))
    #expect(Period.quarter(2024, 1).previous == .quarter(2023, 4))
    #expect(Period.month(2024, 1).previous == .month(2023, 12))
    #expect(Period.half(2024, 1).previous == .half(2023, 2))
    #expect(Period.year(2024).previous == .year(2023))
    #expect(Period.quarter(2023, 4).next == .quarter(2024, 1))
    #expect(Period.month(2024, 12).next == .month(2025, 1))
  }

  @Test("ordering: by first month, longer periods first")
  func ordering() {
    let sorted = [
      Period.month(2024, 1), .quarter(2024, 1), .year(2024), .half(2024, 1), .quarter(2023, 4), .quarter(2024, 2),
    ]
    .sorted()
    #expect(
      sorted == [.quarter(2023, 4), .year(2024), .half(2024, 1), .quarter(2024, 1), .month(2024, 1), .quarter(2024, 2)])
  }

  @Test("Chinese numerals, common and formal")
  func numerals() {
    #expect(ChineseNumeral.value(of: "三") == 3)
    #expect(ChineseNumeral.value(of: "叁") == 3)
    #expect(ChineseNumeral.value(of: "两") == 2)
    #expect(ChineseNumeral.value(of: "十") == 10)
    #expect(ChineseNumeral.value(of: "拾") == 10)
    #expect(ChineseNumeral.value(of: "十二") == 12)
    #expect(ChineseNumeral.value(of: "二十") == 20)
    #expect(ChineseNumeral.value(of: "九十九") == 99)
    #expect(ChineseNumeral.value(of: "一十") == nil)
    #expect(ChineseNumeral.value(of: "三三") == nil)
  }

  @Test("the canonical parser takes exactly the canonical forms, as the full parser and description agree")
  func canonicalOnly() throws {
    for year in [1949, 2021, 2999] {
      let periods =
        [Period.year(year)] + (1...2).map { .half(year, $0) } + (1...4).map { .quarter(year, $0) }
        + (1...12).map { .month(year, $0) }
      for period in periods {
        #expect(Period(canonical: period.description) == period)
        #expect(try Period(parsing: period.description) == period)
      }
    }
    for text in [
      "2024-6", "2024/06", "2024M06", "2024年", "2024q3", "2024h1", " 2024", "2024 ", "２０２４", "2024Q5", "2024H3",
      "2024-13", "2024-00", "1948", "3000", "202", "20245", "2024Q", "2024Q12", "2024-1x", "202401", "", "2024Ｑ3",
    ] {
      #expect(Period(canonical: text) == nil, "\(text)")
    }
  }

  @Test(
    "a period ends at midnight Beijing time after its last day (times worked out by hand, UTC+8)",
    arguments: [
      (Period.quarter(2026, 4), 1_798_732_800),  // 2026-12-31T16:00:00Z
      (Period.month(2024, 2), 1_709_222_400),  // leap day: 2024-02-29T16:00:00Z
      (Period.year(2020), 1_609_430_400),  // 2020-12-31T16:00:00Z
      (Period.half(2026, 1), 1_782_835_200),  // 2026-06-30T16:00:00Z
      (Period.month(1949, 1), -660_038_400),  // 1949-01-31T16:00:00Z
    ])
  func end(period: Period, seconds: Int) {
    let end = Date(timeIntervalSince1970: TimeInterval(seconds))
    #expect(period.hasEnded(asOf: end))
    #expect(!period.hasEnded(asOf: end.addingTimeInterval(-1)))
  }

  @Test("the period that ends last: a year ends with its last quarter and month, after its first half")
  func latestEnding() {
    #expect(Period.latestEnding([.year(2021), .half(2021, 1), .quarter(2021, 3)]) == .year(2021))
    #expect(Period.latestEnding([.half(2021, 1), .month(2021, 7)]) == .month(2021, 7))
    #expect(Period.latestEnding([.quarter(2020, 4), .month(2021, 1)]) == .month(2021, 1))
    #expect(Period.latestEnding([]) == nil)
  }
}
