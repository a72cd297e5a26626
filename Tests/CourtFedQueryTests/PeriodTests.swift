import CourtFedModel
import CourtFedQuery
import CourtFedReport
import CourtFedStore
import Foundation
import GRDB
import TestSupport
import Testing

/// Year to date, periods without a year and periods named from today (issue 14). Expected
/// values come from SQL over the stored quarterly rows, written here, and from the calendar.
@Suite("Year to date and relative periods")
struct PeriodTests {
  /// A day in China Standard Time, at noon.
  static func day(_ text: String) -> Date { ISO8601DateFormatter().date(from: "\(text)T04:00:00Z")! }

  /// The rendered refusal of `query`, or "answered".
  static func refusal(_ query: String, engine: QueryEngine = Federation.engine) -> String {
    do {
      _ = try engine.answer(query)
      return "answered"
    } catch {
      return error.rendered(in: Language.of(query))
    }
  }

  /// Xicheng's closure rate over the first `quarters` quarters of 2021, by hand: closed cases
  /// summed, over the cases carried into January plus the new cases summed.
  static func xichengYearToDate(quarters: Int) throws -> Double {
    try Federation.store.read { db in
      let periods = (1...quarters).map { "'2021Q\($0)'" }.joined(separator: ", ")
      let closed = try Double.fetchOne(
        db,
        sql:
          "SELECT SUM(value) FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_closed' AND period IN (\(periods))"
      )!
      let new = try Double.fetchOne(
        db,
        sql:
          "SELECT SUM(value) FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_new' AND period IN (\(periods))"
      )!
      let opening = try Double.fetchOne(
        db,
        sql:
          "SELECT value FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_carried_over' AND period = '2021Q1'"
      )!
      return closed / (opening + new) * 100
    }
  }

  @Test(
    "January to September in every spelling: flows summed over three quarters, the opening stock from January",
    arguments: [
      "2021年前三季度 结案率 西城", "结案率 2021年1-9月 西城", "结案率 2021年1至9月 西城", "closure rate 2021 Jan-Sep xicheng",
      "closure rate ytd 2021Q3 xicheng", "xicheng closure rate 2021 first three quarters", "结案率 前三季度 西城",
      "结案率 1-9月 西城",
    ])
  func nineMonths(query: String) throws {
    let result = try Federation.engine.answer(query)
    let value = try #require(result.rows.first?.cells[2].number)
    let expected = try Self.xichengYearToDate(quarters: 3)
    #expect(abs(value - expected) < 0.005, "\(query)")
    #expect(String(format: "%.2f", value) == "90.52")
    #expect(result.rows.first?.isComplete == true)
    #expect(result.provenance.period == "2021 Jan–Sep")
    #expect(result.provenance.periodText == LocalizedText(en: "2021 Jan–Sep", zh: "2021年1-9月"))
  }

  @Test("a period without its year takes the newest year with figures, and the title and the period line say so")
  func yearless() throws {
    let result = try Federation.engine.answer("结案率 1-6月")
    #expect(result.title.zh == "结案率 2021年1-6月(最近有数据的年份) 排名")
    #expect(result.provenance.periodChoice?.zh == "未写年份,取最近有数据的2021年")
    let table = ResultFormatter(language: .zh).table(result)
    #expect(table.contains("期间 2021年1-6月(未写年份,取最近有数据的2021年)"))
    let english = try Federation.engine.answer("closure rate first quarter")
    #expect(english.title.en == "closure rate, 2021Q1 (the latest year with data), ranking")
    #expect(english.provenance.period == "2021Q1")
    // 上半年 is the first half of that year; the same figures as 2021年1-6月.
    let half = try Federation.engine.answer("结案率 上半年")
    let months = try Federation.engine.answer("结案率 2021年1-6月")
    #expect(Federation.rows(half) == Federation.rows(months))
    #expect(half.provenance.period == "2021H1")
  }

  @Test("year on year compares with the same months a year earlier, matched by period key")
  func yearOnYear() throws {
    let result = try Federation.engine.answer("结案率 2021年1-9月 同比 西城")
    #expect(result.columns.map { $0.header.zh }.contains("2020年1-9月"))
    let row = try #require(result.rows.first)
    let earlier = try Federation.store.read { db in
      let sum = { (measure: String) in
        try Double.fetchOne(
          db,
          sql:
            "SELECT SUM(value) FROM measure_values WHERE court = 'bj-xicheng' AND measure = ? AND period IN ('2020Q1', '2020Q2', '2020Q3')",
          arguments: [measure])!
      }
      let opening = try Double.fetchOne(
        db,
        sql:
          "SELECT value FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_carried_over' AND period = '2020Q1'"
      )!
      return try sum("cases_closed") / (opening + sum("cases_new")) * 100
    }
    #expect(abs(try #require(row.cells[2].number) - earlier) < 0.005)
    let change = try #require(row.cells[4].number)
    #expect(abs(change - (try Self.xichengYearToDate(quarters: 3) - earlier)) < 0.006)
  }

  @Test("two years to date named: the change between the same months, worked out from the stored quarters")
  func yearToDateVersusYearToDate() throws {
    let chinese = try Federation.engine.answer("结案率 2021年1-6月 对比 2020年1-6月 西城")
    let english = try Federation.engine.answer("closure rate 2021 Jan-Jun vs 2020 Jan-Jun xicheng")
    #expect(Federation.rows(chinese) == Federation.rows(english))
    // The other ways to write the earlier months: the same rows.
    for other in [
      "结案率 2021年1-6月 对比 2020年上半年 西城", "closure rate ytd 2021Q2 vs ytd 2020Q2 xicheng",
      "closure rate first half of 2021 vs first half of 2020 xicheng",
    ] {
      #expect(Federation.rows(try Federation.engine.answer(other)) == Federation.rows(chinese), "\(other)")
    }
    #expect(chinese.title.zh == "结案率 2021年1-6月 对比 2020年1-6月 西城法院")
    #expect(english.title.en.contains("2021 Jan–Jun vs 2020 Jan–Jun"))
    #expect(chinese.columns.map { $0.header.zh }.contains("2020年1-6月"))
    // By hand from the store: Σ closed ÷ (the year's opening + Σ new) over Q1–Q2 of each year.
    func figure(_ year: Int) throws -> Double {
      try Federation.store.read { db in
        let sum = { (measure: String) in
          try Double.fetchOne(
            db,
            sql:
              "SELECT SUM(value) FROM measure_values WHERE court = 'bj-xicheng' AND measure = ? AND period IN ('\(year)Q1', '\(year)Q2')",
            arguments: [measure])!
        }
        let opening = try Double.fetchOne(
          db,
          sql:
            "SELECT value FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_carried_over' AND period = '\(year)Q1'"
        )!
        return try sum("cases_closed") / (opening + sum("cases_new")) * 100
      }
    }
    let row = try #require(chinese.rows.first)
    #expect(abs(try #require(row.cells[2].number) - figure(2020)) < 0.005)
    #expect(abs(try #require(row.cells[3].number) - figure(2021)) < 0.005)
    #expect(abs(try #require(row.cells[4].number) - (figure(2021) - figure(2020))) < 0.006)
    // An earlier year to date lacking a quarter leaves the court out, listed, never compared as whole.
    let store = Federation.merged(in: "ytd-versus-incomplete") { folder, workspace in
      if folder == "haidian" { workspace.measures.removeAll { $0.value.period == .quarter(2020, 2) } }
    }
    let result = try Federation.engine(store).answer("结案率 2021年1-6月 对比 2020年1-6月")
    #expect(!result.rows.contains { $0.court?.id == "bj-haidian" })
    #expect(
      result.excluded == [
        ExcludedCourt(
          court: CourtName(id: "bj-haidian", name: "海淀法院"), reason: .incomplete(missing: [.quarter(2020, 2)]))
      ])
  }

  @Test("a year to date lacking a quarter is incomplete: left out and listed, never ranked as whole")
  func incomplete() throws {
    let store = Federation.merged(in: "ytd-incomplete") { folder, workspace in
      if folder == "haidian" { workspace.measures.removeAll { $0.value.period == .quarter(2021, 2) } }
    }
    let engine = Federation.engine(store)
    let result = try engine.answer("结案数 2021年1-9月 排名")
    #expect(!result.rows.contains { $0.court?.id == "bj-haidian" })
    #expect(
      result.excluded == [
        ExcludedCourt(
          court: CourtName(id: "bj-haidian", name: "海淀法院"), reason: .incomplete(missing: [.quarter(2021, 2)]))
      ])
    #expect(result.provenance.courtsComplete == 9)
    let included = try engine.answer("结案数 2021年1-9月 排名 含不完整")
    let haidian = try #require(included.rows.first { $0.court?.id == "bj-haidian" })
    #expect(haidian.isComplete == false)
    #expect(haidian.missingPeriods == [.quarter(2021, 2)])
    // Its value is the two quarters it reported, summed by hand.
    let expected = try store.read { db in
      try Double.fetchOne(
        db,
        sql:
          "SELECT SUM(value) FROM measure_values WHERE court = 'bj-haidian' AND measure = 'cases_closed' AND period IN ('2021Q1', '2021Q3')"
      )!
    }
    #expect(haidian.cells[2].number == expected)
  }

  @Test("periods named from today resolve by the clock and say so in the title")
  func relative() throws {
    let engine = Federation.engine(Federation.store, now: Self.day("2022-02-10"))
    let lastYear = try engine.answer("去年 结案率 前三")
    #expect(lastYear.title.zh == "结案率 去年(2021年) 前3名")
    #expect(lastYear.provenance.period == "2021")
    #expect(Federation.rows(lastYear) == ["1 房山法院 96.27", "2 海淀法院 96.11", "3 昌平法院 95.95"])
    let english = try engine.answer("closure rate last year top 3")
    #expect(english.title.en == "closure rate, last year (2021), top 3")
    #expect(try engine.answer("结案率 上季度").provenance.period == "2021Q4")
    #expect(try engine.answer("closure rate last quarter").provenance.period == "2021Q4")
    // This year so far is January 2022, which holds no figures: refused, saying which do.
    #expect(
      Self.refusal("今年 结案率", engine: engine).contains("错误:2022年1月没有结案率数据;有数据的期间:2020年–2021年"))
    // A month of the data's last year.
    let december = Federation.engine(Federation.store, now: Self.day("2022-01-15"))
    #expect(
      Self.refusal("this year closure rate", engine: december).contains("error: no month of this year has ended yet"))
    #expect(try december.answer("结案率 上季度").provenance.period == "2021Q4")
    #expect(Self.refusal("结案率 上月", engine: december).contains("2021年12月没有结案率数据"))
  }

  @Test(
    "what cannot be answered is refused with a caret, in the question's language",
    arguments: [
      ("结案率 3-6月", "3-6月", "“3-6月”不是累计期间:累计须从1月起至其后某月,如“1-6月”"),
      ("结案率 2021年1-9月 环比", "环比", "累计数只与上年或其他年份的同期累计数比较"),
      ("结案率 1-9月 对比 2020年第三季度", "对比 2020年第三季度", "建议:请用“同比”,或“对比 2020年1-6月”"),
      (
        "closure rate 2021 Jan-Sep vs 2020Q3", "vs 2020Q3",
        "error: compare periods of the same length: 2021 Jan–Sep and 2020Q3 are not\nhint: 2021 Jan–Sep vs 2020 Jan–Sep"
      ),
      // Two years to date answer only for the same months; the hint says which.
      (
        "结案率 2021年1-6月 对比 2020年1-9月", "对比 2020年1-9月",
        "错误:只能比较同类期间:2021年1-6月与2020年1-9月长度不同\n建议:2021年1-6月 对比 2020年1-6月"
      ),
      ("党小组 得分 第三季度", "第三季度", "党组织查询请写明具体期间"),
      ("closure rate ytd", "", "year to date up to when? a period should follow 'ytd'"),
      ("结案率 全市合计", "全市合计", "“结案率”不能在各院之间相加,没有全市合计"),
    ])
  func refused(query: String, culprit: String, message: String) throws {
    do {
      _ = try Federation.engine.parse(query)
      Issue.record("accepted: \(query)")
    } catch {
      let characters = Array(query)
      let pointed = error.problems.map { String(characters[$0.range.clamped(to: 0..<characters.count)]) }
      #expect(pointed.contains(culprit), "\(query): \(pointed)")
      #expect(error.rendered(in: Language.of(query)).contains(message), "\(error.rendered(in: Language.of(query)))")
    }
  }

  @Test("the question forms: which courts, below average in a metric, a metric for a court")
  func questionForms() throws {
    let chinese = try Federation.engine.answer("哪些法院结案率低于全市平均")
    let english = try Federation.engine.answer("which courts are below average in closure rate")
    #expect(Federation.rows(chinese) == Federation.rows(english))
    #expect(chinese.kind == .versus)
    // Below the pooled city figure, by hand: every court whose rate is under it.
    let city = try #require(chinese.provenance.cityFigure?.value)
    let all = try Federation.engine.answer("结案率 2021年")
    let below = all.rows.filter { ($0.cells[2].number ?? 0) < city }.compactMap { $0.court?.id }
    #expect(chinese.rows.compactMap { $0.court?.id } == below)
  }
}

/// Trends: a court × period table, each figure with its completeness, the city per period.
@Suite("Trends")
struct TrendTests {
  @Test(
    "every spelling of a trend over 2020 and 2021 gives the same table",
    arguments: [
      "closure rate by year", "结案率 历年", "closure rate trend 2020 to 2021", "结案率 趋势 2020-2021", "结案率 2020年至2021年",
      "closure rate from 2020 to 2021 by year", "结案率 走势 2020年-2021年",
    ])
  func spellings(query: String) throws {
    let result = try Federation.engine.answer(query)
    #expect(result.kind == .trend)
    #expect(result.columns.map(\.key) == ["court", "2020", "2021"], "\(query)")
    #expect(result.rows.count == 10)
    // Each cell is the court's figure for that year, as a ranking of that year gives it.
    for (index, year) in ["2020", "2021"].enumerated() {
      let ranking = try Federation.engine.answer("结案率 排名 \(year)年")
      let expected = Dictionary(uniqueKeysWithValues: ranking.rows.map { ($0.court!.id, $0.cells[2].number) })
      for row in result.rows { #expect(row.cells[index + 1].number == expected[row.court!.id], "\(year)") }
    }
    #expect(result.totals.first?.cells.dropFirst().map(\.number) == [95.89, 95.51])
  }

  @Test("quarters of a year, one court: the figures and the pooled city figure by hand")
  func quartersBySQL() throws {
    let result = try Federation.engine.answer("西城 结案率 2021年 各季度")
    #expect(result.title.zh == "结案率 2021年 各季度 西城法院")
    #expect(result.columns.map { $0.header.zh } == ["法院", "第一季度", "第二季度", "第三季度", "第四季度"])
    let (xicheng, city) = try Federation.store.read { db in
      let value = { (court: String?, measure: String, quarter: Int) in
        try Double.fetchOne(
          db,
          sql: "SELECT SUM(value) FROM measure_values WHERE measure = ? AND period = ? AND (?3 IS NULL OR court = ?3)",
          arguments: [measure, "2021Q\(quarter)", court])!
      }
      let rate = { (court: String?, quarter: Int) in
        try value(court, "cases_closed", quarter)
          / (value(court, "cases_carried_over", quarter) + value(court, "cases_new", quarter)) * 100
      }
      return (try (1...4).map { try rate("bj-xicheng", $0) }, try (1...4).map { try rate(nil, $0) })
    }
    let row = try #require(result.rows.first)
    for index in 0..<4 {
      #expect(abs(row.cells[index + 1].number! - xicheng[index]) < 0.005)
      #expect(abs(result.totals[0].cells[index + 1].number! - city[index]) < 0.005)
    }
  }

  @Test("an incomplete year shows as incomplete, is listed with what it lacks, and stays out of the city figure")
  func incomplete() throws {
    let result = try CorrectnessTests.engine.answer("结案数 历年")
    let haidian = try #require(result.rows.first { $0.court?.id == "bj-haidian" })
    #expect(haidian.cells[2] == .missing(LocalizedText(en: "incomplete", zh: "不完整")))
    #expect(haidian.cells[1].number != nil)
    #expect(
      result.excluded == [
        ExcludedCourt(
          court: CourtName(id: "bj-haidian", name: "海淀法院"), reason: .incomplete(missing: [.quarter(2021, 4)]))
      ])
    let total2021 = try #require(result.totals.first?.cells[2].number)
    let ranking = try CorrectnessTests.engine.answer("结案数 全市合计 2021年")
    #expect(total2021 == ranking.provenance.cityFigure?.value)
    #expect(result.notes[0].zh.contains("2021年9家"))
    let included = try CorrectnessTests.engine.answer("结案数 历年 含不完整")
    let marked = try #require(included.rows.first { $0.court?.id == "bj-haidian" })
    #expect(marked.cells[2].number != nil)
    #expect(!marked.isComplete)
    #expect(marked.missingPeriods == [.quarter(2021, 4)])
  }

  @Test(
    "what a trend cannot take is refused with a caret",
    arguments: [
      ("结案率 趋势 前三", "前三"), ("closure rate by year vs average", "vs average"), ("结案率 历年 同比", "同比"),
      ("closure rate by year 2021", "2021"), ("结案率 各季度 2021年第一季度", "2021年第一季度"), ("结案率 2023-2021", "2023-2021"),
      ("closure rate by year by quarter", "by quarter"), ("结案率 上半年 各月", "上半年"),
    ])
  func refused(query: String, culprit: String) throws {
    do {
      _ = try Federation.engine.parse(query)
      Issue.record("accepted: \(query)")
    } catch {
      let characters = Array(query)
      let pointed = error.problems.map { String(characters[$0.range.clamped(to: 0..<characters.count)]) }
      #expect(pointed.contains(culprit), "\(query): \(pointed)")
    }
  }
}

/// Several metrics side by side (issue 14).
@Suite("Several metrics")
struct SeveralMetricsTests {
  @Test("each column is the metric's own ranking figure; the last row each city figure; ranked by the first when asked")
  func columns() throws {
    let result = try Federation.engine.answer("结案率 和 执结率 前三")
    #expect(result.kind == .severalMetrics)
    #expect(result.columns.map { $0.header.zh } == ["名次", "法院", "结案率(%,越高越好)", "执结率(%,越高越好)"])
    let closure = try Federation.engine.answer("结案率 前三")
    #expect(result.rows.map { $0.court?.id } == closure.rows.map { $0.court?.id })
    #expect(result.rows.map { $0.rank?.place } == [1, 2, 3])
    let enforcement = try Federation.engine.answer("执结率 排名")
    let byCourt = Dictionary(uniqueKeysWithValues: enforcement.rows.map { ($0.court!.id, $0.cells[2].number) })
    for row in result.rows { #expect(row.cells[3].number == byCourt[row.court!.id]) }
    let city = try Federation.engine.answer("执结率 对比 全市平均")
    #expect(result.totals.first?.cells[3].number == city.provenance.cityFigure?.value)
    #expect(result.notes[0].zh == "按第一个指标结案率排名(数值越高越好)")
  }

  @Test("without a limit the table is not ranked, says so, and keeps every court")
  func notRanked() throws {
    let result = try Federation.engine.answer("closure rate, average days, recovery rate in 2021")
    #expect(result.rows.count == 10)
    #expect(result.rows.allSatisfy { $0.rank == nil })
    #expect(result.notes[0].en.hasPrefix("not ranked"))
    #expect(result.columns.map(\.header.en).last == "recovery rate (%, higher is better)")
    #expect(result.columns[2].header.en == "average days per case (days, lower is better)")
  }

  @Test(
    "what does not apply to several metrics is refused with a caret",
    arguments: [
      ("closure rate average days vs average", "vs average"), ("结案率 执结率 同比", "同比"), ("结案数 结收比 全市合计", "全市合计"),
      ("结案率 执结率 历年", "历年"), ("结案率 和 结案率", "结案率"),
    ])
  func refused(query: String, culprit: String) throws {
    do {
      _ = try Federation.engine.parse(query)
      Issue.record("accepted: \(query)")
    } catch {
      let characters = Array(query)
      let pointed = error.problems.map { String(characters[$0.range.clamped(to: 0..<characters.count)]) }
      #expect(pointed.contains(culprit), "\(query): \(pointed)")
    }
  }

  @Test("an incomplete figure shows as incomplete in its column and the court is listed with what it lacks")
  func incomplete() throws {
    let result = try CorrectnessTests.engine.answer("结案数 结案率 2021年")
    let haidian = try #require(result.rows.first { $0.court?.id == "bj-haidian" })
    #expect(haidian.cells[1] == .missing(LocalizedText(en: "incomplete", zh: "不完整")))
    #expect(
      result.excluded == [
        ExcludedCourt(
          court: CourtName(id: "bj-haidian", name: "海淀法院"), reason: .incomplete(missing: [.quarter(2021, 4)]))
      ])
  }
}

@Suite("Help")
struct HelpTests {
  @Test("every example help shows is a query the language reads, in both languages")
  func examplesParse() throws {
    let help = try Federation.engine.answer("help")
    for row in help.rows {
      for cell in row.cells {
        let text = cell.text(in: .en)
        guard !text.contains(" / ") else { continue }  // show metrics / show courts / show periods
        #expect(throws: Never.self, "\(text)") { _ = try Federation.engine.parse(text) }
      }
    }
  }
}
