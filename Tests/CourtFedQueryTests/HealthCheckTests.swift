import CourtFedModel
import CourtFedQuery
import CourtFedStore
import Foundation
import GRDB
import TestSupport
import Testing

/// Reference ranges and health checks on the sample federation, judged by the sample ranges
/// (`bundles/ranges.toml`). Expected values come from SQL written here over the database's
/// `indicator_values` view (its own formulas, summed by SQLite), SQLite's `round`, and the
/// bounds copied by hand from the sample file: never from the engine.
@Suite("Reference ranges and health checks")
struct HealthCheckTests {
  /// The 2024.01 indicators with their year ranges in bundles/ranges.toml, copied by hand:
  /// key, decimals, scale, better direction, low, high.
  static let bounds: [(key: String, decimals: Int, scale: Double, lower: Bool, low: Double?, high: Double?)] = [
    ("closure_rate", 2, 100, false, 95, 99),
    ("closed_to_new_ratio", 2, 100, false, 99, 102),
    ("within_time_limit_rate", 2, 100, false, 98.5, nil),
    ("average_days", 1, 1, true, 50, 75),
    ("long_pending_share", 2, 100, true, nil, 2.5),
    ("first_instance_reversal_rate", 2, 100, true, nil, 0.25),
    ("first_instance_remand_rate", 2, 100, true, nil, 0.15),
    ("acceptance_rate", 2, 100, false, 91, nil),
    ("mediation_withdrawal_rate", 2, 100, false, 45, 55),
    ("enforcement_closure_rate", 2, 100, false, 92, nil),
    ("recovery_rate", 2, 100, false, 40, nil),
  ]

  /// 偏低 / 偏高 / 达标, written out.
  static func verdict(_ value: Double, low: Double?, high: Double?) -> String {
    if let low, value < low { return "偏低" }
    if let high, value > high { return "偏高" }
    return "达标"
  }

  /// Each court's value of `indicator` in `period`, rounded by SQLite, by court id.
  static func values(_ indicator: String, _ period: String, decimals: Int, store: CourtStore = Federation.store)
    throws -> [String: Double]
  {
    try store.read { db in
      let rows = try Row.fetchAll(
        db, sql: "SELECT court, round(value, ?) AS v FROM indicator_values WHERE indicator = ? AND period = ?",
        arguments: [decimals, indicator, period])
      return Dictionary(uniqueKeysWithValues: rows.map { ($0["court"] as String, $0["v"] as Double) })
    }
  }

  /// The pooled city figure, Σ numerators / Σ denominators × scale, rounded by SQLite.
  static func city(_ indicator: String, _ period: String, decimals: Int, scale: Double, excluding: [String] = [])
    throws -> Double
  {
    try Federation.store.read { db in
      let skip = excluding.map { "'\($0)'" }.joined(separator: ",")
      return try Double.fetchOne(
        db,
        sql: """
          SELECT round(SUM(numerator) * ? / SUM(denominator), ?) FROM indicator_values
          WHERE indicator = ? AND period = ? AND court NOT IN (\(skip.isEmpty ? "''" : skip))
          """, arguments: [scale, decimals, indicator, period])!
    }
  }

  static func text(_ value: Double, _ decimals: Int) -> String { String(format: "%.\(decimals)f", value) }

  @Test("体检 汇总: every cell is the view's value with its verdict; the last row the pooled city figures")
  func summaryBySQL() throws {
    let result = try Federation.ranged.answer("体检 汇总 2021年")
    #expect(result.kind == .healthSummary)
    #expect(result.columns.map(\.key) == ["court"] + Self.bounds.map(\.key) + ["met", "judged"])
    #expect(result.rows.count == 10)
    for row in result.rows {
      let court = try #require(row.court).id
      var met = 0
      for (index, bound) in Self.bounds.enumerated() {
        let value = try #require(try Self.values(bound.key, "2021", decimals: bound.decimals)[court])
        let verdict = Self.verdict(value, low: bound.low, high: bound.high)
        if verdict == "达标" { met += 1 }
        #expect(
          row.cells[index + 1].text(in: .zh) == "\(Self.text(value, bound.decimals)) \(verdict)",
          "\(court) \(bound.key)")
      }
      #expect(row.cells[Self.bounds.count + 1] == .integer(met), "\(court)")
      #expect(row.cells[Self.bounds.count + 2] == .integer(Self.bounds.count))
    }
    let total = try #require(result.totals.first)
    for (index, bound) in Self.bounds.enumerated() {
      let city = try Self.city(bound.key, "2021", decimals: bound.decimals, scale: bound.scale)
      #expect(
        total.cells[index + 1].text(in: .zh)
          == "\(Self.text(city, bound.decimals)) \(Self.verdict(city, low: bound.low, high: bound.high))",
        "\(bound.key)")
    }
    #expect(result.provenance.ranges?.isSample == true && result.provenance.ranges?.version == "2024.01")
    #expect(
      result.notes.contains { $0.zh.contains("示例区间") } && result.notes.contains { $0.en.contains("sample ranges") })
    #expect(result.notes.contains { $0.zh.contains("2021年早于首个版本") })
  }

  @Test("不达标: the courts outside each range, with the bound missed and by how much", arguments: bounds.map(\.key))
  func outsideBySQL(key: String) throws {
    let bound = try #require(Self.bounds.first { $0.key == key })
    let values = try Self.values(key, "2021", decimals: bound.decimals)
    var expected: [String: (bound: Double, by: Double)] = [:]
    for (court, value) in values {
      if let low = bound.low, value < low { expected[court] = (low, ((low - value) * 100).rounded() / 100) }
      if let high = bound.high, value > high { expected[court] = (high, ((value - high) * 100).rounded() / 100) }
    }
    let result = try Federation.ranged.answer("\(key) outside range 2021")
    let rows = result.rows.map { row in
      (court: row.court!.id, bound: row.cells[5].number!, by: row.cells[6].number!)
    }
    #expect(Set(rows.map(\.court)) == Set(expected.keys), "\(key)")
    for row in rows {
      #expect(
        row.bound == expected[row.court]?.bound && abs(row.by - (expected[row.court]?.by ?? -1)) < 1e-9, "\(key) \(row)"
      )
    }
    // The rows stand in the full ranking's order, each with its place.
    let places = rows.indices.map { result.rows[$0].rank!.place! }
    #expect(places == places.sorted())
    let inside = values.count - expected.count
    #expect(result.notes.first?.en.hasPrefix("\(inside) of \(values.count) courts") == true, "\(key)")
  }

  @Test("西城法院 体检表 2021年: value, city figure, change on 2020 and place, each from SQL")
  func healthCheckBySQL() throws {
    for query in ["西城法院 体检表 2021年", "xicheng health check 2021", "2021 health check for xicheng"] {
      let result = try Federation.ranged.answer(query)
      #expect(result.kind == .healthCheck, "\(query)")
      #expect(result.rows.count == Self.bounds.count)
      for (row, bound) in zip(result.rows, Self.bounds) {
        let now = try Self.values(bound.key, "2021", decimals: 12)
        let before = try Self.values(bound.key, "2020", decimals: 12)
        let shown = try Self.values(bound.key, "2021", decimals: bound.decimals)
        let value = try #require(shown["bj-xicheng"])
        #expect(row.cells[1].text(in: .zh) == Self.text(value, bound.decimals), "\(bound.key)")
        #expect(row.cells[4].text(in: .zh) == Self.verdict(value, low: bound.low, high: bound.high), "\(bound.key)")
        let city = try Self.city(bound.key, "2021", decimals: bound.decimals, scale: bound.scale)
        #expect(row.cells[6].text(in: .zh) == Self.text(city, bound.decimals), "\(bound.key)")
        let change =
          bound.scale == 100
          ? now["bj-xicheng"]! - before["bj-xicheng"]!
          : (now["bj-xicheng"]! - before["bj-xicheng"]!) / before["bj-xicheng"]! * 100
        #expect(row.cells[7].text(in: .zh) == Self.text((change * 100).rounded() / 100, 2), "\(bound.key)")
        let better = change == 0 ? "持平" : ((change > 0) != bound.lower ? "改善" : "退步")
        #expect(row.cells[8].text(in: .zh) == better, "\(bound.key)")
        let ahead = shown.values.filter { bound.lower ? $0 < value : $0 > value }.count
        #expect(row.cells[9] == .rank(ahead + 1, tie: shown.values.filter { $0 == value }.count > 1), "\(bound.key)")
        #expect(row.cells[10] == .integer(10))
      }
    }
  }

  @Test("the indicator system in force at the end of the period judges it")
  func versions() throws {
    let catalog = MetricCatalog.standard
    func version(_ text: String) -> (String, Bool, [String]) {
      let choice = catalog.system(for: try! Period(parsing: text))!
      return (choice.system.version, choice.beforeFirst, choice.alsoInPeriod.map(\.version))
    }
    #expect(version("2021") == ("2024.01", true, []))
    #expect(version("2023Q4") == ("2024.01", true, []))
    #expect(version("2024H1") == ("2024.01", false, []))
    #expect(version("2024-08") == ("2024.01", false, []))
    #expect(version("2024-09") == ("2024.09", false, []))
    #expect(version("2024Q3") == ("2024.09", false, ["2024.01"]))
    #expect(version("2024") == ("2024.09", false, ["2024.01"]))
    #expect(version("2025") == ("2024.09", false, []))
    let merged = catalog.indicators(in: "2024.09").map(\.key)
    #expect(merged.contains("reversal_remand_ratio") && merged.contains("case_matter_ratio"))
    #expect(!merged.contains("first_instance_reversal_rate") && !merged.contains("first_instance_remand_rate"))
    #expect(catalog.indicators(in: "2024.01").map(\.key) == Self.bounds.map(\.key))
  }

  @Test("a range's edges: inclusive by default, exclusive when asked; its text")
  func edges() {
    let range = ReferenceRange(low: 95, high: 99)
    #expect(range.judge(95).verdict == .met && range.judge(99).verdict == .met)
    #expect(range.judge(94.99).verdict == .low && range.judge(99.01).verdict == .high)
    #expect(abs(range.judge(94.64).distance! - 0.36) < 1e-9 && range.judge(94.64).bound == 95)
    let open = ReferenceRange(low: 0.1, lowInclusive: false, high: 0.4, highInclusive: false)
    #expect(open.judge(0.1).verdict == .low && open.judge(0.4).verdict == .high && open.judge(0.2).verdict == .met)
    #expect(range.text == "[95, 99]" && open.text == "(0.1, 0.4)")
    #expect(
      ReferenceRange(low: 98.5, high: nil).text == "≥ 98.5" && ReferenceRange(low: nil, high: 2.5).text == "≤ 2.5")
  }

  @Test("an incomplete figure is not judged unless 含不完整 asks, and the city leaves it out")
  func incomplete() throws {
    let engine = Federation.engine(CorrectnessTests.store, ranges: Federation.sampleRanges)
    let summary = try engine.answer("体检 汇总 2021年")
    let haidian = try #require(summary.rows.first { $0.court?.id == "bj-haidian" })
    // Flows lacking 2021Q4 are incomplete; a closing stock lacking it has no figure at all.
    let cells = haidian.cells.dropFirst().prefix(Self.bounds.count).map { $0.text(in: .zh) }
    #expect(cells.allSatisfy { $0 == "不完整" || $0 == "无数据" } && cells.contains("不完整"), "\(cells)")
    #expect(haidian.cells[Self.bounds.count + 1] == .integer(0) && haidian.cells[Self.bounds.count + 2] == .integer(0))
    #expect(summary.excluded.map(\.court.id) == ["bj-haidian"])
    #expect(summary.provenance.courtsComplete == 9 && summary.provenance.courtsExpected == 10)
    let city = try Self.city("closure_rate", "2021", decimals: 2, scale: 100, excluding: ["bj-haidian"])
    #expect(summary.totals[0].cells[1].text(in: .zh).hasPrefix(Self.text(city, 2)))

    let check = try engine.answer("海淀 体检表 2021年")
    #expect(check.rows[0].cells[1].text(in: .zh) == "不完整:缺2021年第四季度")
    #expect(check.rows[0].cells[4].text(in: .zh) == "未评判")
    let included = try engine.answer("海淀 体检表 2021年 含不完整")
    #expect(included.rows[0].cells[1].number != nil && !included.rows[0].isComplete)
    #expect(included.rows[0].missingPeriods == [.quarter(2021, 4)])
    // Never shown as whole: the row says what it lacks.
    #expect(included.columns.last?.key == "note")
    #expect(included.rows[0].cells.last?.text(in: .zh) == "不完整:缺2021年第四季度")
    let whole = try engine.answer("体检 汇总 2021年 含不完整")
    let marked = try #require(whole.rows.first { $0.court?.id == "bj-haidian" })
    #expect(!marked.isComplete && marked.cells.last?.text(in: .zh) == "不完整:缺2021年第四季度")
    #expect(whole.rows.filter { $0.court?.id != "bj-haidian" }.allSatisfy { $0.cells.last?.text(in: .zh) == "" })
    #expect(whole.totals[0].cells.count == whole.columns.count)
  }

  @Test(
    "refused with where to write, or why",
    arguments: [
      ("结案率 不达标", "city/ranges.toml", false), ("体检 汇总", "city/ranges.toml", false),
      ("结案率 不达标 2021年第四季度", "2021Q4", true), ("西城 体检表 2021Q4", "quarter", true),
      ("reversal and remand ratio outside range 2021", "is not an indicator of system 2024.01", true),
      ("backlog clearance rate outside range", "is not judged against a reference range", true),
    ])
  func refusals(query: String, words: String, ranged: Bool) throws {
    let engine = ranged ? Federation.ranged : Federation.engine
    do {
      _ = try engine.answer(query)
      Issue.record("answered: \(query)")
    } catch {
      #expect(error.rendered(in: .en).contains(words), "\(query): \(error.rendered(in: .en))")
      #expect(!error.rendered(in: .zh).isEmpty)
    }
  }

  @Test("a ranking shows the verdict beside the value only for a period its ranges judge")
  func rankingVerdicts() throws {
    let year = try Federation.ranged.answer("结案率 后三名")
    #expect(year.columns.map(\.key) == ["rank", "court", "value", "verdict"])
    #expect(year.rows.last?.cells[3] == .judged(nil, precision: 2, verdict: .low))
    let quarter = try Federation.ranged.answer("结案率 2021年第四季度 前三")
    #expect(!quarter.columns.map(\.key).contains("verdict") && quarter.provenance.ranges == nil)
    #expect(try Federation.engine.answer("结案率 后三名").columns.map(\.key) == ["rank", "court", "value"])
  }
}

/// The ranges file: the sample loads; every mistake is named with its line and column.
@Suite("ranges.toml")
struct RangesFileTests {
  static let header = "sample = true\n"

  @Test("the shipped sample ranges load, marked as samples, for both versions")
  func sample() {
    let ranges = Federation.sampleRanges
    #expect(ranges.isSample && ranges.file == "ranges.toml")
    #expect(ranges.ranges.count == 22)
    #expect(ranges.range("closure_rate", version: "2024.09", kind: .year) == ReferenceRange(low: 95, high: 99))
    #expect(ranges.range("closure_rate", version: "2024.09", kind: .quarter) == nil)
    #expect(ranges.range("case_matter_ratio", version: "2024.09", kind: .year) == ReferenceRange(low: nil, high: 1.4))
  }

  @Test(
    "each mistake: line, column, message and hint, in both languages",
    arguments: [
      (
        "[[range]]\nindicator = \"closure_rat\"\nversion = \"2024.01\"\nlow = 95\n", 2, 13, "unknown indicator",
        "closure rate"
      ),
      ("[[range]]\nindicator = \"结案数\"\nversion = \"2024.01\"\nlow = 95\n", 2, 13, "is a measure", nil),
      (
        "[[range]]\nindicator = \"closure_rate\"\nversion = \"2025.01\"\nlow = 95\n", 3, 11,
        "unknown indicator-system version", "2024.09"
      ),
      (
        "[[range]]\nindicator = \"closure_rate\"\nversion = 2024.01\nlow = 95\n", 3, 11,
        "the version goes in quotes", "version = \"2024.01\""
      ),
      (
        "[[range]]\nindicator = \"first_instance_remand_rate\"\nversion = \"2024.09\"\nhigh = 1\n", 2, 13,
        "is not an indicator of system 2024.09", "2024.01"
      ),
      (
        "[[range]]\nindicator = \"recovery_rate\"\nversion = \"2024.01\"\nhigh = 90\n", 4, 1, "has a low bound only",
        "use low"
      ),
      (
        "[[range]]\nindicator = \"closure_rate\"\nversion = \"2024.01\"\nlow = 99\nhigh = 95\n", 5, 8,
        "the range is empty", nil
      ),
      ("[[range]]\nindicator = \"closure_rate\"\nversion = \"2024.01\"\n", 1, 1, "needs low, high or both", nil),
      ("[[range]]\nindicator = \"closure_rate\"\nversion = \"2024.01\"\nlow = \"95\"\n", 4, 7, "low is a number", nil),
      (
        "[[range]]\nindicator = \"closure_rate\"\nversion = \"2024.01\"\nlowe = 95\nlow = 95\n", 4, 1,
        "unknown key 'lowe'", "'low'"
      ),
      (
        "[[range]]\nindicator = \"closure_rate\"\nversion = \"2024.01\"\nlow = 95\nperiod = \"week\"\n", 5, 10,
        "period is", nil
      ),
      (
        "[[range]]\nindicator = \"closure_rate\"\nversion = \"2024.01\"\nlow = 95\n[[range]]\nindicator = \"结案率\"\nversion = \"2024.01\"\nlow = 90\n",
        5, 1, "a second range for closure_rate", "keep one"
      ),
      ("[ranges]\nx = 1\n", 1, 1, "unknown table [ranges]", "[[range]]"),
      ("sample = yes\n", 1, 10, "expected a value", nil),
      ("title = \"x\"\n", 1, 1, "unknown key 'title'", "sample"),
    ])
  func mistakes(text: String, line: Int, column: Int, message: String, hint: String?) {
    do {
      _ = try ReferenceRanges(parsing: Self.header + text, file: "ranges.toml", catalog: .standard)
      Issue.record("accepted: \(text)")
    } catch {
      // The header takes line 1.
      let first = error.problems[0]
      #expect(first.line == line + 1 && first.column == column, "\(text): \(first)")
      #expect(first.message.en.contains(message), "\(first.message.en)")
      if let hint { #expect(first.hint?.en.contains(hint) == true, "\(String(describing: first.hint))") }
      let english = error.text.en
      let chinese = error.text.zh
      #expect(english.hasPrefix("ranges.toml:\(line + 1):\(column): error: "), "\(english)")
      #expect(chinese.hasPrefix("ranges.toml:\(line + 1):\(column): error: ") && chinese != english, "\(chinese)")
    }
  }

  @Test("every problem of a file is reported at once")
  func allAtOnce() {
    let text =
      "[[range]]\nindicator = \"nothing\"\nversion = \"2024.01\"\nlow = 1\n[[range]]\nindicator = \"closure_rate\"\nversion = \"9\"\nlow = 1\n"
    do {
      _ = try ReferenceRanges(parsing: text, file: "ranges.toml", catalog: .standard)
      Issue.record("accepted")
    } catch {
      #expect(error.problems.map(\.line) == [2, 7])
    }
  }
}
