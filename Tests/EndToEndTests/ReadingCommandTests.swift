import Crypto
import Foundation
import GRDB
import TestSupport
import Testing

/// `query`, `report` and `status` as analysts run them: reading only, on a file they may not
/// write; an old file refused until upgraded; revoked signers flagged.
@Suite("Reading commands, end to end", .serialized)
struct ReadingCommandTests {
  /// A fresh demo federation in a temporary folder: its root (city.sqlite, allowed_signers).
  static func demo(_ name: String) throws -> URL {
    let root = ProjectPaths.temporaryDirectory(name)
    let out = root.appendingPathComponent("demo")
    let result = try CommandRunner.run([
      "demo", "--out", out.path, "--samples", ProjectPaths.sampleWorkspaces.path,
    ])
    #expect(result.exitCode == 0, "\(result.stderr)")
    return out
  }

  static func sha256(_ url: URL) throws -> String {
    SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
  }

  @Test("on a file and folder the user may only read, query, report and status answer and change no byte")
  func readOnly() throws {
    let demo = try Self.demo("read-only")
    defer { try? FileManager.default.removeItem(at: demo.deletingLastPathComponent()) }
    let database = demo.appendingPathComponent("city.sqlite")
    // A writable place for the pack, and the folder with the database made read-only.
    let output = demo.deletingLastPathComponent().appendingPathComponent("out")
    try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
    try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: output.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: database.path)
    try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: demo.path)
    defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: demo.path) }
    let before = try Self.sha256(database)
    // As root, run as `nobody` (root may write anything); otherwise the permissions bind us.
    let asUser: ([String]) throws -> CommandResult = { arguments in
      if getuid() == 0 {
        return try CommandRunner.tool(
          "runuser", ["-u", "nobody", "--", ProjectPaths.courtfedBinary.path] + arguments + ["--lang", "en"])
      }
      return try CommandRunner.run(arguments + ["--lang", "en"])
    }
    let spec = ProjectPaths.bundles.appendingPathComponent("report.toml").path
    let runs = [
      ["query", "信息工作 前三", "--db", database.path],
      ["query", "clearance rate vs average", "--db", database.path, "--format", "json"],
      ["report", spec, "--db", database.path, "--out", output.appendingPathComponent("pack.html").path],
      ["status", "--db", database.path],
    ]
    for arguments in runs {
      let result = try asUser(arguments)
      #expect(result.exitCode == 0, "\(arguments): \(result.stderr)")
      #expect(!result.stderr.contains("SQLite error"), "\(arguments)")
    }
    #expect(try Self.sha256(database) == before)
    let files = try FileManager.default.contentsOfDirectory(atPath: demo.path).sorted()
    #expect(!files.contains("city.sqlite-wal") && !files.contains("city.sqlite-shm"), "\(files)")
  }

  @Test("a file an older CourtFed wrote is refused with what to run; `courtfed upgrade` brings it up to date")
  func upgrade() throws {
    let demo = try Self.demo("upgrade")
    defer { try? FileManager.default.removeItem(at: demo.deletingLastPathComponent()) }
    let database = demo.appendingPathComponent("city.sqlite").path
    let queue = try DatabaseQueue(path: database)
    try queue.write { db in try db.execute(sql: "UPDATE meta SET value = '2023.1' WHERE key = 'catalog_version'") }
    try queue.close()
    let refused = try CommandRunner.run(["query", "信息工作 前三", "--db", database])
    #expect(refused.exitCode == 1)
    #expect(refused.stderr.contains("由旧版 CourtFed 写入;请先运行 courtfed upgrade --db \(database)"))
    let english = try CommandRunner.run(["status", "--db", database, "--lang", "en"])
    #expect(english.exitCode == 1)
    #expect(english.stderr.contains("run `courtfed upgrade --db \(database)`"))
    let upgraded = try CommandRunner.run(["upgrade", "--db", database, "--lang", "en"])
    #expect(upgraded.exitCode == 0, "\(upgraded.stderr)")
    let answered = try CommandRunner.run(["query", "信息工作 前三", "--db", database])
    #expect(answered.exitCode == 0, "\(answered.stderr)")
  }

  @Test("after `trust revoke`, that court's figures are marked everywhere, and left out with --exclude-revoked")
  func revoked() throws {
    let demo = try Self.demo("revoked")
    defer { try? FileManager.default.removeItem(at: demo.deletingLastPathComponent()) }
    let database = demo.appendingPathComponent("city.sqlite").path
    let trust = demo.appendingPathComponent("allowed_signers").path
    let revoke = try CommandRunner.run(["trust", "revoke", "bj-xicheng", "--trust", trust])
    #expect(revoke.exitCode == 0, "\(revoke.stderr)")
    let marked = try CommandRunner.run(["query", "结案率 排名", "--db", database])
    #expect(marked.exitCode == 0)
    #expect(marked.stdout.contains("签名密钥已撤销:西城法院"))
    #expect(marked.stdout.contains("西城法院        95.57  达标  签名密钥已撤销"))
    let left = try CommandRunner.run(["query", "结案率 排名", "--db", database, "--exclude-revoked"])
    #expect(!left.stdout.contains("西城法院        95.57"))
    #expect(left.stdout.contains("未列入表中: 西城法院:签名密钥已撤销,按要求排除"))
    let pack = demo.appendingPathComponent("pack.md").path
    let report = try CommandRunner.run([
      "report", ProjectPaths.bundles.appendingPathComponent("report.toml").path, "--db", database, "--out", pack,
    ])
    #expect(report.exitCode == 0, "\(report.stderr)")
    let text = try String(contentsOfFile: pack, encoding: .utf8)
    #expect(text.contains("其中西城法院的签名密钥此后已被撤销"))
    #expect(text.contains("| 已撤销 |"))
    // --exclude-revoked without a trust store is a usage error.
    let elsewhere = ProjectPaths.temporaryDirectory("no-trust").appendingPathComponent("city.sqlite")
    try FileManager.default.copyItem(atPath: database, toPath: elsewhere.path)
    let usage = try CommandRunner.run(["query", "结案率 排名", "--db", elsewhere.path, "--exclude-revoked"])
    #expect(usage.exitCode == 64)
    #expect(usage.stderr.contains("--exclude-revoked needs the trust store"))
  }

  @Test("a report section's period is used; an unknown key in a section is refused with its place")
  func reportSections() throws {
    let demo = try Self.demo("sections")
    defer { try? FileManager.default.removeItem(at: demo.deletingLastPathComponent()) }
    let database = demo.appendingPathComponent("city.sqlite").path
    let spec = demo.appendingPathComponent("spec.toml")
    try Data(
      """
      title = "t"
      period = "2021"

      [[section]]
      heading = "2020"
      query = "结案率 前三"
      period = "2020"

      [[section]]
      heading = "2021"
      query = "结案率 前三"
      """.utf8
    ).write(to: spec)
    let pack = demo.appendingPathComponent("pack.md").path
    let result = try CommandRunner.run(["report", spec.path, "--db", database, "--out", pack])
    #expect(result.exitCode == 0, "\(result.stderr)")
    let text = try String(contentsOfFile: pack, encoding: .utf8)
    #expect(text.contains("### 结案率 2020年 前3名"))
    #expect(text.contains("### 结案率 2021年 前3名"))
    try Data("title = \"t\"\n[[section]]\nheading = \"h\"\nquery = \"结案率\"\nperoid = \"2020\"\n".utf8).write(to: spec)
    let refused = try CommandRunner.run(["report", spec.path, "--db", database, "--out", pack, "--lang", "en"])
    #expect(refused.exitCode == 1)
    #expect(
      refused.stderr.hasPrefix(
        "\(spec.path):5:10: error: unknown key 'peroid' in [[section]]; a section has heading, query and period"))
  }
}
