import CourtFedBundle
import CourtFedModel
import CourtFedStore
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import CourtFedCLI

/// `courtfed query --db F < questions.txt`: one question per line, each answered as on a
/// terminal under a line naming it; exit 1 when any failed (issue 14).
@Suite("query reads questions from standard input")
struct BatchQueryTests {
  /// The sample courts merged into a fresh store.
  static let database: URL = {
    let url = ProjectPaths.temporaryDirectory("batch-query").appendingPathComponent("city.sqlite")
    let store = try! CourtStore(url: url)
    for folder in SampleBundles.courts {
      let bundle = SampleBundles.bundle(SampleBundles.workspace(folder))
      _ = try! store.merge(
        try! SampleBundles.verified(bundle), from: BundleSource(fileName: bundle.fileName, fileSHA256: ""))
    }
    return url
  }()

  /// Runs `query --db` with `lines` on standard input (not a terminal); what it printed.
  static func run(_ lines: [String], arguments: [String] = []) -> (out: String, err: String, status: Int32) {
    let out = Mutex("")
    let err = Mutex("")
    let input = Mutex(lines[...])
    let console = Console(
      writeOut: { text in out.withLock { $0 += text } }, writeError: { text in err.withLock { $0 += text } },
      usesColor: false)
    let context = CommandContext(
      console: console, now: { ISO8601DateFormatter().date(from: "2026-12-01T02:00:00Z")! },
      currentDirectory: URL(fileURLWithPath: "/"), inputIsTerminal: false,
      readLine: { input.withLock { $0.popFirst() } })
    let status = CourtFedCommand.run(["query", "--db", database.path] + arguments, in: context)
    return (out.withLock { $0 }, err.withLock { $0 }, status)
  }

  static func singleRun(_ question: String) -> String {
    let out = Mutex("")
    let console = Console(writeOut: { text in out.withLock { $0 += text } }, writeError: { _ in }, usesColor: false)
    let context = CommandContext(
      console: console, now: { ISO8601DateFormatter().date(from: "2026-12-01T02:00:00Z")! },
      currentDirectory: URL(fileURLWithPath: "/"))
    _ = CourtFedCommand.run(["query", question, "--db", database.path], in: context)
    return out.withLock { $0 }
  }

  @Test("every line is answered as it would be alone, under a line naming it; blank and # lines are skipped")
  func answersEachLine() {
    let (out, err, status) = Self.run(["信息工作 前三", "", "# a comment", "closure rate 2021 Jan-Jun top 3"])
    #expect(status == 0, "\(err)")
    #expect(err.isEmpty)
    let expected =
      "==> 信息工作 前三 <==\n" + Self.singleRun("信息工作 前三") + "\n==> closure rate 2021 Jan-Jun top 3 <==\n"
      + Self.singleRun("closure rate 2021 Jan-Jun top 3")
    #expect(out == expected)
  }

  @Test("a failed question is reported with its caret, the rest still answered, and the run exits 1")
  func failedQuestion() {
    let (out, err, status) = Self.run(["结按率 前三", "信息工作 前三", "closure rate 2019"], arguments: ["--lang", "en"])
    #expect(status == 1)
    #expect(out.contains("==> 结按率 前三 <==\n"))
    #expect(out.contains("==> 信息工作 前三 <==\n") && out.contains("海淀法院"))
    #expect(err.contains("  结按率 前三\n  ^^^^^^\nerror: '结按率' is not a metric, a court or a word of the query language"))
    #expect(err.hasSuffix("2 of 3 questions failed (lines 1, 3)\n"))
    let chinese = Self.run(["结按率 前三", "信息工作 前三"], arguments: ["--lang", "zh"])
    #expect(chinese.err.hasSuffix("2个问题中有1个未能回答(第1行)\n"))
  }

  @Test("no question at all is a usage error, as before")
  func empty() {
    let (_, err, status) = Self.run(["", "  "])
    #expect(status == 64)
    #expect(err.contains("one question per line on standard input"))
  }
}
