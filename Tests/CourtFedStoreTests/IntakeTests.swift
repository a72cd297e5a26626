import CourtFedBundle
import CourtFedModel
import CourtFedWorkspace
import Foundation
import GRDB
import TestSupport
import Testing

@testable import CourtFedStore

/// Issue 16, "denial of service through sequence numbers and files", and issue 13's intake:
/// gaps kept as ranges, files judged before they are read, and rejections that could not be
/// recorded said to be so.
@Suite("Intake: sequence numbers, files and the rejection log")
struct IntakeTests {
  /// A bundle that follows `after` but skips to `sequence`.
  func jump(to sequence: Int) -> ExportedBundle {
    SampleBundles.bundle(
      edited(SampleBundles.workspace("xicheng"), change: ("cases_closed", .quarter(2021, 4), 11_700)),
      state: ExportState(
        sequence: sequence - 1, manifestSHA256: String(repeating: "d", count: 64), previousManifestSHA256: nil,
        contentSHA256: "z", created: "2022-01-15T00:00:00Z"))
  }

  @Test("a gap of a million numbers is a range: refused naming it, or stored as FIRST-LAST with --accept-gap")
  func gapAsRange() throws {
    let store = try temporaryStore()
    let first = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    let far = jump(to: 1_000_000)
    let start = Date()
    #expect(throws: StoreError.gap(court: "bj-xicheng", missing: 2...999_999)) {
      try store.merge(try SampleBundles.verified(far), from: source(far))
    }
    #expect(
      StoreError.gap(court: "bj-xicheng", missing: 2...999_999).message
        == "bj-xicheng bundles 2-999999 are missing; merge them first, or pass --accept-gap to record the gap and go on"
    )
    guard
      case .merged(let summary) = try store.merge(
        try SampleBundles.verified(far), from: source(far), options: MergeOptions(acceptGap: true))
    else { return #expect(Bool(false)) }
    #expect(summary.gapAccepted == 2...999_999)
    // Checked with the sqlite3 tool, not our own reader.
    let stored = try CommandRunner.tool(
      "sqlite3", [store.url.path, "SELECT gap_accepted, length(gap_accepted) FROM bundles WHERE sequence = 1000000"])
    #expect(stored.stdout == "2-999999|8\n")
    // Nothing grew with the number: well under a second, where a list took seconds.
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test("migration v3-gap-ranges turns a stored list of numbers into a range")
  func gapMigration() throws {
    let store = try temporaryStore()
    let first = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    // The database as an older CourtFed left it: the list, and the migration not yet applied.
    let old = (2...40_000).map(String.init).joined(separator: " ")
    try store.queue.write { db in
      try db.execute(sql: "UPDATE bundles SET gap_accepted = ?", arguments: [old])
      try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v3-gap-ranges'")
    }
    let reopened = try CourtStore(url: store.url)
    let gap = try reopened.read { db in try String.fetchOne(db, sql: "SELECT gap_accepted FROM bundles") }
    #expect(gap == "2-40000")
  }

  @Test("migration v5-covering-indexes: one period's values and one quarter's scores read from indexes alone")
  func coveringIndexes() throws {
    let store = try temporaryStore()
    let first = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    // The database as CourtFed 4 left it: the short indexes, the migration not yet applied.
    try store.queue.write { db in
      try db.execute(
        sql: """
          DROP INDEX measure_values_by_period;
          CREATE INDEX measure_values_by_period ON measure_values (measure, period, court);
          DROP INDEX group_scores_by_period;
          CREATE INDEX group_scores_by_period ON group_scores (period);
          DELETE FROM grdb_migrations WHERE identifier = 'v5-covering-indexes';
          """)
    }
    #expect(throws: StoreError.needsUpgrade(path: store.url.path)) { try StoreReader(url: store.url) }
    _ = try CourtStore(url: store.url)
    // The plans, from the sqlite3 tool: the statement the answers run, and the scores'.
    let statement = try StoreReader(url: store.url).figuresStatement(
      measures: ["cases_closed", "cases_new"], periods: [.month(2021, 6)])
    var sql = statement.sql
    for (index, binding) in statement.runs[0].enumerated().reversed() {
      sql = sql.replacingOccurrences(of: "?\(index + 1)", with: "'\(binding)'")
    }
    let plan = try CommandRunner.tool("sqlite3", [store.url.path, "EXPLAIN QUERY PLAN " + sql]).stdout
    #expect(
      plan.contains("measure_values USING COVERING INDEX measure_values_by_period (measure=? AND period=?)"), "\(plan)")
    let scores = try CommandRunner.tool(
      "sqlite3",
      [
        store.url.path,
        "EXPLAIN QUERY PLAN SELECT court, group_id, basic, bonus, deduction, bundle FROM group_scores WHERE period = '2021Q4'",
      ]
    ).stdout
    #expect(scores.contains("USING COVERING INDEX group_scores_by_period (period=?)"), "\(scores)")
  }

  @Test("an oversized sparse file in an inbox is rejected by its size, unread, and the rest merged")
  func oversizedFile() throws {
    let store = try temporaryStore()
    let inbox = ProjectPaths.temporaryDirectory("inbox")
    defer { try? FileManager.default.removeItem(at: inbox) }
    let bundle = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    try bundle.data.write(to: inbox.appendingPathComponent(bundle.fileName))
    let sparse = inbox.appendingPathComponent("bj-aaa-000001.courtfed")
    #expect(FileManager.default.createFile(atPath: sparse.path, contents: nil))
    let handle = try FileHandle(forWritingTo: sparse)
    try handle.truncate(atOffset: 3 << 30)
    try handle.close()
    let intake = BundleIntake(
      store: store, verifier: BundleVerifier(trust: SampleBundles.trust(), now: SampleBundles.created))
    var reports: [IntakeReport] = []
    let start = Date()
    try intake.run(intake.ordered([.file(sparse), .file(inbox.appendingPathComponent(bundle.fileName))])) {
      reports.append($0)
    }
    #expect(Date().timeIntervalSince(start) < 5)
    #expect(reports.count == 2)
    guard case .merged = reports.first?.outcome, case .rejected(let rejection, .recorded)? = reports.last?.outcome
    else { return #expect(Bool(false), "\(reports)") }
    #expect(rejection.kind == .verification)
    #expect(rejection.file == sparse.path)
    #expect(
      rejection.reason
        == "the bundle is 3221225472 bytes, over the limit of 268435456 (raise it with --max-bundle-bytes if this court is really that large)"
    )
    #expect(RejectionLog(database: store.url).all() == [rejection])
  }

  @Test("a rejection log on a full disk says the rejection could not be recorded")
  func fullLog() throws {
    let store = try temporaryStore()
    let log = RejectionLog(database: store.url)
    try FileManager.default.createSymbolicLink(atPath: log.url.path, withDestinationPath: "/dev/full")
    let rejection = Rejection(
      time: "2026-12-01T00:00:00Z", file: "x.courtfed", fileSHA256: "", court: nil, sequence: nil,
      manifestSHA256: nil, kind: .verification, reason: LocalizedText(en: "r", zh: "r"))
    #expect(throws: StoreError.diskFull(path: log.url.path)) { try log.append(rejection) }
    #expect(
      StoreError.diskFull(path: "/x").message
        == "the disk holding /x is full, so this was not written; free some space and run the command again")
  }

  @Test("SQLite's result codes are said plainly")
  func resultCodes() {
    func map(_ code: ResultCode) -> StoreError {
      StoreError.from(DatabaseError(resultCode: code), path: "/db") { .database(.unexpected($0)) }
    }
    #expect(map(.SQLITE_FULL) == .diskFull(path: "/db"))
    #expect(map(.SQLITE_READONLY) == .readOnly(path: "/db"))
    #expect(map(.SQLITE_NOTADB) == .notACourtFedDatabase(path: "/db", reason: .notSQLite(nil)))
  }
}

@Suite("Store errors in both languages")
struct StoreErrorTextTests {
  @Test("each case has an English and a Chinese message, and they differ")
  func bothLanguages() {
    let all: [StoreError] = [
      .cannotOpen(path: "p", reason: .noSuchFile), .notACourtFedDatabase(path: "p", reason: .otherApplication),
      .diskFull(path: "p"),
      .readOnly(path: "p"), .cannotRecord(path: "p", reason: .system(errno: EIO)),
      .rollback(court: "c", sequence: 1, last: 2),
      .equivocation(court: "c", sequence: 1, merged: "m", received: "r"), .gap(court: "c", missing: 2...3),
      .brokenChain(court: "c", sequence: 2, expected: "e", found: nil),
      .renamed(court: "c", changes: [NameChange(field: "short_name", old: "a", new: "b")]),
      .nameTaken(court: "c", field: "name", name: "n", owner: "o"), .database(.notMerged),
    ]
    for error in all {
      #expect(!error.text.en.isEmpty && !error.text.zh.isEmpty, "\(error)")
      #expect(error.text.en != error.text.zh, "\(error)")
    }
    #expect(
      StoreError.renamed(court: "bj-xicheng", changes: [NameChange(field: "short_name", old: "西城法院", new: "海淀法院")]).text
        .zh
        == "bj-xicheng 更改了名称:简称由“西城法院”改为“海淀法院”;法院名称在首次合并时确定:如该院确已更名,请加 --accept-rename 重新合并(更名将被记录)")
    #expect(
      RejectionKind.allCases.map(\.rawValue) == [
        "verification", "rollback", "equivocation", "gap", "chain", "rename", "name_taken", "database",
      ])
  }
}
