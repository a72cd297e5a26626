import CourtFedCLI
import CourtFedModel
import Foundation
import TestSupport
import Testing

/// What a command printed, captured from its context.
final class Captured: @unchecked Sendable {
  private let lock = NSLock()
  private var outText = ""
  private var errorText = ""

  var out: String { lock.withLock { outText } }
  var error: String { lock.withLock { errorText } }

  func context(in folder: URL, language: Language? = .en, lines: [String]? = nil) -> CommandContext {
    let remaining = Lines(lines ?? [])
    return CommandContext(
      console: Console(
        writeOut: { [self] text in lock.withLock { outText += text } },
        writeError: { [self] text in lock.withLock { errorText += text } }, usesColor: false),
      // A fixed clock: 2026-12-01, so which periods have ended does not depend on the day.
      now: { Date(timeIntervalSince1970: 1_796_083_200) }, language: language, currentDirectory: folder,
      inputIsTerminal: lines == nil, readLine: { remaining.next() })
  }

  final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String]
    init(_ lines: [String]) { self.lines = lines }
    func next() -> String? { lock.withLock { lines.isEmpty ? nil : lines.removeFirst() } }
  }
}

/// Runs `courtfed ARGUMENTS` in-process in `folder` (relative paths start there).
func courtfed(_ arguments: [String], in folder: URL, language: Language? = .en) -> (
  status: Int32, out: String, error: String
) {
  let captured = Captured()
  let status = CourtFedCommand.run(arguments, in: captured.context(in: folder, language: language))
  return (status, captured.out, captured.error)
}

@Suite("Every command runs in-process through its context, checked against outside tools")
struct InProcessCommandTests {
  /// A folder with a copy of the sample workspace of Xicheng.
  func folder() throws -> URL {
    let folder = ProjectPaths.temporaryDirectory("in-process")
    try FileManager.default.copyItem(
      at: ProjectPaths.bundles.appendingPathComponent("workspaces/xicheng"),
      to: folder.appendingPathComponent("xicheng"))
    return folder
  }

  @Test(
    "a court's month: init, validate, keygen, trust, export, inspect, verify, merge, status, query, report, upgrade, revoke"
  )
  func pipeline() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }

    let initialised = courtfed(["init", "new", "--court", "bj-test", "--name", "测试法院"], in: folder)
    #expect(initialised.status == 0)
    let profile = try String(contentsOf: folder.appendingPathComponent("new/court.toml"), encoding: .utf8)
    #expect(profile.contains("id = \"bj-test\""))
    #expect(courtfed(["validate", "new"], in: folder).status == 0)

    // keygen: its fingerprint is the one ssh-keygen reads from the public key it wrote.
    let keygen = courtfed(["keygen", "--court", "bj-xicheng", "--out", "xicheng.key"], in: folder)
    #expect(keygen.status == 0)
    let sshKeygen = try CommandRunner.tool(
      "ssh-keygen", ["-l", "-f", folder.appendingPathComponent("xicheng.key.pub").path])
    let fingerprint = try #require(sshKeygen.stdout.split(separator: " ").dropFirst().first.map(String.init))
    #expect(fingerprint.hasPrefix("SHA256:") && keygen.out.contains(fingerprint))

    #expect(courtfed(["trust", "add", "bj-xicheng", "xicheng.key.pub", "--trust", "trust"], in: folder).status == 0)
    let listed = courtfed(["trust", "list", "--trust", "trust"], in: folder)
    #expect(listed.status == 0 && listed.out.contains("bj-xicheng") && listed.out.contains(fingerprint))

    let export = courtfed(["export", "xicheng", "--key", "xicheng.key", "--out", "x.courtfed"], in: folder)
    #expect(export.status == 0, "\(export.error)")
    // The bundle is signed for the court by the key ssh-keygen read: the signature block names it.
    let inspect = courtfed(["inspect", "x.courtfed"], in: folder)
    #expect(inspect.status == 0 && inspect.out.contains("bj-xicheng") && inspect.out.contains(fingerprint))
    #expect(courtfed(["verify", "x.courtfed", "--trust", "trust"], in: folder).status == 0)

    let merge = courtfed(["merge", "x.courtfed", "--db", "city.sqlite", "--trust", "trust"], in: folder)
    #expect(merge.status == 0, "\(merge.error)")
    // What merged, read by the sqlite3 tool: the court and as many values as the workspace has
    // filled rows (non-empty value column).
    let database = folder.appendingPathComponent("city.sqlite").path
    let courts = try CommandRunner.tool("sqlite3", [database, "SELECT id FROM courts"])
    #expect(courts.stdout == "bj-xicheng\n")
    let csv = try String(contentsOf: folder.appendingPathComponent("xicheng/measures.csv"), encoding: .utf8)
    let filled = csv.split(whereSeparator: \.isNewline).dropFirst().filter { line in
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      return fields.count > 2 && !fields[2].trimmingCharacters(in: .whitespaces).isEmpty
    }
    let stored = try CommandRunner.tool("sqlite3", [database, "SELECT count(*) FROM measure_values"])
    #expect(stored.stdout == "\(filled.count)\n")

    let status = courtfed(["status", "--db", "city.sqlite", "--trust", "trust", "--lang", "en"], in: folder)
    #expect(status.status == 0 && status.out.contains("西城法院"))
    let query = courtfed(["query", "closure rate 2021", "--db", "city.sqlite", "--trust", "trust"], in: folder)
    #expect(query.status == 0 && query.out.contains("西城法院"), "\(query.error)")

    let spec = "title = \"t\"\nperiod = \"2021\"\n[[section]]\nheading = \"h\"\nquery = \"结案率 排名\"\n"
    try Data(spec.utf8).write(to: folder.appendingPathComponent("r.toml"))
    let report = courtfed(
      ["report", "r.toml", "--db", "city.sqlite", "--trust", "trust", "--out", "p.html"], in: folder)
    #expect(report.status == 0, "\(report.error)")
    let page = try String(contentsOf: folder.appendingPathComponent("p.html"), encoding: .utf8)
    #expect(page.contains("<svg") && page.contains("西城法院"))

    #expect(courtfed(["upgrade", "--db", "city.sqlite"], in: folder).status == 0)
    #expect(courtfed(["catalog"], in: folder).out.contains("cases_closed"))

    // Revoked: the same bundle no longer verifies, and says why.
    #expect(courtfed(["trust", "revoke", "bj-xicheng", "--trust", "trust"], in: folder).status == 0)
    let refused = courtfed(["verify", "x.courtfed", "--trust", "trust"], in: folder)
    #expect(refused.status == 1 && refused.out.lowercased().contains("revoked"))
  }

  @Test("errors come out once, in the language chosen, with exit 1; a wrong command line exits 64")
  func errors() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    let english = courtfed(["verify", "nothing.courtfed", "--trust", "trust"], in: folder, language: .en)
    let chinese = courtfed(["verify", "nothing.courtfed", "--trust", "trust"], in: folder, language: .zh)
    #expect(english.status == 1 && chinese.status == 1)
    #expect(english.error.hasPrefix("courtfed verify: ") && chinese.error.hasPrefix("courtfed verify: "))
    #expect(english.error != chinese.error)
    #expect(chinese.error.unicodeScalars.contains { $0.properties.isIdeographic })
    #expect(courtfed(["verify", "--no-such-option"], in: folder).status == 64)
    let help = courtfed(["--help"], in: folder)
    #expect(help.status == 0 && help.out.contains("Exit codes"))
  }

  @Test("the demo runs in-process and its database holds every sample court")
  func demo() throws {
    let folder = ProjectPaths.temporaryDirectory("in-process-demo")
    defer { try? FileManager.default.removeItem(at: folder) }
    let samples = ProjectPaths.bundles.appendingPathComponent("workspaces")
    let demo = courtfed(["demo", "--out", "demo", "--samples", samples.path], in: folder)
    #expect(demo.status == 0, "\(demo.error)")
    let expected = try FileManager.default.contentsOfDirectory(atPath: samples.path).count
    let databases = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("demo").path)
      .filter { $0.hasSuffix(".sqlite") }
    let database = try #require(databases.first)
    let courts = try CommandRunner.tool(
      "sqlite3", [folder.appendingPathComponent("demo/\(database)").path, "SELECT count(*) FROM courts"])
    #expect(courts.stdout == "\(expected)\n")
  }
}
