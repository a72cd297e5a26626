import Foundation
import TestSupport
import Testing

/// A clerk's workbook from `init --xlsx` to a verified bundle, with the built binary.
@Suite("Workbooks, end to end")
struct WorkbookCommandTests {
  @Test("init --xlsx writes court.toml and figures.xlsx; validate names empty cells as Excel does")
  func initAndValidate() throws {
    let root = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent("c")
    let created = try CommandRunner.run([
      "init", folder.path, "--court", "bj-test", "--name", "北京市测试区人民法院", "--xlsx", "--period", "2021Q4",
    ])
    #expect(created.exitCode == 0, "\(created.stderr)")
    #expect(
      created.stdout == """
        已在 \(folder.path) 创建 测试法院(bj-test)的工作区:
          court.toml
          figures.xlsx
        figures.xlsx 的“指标数据”表已列出 2021年第四季度 的全部指标,请填写数值;填好后运行:
          courtfed validate \(folder.path)

        """)
    #expect(
      try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["court.toml", "figures.xlsx"])
    let validated = try CommandRunner.run(["validate", folder.path])
    #expect(validated.exitCode == 0)
    #expect(validated.stdout.hasPrefix("\(folder.path)/figures.xlsx:指标数据!C2: warning: 2021Q4 的旧存案件尚未填写数值,该行不导出\n"))
    #expect(validated.stdout.hasSuffix("测试法院(bj-test):指标数据0行(-),党支部0个,党小组0个;无错误,31个警告。\n"))
  }

  @Test("the sample court whose workspace is a workbook exports a bundle its coordinator verifies")
  func exportWorkbook() throws {
    let root = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let workspace = root.appendingPathComponent("mentougou")
    try FileManager.default.copyItem(
      at: ProjectPaths.sampleWorkspaces.appendingPathComponent("mentougou"), to: workspace)
    #expect(FileManager.default.fileExists(atPath: workspace.appendingPathComponent("figures.xlsx").path))
    let key = root.appendingPathComponent("mentougou.key")
    let trust = root.appendingPathComponent("allowed_signers")
    #expect(try CommandRunner.run(["keygen", "--court", "bj-mentougou", "--out", key.path]).exitCode == 0)
    #expect(
      try CommandRunner.run(["trust", "add", "bj-mentougou", key.path + ".pub", "--trust", trust.path]).exitCode == 0)
    let bundle = root.appendingPathComponent("m.courtfed")
    let exported = try CommandRunner.run(["export", workspace.path, "--key", key.path, "--out", bundle.path])
    #expect(exported.exitCode == 0, "\(exported.stderr)")
    #expect(exported.stdout.contains("measures        242 rows"))
    let verified = try CommandRunner.run(["verify", bundle.path, "--trust", trust.path])
    #expect(verified.exitCode == 0, "\(verified.stdout)")
    #expect(verified.stdout.hasPrefix("OK    \(bundle.path)  bj-mentougou #1, 2020–2021Q4 (10 periods), 287 rows"))
  }
}
