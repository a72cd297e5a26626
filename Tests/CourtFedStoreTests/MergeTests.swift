import CourtFedBundle
import CourtFedModel
import CourtFedWorkspace
import Foundation
import GRDB
import GRDBSQLite
import TestSupport
import Testing

@testable import CourtFedStore

/// A store in a fresh temporary file.
func temporaryStore() throws -> CourtStore {
  try CourtStore(url: ProjectPaths.temporaryDirectory("store").appendingPathComponent("city.sqlite"))
}

func source(_ bundle: ExportedBundle) -> BundleSource {
  BundleSource(fileName: bundle.fileName, fileSHA256: bundle.manifestSHA256)
}

/// The workspace with one value changed and one removed, for a second bundle. (Xicheng's
/// 2021Q4 cases closed must stay between 11588 closed in time and 13762 carried over plus new,
/// or the catalog's rules refuse the bundle.)
func edited(_ workspace: Workspace, change: (String, Period, Double)? = nil, remove: (String, Period)? = nil)
  -> Workspace
{
  var copy = workspace
  // Cases closed changed by d: cases pending at the period's end changes by −d, so the case
  // balance (carried over + new − closed = pending) still holds.
  var pendingDelta = 0.0
  if let change, change.0 == "cases_closed",
    let old = workspace.measures.first(where: { $0.value.measure == "cases_closed" && $0.value.period == change.1 })
  {
    pendingDelta = old.value.value - change.2
  }
  copy.measures = copy.measures.compactMap { row in
    if let remove, row.value.measure == remove.0, row.value.period == remove.1 { return nil }
    var row = row
    if let change, row.value.measure == change.0, row.value.period == change.1 { row.value.value = change.2 }
    if let change, row.value.measure == "cases_pending", row.value.period == change.1 {
      row.value.value += pendingDelta
    }
    return row
  }
  return copy
}

@Suite("Merging bundles")
struct MergeTests {
  @Test("a first bundle merges; the identical bundle again is a no-op")
  func first() throws {
    let store = try temporaryStore()
    let bundle = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    let outcome = try store.merge(try SampleBundles.verified(bundle), from: source(bundle))
    guard case .merged(let summary) = outcome else { return #expect(Bool(false), "\(outcome)") }
    #expect(summary.added == 242)
    #expect(summary.partyRows == 75)
    #expect(
      try store.merge(try SampleBundles.verified(bundle), from: source(bundle))
        == .alreadyMerged(court: "bj-xicheng", sequence: 1))
    let counts = try store.read { db in
      try (
        Int.fetchOne(db, sql: "SELECT COUNT(*) FROM measure_values")!,
        Int.fetchOne(db, sql: "SELECT COUNT(*) FROM bundles")!
      )
    }
    #expect(counts == (242, 1))
  }

  @Test("a second bundle replaces the court's values for its periods, with an audit row for each change")
  func snapshot() throws {
    let store = try temporaryStore()
    let workspace = SampleBundles.workspace("xicheng")
    let first = SampleBundles.bundle(workspace)
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    let changed = edited(
      workspace, change: ("cases_closed", .quarter(2021, 4), 12999), remove: ("petitions_resolved", .quarter(2021, 3)))
    let second = SampleBundles.bundle(changed, state: first.state)
    let outcome = try store.merge(try SampleBundles.verified(second), from: source(second))
    guard case .merged(let summary) = outcome else { return #expect(Bool(false), "\(outcome)") }
    #expect(summary.sequence == 2)
    // Cases closed and, to keep the case balance, cases pending changed; one value removed.
    #expect(summary.replaced == 2)
    #expect(summary.removed == 1)
    #expect(summary.unchanged == 239)
    #expect(summary.changes.map(\.measure) == ["cases_closed", "cases_pending", "petitions_resolved"])
    let audit = try store.read { db in
      try Row.fetchAll(
        db, sql: "SELECT measure, period, old_value, new_value, old_bundle, new_bundle FROM value_audit ORDER BY id")
    }
    // The old values are the workspace's own, read from it before the change.
    func original(_ measure: String, _ period: Period) -> Double? {
      workspace.measures.first { $0.value.measure == measure && $0.value.period == period }?.value.value
    }
    let closed = try #require(original("cases_closed", .quarter(2021, 4)))
    let pending = try #require(original("cases_pending", .quarter(2021, 4)))
    #expect(audit.count == 3)
    #expect(audit[0]["measure"] as String == "cases_closed")
    #expect(audit[0]["old_value"] as Double? == closed)
    #expect(audit[0]["new_value"] as Double == 12999)
    #expect(audit[1]["measure"] as String == "cases_pending")
    #expect(audit[1]["old_value"] as Double? == pending)
    #expect(audit[1]["new_value"] as Double? == pending - (12999 - closed))
    #expect(audit[2]["old_value"] as Double? == original("petitions_resolved", .quarter(2021, 3)))
    #expect(original("petitions_resolved", .quarter(2021, 3)) != nil)
    #expect(audit[0]["old_bundle"] as Int == 1)
    #expect(audit[0]["new_bundle"] as Int == 2)
    #expect(audit[2]["new_value"] as Double? == nil)
    let provenance = try store.read { db in
      try Int.fetchAll(db, sql: "SELECT DISTINCT bundle FROM measure_values WHERE court = 'bj-xicheng'")
    }
    #expect(provenance == [2])
  }

  @Test("a bundle covering fewer periods leaves the other periods as they were")
  func otherPeriods() throws {
    let store = try temporaryStore()
    let workspace = SampleBundles.workspace("xicheng")
    let first = SampleBundles.bundle(workspace)
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    var only2021 = workspace
    only2021.measures = workspace.measures.filter { $0.value.period.year == 2021 }
    let second = SampleBundles.bundle(only2021, state: first.state)
    guard case .merged(let summary) = try store.merge(try SampleBundles.verified(second), from: source(second)) else {
      return #expect(Bool(false))
    }
    #expect(summary.removed == 0)
    let byBundle = try store.read { db in
      try Row.fetchAll(db, sql: "SELECT bundle, COUNT(*) AS n FROM measure_values GROUP BY bundle ORDER BY bundle").map
      {
        [$0["bundle"] as Int, $0["n"] as Int]
      }
    }
    #expect(byBundle == [[1, 121], [2, 121]])
  }

  @Test("sequence rules: rollback, equivocation, gap, broken chain; --accept-gap records the gap")
  func sequence() throws {
    let store = try temporaryStore()
    let workspace = SampleBundles.workspace("xicheng")
    let first = SampleBundles.bundle(workspace)
    let second = SampleBundles.bundle(
      edited(workspace, change: ("cases_closed", .quarter(2021, 4), 11601)), state: first.state)
    let third = SampleBundles.bundle(
      edited(workspace, change: ("cases_closed", .quarter(2021, 4), 11602)), state: second.state)
    let rival = SampleBundles.bundle(
      edited(workspace, change: ("cases_closed", .quarter(2021, 4), 11603)), state: first.state)
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))

    #expect(throws: StoreError.gap(court: "bj-xicheng", missing: 2...2)) {
      try store.merge(try SampleBundles.verified(third), from: source(third))
    }
    _ = try store.merge(try SampleBundles.verified(second), from: source(second))
    #expect(
      throws: StoreError.equivocation(
        court: "bj-xicheng", sequence: 2, merged: second.manifestSHA256, received: rival.manifestSHA256)
    ) {
      try store.merge(try SampleBundles.verified(rival), from: source(rival))
    }
    // A bundle 3 that names the rival as its previous manifest breaks the chain.
    let forked = SampleBundles.bundle(
      edited(workspace, change: ("cases_closed", .quarter(2021, 4), 11604)), state: rival.state)
    #expect(
      throws: StoreError.brokenChain(
        court: "bj-xicheng", sequence: 3, expected: second.manifestSHA256, found: rival.manifestSHA256)
    ) {
      try store.merge(try SampleBundles.verified(forked), from: source(forked))
    }
    _ = try store.merge(try SampleBundles.verified(third), from: source(third))
    // Bundle 1 is already merged: identical, a no-op. A different bundle 1 is an equivocation.
    #expect(
      try store.merge(try SampleBundles.verified(first), from: source(first))
        == .alreadyMerged(court: "bj-xicheng", sequence: 1))

    // A gap accepted is recorded on the bundle.
    let fifth = SampleBundles.bundle(
      edited(workspace, change: ("cases_closed", .quarter(2021, 4), 11605)),
      state: ExportState(
        sequence: 4, manifestSHA256: String(repeating: "a", count: 64), previousManifestSHA256: nil, contentSHA256: "x",
        created: "2022-01-15T00:00:00Z"))
    guard
      case .merged(let summary) = try store.merge(
        try SampleBundles.verified(fifth), from: source(fifth), options: MergeOptions(acceptGap: true))
    else {
      return #expect(Bool(false))
    }
    #expect(summary.gapAccepted == 4...4)
    let gap = try store.read { db in try String.fetchOne(db, sql: "SELECT gap_accepted FROM bundles WHERE sequence = 5")
    }
    #expect(gap == "4")
  }

  @Test("a rollback: a lower number than the last merged, never merged itself")
  func rollback() throws {
    let store = try temporaryStore()
    let workspace = SampleBundles.workspace("xicheng")
    let three = ExportState(
      sequence: 2, manifestSHA256: String(repeating: "b", count: 64), previousManifestSHA256: nil, contentSHA256: "x",
      created: "2022-01-15T00:00:00Z")
    let bundle3 = SampleBundles.bundle(workspace, state: three)
    _ = try store.merge(try SampleBundles.verified(bundle3), from: source(bundle3))
    let bundle1 = SampleBundles.bundle(edited(workspace, change: ("cases_closed", .quarter(2021, 4), 11607)))
    #expect(throws: StoreError.rollback(court: "bj-xicheng", sequence: 1, last: 3)) {
      try store.merge(try SampleBundles.verified(bundle1), from: source(bundle1))
    }
  }

  @Test("a dry run reports the changes and writes nothing")
  func dryRun() throws {
    let store = try temporaryStore()
    let workspace = SampleBundles.workspace("xicheng")
    let first = SampleBundles.bundle(workspace)
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    let before = fileBytes(store.url)
    let second = SampleBundles.bundle(
      edited(workspace, change: ("cases_closed", .quarter(2021, 4), 12999)), state: first.state)
    let outcome = try store.merge(
      try SampleBundles.verified(second), from: source(second), options: MergeOptions(dryRun: true))
    guard case .wouldMerge(let summary) = outcome else { return #expect(Bool(false), "\(outcome)") }
    let closed = workspace.measures.first { $0.value.measure == "cases_closed" && $0.value.period == .quarter(2021, 4) }
    let pending = workspace.measures.first {
      $0.value.measure == "cases_pending" && $0.value.period == .quarter(2021, 4)
    }
    let (oldClosed, oldPending) = (try #require(closed?.value.value), try #require(pending?.value.value))
    #expect(
      summary.changes == [
        ValueChange(period: .quarter(2021, 4), measure: "cases_closed", old: oldClosed, new: 12999),
        ValueChange(
          period: .quarter(2021, 4), measure: "cases_pending", old: oldPending, new: oldPending - (12999 - oldClosed)),
      ])
    #expect(fileBytes(store.url) == before)
  }

  @Test("every rejection leaves the database byte for byte as it was")
  func rejectionsChangeNothing() throws {
    let store = try temporaryStore()
    let workspace = SampleBundles.workspace("xicheng")
    let first = SampleBundles.bundle(workspace)
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    let before = fileBytes(store.url)
    let rival = SampleBundles.bundle(edited(workspace, change: ("cases_closed", .quarter(2021, 4), 11603)))
    #expect(throws: StoreError.self) { try store.merge(try SampleBundles.verified(rival), from: source(rival)) }
    let gap = SampleBundles.bundle(
      workspace,
      state: ExportState(
        sequence: 5, manifestSHA256: String(repeating: "c", count: 64), previousManifestSHA256: nil, contentSHA256: "y",
        created: "2022-01-15T00:00:00Z"))
    #expect(throws: StoreError.self) { try store.merge(try SampleBundles.verified(gap), from: source(gap)) }
    #expect(fileBytes(store.url) == before)
  }

  @Test("the connection is hardened: defensive mode, untrusted schema, foreign keys")
  func hardened() throws {
    let store = try temporaryStore()
    let pragmas = try store.read { db in
      (
        try Int.fetchOne(db, sql: "PRAGMA trusted_schema"), try Int.fetchOne(db, sql: "PRAGMA foreign_keys"),
        try String.fetchOne(db, sql: "PRAGMA journal_mode")
      )
    }
    #expect(pragmas.0 == 0)
    #expect(pragmas.1 == 1)
    #expect(pragmas.2 == "wal")
    // Defensive mode: the schema cannot be written through sqlite_master.
    #expect(throws: (any Error).self) {
      try store.queue.write { db in
        try db.execute(sql: "PRAGMA writable_schema = ON")
        try db.execute(sql: "UPDATE sqlite_master SET sql = 'CREATE TABLE x(y)' WHERE name = 'meta'")
      }
    }
  }

  @Test("a batch's committed pages reach the database file while the batch goes on")
  func checkpointsWhileMerging() throws {
    let store = try temporaryStore()
    let size = { (try? FileManager.default.attributesOfItem(atPath: store.url.path)[.size] as? Int) ?? 0 }
    let before = size()
    var during = before
    var merged = 0
    // Committed after every bundle. The store's own automatic checkpoint waits for 256 MiB of
    // log during a merge, so only the merge's checkpointer can grow the file this soon.
    try store.mergeBatch(commitEvery: 0) { batch in
      for (number, folder) in SampleBundles.courts.prefix(2).enumerated() {
        let bundle = SampleBundles.bundle(SampleBundles.workspace(folder))
        batch.merge(try SampleBundles.verified(bundle), from: source(bundle), options: MergeOptions()) { outcome in
          if case .success(.merged) = outcome { merged += 1 }
        }
        guard number == 0 else { continue }
        let deadline = Date().addingTimeInterval(10)
        while size() <= before && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        during = size()
      }
    }
    #expect(merged == 2)
    #expect(during > before, "the database file stayed at \(before) bytes while the batch went on")
    // The last commit's pages too, while the store is still open: the file holds every page.
    let pages = try store.read { db in
      try Int.fetchOne(db, sql: "PRAGMA page_count")! * Int.fetchOne(db, sql: "PRAGMA page_size")!
    }
    #expect(size() == pages, "the file holds \(size()) bytes of \(pages)")
    let counts = try store.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT court) FROM measure_values") }
    #expect(counts == 2)
  }

  @Test("the store's automatic checkpoint is back at 16,384 pages after a batch, a batch that fails and a dry run")
  func checkpointSettingRestored() throws {
    let store = try temporaryStore()
    let setting = { try store.queue.inDatabase { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } }
    #expect(try setting() == 16_384)
    let bundle = SampleBundles.bundle(SampleBundles.workspace(SampleBundles.courts[0]))
    try store.mergeBatch { batch in
      batch.merge(try SampleBundles.verified(bundle), from: source(bundle), options: MergeOptions()) { _ in }
    }
    #expect(try setting() == 16_384)
    struct Stop: Error {}
    #expect(throws: StoreError.self) { try store.mergeBatch { _ in throw Stop() } }
    #expect(try setting() == 16_384)
    _ = try store.merge(try SampleBundles.verified(bundle), from: source(bundle), options: MergeOptions(dryRun: true))
    #expect(try setting() == 16_384)
  }

  @Test("the reads of one snapshot see the store as it was when it began, a merge committing meanwhile")
  func snapshotReads() throws {
    let store = try temporaryStore()
    let courts = SampleBundles.courts.prefix(2).map { SampleBundles.bundle(SampleBundles.workspace($0)) }
    _ = try store.merge(try SampleBundles.verified(courts[0]), from: source(courts[0]))
    let reader = try StoreReader(url: store.url)
    let before = try reader.dataVersion()
    let seen = try reader.snapshot {
      let first = (try reader.dataVersion(), try reader.courts().count, try reader.dataAsOf())
      _ = try store.merge(try SampleBundles.verified(courts[1]), from: source(courts[1]))
      let second = (try reader.dataVersion(), try reader.courts().count, try reader.dataAsOf())
      return (first, second)
    }
    #expect(seen.0.0 == before && seen.1.0 == before)
    #expect(seen.0.1 == 1 && seen.1.1 == 1)
    #expect(seen.0.2 == seen.1.2)
    // Outside the snapshot, the second merge is seen.
    #expect(try reader.dataVersion() != before)
    #expect(try reader.courts().count == 2)
  }

  @Test("SQLite keeps no memory statistics (off when the program loads): its allocations take no global mutex")
  func noMemoryStatistics() throws {
    let store = try temporaryStore()
    let bundle = SampleBundles.bundle(SampleBundles.workspace(SampleBundles.courts[0]))
    _ = try store.merge(try SampleBundles.verified(bundle), from: source(bundle))
    // With statistics on, this counts every byte SQLite holds (the page cache at least).
    #expect(sqlite3_memory_used() == 0)
  }

  @Test("a file that is another application's database is refused, untouched")
  func foreignDatabase() throws {
    let url = ProjectPaths.temporaryDirectory("foreign").appendingPathComponent("other.sqlite")
    let other = try DatabaseQueue(path: url.path)
    try other.write { db in try db.execute(sql: "CREATE TABLE invoices (id INTEGER PRIMARY KEY)") }
    try other.close()
    let before = try Data(contentsOf: url)
    #expect(throws: StoreError.self) { try CourtStore(url: url) }
    #expect(try Data(contentsOf: url) == before)
  }
}

/// The database's bytes: the main file and its write-ahead log.
func fileBytes(_ url: URL) -> [Data] {
  [url, URL(fileURLWithPath: url.path + "-wal")].map { (try? Data(contentsOf: $0)) ?? Data() }
}
