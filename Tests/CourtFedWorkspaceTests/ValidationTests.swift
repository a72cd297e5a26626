import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace
import Foundation
import TestSupport
import Testing

/// A workspace written to a temporary folder from literal file contents.
struct WorkspaceFixture {
  static let profile = """
    [court]
    id = "bj-xicheng"
    name = "北京市西城区人民法院"
    level = "basic"
    parent = "bj-sample-intermediate"
    """
  static let measures = """
    period,measure,value
    2021Q1,cases_carried_over,1200
    2021Q1,cases_new,3000
    2021Q1,cases_closed,2900
    """
  static let branches = "id,name,division,secretary,members,brand\nb01,审管办(研究室)党支部,审判管理办公室,郑杨,14,审思研微\n"
  static let groups =
    "id,branch,name,team,kind,leader,leader_age,leader_party_years,leader_court_years,members\ng01,b01,审管小组,审判管理组,support,张明,38,15,12,7\n"

  var files: [String: String]

  init(_ overrides: [String: String?] = [:]) {
    files = [
      "court.toml": Self.profile, "measures.csv": Self.measures, "branches.csv": Self.branches,
      "groups.csv": Self.groups, "group_scores.csv": "group,period,basic,bonus,deduction\n",
      "branch_ratings.csv": "branch,year,stars\n",
    ]
    for (name, content) in overrides { files[name] = content }
  }

  /// Writes the files and validates them at `now`; returns the English diagnostics.
  func validate(now: Date = Date()) throws -> (report: WorkspaceReport, lines: [String]) {
    let directory = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, content) in files {
      try Data(content.utf8).write(to: directory.appendingPathComponent(name))
    }
    let report = WorkspaceLoader(now: now).load(directory)
    return (report, report.diagnostics.map { $0.formatted(in: .en) })
  }
}

@Suite("Workspace validation")
struct ValidationTests {
  @Test("a clean workspace reads with no findings")
  func clean() throws {
    let (report, lines) = try WorkspaceFixture().validate()
    #expect(lines == [])
    let workspace = try #require(report.workspace)
    #expect(report.isValid)
    #expect(workspace.court.shortName == "西城法院")
    #expect(
      workspace.measures.map(\.value) == [
        MeasureValue(period: .quarter(2021, 1), measure: "cases_carried_over", value: 1200),
        MeasureValue(period: .quarter(2021, 1), measure: "cases_new", value: 3000),
        MeasureValue(period: .quarter(2021, 1), measure: "cases_closed", value: 2900),
      ])
    #expect(workspace.branches.first?.value.brand == "审思研微")
    #expect(workspace.groups.first?.value.kind == .support)
  }

  @Test("Chinese headers, Chinese names, Chinese periods and GB18030 bytes read the same")
  func chinese() throws {
    let measures = "期间,指标,数值\n2021年第一季度,旧存案件,1200\n2021年第一季度,新收,3000\n2021年第一季度,审执结案件,2900\n"
    let directory = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, content) in WorkspaceFixture(["measures.csv": nil]).files {
      try Data(content.utf8).write(to: directory.appendingPathComponent(name))
    }
    try TextEncoding.encode(measures, as: .gb18030).write(to: directory.appendingPathComponent("measures.csv"))
    let report = WorkspaceLoader().load(directory)
    #expect(report.diagnostics.isEmpty)
    #expect(report.workspace?.encodings["measures.csv"] == .gb18030)
    #expect(report.workspace?.measures.map(\.value.measure) == ["cases_carried_over", "cases_new", "cases_closed"])
  }

  @Test(
    "each problem in measures.csv gets its own message and hint",
    arguments: [
      ("2021Q1,结按数,5", "measures.csv:5:8: error: unknown measure '结按数'\n    hint: did you mean '结案数'?"),
      (
        "2021Q1,closure rate,95.6",
        "measures.csv:5:8: error: 'closure rate' is a derived indicator, not a reported figure\n    hint: report the counts it is computed from instead: 结案数, 旧存案件, 新收案件"
      ),
      (
        "2021Q1,petitions_resolved,88.13%",
        "measures.csv:5:27: error: '88.13%' is a percentage; a measure is reported as a count, amount or score\n    hint: report the numerator and denominator counts; CourtFed computes the rate"
      ),
      (
        "2021Q1,petitions_resolved,\"3,302\"",
        "measures.csv:5:27: error: '3,302' has thousands separators\n    hint: write 3302"
      ),
      (
        "2021Q1,amount_recovered,6亿",
        "measures.csv:5:25: error: '6亿' has a unit in it\n    hint: write the plain figure in the measure's unit, e.g. 600000000 for 6亿元"
      ),
      ("2021Q1,petitions_resolved,many", "measures.csv:5:27: error: 'many' in value is not a number"),
      (
        "2021Q1,petitions_resolved,-3",
        "measures.csv:5:27: error: petitions resolved = -3: the value is below the minimum 0"
      ),
      (
        "2021Q1,petitions_resolved,2.5",
        "measures.csv:5:27: error: petitions resolved = 2.5: a count must be a whole number"
      ),
      (
        "2021Q1,information_work_score,101",
        "measures.csv:5:31: error: information work score = 101: the value is above the maximum 100"
      ),
      (
        "2021Q1,information_work_score,95",
        "measures.csv:5:1: error: information work score is reported once a year, not for 2021Q1\n    hint: report it for a whole year"
      ),
      (
        "2021Q5,petitions_resolved,3",
        "measures.csv:5:1: error: '2021Q5' is not a period\n    hint: write 2024, 2024H1, 2024Q3, 2024-06 or 2024年第三季度"
      ),
      (
        "2021Q1,petitions_resolved,",
        "measures.csv:5:27: warning: petitions resolved for 2021Q1 has no value yet; the row is left out\n    hint: fill in the value, or delete the row"
      ),
      (
        "2021Q1,cases_closed,2900",
        "measures.csv:5:1: error: cases closed 2021Q1 is given twice; first on line 4\n    hint: keep one row and delete the other"
      ),
      (
        "2021Q1,petitions_resolved,3,extra",
        "measures.csv:5:29: error: the row has 4 fields but the header has 3\n    hint: a comma inside a value needs the value in double quotes"
      ),
    ])
  func measureProblems(row: String, expected: String) throws {
    let (report, lines) = try WorkspaceFixture(["measures.csv": WorkspaceFixture.measures + "\n" + row + "\n"])
      .validate()
    #expect(lines == [expected])
    #expect(report.isValid == expected.contains(": warning: "))
  }

  @Test("closed > received breaks the catalog rule, on the closed row, with both sides")
  func closedAboveReceived() throws {
    let measures = "period,measure,value\n2023,cases_carried_over,402\n2023,cases_new,2900\n2023,cases_closed,3400\n"
    let (_, lines) = try WorkspaceFixture(["measures.csv": measures]).validate()
    #expect(
      lines == [
        "measures.csv:4:1: error: 2023: cases closed cannot exceed cases carried over plus new cases (3400 > 3302)"
      ])
  }

  @Test("a warning rule warns and still validates")
  func warningRule() throws {
    let measures = "period,measure,value\n2023,enforcement_received,700\n2023,enforcement_closed,720\n"
    let (report, lines) = try WorkspaceFixture(["measures.csv": measures]).validate()
    #expect(
      lines == [
        "measures.csv:3:1: warning: 2023: enforcement cases closed exceed enforcement cases received; this is possible only with cases carried over, so check the figures (720 > 700)"
      ])
    #expect(report.isValid)
  }

  @Test("a year reported beside its quarters must agree with them, by the measure's aggregation")
  func totals() throws {
    var rows = ["period,measure,value"]
    for quarter in 1...4 {
      rows.append("2021Q\(quarter),cases_closed,\(quarter * 100)")
      rows.append("2021Q\(quarter),cases_pending,\(quarter * 10)")
    }
    rows.append("2021,cases_closed,999")
    rows.append("2021,cases_pending,40")
    let (_, lines) = try WorkspaceFixture(["measures.csv": rows.joined(separator: "\n")]).validate()
    #expect(
      lines == [
        "measures.csv:10:1: error: cases closed for 2021 is 999 but 2021Q1+2021Q2+2021Q3+2021Q4 give 1000\n    hint: correct one of them, or report only the shorter periods"
      ])
  }

  @Test("headers: unknown, duplicated and missing columns")
  func headers() throws {
    let (report, lines) = try WorkspaceFixture(["measures.csv": "period,mesure,value,value\n2021Q1,cases_new,3\n"])
      .validate()
    #expect(
      lines == [
        "measures.csv:1: error: the required column 'measure' is missing\n    hint: add a column headed 'measure' or '指标': a base measure's key or Chinese name",
        "measures.csv:1:8: error: unknown column 'mesure'\n    hint: did you mean 'measure'?",
        "measures.csv:1:21: error: the column 'value' appears twice",
      ])
    #expect(report.workspace?.measures.isEmpty == true)
  }

  @Test("party tables: unknown branch, unknown group, ranges, kinds, duplicates, quarter-only scores")
  func party() throws {
    let groups = WorkspaceFixture.groups + "g02,b09,研究室小组,研究室,研究,李华,41,18,15,6\ng01,b01,重复小组,团队,trial,王强,30,5,6,4\n"
    let scores =
      "group,period,basic,bonus,deduction\ng01,2021Q1,85,5,2\ng07,2021Q1,85,5,2\ng01,2021,85,5,2\ng01,2021Q2,85,25,2\n"
    let ratings = "branch,year,stars\nb01,2021,5\nb01,2021,4\nb01,2022,6\n"
    let (_, lines) = try WorkspaceFixture([
      "groups.csv": groups, "group_scores.csv": scores, "branch_ratings.csv": ratings,
    ]).validate()
    #expect(
      lines == [
        "branch_ratings.csv:3:1: error: rating of branch b01 2021 is given twice; first on line 2\n    hint: keep one row and delete the other",
        "branch_ratings.csv:4:10: error: stars = 6 is outside 1-5",
        "group_scores.csv:3:1: error: group 'g07' is not defined in groups.csv\n    hint: add it to groups.csv or correct the id",
        "group_scores.csv:4:5: error: 2021 is not a quarter\n    hint: write a quarter such as 2024Q3",
        "group_scores.csv:5:15: error: bonus = 25 is outside 0-20",
        "groups.csv:3:19: error: '研究' is not a group kind\n    hint: write trial, administrative or support (审判执行, 综合行政, 审判辅助)",
        "groups.csv:4:1: error: group g01 is given twice; first on line 2\n    hint: keep one row and delete the other",
      ])
  }

  @Test("a group pointing at a branch that does not exist")
  func unknownBranch() throws {
    let groups = WorkspaceFixture.groups.replacingOccurrences(of: "g01,b01", with: "g01,b02")
    let (_, lines) = try WorkspaceFixture(["groups.csv": groups]).validate()
    #expect(
      lines == [
        "groups.csv:2:1: error: branch 'b02' is not defined in branches.csv\n    hint: add it to branches.csv or correct the id"
      ])
  }

  @Test("profile problems: missing keys, a bad id, a bad level, an unknown key")
  func profile() throws {
    let profile = "[court]\nid = \"BJ Xicheng\"\nname = \"北京市西城区人民法院\"\nlevel = \"district\"\nparnet = \"x\"\n"
    let (report, lines) = try WorkspaceFixture(["court.toml": profile]).validate()
    #expect(
      lines == [
        "court.toml:2:6: error: 'BJ Xicheng' is not a valid court id\n    hint: use 2-64 lower-case letters, digits and hyphens, starting with a letter: bj-xicheng",
        "court.toml:4:9: error: level = \"district\" is not allowed\n    hint: write basic, intermediate or high",
        "court.toml:5:1: warning: unknown key parnet\n    hint: did you mean 'parent'?",
      ])
    #expect(report.workspace == nil)
  }

  @Test("missing files: court.toml and measures.csv are errors, party tables warnings")
  func missingFiles() throws {
    let (_, lines) = try WorkspaceFixture(["court.toml": nil, "measures.csv": nil, "groups.csv": nil]).validate()
    #expect(
      lines == [
        "court.toml: error: the required file court.toml is missing\n    hint: `courtfed init` writes a court.toml to fill in",
        "groups.csv: warning: there is no groups.csv; the bundle will carry none of its rows",
        "measures.csv: error: the required file measures.csv is missing\n    hint: `courtfed init` writes the template files",
      ])
  }

  @Test("a file in neither UTF-8 nor GB18030, and a CSV syntax error")
  func unreadable() throws {
    let directory = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, content) in WorkspaceFixture().files {
      try Data(content.utf8).write(to: directory.appendingPathComponent(name))
    }
    try (Data("period,measure,value\n2021Q1,".utf8) + Data([0x80, 0x80, 0xFF]))
      .write(to: directory.appendingPathComponent("measures.csv"))
    try Data("id,name\nb01,\"unclosed\n".utf8).write(to: directory.appendingPathComponent("branches.csv"))
    let lines = WorkspaceLoader().load(directory).diagnostics.map { $0.formatted(in: .en) }
    #expect(
      lines.contains(
        "branches.csv:2:5: error: a quoted field is never closed\n    hint: add the closing double quote, or remove the opening one"
      ))
    #expect(
      lines.contains(
        "measures.csv:2:8: error: the file is neither UTF-8 nor GB18030 text\n    hint: save the file again as \"CSV UTF-8\" (Excel) or as CSV from WPS"
      ))
  }

  @Test("messages in Chinese")
  func chineseMessages() throws {
    let (report, _) = try WorkspaceFixture(["measures.csv": WorkspaceFixture.measures + "\n2021Q1,结按数,5\n"]).validate()
    #expect(
      report.diagnostics.map { $0.formatted(in: .zh) } == ["measures.csv:5:8: error: 未知指标“结按数”\n    提示: 您是不是要写“结案数”?"])
  }

  @Test("validation never changes the files")
  func readOnly() throws {
    let directory = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, content) in WorkspaceFixture(["measures.csv": "period,measure,value\n2021Q1,bad,1\n"]).files {
      try Data(content.utf8).write(to: directory.appendingPathComponent(name))
    }
    func snapshot() throws -> [String: Data] {
      var result: [String: Data] = [:]
      for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
        result[name] = try Data(contentsOf: directory.appendingPathComponent(name))
      }
      return result
    }
    let before = try snapshot()
    _ = WorkspaceLoader().load(directory)
    #expect(try snapshot() == before)
  }

  /// 2026-12-01T00:00:00Z, the day issue 12 was reproduced on: 2026Q4 has not ended.
  static let firstOfDecember = Date(timeIntervalSince1970: 1_796_083_200)

  @Test("a period that has not ended is refused (2026Q4 on 2026-12-01); one that has is not")
  func periodNotEnded() throws {
    let measures = "period,measure,value\n2026Q4,cases_new,5\n2026Q4,cases_closed,3\n2026Q3,cases_new,4\n"
    let fixture = WorkspaceFixture(["measures.csv": measures])
    let (report, lines) = try fixture.validate(now: Self.firstOfDecember)
    #expect(
      lines == [
        "measures.csv:2:1: error: 2026Q4 has not ended yet\n    hint: report it once it has ended, from 2027-01-01 (Beijing time)"
      ])
    #expect(report.diagnostics.map { $0.problem.message.zh } == ["2026年第四季度尚未结束"])
    // Beijing's new year: 2026-12-31T16:00:00Z.
    #expect(try fixture.validate(now: Date(timeIntervalSince1970: 1_798_732_800)).lines == [])
    #expect(try fixture.validate(now: Date(timeIntervalSince1970: 1_798_732_799)).lines.count == 1)
  }

  @Test("group scores and star ratings for periods that have not ended")
  func partyPeriodsNotEnded() throws {
    let fixture = WorkspaceFixture([
      "group_scores.csv": "group,period,basic,bonus,deduction\ng01,2026Q4,80,1,0\ng01,2026Q3,80,1,0\n",
      "branch_ratings.csv": "branch,year,stars\nb01,2026,5\nb01,2025,4\n",
    ])
    #expect(
      try fixture.validate(now: Self.firstOfDecember).lines == [
        "branch_ratings.csv:2:1: error: 2026 has not ended yet\n    hint: report it once it has ended, from 2027-01-01 (Beijing time)",
        "group_scores.csv:2:1: error: 2026Q4 has not ended yet\n    hint: report it once it has ended, from 2027-01-01 (Beijing time)",
      ])
  }

  @Test("a year before 1949 is not a period")
  func before1949() throws {
    let (_, lines) = try WorkspaceFixture(["measures.csv": "period,measure,value\n1948,cases_new,5\n"]).validate()
    #expect(lines.first?.hasPrefix("measures.csv:2:1: error: '1948' is not a period") == true)
  }

  @Test("a count of 2^53 + 1 is refused, not rounded to 2^53")
  func hugeCount() throws {
    let (_, lines) = try WorkspaceFixture(["measures.csv": "period,measure,value\n2021Q1,cases_new,9007199254740993\n"])
      .validate()
    #expect(
      lines.first?.hasPrefix(
        "measures.csv:2:18: error: new cases = 9007199254740993: the value is larger than CourtFed can keep exactly")
        == true)
  }
}
