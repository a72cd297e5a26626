import Foundation
import GRDB
import TestSupport
import Testing

/// `courtfed demo` and `courtfed query` as an analyst runs them.
@Suite("Demo and query, end to end", .serialized)
struct QueryCommandTests {
  /// The demo pack's trend section (`结案率 各季度`, the pack's year 2021 by quarter): its line
  /// chart and every figure in its table, each worked out here from the store's own rows
  /// (cases closed ÷ (carried over + new), Specs/metric-catalog.md), not from the engine.
  func expectTrendSection(pack: String, database: String) throws {
    let html = try String(contentsOfFile: pack, encoding: .utf8)
    let start = try #require(html.range(of: "<h2>六、各法院结案率走势(各季度)</h2>"))
    let rest = html[start.upperBound...]
    let section = rest.prefix(upTo: rest.range(of: "<section class=\"pack-section\">")?.lowerBound ?? rest.endIndex)
    #expect(section.contains("<h3>结案率 2021年 各季度</h3>"))
    #expect(section.contains("<svg") && section.contains("<path d=\"M") && section.contains("stroke-dasharray"))
    #expect(section.contains("纵轴不从0开始"))
    #expect(section.contains("<th class=\"number\">第一季度</th>") && section.contains("<th class=\"number\">第四季度</th>"))
    // The health check stays the pack's last section.
    #expect(html.contains("<h2>七、体检汇总(示例区间)</h2>") && !rest.contains("<h2>六、"))
    let quarters = ["2021Q1", "2021Q2", "2021Q3", "2021Q4"]
    let queue = try DatabaseQueue(path: database)
    let rows = try queue.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT c.short_name AS name, m.period AS period,
            SUM(CASE WHEN m.measure = 'cases_closed' THEN m.value END) AS closed,
            SUM(CASE WHEN m.measure IN ('cases_carried_over', 'cases_new') THEN m.value END) AS caseload
          FROM measure_values m JOIN courts c ON c.id = m.court
          WHERE m.period IN ('2021Q1', '2021Q2', '2021Q3', '2021Q4')
            AND m.measure IN ('cases_closed', 'cases_carried_over', 'cases_new')
          GROUP BY c.id, m.period
          """)
    }
    var byCourt: [String: [String: (Double, Double)]] = [:]
    for row in rows {
      byCourt[row["name"], default: [:]][row["period"]] = (row["closed"], row["caseload"])
    }
    #expect(byCourt.count == 10)
    func percent(_ closed: Double, _ caseload: Double) -> String { String(format: "%.2f", closed / caseload * 100) }
    for (name, periods) in byCourt {
      let cells = quarters.map { quarter -> String in
        let (closed, caseload) = periods[quarter]!
        return "<td class=\"number\">\(percent(closed, caseload))</td>"
      }
      #expect(section.contains("<tr><td>\(name)</td>\(cells.joined())</tr>"), "\(name)")
      // Each line labelled at its end with its court and last figure.
      let (closed, caseload) = periods["2021Q4"]!
      #expect(section.contains(">\(name) \(percent(closed, caseload))</text>"), "\(name)")
    }
    // The city figure: Σ closed ÷ Σ caseload over the ten courts, as the last row and the
    // dashed line's label.
    let city = quarters.map { quarter -> String in
      let parts = byCourt.values.map { $0[quarter]! }
      return percent(parts.map(\.0).reduce(0, +), parts.map(\.1).reduce(0, +))
    }
    #expect(section.contains(city.map { "<td class=\"number\">\($0)</td>" }.joined()), "\(city)")
    #expect(section.contains(">全市 \(city[3])</text>"))
  }

  @Test("demo runs the whole road and starts clean on a second run; query answers and refuses with a caret")
  func demoAndQuery() throws {
    let root = ProjectPaths.temporaryDirectory("demo")
    defer { try? FileManager.default.removeItem(at: root) }
    let out = root.appendingPathComponent("demo").path
    let arguments = ["demo", "--out", out, "--samples", ProjectPaths.sampleWorkspaces.path]
    let first = try CommandRunner.run(arguments)
    #expect(first.exitCode == 0, "\(first.stderr)")
    #expect(first.stdout.contains("10 bundles verified and merged"))
    #expect(first.stdout.contains("1     西城法院                         88.13  72.85             15.28"))
    #expect(first.stdout.contains("3     西城法院                            96.35"))
    let second = try CommandRunner.run(arguments)
    #expect(second.exitCode == 0, "\(second.stderr)")
    #expect(second.stdout.contains("10 bundles verified and merged"))

    let database = out + "/city.sqlite"
    let csv = try CommandRunner.run(["query", "信息工作 前三", "--db", database, "--format", "csv", "--classification", ""])
    #expect(csv.exitCode == 0)
    #expect(csv.stdout.hasPrefix("信息工作考核成绩 2021年 前3名\r\n期间 2021年(最近的完整期间)"))
    #expect(csv.stdout.contains("\r\n\r\n名次,法院,信息工作考核成绩(分)\r\n1,海淀法院,97.60\r\n2,朝阳法院,96.90\r\n3,西城法院,96.35\r\n"))
    let excel = try CommandRunner.run(["query", "信息工作 前三", "--db", database, "--excel"])
    #expect(excel.stdout.hasPrefix("\u{FEFF}内部资料 / internal\r\n"))
    let html = try CommandRunner.run(["query", "clearance rate vs average", "--db", database, "--format", "html"])
    #expect(html.stdout.hasPrefix("<!DOCTYPE html>"))
    #expect(html.stdout.contains("<svg"))
    #expect(first.stdout.contains("7 sections -> \(out)/meeting-pack.html"))
    try expectTrendSection(pack: out + "/meeting-pack.html", database: out + "/city.sqlite")
    // The demo puts the sample ranges beside its database: health checks answer, saying so.
    let health = try CommandRunner.run(["query", "西城法院 体检表 2021年", "--db", database])
    #expect(health.exitCode == 0, "\(health.stderr)")
    #expect(health.stdout.contains("区间参考值:ranges.toml(示例区间,非最高人民法院数值);指标体系2024.01版"))
    #expect(health.stdout.contains("执行到位率              39.35  %     ≥ 40        偏低"))
    let outside = try CommandRunner.run(["query", "closure rate outside range", "--db", database, "--format", "json"])
    let outsideJSON = try JSONSerialization.jsonObject(with: Data(outside.stdout.utf8)) as! [String: Any]
    let outsideRows = outsideJSON["rows"] as! [[String: Any]]
    #expect(
      outsideRows.count == 1 && outsideRows[0]["court_id"] as? String == "bj-tongzhou"
        && outsideRows[0]["verdict"] as? String == "low")
    #expect(outsideRows[0]["distance"] as? Double == 0.36 && outsideRows[0]["bound"] as? Double == 95)
    let provenance = outsideJSON["provenance"] as! [String: Any]
    #expect((provenance["reference_ranges"] as? [String: Any])?["sample"] as? Bool == true)
    // A broken ranges file: every problem as FILE:LINE:COLUMN, exit 1.
    let broken = root.appendingPathComponent("broken.toml")
    try Data("[[range]]\nindicator = \"closure_rat\"\nversion = \"2024.01\"\nlow = 95\n".utf8).write(to: broken)
    let refusedRanges = try CommandRunner.run([
      "query", "closure rate outside range", "--db", database, "--ranges", broken.path,
    ])
    #expect(refusedRanges.exitCode == 1)
    #expect(
      refusedRanges.stderr.contains("broken.toml:2:13: error: unknown indicator 'closure_rat'\n    hint: did you mean"))
    #expect(FileManager.default.fileExists(atPath: out + "/meeting-pack.html"))

    let pack = root.appendingPathComponent("pack.md").path
    let report = try CommandRunner.run([
      "report", ProjectPaths.bundles.appendingPathComponent("report.toml").path, "--db", database, "--out", pack,
    ])
    #expect(report.exitCode == 0, "\(report.stderr)")
    #expect(report.stdout == "wrote \(pack): 7 sections; 10 of 10 courts reported\n")
    #expect(try String(contentsOfFile: pack, encoding: .utf8).contains("## 七、体检汇总(示例区间)"))
    #expect(try String(contentsOfFile: pack, encoding: .utf8).contains("## 二、未结案件清理率对比全市"))
    let badSpec = root.appendingPathComponent("bad.toml")
    try Data("title = \"t\"\nperiod = \"2021Q9\"\n".utf8).write(to: badSpec)
    let refused = try CommandRunner.run(["report", badSpec.path, "--db", database, "--out", pack, "--lang", "en"])
    #expect(refused.exitCode == 1)
    #expect(refused.stderr.hasPrefix("\(badSpec.path):2:10: error: '2021Q9' is not a period"))
    let wrongOut = try CommandRunner.run(["report", badSpec.path, "--db", database, "--out", root.path + "/x.pdf"])
    #expect(wrongOut.exitCode == 64)
    #expect(wrongOut.stderr.contains("--out must end in .html or .md"))
    let json = try CommandRunner.run(["query", "casebook adoptions top 3", "--db", database, "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let rows = try #require(object?["rows"] as? [[String: Any]])
    #expect(rows.map { $0["value"] as? Double } == [41, 36, 32])

    let wrong = try CommandRunner.run(["query", "结按率 前三", "--db", database])
    #expect(wrong.exitCode == 1)
    #expect(wrong.stderr == "  结按率 前三\n  ^^^^^^\n错误:“结按率”不是指标、法院或查询用语\n建议:您是不是要写“结案率”?\n")
    let explain = try CommandRunner.run(["query", "closure rate top 3", "--db", database, "--explain"])
    // One statement, run once for each measure and period; the user's words reach it only as
    // bindings, one line per run.
    #expect(
      explain.stdout.contains(
        "SQL:\nSELECT court, value, 1, NULL, bundle, NULL FROM measure_values WHERE measure = ?1 AND period = ?2\n"))
    #expect(
      explain.stdout.contains(
        "bindings: cases_carried_over, 2021\nbindings: cases_closed, 2021\nbindings: cases_new, 2021\n"))
  }
}
