import CourtFedBundle
import Foundation
import GRDB
import TestSupport
import Testing

/// `courtfed merge` and `status` as the statistics office runs them, and what must survive a
/// killed process or a second merger.
@Suite("Merge, end to end", .serialized)
struct MergeCommandTests {
  /// Ten signed sample bundles in an inbox, and the trust file for their TEST keys.
  struct Inbox {
    let root: URL
    var inbox: URL { root.appendingPathComponent("inbox") }
    var trust: URL { root.appendingPathComponent("allowed_signers") }
    var database: URL { root.appendingPathComponent("city.sqlite") }

    init() throws {
      root = ProjectPaths.temporaryDirectory("merge")
      try FileManager.default.createDirectory(
        at: root.appendingPathComponent("inbox"), withIntermediateDirectories: true)
      try SampleBundles.trust(at: root.appendingPathComponent("allowed_signers")).save()
      for folder in SampleBundles.courts {
        let bundle = SampleBundles.bundle(SampleBundles.workspace(folder))
        try bundle.data.write(to: root.appendingPathComponent("inbox").appendingPathComponent(bundle.fileName))
      }
    }

    func merge(_ extra: [String] = [], files: [String]? = nil) throws -> CommandResult {
      try CommandRunner.run(
        ["merge"] + (files ?? [inbox.path]) + ["--db", database.path, "--trust", trust.path] + extra)
    }

    /// Per court: bundles merged, measure values, party rows.
    func contents() throws -> [String: [Int]] {
      let queue = try DatabaseQueue(path: database.path)
      defer { try? queue.close() }
      return try queue.read { db in
        var result: [String: [Int]] = [:]
        for folder in SampleBundles.courts {
          let court = "bj-\(folder)"
          result[court] = [
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bundles WHERE court = ?", arguments: [court])!,
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM measure_values WHERE court = ?", arguments: [court])!,
            try Int.fetchOne(
              db,
              sql: """
                SELECT (SELECT COUNT(*) FROM branches WHERE court = ?1) + (SELECT COUNT(*) FROM party_groups WHERE court = ?1)
                  + (SELECT COUNT(*) FROM group_scores WHERE court = ?1) + (SELECT COUNT(*) FROM branch_ratings WHERE court = ?1)
                """, arguments: [court])!,
          ]
        }
        return result
      }
    }
  }

  static let partyRows: [String: Int] = [
    "bj-changping": 54, "bj-chaoyang": 75, "bj-daxing": 54, "bj-fangshan": 54, "bj-fengtai": 54, "bj-haidian": 75,
    "bj-mentougou": 45, "bj-shijingshan": 45, "bj-tongzhou": 54, "bj-xicheng": 75,
  ]

  @Test("merge prints a line per bundle and a summary; again, every bundle is already merged")
  func lines() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let first = try inbox.merge()
    #expect(first.exitCode == 0, "\(first.stderr)")
    let lines = first.stdout.split(separator: "\n")
    #expect(lines.count == 11)
    #expect(
      lines[9]
        == "merged    \(inbox.inbox.path)/bj-xicheng-000001.courtfed  bj-xicheng #1: 242 values new, 0 replaced, 0 removed, 0 unchanged; 75 party rows"
    )
    #expect(lines[10] == "10 merged, 0 already merged, 0 rejected.")
    let second = try inbox.merge()
    #expect(second.stdout.hasSuffix("0 merged, 10 already merged, 0 rejected.\n"))
    #expect(try inbox.contents().values.allSatisfy { $0[0] == 1 && $0[1] == 242 })
  }

  @Test("a rejected bundle: reported, recorded for status, exit 1, the good ones merged anyway")
  func rejected() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let target = inbox.inbox.appendingPathComponent("bj-daxing-000001.courtfed")
    var data = try Data(contentsOf: target)
    data[800] ^= 0x01
    try data.write(to: target)
    let result = try inbox.merge()
    #expect(result.exitCode == 1)
    #expect(
      result.stdout.contains(
        "REJECTED  \(target.path)  the signature does not match the manifest: the bundle was changed after signing"))
    #expect(
      result.stdout.contains(
        "9 merged, 0 already merged, 1 rejected (recorded; `courtfed status --db \(inbox.database.path)` lists them)."))
    let status = try CommandRunner.run(["status", "--db", inbox.database.path, "--trust", inbox.trust.path])
    #expect(status.exitCode == 0)
    #expect(status.stdout.contains("2021Q4: 9 of 10 courts; missing bj-daxing"))
    #expect(status.stdout.contains("[verification] the signature does not match the manifest"))
    #expect(status.stdout.contains("bj-daxing #1"))
  }

  @Test("a dry run lists what would change and writes nothing")
  func dryRun() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let result = try inbox.merge(["--dry-run"])
    #expect(result.exitCode == 0)
    #expect(
      result.stdout.contains(
        "would merge  \(inbox.inbox.path)/bj-xicheng-000001.courtfed  bj-xicheng #1: 242 values new"))
    #expect(result.stdout.hasSuffix("10 would be merged, 0 already merged, 0 rejected.\n"))
    #expect(try inbox.contents().values.allSatisfy { $0 == [0, 0, 0] })
  }

  @Test(
    "killed at random moments (50 trials, SIGKILL): the database is intact, each bundle wholly in or out, and merging again finishes"
  )
  func crashSafety() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let start = Date()
    _ = try inbox.merge()
    let fullRun = Date().timeIntervalSince(start)
    var generator = SplitMix(seed: SplitMix.seed("kill moments", fallback: 9))
    var partial = 0
    for trial in 0..<50 {
      for suffix in ["", "-wal", "-shm", ".rejections.jsonl"] {
        try? FileManager.default.removeItem(atPath: inbox.database.path + suffix)
      }
      let process = Process()
      process.executableURL = ProjectPaths.courtfedBinary
      // Every other trial commits each bundle at once, so that kills land between commits.
      process.arguments =
        ["merge", inbox.inbox.path, "--db", inbox.database.path, "--trust", inbox.trust.path]
        + (trial % 2 == 0 ? ["--commit-every", "0"] : [])
      process.standardOutput = FileHandle.nullDevice
      process.standardError = FileHandle.nullDevice
      try process.run()
      usleep(UInt32(Double.random(in: 0...(fullRun * 1.1), using: &generator) * 1_000_000))
      kill(process.processIdentifier, SIGKILL)
      process.waitUntilExit()
      guard FileManager.default.fileExists(atPath: inbox.database.path) else { continue }
      let queue = try DatabaseQueue(path: inbox.database.path)
      let integrity = try queue.read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
      try queue.close()
      #expect(integrity == ["ok"], "trial \(trial)")
      if let contents = try? inbox.contents() {
        let merged = contents.filter { $0.value[0] == 1 }.count
        if merged > 0, merged < 10 { partial += 1 }
        for (court, counts) in contents {
          #expect(
            counts == [0, 0, 0] || counts == [1, 242, Self.partyRows[court]!], "trial \(trial): \(court) \(counts)")
        }
      }
      let again = try inbox.merge()
      #expect(again.exitCode == 0, "trial \(trial): \(again.stdout)")
      #expect(try inbox.contents().allSatisfy { $0.value == [1, 242, Self.partyRows[$0.key]!] }, "trial \(trial)")
    }
    // Some kills must land in the middle, or the test proved nothing.
    #expect(partial > 0)
  }

  /// Each migration commits on its own: a process that loses the race to create a table
  /// must wait for the other's migrations, not refuse the file (it once said "not a CourtFed
  /// database ... SQLite result code 1" when the machine was busy).
  @Test("four merge processes creating one new database at once all succeed, six times over (sqlite3)")
  func concurrentCreation() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let files = try FileManager.default.contentsOfDirectory(atPath: inbox.inbox.path).sorted().map {
      inbox.inbox.appendingPathComponent($0).path
    }
    for round in 0..<6 {
      let database = inbox.root.appendingPathComponent("new-\(round).sqlite").path
      let results = (0..<4).map { _ in CommandResultBox() }
      let group = DispatchGroup()
      for (index, file) in files.prefix(4).enumerated() {
        group.enter()
        Thread {
          results[index].value = try? CommandRunner.run([
            "merge", file, "--db", database, "--trust", inbox.trust.path, "--lang", "en",
          ])
          group.leave()
        }.start()
      }
      group.wait()
      for result in results {
        #expect(result.value?.exitCode == 0, "round \(round): \(result.value?.stderr ?? "did not run")")
      }
      let count = try CommandRunner.tool("sqlite3", [database, "SELECT COUNT(*) FROM bundles"])
      #expect(count.stdout == "4\n", "round \(round): \(count.stderr)")
    }
  }

  /// One process's result, written by its thread before the group is left.
  final class CommandResultBox: @unchecked Sendable {
    var value: CommandResult?
  }

  @Test("two merge processes over overlapping bundles: each bundle merged exactly once")
  func concurrent() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let files = try FileManager.default.contentsOfDirectory(atPath: inbox.inbox.path).sorted().map {
      inbox.inbox.appendingPathComponent($0).path
    }
    final class Results: @unchecked Sendable {
      let lock = NSLock()
      var all: [CommandResult] = []
      func add(_ result: CommandResult) {
        lock.lock()
        all.append(result)
        lock.unlock()
      }
    }
    let collected = Results()
    let group = DispatchGroup()
    for slice in [Array(files[0..<7]), Array(files[3..<10])] {
      group.enter()
      Thread {
        if let result = try? inbox.merge(files: slice) { collected.add(result) }
        group.leave()
      }.start()
    }
    group.wait()
    let results = collected.all
    #expect(results.count == 2)
    for result in results {
      #expect(result.exitCode == 0, "\(result.stdout)\(result.stderr)")
      // The only thing either may say on standard error is that it waited.
      for line in result.stderr.split(separator: "\n") {
        #expect(line == "waiting for another process to finish with \(inbox.database.path)...")
      }
    }
    let mergedLines = results.flatMap { $0.stdout.split(separator: "\n") }.filter { $0.hasPrefix("merged ") }
    #expect(mergedLines.count == 10)
    #expect(try inbox.contents().allSatisfy { $0.value == [1, 242, Self.partyRows[$0.key]!] })
  }

  @Test("the files are taken court by court in sequence order, whatever order they are given in")
  func order() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let first = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    var workspace = SampleBundles.workspace("xicheng")
    // Drop one quarterly value (a period the bundle still covers, so it is removed), and the
    // only value of the period 2021 (a period it no longer covers, so the stored one stays).
    workspace.measures.removeAll {
      ($0.value.measure == "petitions_resolved" && $0.value.period == .quarter(2021, 4))
        || $0.value.period == .year(2021)
    }
    let second = SampleBundles.bundle(workspace, state: first.state)
    let late = inbox.root.appendingPathComponent("aaa-second.courtfed")
    try second.data.write(to: late)
    let result = try inbox.merge(files: [late.path, inbox.inbox.appendingPathComponent(first.fileName).path])
    #expect(result.exitCode == 0, "\(result.stdout)")
    #expect(result.stdout.split(separator: "\n").first?.contains("bj-xicheng #1") == true)
    #expect(result.stdout.contains("bj-xicheng #2: 0 values new, 0 replaced, 1 removed, 240 unchanged"))
    #expect(try inbox.contents()["bj-xicheng"] == [2, 241, 75])
  }
}
