import Foundation
import TestSupport
import Testing

/// `courtfed demo` and `courtfed query` as an analyst runs them.
@Suite("Demo and query, end to end", .serialized)
struct QueryCommandTests {
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
    let csv = try CommandRunner.run(["query", "信息工作 前三", "--db", database, "--format", "csv"])
    #expect(csv.exitCode == 0)
    #expect(csv.stdout == "名次,法院,信息工作考核成绩(分)\r\n1,海淀法院,97.60\r\n2,朝阳法院,96.90\r\n3,西城法院,96.35\r\n")
    let json = try CommandRunner.run(["query", "casebook adoptions top 3", "--db", database, "--format", "json"])
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    let rows = try #require(object?["rows"] as? [[String: Any]])
    #expect(rows.map { $0["value"] as? Double } == [41, 36, 32])

    let wrong = try CommandRunner.run(["query", "结按率 前三", "--db", database])
    #expect(wrong.exitCode == 1)
    #expect(wrong.stderr == "  结按率 前三\n  ^^^^^^\n错误:“结按率”不是指标、法院或查询用语\n建议:您是不是要写“结案率”?\n")
    let explain = try CommandRunner.run(["query", "closure rate top 3", "--db", database, "--explain"])
    // One statement; the user's words reach it only as bindings (measures, years, period, limit).
    #expect(explain.stdout.contains("SQL:\nWITH source AS (WITH pv AS (SELECT court, period, measure, value"))
    #expect(
      explain.stdout.contains(
        "bindings: [\"cases_closed\",\"cases_carried_over\",\"cases_new\"], [[2021,\"2021\"]], 2021, 2, 2, 2, 2, 3, false, 3"
      ))
  }
}
