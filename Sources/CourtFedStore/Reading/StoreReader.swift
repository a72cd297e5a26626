import CSQLiteSupport
import CourtFedModel
import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#endif

/// The coordinator's database opened for reading only: what `query`, `report` and `status`
/// use. It never writes a byte of the file, so an analyst who may only read the database can
/// ask it questions, and readers never wait for a merge (WAL: a reader sees the last commit).
///
/// Every statement the later stages need is a named method of this type (`figures`,
/// `courts`, `groupScores`, ...): the query and report stages hand it periods and measure keys
/// and get typed values back, never SQL.
public struct StoreReader: Sendable {
  package let url: URL
  package let catalog: MetricCatalog
  let pool: DatabasePool
  /// True when the folder is read-only and no merge had the file open: SQLite then reads the
  /// file as immutable (it cannot create the shared-memory file a WAL reader needs).
  package let isImmutable: Bool

  /// Opens the database at `url` for reading.
  ///
  /// - Throws: `StoreError.cannotOpen` when there is no such file, `.notACourtFedDatabase`
  ///   for another application's file, `.needsUpgrade` when the file was written by an older
  ///   CourtFed (a merge or `courtfed upgrade` brings it up to date; reading never does).
  public init(url: URL, catalog: MetricCatalog = .standard) throws(StoreError) {
    self.url = url
    self.catalog = catalog
    var status = stat()
    guard stat(url.path, &status) == 0 else {
      throw .missingFile(path: url.path)
    }
    guard status.st_mode & S_IFMT == S_IFREG else { throw .notAFile(path: url.path) }
    let folder = url.deletingLastPathComponent().path
    let folderWritable = access(folder.isEmpty ? "." : folder, W_OK) == 0
    let sidecarsExist = FileManager.default.fileExists(atPath: url.path + "-shm")
    // A WAL reader needs the -shm file; in a read-only folder SQLite cannot create it, and
    // the only way to read is to promise SQLite that nobody writes (immutable).
    isImmutable = !folderWritable && !sidecarsExist
    var configuration = Configuration()
    configuration.readonly = true
    configuration.label = "courtfed-reader"
    configuration.maximumReaderCount = 4
    // In WAL mode a reader waits only in brief moments: another connection opening the same
    // file (rebuilding its -shm index) or a writer's last checkpoint on close. Wait those out
    // rather than fail: seen with two questions opening the store at once on a loaded machine.
    configuration.busyMode = .timeout(10)
    configuration.prepareDatabase { db in
      guard let handle = db.sqliteConnection else { return }
      let status = courtfed_sqlite_harden(UnsafeMutableRawPointer(handle))
      guard status == 0 else {
        throw DatabaseError(resultCode: ResultCode(rawValue: status), message: "cannot harden the connection")
      }
      try db.execute(sql: "PRAGMA trusted_schema = OFF")
    }
    let path = isImmutable ? "file:\(Self.uriEscaped(url.path))?immutable=1" : url.path
    do {
      pool = try DatabasePool(path: path, configuration: configuration)
    } catch {
      throw StoreError(opening: url.path, error)
    }
    try checkSchema()
  }

  /// `path` with the characters a URI gives meaning to escaped.
  static func uriEscaped(_ path: String) -> String {
    var allowed = CharacterSet.urlPathAllowed
    allowed.remove(charactersIn: "?#%")
    return path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
  }

  /// Refuses another application's file, and a CourtFed file whose migrations or catalog are
  /// older than this version's.
  private func checkSchema() throws(StoreError) {
    let catalogVersion = catalog.version
    let state: (tables: [String], migrated: Bool, catalog: String?)
    do {
      state = try pool.read { db in
        let tables = try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'")
        guard tables.contains("grdb_migrations") else { return (tables, false, nil) }
        let migrated = try Schema.migrator.hasCompletedMigrations(db)
        let catalog =
          tables.contains("meta")
          ? try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'catalog_version'") : nil
        return (tables, migrated, catalog)
      }
    } catch {
      throw StoreError(opening: url.path, error)
    }
    if !state.tables.contains("grdb_migrations") {
      throw .notACourtFedDatabase(
        path: url.path, reason: state.tables.isEmpty ? .noTables : .otherApplication)
    }
    guard state.migrated, state.catalog == catalogVersion else { throw .needsUpgrade(path: url.path) }
  }

  /// Runs `body` in one read transaction (one snapshot of the data), mapping SQLite's errors
  /// to `StoreError`.
  func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
    do {
      guard Self.snapshotPool == ObjectIdentifier(pool) else { return try pool.read(body) }
      // Inside this reader's `snapshot`: on the snapshot's connection, in its transaction
      // (the pool's reentrant read reuses the connection of the read the thread is in).
      // Elsewhere (another thread the task went on to) it would read outside any
      // transaction: there, a transaction of its own.
      return try pool.unsafeReentrantRead { db in
        guard !db.isInsideTransaction else { return try body(db) }
        var result: T?
        try db.inTransaction(.deferred) {
          result = try body(db)
          return .commit
        }
        return result!
      }
    } catch let error as StoreError {
      throw error
    } catch {
      throw StoreError(reading: url.path, error)
    }
  }

  /// The pool whose `snapshot` the current task is inside, if any.
  @TaskLocal private static var snapshotPool: ObjectIdentifier?

  /// Runs `body` with every read it makes through this reader in one read transaction: the
  /// reads see one state of the database (a merge committing meanwhile changes none of them),
  /// and a question pays for one transaction instead of one per read (at city size, the
  /// three a question made were most of its time).
  package func snapshot<T>(_ body: () throws -> T) throws -> T {
    let identity = ObjectIdentifier(pool)
    if Self.snapshotPool == identity { return try body() }
    do {
      return try pool.read { _ in try Self.$snapshotPool.withValue(identity) { try body() } }
    } catch let error as DatabaseError {
      throw StoreError(reading: url.path, error)
    }
  }

  /// A number that changes whenever a merge commits: a reader that caches what it read (the
  /// names of courts and regions) reloads when it changes.
  package func dataVersion() throws(StoreError) -> String {
    // Every merge adds a bundle row, and ids only grow: the greatest is a rowid seek.
    // A statement kept prepared: every question asks, and preparing it cost more than running it.
    try read { db in "\(try Int64.fetchOne(db.cachedStatement(sql: "SELECT MAX(id) FROM bundles")) ?? 0)" }
  }
}
