import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedStore
import Foundation
import GRDB
import TestSupport
import Testing

@Suite("Query language")
struct QueryTests {
  @Test("the spec's example table has its examples")
  func exampleCount() {
    #expect(Federation.examples.count >= 18)
  }

  @Test("every example of Specs/query-language.md gives its rows", arguments: Federation.examples)
  func specExamples(query: String, expected: String) throws {
    let result = try Federation.ranged.answer(query)
    let rows = Federation.rows(result)
    var wanted = expected.components(separatedBy: " · ")
    if wanted.last == "…" {
      wanted.removeLast()
      #expect(Array(rows.prefix(wanted.count)) == wanted, "\(query)")
    } else {
      #expect(rows == wanted, "\(query)")
    }
  }

  @Test("information work top 3, recomputed with hand-written SQL on the stored values")
  func informationWorkBySQL() throws {
    let expected = try Federation.store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT c.short_name, v.value FROM measure_values v JOIN courts c ON c.id = v.court
          WHERE v.measure = 'information_work_score' AND v.period = '2021' ORDER BY v.value DESC LIMIT 3
          """
      ).map { "\($0["short_name"] as String) \(String(format: "%.2f", $0["value"] as Double))" }
    }
    let rows = Federation.rows(try Federation.engine.answer("信息工作 前三")).map {
      $0.split(separator: " ").dropFirst().joined(separator: " ")
    }
    #expect(rows == expected)
  }

  @Test("clearance rate vs average, recomputed from the quarterly rows by hand: opening baseline, summed clearances")
  func clearanceBySQL() throws {
    let (xicheng, city) = try Federation.store.read { db in
      let perCourt = try Row.fetchAll(
        db,
        sql: """
          SELECT c.id AS court,
                 (SELECT SUM(value) FROM measure_values m WHERE m.court = c.id AND m.measure = 'backlog_cleared' AND m.period LIKE '2021Q%') AS cleared,
                 (SELECT value FROM measure_values m WHERE m.court = c.id AND m.measure = 'backlog_baseline' AND m.period = '2021Q1') AS baseline
          FROM courts c
          """)
      let totalCleared = perCourt.reduce(0.0) { $0 + ($1["cleared"] as Double) }
      let totalBaseline = perCourt.reduce(0.0) { $0 + ($1["baseline"] as Double) }
      let row = perCourt.first { ($0["court"] as String) == "bj-xicheng" }!
      return ((row["cleared"] as Double) / (row["baseline"] as Double) * 100, totalCleared / totalBaseline * 100)
    }
    let result = try Federation.engine.answer("clearance rate vs average")
    let value = try #require(result.rows[0].cells[2].number)
    let figure = try #require(result.rows[0].cells[3].number)
    let difference = try #require(result.rows[0].cells[4].number)
    #expect(abs(value - xicheng) < 0.005)
    #expect(abs(figure - city) < 0.005)
    #expect(abs(difference - (xicheng - city)) < 0.005)
    #expect(String(format: "%.2f", difference) == "15.28")
    #expect(result.provenance.cityFigure?.kind == .pooled)
    #expect(result.provenance.cityFigure?.courts == 10)
  }

  @Test("closure rate year on year, recomputed from quarterly rows by hand, matched by period key")
  func closureChangeBySQL() throws {
    let rate = { (year: String) throws -> Double in
      try Federation.store.read { db in
        try Double.fetchOne(
          db,
          sql: """
            SELECT (SELECT SUM(value) FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_closed' AND period LIKE ?1 || 'Q%') * 100.0 /
              ((SELECT value FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_carried_over' AND period = ?1 || 'Q1') +
               (SELECT SUM(value) FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_new' AND period LIKE ?1 || 'Q%'))
            """, arguments: [year])!
      }
    }
    let result = try Federation.engine.answer("closure rate yoy xicheng")
    let change = try #require(result.rows[0].cells[4].number)
    #expect(abs(change - (try rate("2021") - rate("2020"))) < 0.005)
  }

  @Test("a missing earlier period shows as no data for the same period, never a neighbouring row")
  func missingEarlier() throws {
    let result = try Federation.engine.answer("结案率 同比 2020年")
    #expect(result.rows.count == 10)
    #expect(
      result.rows.allSatisfy { $0.cells[2] == .missing(LocalizedText(en: "no data for the same period", zh: "无同期数据")) })
  }

  @Test("with no period: of the two latest ended years, the one with more complete courts; then quarters")
  func defaultPeriod() throws {
    let store = Federation.merged(in: "default-period")
    func period(_ engine: QueryEngine) throws -> String? {
      try engine.answer("cases closed ranking").provenance.period
    }
    #expect(try period(Federation.engine(store)) == "2021")
    // Standing on 2021-12-15, 2021 has not ended: 2020 is the newest ended year.
    #expect(try period(Federation.engine(store, now: Date(timeIntervalSince1970: 1_639_526_400))) == "2020")
    // 2021 incomplete for one court: 2020 has more complete courts, and the answer says why.
    var engine = try Federation.edited(
      store, "DELETE FROM measure_values WHERE court = 'bj-haidian' AND measure = 'cases_closed' AND period = '2021Q4'")
    let result = try engine.answer("cases closed ranking")
    #expect(result.provenance.period == "2020")
    #expect(result.provenance.periodChoice?.zh == "最近的完整期间;2021年10家中仅9家数据完整")
    // One court's first two quarters of 2022: the two latest ended years are now 2022 (no court
    // complete) and 2021 (nine): 2021.
    engine = try Federation.edited(
      store,
      """
      INSERT INTO measure_values
      SELECT court, '2022' || substr(period, 5), measure, value, bundle, kind, 2022, first_month, last_month
      FROM measure_values
      WHERE court = 'bj-xicheng' AND measure = 'cases_closed' AND period IN ('2021Q1', '2021Q2')
      """)
    #expect(try period(engine) == "2021")
    // No complete figure in 2022 or 2021: the later of the two latest ended quarters with
    // figures when they have as many complete courts (2022Q2 and 2022Q1, one court each).
    engine = try Federation.edited(
      store, "DELETE FROM measure_values WHERE measure = 'cases_closed' AND period = '2021Q4'")
    #expect(try period(engine) == "2022Q2")
    // A row for a year that has not ended (2201) never becomes the default.
    engine = try Federation.edited(
      store,
      """
      INSERT INTO measure_values
      SELECT court, '2201', measure, value, bundle, 'year', 2201, 1, 12
      FROM measure_values WHERE court = 'bj-xicheng' AND measure = 'cases_closed' AND period = '2021Q1'
      """)
    #expect(try period(engine) == "2022Q2")
  }

  @Test("ties share a rank and all tied rows at the cut are shown")
  func ties() throws {
    let rows = Federation.rows(try Federation.engine.answer("党小组 得分 前五 2021年第四季度"))
    #expect(rows.count == 6)
    #expect(rows.map { $0.split(separator: " ")[0] } == ["1", "2", "3", "3", "5", "5"])
  }

  @Test("discovery in both languages")
  func discovery() throws {
    #expect(try Federation.engine.answer("show metrics").rows.count == MetricCatalog.standard.metrics.count)
    #expect(try Federation.engine.answer("显示法院").rows.count == 10)
    #expect(try Federation.engine.answer("show periods").rows.count == 10)
    #expect(try Federation.engine.answer("帮助").rows.count > 10)
  }
}

@Suite("Query errors")
struct QueryErrorTests {
  static let corpus: [(String, Language, String)] = [
    ("结按率 前三", .zh, "  结按率 前三\n  ^^^^^^\n错误:“结按率”不是指标、法院或查询用语\n建议:您是不是要写“结案率”?"),
    ("信息工做 前三", .zh, "  信息工做 前三\n  ^^^^^^^^\n错误:“信息工做”不是指标、法院或查询用语\n建议:您是不是要写“信息工作”?"),
    (
      "clearence rate vs average", .en,
      "  clearence rate vs average\n  ^^^^^^^^^^^^^^\nerror: 'clearence rate' is not a metric, a court or a word of the query language\nhint: did you mean 'clearance rate' or 'clearance ratio'?"
    ),
    (
      "information work top", .en,
      "  information work top\n                      ^\nerror: how many? write a number after 'top'\nhint: top 3"
    ),
    (
      "信息工作 对比 加权平均", .zh,
      "  信息工作 对比 加权平均\n           ^^^^^^^^^^^^^\n错误:“信息工作”没有分子分母,无法计算加权平均\n建议:请用“对比 各院平均”"
    ),
    (
      "top 3", .en,
      "  top 3\n  ^^^^^\nerror: which metric? the query names none\nhint: `show metrics` lists them, e.g. closure rate top 3"
    ),
    (
      "closure rate average days yoy", .en,
      "  closure rate average days yoy\n                            ^^^\nerror: 'yoy' applies to one metric; several metrics are shown side by side\nhint: ask one metric at a time"
    ),
    ("", .en, "  \n  ^\nerror: the query is empty\nhint: try: information work top 3"),
  ]

  @Test("each bad query gets its exact message, caret placed by display width", arguments: corpus)
  func messages(query: String, language: Language, expected: String) {
    do {
      _ = try Federation.engine.parse(query)
      Issue.record("accepted: \(query)")
    } catch {
      #expect(error.rendered(in: language) == expected)
    }
  }

  @Test("several problems are reported at once")
  func several() {
    do {
      _ = try Federation.engine.parse("结按率 top")
      Issue.record("accepted")
    } catch {
      #expect(error.problems.count == 2)
    }
  }

  @Test("ambiguous Chinese segmentation asks for a space; the spaced query parses")
  func ambiguity() throws {
    // 全市平均审理天数: 全市平均 (city average) + 审理天数 (days), or 全市 + 平均审理天数.
    do {
      _ = try Federation.engine.parse("全市平均审理天数")
      Issue.record("an ambiguous query was accepted")
    } catch {
      #expect(
        error.rendered(in: .zh)
          == "  全市平均审理天数\n  ^^^^^^^^^^^^^^^^\n错误:“全市平均审理天数”有两种分法:“全市平均 审理天数”或“全市 平均审理天数”\n建议:请在词语之间加空格")
    }
    #expect(try Federation.engine.parse("全市 平均审理天数").kind == .versusAverage)
    // Where only one reading knows every word, it is taken: 党小组数量 is 党小组 + 数量.
    #expect(throws: Never.self) { try Federation.engine.parse("党支部数量") }
  }

  @Test(
    "100,000 random and mutated queries in four parallel runs: no crash, every problem inside the query, every parsed query answered or refused",
    arguments: 0..<4)
  func fuzz(run: Int) {
    let seed = SplitMix.seed("query fuzz run \(run)", fallback: 42) &+ UInt64(run)
    var generator = SplitMix(seed: seed)
    let seeds = Federation.examples.map(\.0) + QueryErrorTests.corpus.map(\.0)
    let alphabet = Array("结案率信息工作前三后名按排名对比全市平均同比环比党小组五星级 abcdefghijklmnopqrstuvwxyz0123456789QH年月季度第一二三四上下半?=,、　ＡＢ１２")
    var answered = 0
    for iteration in 0..<25_000 {
      var characters = Array(seeds[Int(generator.next() % UInt64(seeds.count))])
      switch iteration % 4 {
      case 0:
        characters = (0..<Int(generator.next() % 20)).map { _ in
          alphabet[Int(generator.next() % UInt64(alphabet.count))]
        }
      default:
        for _ in 0...Int(generator.next() % 4) {
          let position = characters.isEmpty ? 0 : Int(generator.next() % UInt64(characters.count + 1))
          switch generator.next() % 3 {
          case 0: characters.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
          case 1: if position < characters.count { characters.remove(at: position) }
          default:
            if position < characters.count {
              characters[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }
          }
        }
      }
      let query = String(characters)
      do {
        let parsed = try Federation.engine.parse(query)
        // A parsed query is answered or refused with a caret, never a crash or another error.
        do {
          _ = try Federation.engine.run(parsed, text: query)
          answered += 1
        } catch {
          guard case .refused = error else {
            Issue.record("seed \(seed): \"\(query)\" failed with \(error)")
            return
          }
        }
      } catch {
        let count = query.count
        for problem in error.problems {
          guard problem.range.lowerBound >= 0, problem.range.upperBound <= count + 1, !problem.range.isEmpty else {
            Issue.record("seed \(seed): problem outside \"\(query)\": \(problem.range)")
            return
          }
        }
        _ = error.rendered(in: .zh)
      }
    }
    print("query fuzz run \(run): 25,000 queries, \(answered) answered")
  }

  @Test("queries of every length are refused or answered at once: over 1,000 characters refused whole")
  func longQueries() throws {
    for text in [
      String(repeating: "结案率", count: 4_000), String(repeating: "a ", count: 50_000),
      String(repeating: "x", count: 1_000_000), String(repeating: "结案率 前三 ", count: 200),
    ] {
      do {
        _ = try Federation.engine.parse(text)
        Issue.record("accepted a query of \(text.count) characters")
      } catch {
        #expect(error.problems.count == 1)
        #expect(error.rendered(in: .zh).contains("一次提问最多1000个字符"))
      }
    }
    // Up to the limit, every problem is reported, ten shown then a count.
    let nonsense = String(repeating: "结按率 ", count: 250).dropLast()
    do {
      _ = try Federation.engine.parse(String(nonsense))
      Issue.record("accepted nonsense")
    } catch {
      #expect(error.problems.count == 250)
      #expect(error.rendered(in: .zh).hasSuffix("(另有240处问题未列出)"))
    }
  }
}

@Suite("Region filters")
struct RegionTests {
  @Test("a region keeps its courts only, spaced or run together, and the header counts those courts")
  func region() throws {
    for text in ["结案率 排名 西城区 海淀区", "closure rate ranking 西城区 海淀区", "结案率排名西城区海淀区"] {
      let result = try Federation.engine.answer(text)
      let courts = result.rows.map { $0.cells[1].text(in: .zh) }
      #expect(Set(courts) == ["西城法院", "海淀法院"], "\(text)")
      // Named regions narrow the rows shown, not the courts the question covers.
      #expect(result.provenance.courtsExpected == 10)
      #expect(result.rows.map { $0.rank?.place } == [2, 4])
    }
    // 西城 alone is the court's name; 西城区 the region: both find Xicheng.
    #expect(try Federation.engine.answer("结案率 西城").rows.count == 1)
  }
}

/// Ties forced into the stored figures: every ranking path (the ranking's window, the ranks
/// counted from the versus and change statements' order, top and bottom cuts) against ranks
/// counted here from the values alone.
@Suite("Ranks with ties")
struct TieTests {
  /// The sample federation with three courts given the same cases closed in 2020Q4 and 2021Q4,
  /// and two others another shared figure: tied values, and five courts tied at no change.
  static let engine: QueryEngine = {
    let store = Federation.merged(in: "ties")
    let queue = try! DatabaseQueue(path: store.url.path)
    try! queue.write { db in
      try db.execute(
        sql: """
          UPDATE measure_values SET value = CASE WHEN court IN ('bj-xicheng', 'bj-haidian', 'bj-fengtai') THEN 3000 ELSE 1000 END
          WHERE measure = 'cases_closed' AND period IN ('2020Q4', '2021Q4')
            AND court IN ('bj-xicheng', 'bj-haidian', 'bj-fengtai', 'bj-chaoyang', 'bj-tongzhou')
          """)
    }
    try! queue.close()
    return Federation.engine(store)
  }()

  /// Court → value of the rows of a ranking (rank, court, value, …).
  static func values(_ result: QueryResult, column: Int = 2) -> [(rank: Int, court: String, value: Double?)] {
    result.rows.map { row in
      (row.rank?.place ?? 0, row.cells[1].text(in: .en), row.cells[column].number)
    }
  }

  @Test("top and bottom N cut at the same ranks counted from the values; tied rows at the cut all shown")
  func cuts() throws {
    let all = Self.values(try Self.engine.answer("cases closed ranking 2021Q4"))
    #expect(all.count == 10)
    let values = all.compactMap(\.value)
    #expect(Set(values).count == 7)  // two tie groups: three courts and two
    for row in all {
      #expect(row.rank == 1 + values.filter { $0 > row.value! }.count)
    }
    for n in 1...10 {
      let top = Self.values(try Self.engine.answer("cases closed top \(n) 2021Q4"))
      #expect(top.map(\.court) == all.filter { $0.rank <= n }.map(\.court), "top \(n)")
      #expect(top.map(\.rank) == all.filter { $0.rank <= n }.map(\.rank), "top \(n)")
      let bottom = Self.values(try Self.engine.answer("cases closed bottom \(n) 2021Q4"))
      let fromWorst = all.filter { row in 1 + values.filter { $0 < row.value! }.count <= n }
      #expect(bottom.map(\.court) == fromWorst.map(\.court), "bottom \(n)")
      #expect(bottom.map(\.rank) == fromWorst.map(\.rank), "bottom \(n)")
    }
  }

  @Test("versus the city ranks as the ranking does; change ranks count from the changes and cut at N")
  func versusAndChange() throws {
    let all = Self.values(try Self.engine.answer("cases closed ranking 2021Q4"))
    let versus = Self.values(try Self.engine.answer("cases closed vs average 2021Q4"))
    #expect(versus.map(\.rank) == all.map(\.rank))
    #expect(Set(versus.map(\.court)) == Set(all.map(\.court)))
    let change = Self.values(try Self.engine.answer("cases closed biggest improvement 2021Q4"), column: 4)
    let changes = change.compactMap(\.value).map { ($0 * 100).rounded() / 100 }
    #expect(changes.filter { $0 == 0 }.count == 5)
    for row in change where row.value != nil && row.rank > 0 {
      #expect(row.rank == 1 + changes.filter { $0 > (row.value! * 100).rounded() / 100 }.count)
    }
    for n in 1...10 {
      let cut = Self.values(try Self.engine.answer("cases closed biggest improvement top \(n) 2021Q4"), column: 4)
      #expect(cut.map(\.court) == change.filter { $0.rank <= n }.map(\.court), "change top \(n)")
    }
  }
}
