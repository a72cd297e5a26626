import Foundation
import TestSupport
import Testing

/// `courtfed init` and `courtfed validate` as a clerk runs them: the built binary, its output
/// and its exit code.
@Suite("init and validate, end to end")
struct WorkspaceCommandTests {
  @Test("init writes a template; filled in it validates clean; with mistakes it fails with exact messages")
  func initFillValidate() throws {
    let root = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let workspace = root.appendingPathComponent("xicheng")

    let created = try CommandRunner.run([
      "init", workspace.path, "--court", "bj-xicheng", "--name", "北京市西城区人民法院",
      "--parent", "bj-sample-intermediate", "--period", "2021Q4",
    ])
    #expect(created.exitCode == 0)
    #expect(created.stdout.hasPrefix("已在 \(workspace.path) 创建 西城法院(bj-xicheng)的工作区:"))
    let files = try FileManager.default.contentsOfDirectory(atPath: workspace.path).sorted()
    #expect(
      files == [
        "README.txt", "branch_ratings.csv", "branches.csv", "court.toml", "group_scores.csv", "groups.csv",
        "measures.csv",
      ])

    // The untouched template validates with a warning per empty value and exit 0.
    let template = try CommandRunner.run(["validate", workspace.path])
    #expect(template.exitCode == 0)
    #expect(template.stdout.contains("\(workspace.path)/measures.csv:2:16: warning: 2021Q4 的旧存案件尚未填写数值,该行不导出"))
    let english = try CommandRunner.run(["validate", workspace.path, "--lang", "en"])
    #expect(
      english.stdout.contains(
        "measures.csv:2:16: warning: cases carried over for 2021Q4 has no value yet; the row is left out"))

    // The clerk fills in the figures, as Excel would save them (UTF-8 with BOM, CRLF).
    let measures = try Data(contentsOf: workspace.appendingPathComponent("measures.csv"))
    #expect(measures.starts(with: Data("\u{FEFF}期间,指标,数值,备注\r\n2021年第四季度,旧存案件,,\r\n".utf8)))
    let filled =
      [
        "period,measure,value,note", "2021Q4,cases_carried_over,1200,", "2021Q4,cases_new,3000,",
        "2021Q4,cases_closed,2900,", "2021,information_work_score,96.5,年度考核",
      ].joined(separator: "\r\n") + "\r\n"
    try Data(("\u{FEFF}" + filled).utf8).write(to: workspace.appendingPathComponent("measures.csv"))
    try Data("id,name,division,secretary,members,brand\r\nb01,审管办(研究室)党支部,审判管理办公室,郑杨,14,审思研微\r\n".utf8)
      .write(to: workspace.appendingPathComponent("branches.csv"))
    let clean = try CommandRunner.run(["validate", workspace.path, "--lang", "en"])
    #expect(clean.stdout == "西城法院 (bj-xicheng): 4 measure rows (2021–2021Q4), 1 branch, 0 groups; no problems.\n")
    #expect(clean.exitCode == 0)

    // Two mistakes: more closed than received, and a typo in a measure name.
    let broken = filled.replacingOccurrences(of: "cases_closed,2900", with: "cases_closed,4300") + "2021Q4,结按数,5,\r\n"
    try Data(broken.utf8).write(to: workspace.appendingPathComponent("measures.csv"))
    let failed = try CommandRunner.run(["validate", workspace.path, "--lang", "en"])
    #expect(failed.exitCode == 1)
    #expect(
      failed.stdout == """
        \(workspace.path)/measures.csv:4:1: error: 2021Q4: cases closed cannot exceed cases carried over plus new cases (4300 > 4200)
        \(workspace.path)/measures.csv:6:8: error: unknown measure '结按数'
            hint: did you mean '结案数'?
        西城法院 (bj-xicheng): 4 measure rows (2021–2021Q4), 1 branch, 0 groups; 2 errors, 0 warnings.

        """)

    // The same in Chinese, the workspace's default language for this clerk.
    let chinese = try CommandRunner.run(["validate", workspace.path, "--lang", "zh"])
    #expect(chinese.exitCode == 1)
    #expect(chinese.stdout.contains("measures.csv:4:1: error: 2021Q4:结案数不能大于旧存案件与新收案件之和(4300 > 4200)"))
    #expect(chinese.stdout.contains("西城法院(bj-xicheng):指标数据4行(2021–2021Q4),党支部1个,党小组0个;2个错误,0个警告。"))
  }

  @Test("init never overwrites, and refuses bad ids with the usage exit code")
  func initRefuses() throws {
    let root = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    try Data("keep me".utf8).write(to: root.appendingPathComponent("notes.txt"))
    let occupied = try CommandRunner.run(["init", root.path, "--court", "bj-x", "--name", "北京市西城区人民法院", "--lang", "en"])
    #expect(occupied.exitCode == 1)
    #expect(
      occupied.stderr
        == "courtfed init: \(root.path) already exists and is not empty; choose a new folder (nothing was written)\n")
    #expect(try String(contentsOf: root.appendingPathComponent("notes.txt"), encoding: .utf8) == "keep me")

    let badID = try CommandRunner.run([
      "init", root.appendingPathComponent("new").path, "--court", "Bad ID", "--name", "x", "--lang", "en",
    ])
    #expect(badID.exitCode == 64)
    #expect(badID.stderr.contains("'Bad ID' is not a valid court id"))
    #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("new").path))
  }

  @Test("validate on a folder that is not a workspace")
  func notAWorkspace() throws {
    let result = try CommandRunner.run(["validate", "/nonexistent/courtfed", "--lang", "en"])
    #expect(result.exitCode == 1)
    #expect(result.stdout.contains("error: /nonexistent/courtfed is not a court workspace folder"))
    #expect(result.stdout.contains("hint: create one with `courtfed init DIR --court ID --name NAME`"))
  }

  @Test("help teaches: the pipeline, an example and the exit codes")
  func help() throws {
    let result = try CommandRunner.run(["--help"])
    #expect(result.exitCode == 0)
    #expect(result.stdout.contains("courtfed init xicheng --court bj-xicheng"))
    #expect(result.stdout.contains("Exit codes: 0 success"))
    let validate = try CommandRunner.run(["validate", "--help"])
    #expect(validate.stdout.contains("file:line:column: error: message"))
  }

  @Test("the catalog page in Specs/ is what `courtfed catalog --markdown` prints")
  func catalogPage() throws {
    let result = try CommandRunner.run(["catalog", "--markdown"])
    let page = try String(contentsOf: ProjectPaths.specs.appendingPathComponent("metric-catalog.md"), encoding: .utf8)
    #expect(result.exitCode == 0)
    #expect(result.stdout == page, "regenerate with: swift run courtfed catalog --markdown > Specs/metric-catalog.md")
  }
}
