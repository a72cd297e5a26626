import Foundation
import TestSupport
import Testing

/// What a clerk sees first: the README init writes, the short name it derives, the catalog in
/// Chinese (issue 15, "Polish the clerk sees").
@Suite("Polish the clerk sees")
struct ClerkPolishTests {
  @Test("README.txt says each column once: no doubled labels, no doubled (可选)")
  func readme() throws {
    let root = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent("c")
    let run = try CommandRunner.run(["init", folder.path, "--court", "bj-test", "--name", "测试法院", "--period", "2021Q4"])
    #expect(run.exitCode == 0)
    let readme = try String(contentsOf: folder.appendingPathComponent("README.txt"), encoding: .utf8)
    #expect(readme.contains("    数值: 只写数字,不带%或单位\n"))
    #expect(readme.contains("    备注: 备注,不导出(可选)\n"))
    #expect(!readme.contains("数值: 数值"))
    #expect(!readme.contains("可选备注(可选)"))
    let profile = try String(contentsOf: folder.appendingPathComponent("court.toml"), encoding: .utf8)
    #expect(profile.contains("short_name = \"测试法院\"\n"))
    #expect(run.stdout.hasPrefix("已在 \(folder.path) 创建 测试法院(bj-test)的工作区:"))
  }

  @Test("--name Yanqing keeps the name; only a name ending in 人民法院 is shortened")
  func englishName() throws {
    let root = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: root) }
    let folder = root.appendingPathComponent("y")
    let run = try CommandRunner.run(["init", folder.path, "--court", "bj-yanqing", "--name", "Yanqing", "--lang", "en"])
    #expect(run.exitCode == 0)
    let profile = try String(contentsOf: folder.appendingPathComponent("court.toml"), encoding: .utf8)
    #expect(profile.contains("short_name = \"Yanqing\"\n"))
  }

  @Test("catalog --lang zh: formulas in Chinese names, rules and descriptions in the terminal too")
  func catalogChinese() throws {
    let run = try CommandRunner.run(["catalog", "--lang", "zh"])
    #expect(run.exitCode == 0)
    #expect(run.stdout.contains("结案数 / (旧存案件 + 新收案件) × 100"))
    #expect(!run.stdout.contains("cases_closed / "))
    #expect(run.stdout.contains("校验规则"))
    #expect(run.stdout.contains("旧存案件 + 新收案件 − 结案数 = 未结案件"))
    #expect(run.stdout.contains("结案数 ≤ 旧存案件 + 新收案件"))
    #expect(run.stdout.contains("期初未结案件数。"))
    #expect(run.stdout.contains("期末"))
    let english = try CommandRunner.run(["catalog", "--lang", "en"])
    #expect(english.stdout.contains("cases_closed / (cases_carried_over + cases_new) × 100"))
    #expect(english.stdout.contains("Validation rules"))
    #expect(english.stdout.contains("Cases pending at the start of the period."))
  }
}
