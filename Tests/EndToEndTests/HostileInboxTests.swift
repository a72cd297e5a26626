import CourtFedBundle
import CourtFedModel
import CourtFedWorkspace
import Foundation
import GRDB
import TestSupport
import Testing

/// Whether this machine lets a test mount a small tmpfs in a private mount namespace (root,
/// `unshare`): how a full disk is made without filling a real one.
let canMakeFullDisk: Bool = {
  guard let result = try? CommandRunner.tool("unshare", ["-m", "true"]) else { return false }
  return result.exitCode == 0
}()

/// Issue 16 as the statistics office meets it: an inbox holding what is not a bundle, a full
/// disk, and names that try to talk to the terminal.
@Suite("Hostile inboxes, full disks and terminal text, end to end", .serialized)
struct HostileInboxTests {
  typealias Inbox = MergeCommandTests.Inbox

  /// The peak resident memory of the largest child this process has waited for, in bytes.
  func childPeakMemory() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_CHILDREN.rawValue, &usage)
    return usage.ru_maxrss * 1024
  }

  @Test("a sparse 3 GiB *.courtfed, a FIFO and a folder in the inbox: each refused for what it is, unread")
  func oddFiles() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let sparse = inbox.inbox.appendingPathComponent("bj-zzz-000001.courtfed")
    #expect(FileManager.default.createFile(atPath: sparse.path, contents: nil))
    let handle = try FileHandle(forWritingTo: sparse)
    try handle.truncate(atOffset: 3 << 30)
    try handle.close()
    let fifo = inbox.inbox.appendingPathComponent("pipe.courtfed")
    #expect(mkfifo(fifo.path, 0o644) == 0)
    let folder = inbox.inbox.appendingPathComponent("folder.courtfed")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)

    let start = Date()
    let result = try inbox.merge()
    // Reading the sparse file took 8.7 s and 3.1 GiB; stat takes nothing.
    #expect(Date().timeIntervalSince(start) < 20)
    #expect(childPeakMemory() < 1 << 30)
    #expect(result.exitCode == 1)
    #expect(
      result.stdout.contains(
        "REJECTED  \(sparse.path)  the bundle is 3221225472 bytes, over the limit of 268435456 (raise it with --max-bundle-bytes if this court is really that large)"
      ))
    #expect(
      result.stdout.contains(
        "REJECTED  \(fifo.path)  \(fifo.path) is a named pipe (FIFO), not a bundle file; a bundle is a regular file named COURT-SEQUENCE.courtfed"
      ))
    #expect(
      result.stdout.contains(
        "REJECTED  \(folder.path)  \(folder.path) is a folder, not a bundle file; a bundle is a regular file named COURT-SEQUENCE.courtfed"
      ))
    #expect(
      result.stdout.hasSuffix(
        "10 merged, 0 already merged, 3 rejected (recorded; `courtfed status --db \(inbox.database.path)` lists them).\n"
      ))
    #expect(try inbox.contents().values.allSatisfy { $0[0] == 1 })
  }

  /// Runs `courtfed ARGUMENTS` with a tmpfs of `size` mounted on `mount` for it alone, after
  /// running `before` (shell) inside the same namespace.
  func withSmallDisk(_ mount: URL, size: String, before: String = "", _ arguments: [String]) throws -> CommandResult {
    let script = "mount -t tmpfs -o size=\(size) tmpfs \"$1\" && shift && \(before) exec \"$@\""
    return try CommandRunner.tool(
      "unshare", ["-m", "sh", "-c", script, "sh", mount.path, ProjectPaths.courtfedBinary.path] + arguments)
  }

  @Test(
    "a new database on a full disk is said to be on a full disk, not 'not a CourtFed database'",
    .enabled(if: canMakeFullDisk))
  func newDatabaseFullDisk() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let disk = inbox.root.appendingPathComponent("disk")
    try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
    let database = disk.appendingPathComponent("city.sqlite")
    let result = try withSmallDisk(
      disk, size: "16k", ["merge", inbox.inbox.path, "--db", database.path, "--trust", inbox.trust.path])
    #expect(result.exitCode == 1)
    #expect(
      result.stderr
        == "courtfed merge: the disk holding \(database.path) is full, so this was not written; free some space and run the command again\n"
    )
    #expect(!result.stderr.contains("not a CourtFed database"))
  }

  @Test(
    "a full disk under an existing database, then one that fills during a merge: said plainly, each bundle wholly in or out",
    .enabled(if: canMakeFullDisk))
  func fullDuringMerge() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let disk = inbox.root.appendingPathComponent("disk")
    try FileManager.default.createDirectory(at: disk, withIntermediateDirectories: true)
    let database = disk.appendingPathComponent("city.sqlite").path
    let log = database + ".rejections.jsonl"
    let full =
      "the disk holding \(database) is full, so this was not written; free some space and run the command again"
    let logFull = "the disk holding \(log) is full, so this was not written; free some space and run the command again"
    // In a private 4 MiB tmpfs: the first court merges; the disk is filled, and merging the
    // inbox is refused; then 500 KiB are freed, and the inbox merged one bundle per commit
    // until the disk fills again; last, the sqlite3 tool checks what is stored.
    let merge = "\"$0\" merge \"$2\" --db \(database) --trust \"$3\""
    let script = """
      mount -t tmpfs -o size=4m tmpfs "$1" || exit 99
      "$0" merge "$2"/bj-changping-000001.courtfed --db \(database) --trust "$3" >/dev/null || exit 98
      dd if=/dev/zero of="$1"/filler bs=4k 2>/dev/null
      \(merge) >"$1"/../first.out 2>&1
      echo "exit $?" >>"$1"/../first.out
      rm "$1"/filler && dd if=/dev/zero of="$1"/filler bs=1k count=3400 2>/dev/null
      \(merge) --commit-every 0
      echo "exit $?"
      sqlite3 \(database) "PRAGMA integrity_check; SELECT court || ' ' || COUNT(*) FROM measure_values GROUP BY court;"
      """
    let result = try CommandRunner.tool(
      "unshare",
      ["-m", "sh", "-c", script, ProjectPaths.courtfedBinary.path, disk.path, inbox.inbox.path, inbox.trust.path])
    let first = try String(contentsOf: inbox.root.appendingPathComponent("first.out"), encoding: .utf8)
    #expect(first == "courtfed merge: \(full)\nexit 1\n")
    let lines = result.stdout.split(separator: "\n").map(String.init)
    #expect(lines.first?.hasPrefix("already   ") == true, "\(result.stdout)")
    let refused = lines.filter { $0.hasPrefix("REJECTED  ") }
    #expect(!refused.isEmpty, "\(result.stdout)")
    for line in refused { #expect(line.hasSuffix("  \(full) (NOT RECORDED: \(logFull))"), "\(line)") }
    let merged = lines.filter { $0.hasPrefix("merged    ") }.count
    #expect(
      lines.contains(
        "\(merged) merged, 1 already merged, \(refused.count) rejected (\(refused.count) could not be recorded: \(logFull))."
      ))
    #expect(lines.contains("exit 1"))
    // What is stored is whole: the database is intact, and every court has all 242 values.
    #expect(lines.contains("ok"))
    let stored = lines.filter { $0.hasPrefix("bj-") }
    #expect(stored.count == merged + 1, "\(result.stdout)")
    #expect(stored.allSatisfy { $0.hasSuffix(" 242") })
  }

  @Test("a rejection log that cannot be written: each rejection says so, and the summary does not say 'recorded'")
  func unrecordedRejection() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let target = inbox.inbox.appendingPathComponent("bj-daxing-000001.courtfed")
    var data = try Data(contentsOf: target)
    data[800] ^= 0x01
    try data.write(to: target)
    let log = inbox.database.path + ".rejections.jsonl"
    try FileManager.default.createSymbolicLink(atPath: log, withDestinationPath: "/dev/full")
    let result = try inbox.merge()
    #expect(result.exitCode == 1)
    #expect(
      result.stdout.contains(
        "REJECTED  \(target.path)  the signature does not match the manifest: the bundle was changed after signing (NOT RECORDED: the disk holding \(log) is full, so this was not written; free some space and run the command again)"
      ))
    #expect(
      result.stdout.hasSuffix(
        "9 merged, 0 already merged, 1 rejected (1 could not be recorded: the disk holding \(log) is full, so this was not written; free some space and run the command again).\n"
      ))
  }

  /// A signed bundle of Xicheng's whose measures table names a "measure" that writes to the
  /// terminal: the verifier quotes it in its refusal.
  func hostileBundle() -> ExportedBundle {
    var workspace = SampleBundles.workspace("xicheng")
    workspace.measures.append(
      Located(
        MeasureValue(period: .quarter(2021, 4), measure: "x\u{1B}]0;pwned\u{07}\u{202E}", value: 1),
        at: SourceLocation(file: "measures.csv", line: 999)))
    return SampleBundles.bundle(workspace)
  }

  @Test("verify, merge and status never print a raw control or bidi character from a bundle or a file name")
  func terminalText() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let evil = inbox.inbox.appendingPathComponent("bj-xicheng-evil\u{1B}[2J\u{0D}OK.courtfed")
    try FileManager.default.removeItem(at: inbox.inbox.appendingPathComponent("bj-xicheng-000001.courtfed"))
    try hostileBundle().data.write(to: evil)
    let escapedPath = inbox.inbox.path + "/bj-xicheng-evil\\x1b[2J\\x0dOK.courtfed"
    let reason = "data/measures.csv.gz line 244: 'x\\x1b]0;pwned\\x07\\u{202E}' is not a base measure of the catalog"

    let verify = try CommandRunner.run(["verify", evil.path, "--trust", inbox.trust.path])
    #expect(verify.exitCode == 1)
    #expect(verify.stdout == "FAIL  \(escapedPath)  \(reason)\n")

    let merge = try inbox.merge()
    #expect(merge.stdout.contains("REJECTED  \(escapedPath)  \(reason)\n"))

    // An older database may hold a name from before names were checked.
    let queue = try DatabaseQueue(path: inbox.database.path)
    try queue.write { db in
      try db.execute(
        sql: "UPDATE courts SET short_name = ? WHERE id = 'bj-haidian'", arguments: ["海\u{1B}[31m淀\u{202E}"])
    }
    try queue.close()
    let status = try CommandRunner.run(["status", "--db", inbox.database.path, "--trust", inbox.trust.path])
    #expect(status.exitCode == 0)
    #expect(status.stdout.contains("海\\x1b[31m淀\\u{202E} bj-haidian"))
    #expect(status.stdout.contains("\(escapedPath)  bj-xicheng #1  [verification] \(reason)"))

    for output in [verify.stdout, verify.stderr, merge.stdout, merge.stderr, status.stdout, status.stderr] {
      #expect(!output.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "\(output)")
      #expect(!output.unicodeScalars.contains { [0x7F, 0x9B, 0x202E].contains($0.value) })
    }
  }

  @Test("a renamed court: rejected and recorded as [rename]; merged with --accept-rename; status lists the change")
  func rename() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    #expect(try inbox.merge().exitCode == 0)
    let first = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    var workspace = SampleBundles.workspace("xicheng")
    workspace.court.shortName = "海淀法院"
    workspace.court.name = "北京市海淀区人民法院"
    let impostor = SampleBundles.bundle(workspace, state: first.state)
    let file = inbox.root.appendingPathComponent(impostor.fileName)
    try impostor.data.write(to: file)

    let refused = try inbox.merge(files: [file.path])
    #expect(refused.exitCode == 1)
    #expect(
      refused.stdout.contains(
        "REJECTED  \(file.path)  bj-xicheng calls itself name '北京市海淀区人民法院' (was '北京市西城区人民法院'), short_name '海淀法院' (was '西城法院'); a court's names are pinned at its first merge: if the court was really renamed, merge again with --accept-rename (the change is recorded)"
      ))
    // Accepting the rename cannot take another court's names.
    let taken = try inbox.merge(["--accept-rename"], files: [file.path])
    #expect(
      taken.stdout.contains(
        "REJECTED  \(file.path)  bj-xicheng's short_name '海淀法院' is already bj-haidian's; two courts never share a name (ask bj-xicheng to correct its court.toml)"
      ))

    workspace.court.shortName = "西城区法院"
    workspace.court.name = "北京市西城区人民法院"
    let renamed = SampleBundles.bundle(workspace, state: first.state)
    try renamed.data.write(to: file)
    let merged = try inbox.merge(["--accept-rename"], files: [file.path])
    #expect(merged.exitCode == 0, "\(merged.stdout)")
    #expect(merged.stdout.contains("; renamed: short_name '西城区法院' (was '西城法院')"))

    let status = try CommandRunner.run(["status", "--db", inbox.database.path, "--trust", inbox.trust.path])
    #expect(status.stdout.contains("Renamed courts (merged with --accept-rename):\n  "))
    #expect(status.stdout.contains("  bj-xicheng #2  short_name '西城区法院' (was '西城法院')\n"))
    #expect(status.stdout.contains("bj-xicheng #2  [rename] bj-xicheng calls itself"))
    #expect(
      status.stdout.contains("bj-xicheng #2  [name_taken] bj-xicheng's short_name '海淀法院' is already bj-haidian's"))
  }

  @Test("a trust file naming two courts for one key: verify, merge and trust list refuse it, saying why")
  func severalPrincipals() throws {
    let inbox = try Inbox()
    defer { try? FileManager.default.removeItem(at: inbox.root) }
    let key = SampleBundles.key("bj-xicheng").publicKey.openSSHLine(comment: "")
    try Data("bj-xicheng,bj-haidian namespaces=\"courtfed-bundle-v1\" \(key)\n".utf8).write(to: inbox.trust)
    let reason =
      "\(inbox.trust.path):1: one key is trusted for several courts (bj-xicheng, bj-haidian); a key signs for one court only: give each court its own key and line (`courtfed trust add COURT KEYFILE`)"
    let bundle = inbox.inbox.appendingPathComponent("bj-xicheng-000001.courtfed").path
    for arguments in [
      ["verify", bundle, "--trust", inbox.trust.path], ["trust", "list", "--trust", inbox.trust.path],
      ["merge", bundle, "--db", inbox.database.path, "--trust", inbox.trust.path],
    ] {
      let result = try CommandRunner.run(arguments)
      #expect(result.exitCode == 1)
      #expect(result.stderr == "courtfed \(arguments[0] == "trust" ? "trust list" : arguments[0]): \(reason)\n")
    }
  }
}
