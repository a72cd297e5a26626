import CSQLiteSupport
import CourtFedModel
import Foundation
import GRDB

/// The intermediate court's database: one SQLite file, created and migrated on first use,
/// opened hardened (defensive mode, extension loading off, untrusted schema), in WAL mode,
/// with a busy handler so two `merge` processes take turns instead of failing.
///
/// Only this file is ever opened; no database file from a bundle ever is.
public struct CourtStore: Sendable {
  /// The database file this store opened.
  public let url: URL

  /// Pages of write-ahead log after which a commit copies them into the database file.
  static let checkpointPages = 16384
  /// The same while a merge's `Checkpointer` copies them as it goes: the log may then grow to
  /// 256 MiB before a commit of the merge copies what is left and the log starts over.
  static let mergeCheckpointPages = 65536
  let queue: DatabaseQueue
  package let catalog: MetricCatalog

  /// Opens (creating and migrating if needed) the database at `url`.
  ///
  /// - Parameter onWait: called once each time the database is busy with another process,
  ///   so the caller can say it is waiting.
  public init(
    url: URL, catalog: MetricCatalog = .standard, readOnly: Bool = false,
    onWait: (@Sendable () -> Void)? = nil
  ) throws(StoreError) {
    self.url = url
    self.catalog = catalog
    var configuration = Configuration()
    configuration.journalMode = .wal
    configuration.readonly = readOnly
    configuration.foreignKeysEnabled = true
    configuration.busyMode = Self.waiting(onWait)
    configuration.prepareDatabase { db in
      guard let handle = db.sqliteConnection else { return }
      let status = courtfed_sqlite_harden(UnsafeMutableRawPointer(handle))
      guard status == 0 else {
        throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "cannot harden the connection")
      }
      try db.execute(sql: "PRAGMA trusted_schema = OFF")
      // In WAL mode NORMAL keeps every transaction atomic and the file intact through a killed
      // process or a crash; only a power cut can lose the last commits, which merging the
      // same bundles again restores. FULL would sync the disk after every bundle.
      try db.execute(sql: "PRAGMA synchronous = NORMAL")
      // 32 MiB of page cache (SQLite's default is 2 MiB): merging a large court otherwise
      // re-reads index pages from disk. The monthly merge of a nation keeps under 100 MiB
      // with it (64 MiB took it to 120).
      try db.execute(sql: "PRAGMA cache_size = -32768")
      try db.execute(sql: "PRAGMA wal_autocheckpoint = \(CourtStore.checkpointPages)")
      // Each bundle merges in a savepoint, whose journal of original pages would otherwise be
      // a temporary file written page by page; a bundle touches a few megabytes at most.
      try db.execute(sql: "PRAGMA temp_store = MEMORY")
    }
    // Look at an existing file read-only first: opening it for writing in WAL mode would
    // change another application's file before we could refuse it.
    if FileManager.default.fileExists(atPath: url.path) {
      try Self.checkApplication(path: url.path, onWait: onWait)
    }
    // Switching a new file to WAL needs a moment alone with it and does not wait on its
    // own: while another process is doing the same, retry.
    var attempt = 0
    while true {
      do {
        queue = try DatabaseQueue(path: url.path, configuration: configuration)
        break
      } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 15_000 {
        if attempt == 0 { onWait?() }
        attempt += 1
        usleep(20_000)
      } catch {
        throw StoreError.from(error, path: url.path) { .cannotOpen(path: url.path, reason: .unexpected($0)) }
      }
    }
    guard !readOnly else { return }
    do {
      // Another process may be migrating the new file at the same moment: GRDB reads the
      // applied migrations before each migration's transaction, so the slower process fails
      // on a table the other has just made. Each migration commits on its own, so try again
      // (the applied ones read afresh) until none is left, for up to five seconds; a real
      // failure repeats.
      var tries = 0
      while true {
        do {
          try Schema.migrator.migrate(queue)
          break
        } catch {
          if (try? queue.read({ try Schema.migrator.hasCompletedMigrations($0) })) == true { break }
          tries += 1
          guard tries < 250 else { throw error }
          usleep(20_000)
        }
      }
      try queue.writeWithoutTransaction { db in
        try db.inTransaction(.immediate) {
          try Schema.refreshCatalog(db, catalog: catalog)
          return .commit
        }
      }
    } catch {
      // A new file on a full disk fails here too: say so, not that it is another application's.
      throw StoreError.from(error, path: url.path) { .notACourtFedDatabase(path: url.path, reason: .unexpected($0)) }
    }
  }

  /// Refuses a file that is not SQLite or holds another application's tables, reading it
  /// through a read-only connection that changes nothing.
  private static func checkApplication(path: String, onWait: (@Sendable () -> Void)?) throws(StoreError) {
    var configuration = Configuration()
    configuration.readonly = true
    configuration.busyMode = waiting(onWait)
    configuration.prepareDatabase { db in
      if let handle = db.sqliteConnection { _ = courtfed_sqlite_harden(UnsafeMutableRawPointer(handle)) }
      try db.execute(sql: "PRAGMA trusted_schema = OFF")
    }
    let tables: [String]
    do {
      let probe = try DatabaseQueue(path: path, configuration: configuration)
      tables = try probe.read { db in
        try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
      }
      try probe.close()
    } catch {
      throw StoreError.from(error, path: path) {
        .notACourtFedDatabase(path: path, reason: .notSQLite($0))
      }
    }
    if !tables.isEmpty, !tables.contains("grdb_migrations") {
      throw .notACourtFedDatabase(path: path, reason: .otherApplication)
    }
  }

  /// Wait up to five minutes for another process's transaction, telling the caller once.
  private static func waiting(_ onWait: (@Sendable () -> Void)?) -> Database.BusyMode {
    .callback { tries in
      if tries == 0 { onWait?() }
      usleep(20_000)
      return tries < 15_000
    }
  }

  /// Runs `body` in a read transaction.
  package func read<T>(_ body: (Database) throws -> T) throws -> T {
    try queue.read(body)
  }
}
