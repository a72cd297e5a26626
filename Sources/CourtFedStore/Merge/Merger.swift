import CourtFedBundle
import CourtFedModel
import Foundation
import GRDB
import GRDBSQLite

/// How a bundle is merged.
public struct MergeOptions: Sendable {
  /// Accept a bundle after missing sequence numbers, recording the gap.
  package var acceptGap = false
  /// Accept a bundle that changes the court's names (pinned at its first merge), recording
  /// the change.
  package var acceptRename = false
  /// Work out what would change and write nothing.
  package var dryRun = false
  /// The time recorded as the merge time.
  package var now = Date()

  /// Options for a merge; the defaults refuse gaps and renames, write, and record the current
  /// time.
  public init(acceptGap: Bool = false, acceptRename: Bool = false, dryRun: Bool = false, now: Date = Date()) {
    self.acceptGap = acceptGap
    self.acceptRename = acceptRename
    self.dryRun = dryRun
    self.now = now
  }
}

/// Where a bundle came from, for provenance.
public struct BundleSource: Sendable {
  package var fileName: String
  package var fileSHA256: String

  /// The bundle file's name as received (not its path) and the lower-case hex SHA-256 of the
  /// whole file, recorded with every figure it brings.
  public init(fileName: String, fileSHA256: String) {
    self.fileName = fileName
    self.fileSHA256 = fileSHA256
  }
}

extension CourtStore {
  /// Merges one verified bundle in its own transaction: see `MergeBatch.merge`.
  ///
  /// - Throws: `StoreError` for a rollback, an equivocation, a gap or a broken chain; the
  ///   database is then exactly as it was.
  public func merge(_ bundle: VerifiedBundle, from source: BundleSource, options: MergeOptions = MergeOptions())
    throws(StoreError) -> MergeOutcome
  {
    var result: Result<MergeOutcome, StoreError> = .failure(.database(.notMerged))
    try mergeBatch(dryRun: options.dryRun) { batch in
      batch.merge(bundle, from: source, options: options) { result = $0 }
    }
    return try result.get()
  }

  /// Runs `body` with a batch that merges bundles into one write transaction, committed about
  /// every `interval` seconds, whenever its waiting roll-ups reach `PendingRollUps.limit`
  /// rows (so memory does not grow with the machine's speed), and at the end. Each bundle is
  /// wholly in or wholly out, as with one transaction per bundle, but the pages bundles touch
  /// are written once per batch instead of once per bundle: at 3,500 courts that was most of
  /// the merge's time. A killed process loses the uncommitted batch, never part of a bundle;
  /// merging the same files again completes it. Outcomes are reported only once they are
  /// committed. Meanwhile a thread of its own copies each commit's pages from the write-ahead
  /// log into the database file (`Checkpointer`). A dry run reads and rolls back.
  public func mergeBatch(
    dryRun: Bool = false, commitEvery interval: TimeInterval = 1, _ body: (MergeBatch) throws -> Void
  ) throws(StoreError) {
    do {
      try queue.writeWithoutTransaction { db in
        let batch = MergeBatch(db: db, path: url.path, catalog: catalog, dryRun: dryRun, interval: interval)
        defer {
          batch.commit()
          batch.checkpointer.stop()
          try? db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.checkpointPages)")
        }
        // The store's own checkpoint waits for more log only while the thread copies it.
        if !dryRun && batch.checkpointer.start() {
          try db.execute(sql: "PRAGMA wal_autocheckpoint = \(Self.mergeCheckpointPages)")
        }
        try body(batch)
      }
    } catch {
      throw StoreError.from(error, path: url.path) { .database(.unexpected($0)) }
    }
  }
}

/// Bundles merged together in one write transaction (`CourtStore.mergeBatch`).
public final class MergeBatch {
  private let db: Database
  /// The database file, for messages.
  private let path: String
  private let catalog: MetricCatalog
  private let dryRun: Bool
  private let interval: TimeInterval
  private var deadline = Date.distantFuture
  /// What to report once the batch is committed, in order.
  private enum Pending {
    /// A bundle's outcome, for its report.
    case merge(Result<MergeOutcome, StoreError>, (Result<MergeOutcome, StoreError>) -> Void)
    /// Something to run in order with the reports (`whenCommitted`).
    case after(() -> Void)
  }
  private var pending: [Pending] = []
  /// The batch's roll-ups, inserted in key order just before it commits.
  private let rollUps = PendingRollUps()
  /// Copies each commit's pages into the database file while the batch goes on.
  fileprivate let checkpointer: Checkpointer

  init(db: Database, path: String, catalog: MetricCatalog, dryRun: Bool, interval: TimeInterval) {
    self.db = db
    self.path = path
    self.catalog = catalog
    self.dryRun = dryRun
    self.interval = interval
    checkpointer = Checkpointer(path: path)
  }

  /// Merges a verified bundle: the bundle is the court's full snapshot of the periods it
  /// covers, so its values replace the court's values for those periods (every replaced or
  /// removed value goes to `value_audit`), and its party tables replace the court's. The
  /// sequence rules are checked inside the transaction, so two processes merging at once
  /// cannot both pass them. A rejected bundle (rollback, equivocation, gap, broken chain)
  /// leaves the database exactly as it was.
  ///
  /// - Parameter report: called with the outcome once it is committed (or failed).
  public func merge(
    _ bundle: VerifiedBundle, from source: BundleSource, options: MergeOptions,
    report: @escaping (Result<MergeOutcome, StoreError>) -> Void
  ) {
    var result: Result<MergeOutcome, StoreError>
    do {
      if !db.isInsideTransaction {
        try db.beginTransaction(dryRun ? .deferred : .immediate)
        deadline = Date().addingTimeInterval(interval)
      }
      // No savepoint per bundle: journaling every page a bundle touches cost more than the
      // merge itself. A refusal (StoreError) comes from the checks, before anything is
      // written; any other error may come part-way through the writes, so the whole batch is
      // rolled back and every bundle in it reported as not stored.
      result = .success(
        try Merge(db: db, bundle: bundle, source: source, options: options, catalog: catalog, rollUps: rollUps).run())
    } catch let error as StoreError {
      result = .failure(error)
    } catch {
      // A full disk is said as such, for this bundle and for every other in the batch.
      let failure = StoreError.from(error, path: path) {
        .database(.batchWriteFailed($0))
      }
      pending.append(.merge(.failure(failure), report))
      commit(failure: failure)
      return
    }
    pending.append(.merge(result, report))
    if Date() >= deadline || rollUps.count >= PendingRollUps.limit { commit() }
  }

  /// Runs `body` after the bundles before it are committed, in order with their reports.
  package func whenCommitted(_ body: @escaping () -> Void) {
    pending.append(.after(body))
    if !db.isInsideTransaction { commit() }
  }

  /// Commits (a dry run, or after `failure`: rolls back) and reports.
  func commit(failure: StoreError? = nil) {
    var failure = failure
    if db.isInsideTransaction {
      do {
        if dryRun || failure != nil {
          rollUps.discard()
          try db.rollback()
        } else {
          try rollUps.flush(db)
          try db.commit()
          checkpointer.nudge()
        }
      } catch {
        try? db.rollback()
        failure =
          failure
          ?? StoreError.from(error, path: path) {
            .database(.batchCommitFailed($0))
          }
      }
    }
    let reports = pending
    pending = []
    for item in reports {
      switch item {
      case .after(let body): body()
      case .merge(.success, let report) where failure != nil: report(.failure(failure!))
      case .merge(let result, let report): report(result)
      }
    }
  }
}

/// One merge, inside a batch's transaction (or read, for a dry run): the checks first, then
/// the writes.
struct Merge {
  let db: Database
  let bundle: VerifiedBundle
  let source: BundleSource
  let options: MergeOptions
  let catalog: MetricCatalog
  let rollUps: PendingRollUps

  var manifest: BundleManifest { bundle.manifest }
  var court: String { manifest.court.id }

  func run() throws -> MergeOutcome {
    if let sequence = try Int.fetchOne(
      db.cachedStatement(sql: "SELECT sequence FROM bundles WHERE manifest_sha256 = ?"),
      arguments: [bundle.manifestSHA256])
    {
      return .alreadyMerged(court: court, sequence: sequence)
    }
    var summary = MergeSummary(court: court, sequence: manifest.sequence)
    summary.gapAccepted = try checkSequence()
    summary.renamed = try checkIdentity()
    if options.dryRun {
      try diffValues(into: &summary, bundleID: nil)
      summary.partyRows = partyRowCount
      return .wouldMerge(summary)
    }
    let firstFromCourt = try !Bool.fetchOne(
      db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM courts WHERE id = ?)"), arguments: [court])!
    try upsertCourt()
    let bundleID = try insertBundle(gap: summary.gapAccepted)
    try recordRenames(summary.renamed, bundleID: bundleID)
    try diffValues(into: &summary, bundleID: bundleID)
    try RollUp.rebuild(
      db, court: court, targets: RollUp.affected(by: manifest.periods), catalog: catalog, replacing: !firstFromCourt,
      into: rollUps)
    try replaceParty(bundleID: bundleID)
    summary.partyRows = partyRowCount
    return .merged(summary)
  }

  var partyRowCount: Int {
    let tables = bundle.tables
    return tables.branches.count + tables.groups.count + tables.groupScores.count + tables.branchRatings.count
  }

  /// The sequence rules: the first bundle seen sets the start; then each bundle must be the
  /// next number and name the last merged manifest. Returns the numbers a gap skips when
  /// --accept-gap allows it, as a range: nothing here grows with the number a bundle claims.
  func checkSequence() throws -> ClosedRange<Int>? {
    guard
      let row = try Row.fetchOne(
        db.cachedStatement(sql: "SELECT last_sequence, last_manifest_sha256 FROM courts WHERE id = ?"),
        arguments: [court])
    else { return nil }
    let last: Int = row["last_sequence"]
    let lastHash: String = row["last_manifest_sha256"]
    let sequence = manifest.sequence
    if sequence <= last {
      // A number already merged, with other content: two bundles claim the same place.
      if let merged = try String.fetchOne(
        db.cachedStatement(sql: "SELECT manifest_sha256 FROM bundles WHERE court = ? AND sequence = ?"),
        arguments: [court, sequence])
      {
        throw StoreError.equivocation(court: court, sequence: sequence, merged: merged, received: bundle.manifestSHA256)
      }
      throw StoreError.rollback(court: court, sequence: sequence, last: last)
    }
    if sequence > last + 1 {
      let missing = (last + 1)...(sequence - 1)
      guard options.acceptGap else { throw StoreError.gap(court: court, missing: missing) }
      return missing
    }
    guard manifest.previousManifestSHA256 == lastHash else {
      throw StoreError.brokenChain(
        court: court, sequence: sequence, expected: lastHash, found: manifest.previousManifestSHA256)
    }
    return nil
  }

  func insertBundle(gap: ClosedRange<Int>?) throws -> Int64 {
    try db.cachedStatement(
      sql: """
        INSERT INTO bundles (court, sequence, manifest_sha256, previous_manifest_sha256, signer_fingerprint, created,
          merged_at, file_name, file_sha256, periods, catalog_version, gap_accepted, manifest)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """
    ).execute(
      arguments: [
        court, manifest.sequence, bundle.manifestSHA256, manifest.previousManifestSHA256, bundle.signerFingerprint,
        manifest.created, BundleManifest.timestamp(options.now), source.fileName, source.fileSHA256,
        manifest.periods.map(\.description).joined(separator: " "), manifest.catalogVersion,
        gap.map(StoreError.range), bundle.manifestBytes,
      ])
    return db.lastInsertedRowID
  }

  func upsertCourt() throws {
    let profile = manifest.court
    try db.cachedStatement(
      sql: """
        INSERT INTO courts (id, name, short_name, english_name, level, parent, region, first_sequence, last_sequence,
          last_manifest_sha256)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, short_name = excluded.short_name,
          english_name = excluded.english_name, level = excluded.level, parent = excluded.parent,
          region = excluded.region, last_sequence = excluded.last_sequence,
          last_manifest_sha256 = excluded.last_manifest_sha256
        """
    ).execute(
      arguments: [
        profile.id, profile.name, profile.shortName, profile.englishName, profile.level.rawValue, profile.parent,
        profile.region, manifest.sequence, manifest.sequence, bundle.manifestSHA256,
      ])
  }

  /// Compares the bundle's values with the stored ones for the periods it covers; unless
  /// this is a dry run (`bundleID` nil), writes the difference and its audit trail.
  func diffValues(into summary: inout MergeSummary, bundleID: Int64?) throws {
    let covered = manifest.periods.map(\.description)
    var existing: [String: [String: (value: Double, bundle: Int64)]] = [:]
    if !covered.isEmpty {
      let placeholders = databaseQuestionMarks(count: covered.count)
      let rows = try Row.fetchCursor(
        db.cachedStatement(
          sql:
            "SELECT period, measure, value, bundle FROM measure_values WHERE court = ? AND period IN (\(placeholders))"
        ),
        arguments: StatementArguments([court] + covered))
      while let row = try rows.next() {
        existing[row["period"], default: [:]][row["measure"]] = (row["value"], row["bundle"])
      }
    }
    let changedAt = BundleManifest.timestamp(options.now)
    // Nothing stored yet for these periods (a court's first bundle): a plain insert.
    let conflict =
      existing.isEmpty
      ? "" : "ON CONFLICT (court, period, measure) DO UPDATE SET value = excluded.value, bundle = excluded.bundle"
    let insert = try bundleID.map { _ in
      try db.cachedStatement(
        sql: """
          INSERT INTO measure_values (court, period, measure, value, bundle, kind, year, first_month, last_month)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) \(conflict)
          """)
    }
    let audit = try bundleID.map { _ in
      try db.cachedStatement(
        sql: """
          INSERT INTO value_audit (court, period, measure, old_value, new_value, old_bundle, new_bundle, changed_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          """)
    }
    var periodText = ""
    var lastPeriod: Period?
    for row in bundle.tables.measures {
      if row.period != lastPeriod {
        periodText = row.period.description
        lastPeriod = row.period
      }
      let old = existing[periodText]?.removeValue(forKey: row.measure)
      if let old {
        if old.value == row.value {
          summary.unchanged += 1
        } else {
          summary.replaced += 1
          summary.changes.append(ValueChange(period: row.period, measure: row.measure, old: old.value, new: row.value))
          try audit?.execute(arguments: [
            court, periodText, row.measure, old.value, row.value, old.bundle, bundleID, changedAt,
          ])
        }
      } else {
        summary.added += 1
      }
      if let insert, let bundleID {
        try insertValue(insert, row: row, periodText: periodText, bundleID: bundleID)
      }
    }
    // What the snapshot no longer has.
    for (period, measures) in existing.sorted(by: { $0.key < $1.key }) {
      for (measure, old) in measures.sorted(by: { $0.key < $1.key }) {
        summary.removed += 1
        summary.changes.append(
          ValueChange(period: (try? Period(parsing: period)) ?? .year(1949), measure: measure, old: old.value, new: nil)
        )
        guard let bundleID else { continue }
        try audit?.execute(arguments: [court, period, measure, old.value, nil, old.bundle, bundleID, changedAt])
        try db.execute(
          sql: "DELETE FROM measure_values WHERE court = ? AND period = ? AND measure = ?",
          arguments: [court, period, measure])
      }
    }
  }

  /// Inserts (or updates) one value, binding straight through SQLite's C API: a merge writes
  /// millions of rows, and boxing each argument cost more than SQLite's own work.
  func insertValue(_ statement: Statement, row: MeasureValue, periodText: String, bundleID: Int64) throws {
    let handle = statement.sqliteStatement
    sqlite3_reset(handle)
    bindText(handle, 1, court)
    bindText(handle, 2, periodText)
    bindText(handle, 3, row.measure)
    sqlite3_bind_double(handle, 4, row.value)
    sqlite3_bind_int64(handle, 5, bundleID)
    bindText(handle, 6, row.period.kind.rawValue)
    sqlite3_bind_int64(handle, 7, Int64(row.period.year))
    sqlite3_bind_int64(handle, 8, Int64(row.period.firstMonth))
    sqlite3_bind_int64(handle, 9, Int64(row.period.lastMonth))
    let status = sqlite3_step(handle)
    guard status == SQLITE_DONE else { throw stepError(status, statement, db) }
  }

  /// Whether the court's stored rows of a party table are exactly `rows` (in key order), each
  /// row compared column by column by `matches` through SQLite's C API (a month's bundle
  /// carries branches, groups and ratings whole, and GRDB's row values cost ten times
  /// SQLite's reads).
  func storedRows<Item>(_ sql: String, equal rows: [Item], _ matches: (OpaquePointer?, Item) -> Bool) throws -> Bool {
    var index = 0
    var same = true
    try eachRow(of: db.cachedStatement(sql: sql), in: db, binding: [court]) { handle in
      guard same else { return }
      same = index < rows.count && matches(handle, rows[index])
      index += 1
    }
    return same && index == rows.count
  }

  /// Replaces the court's branches, groups, scores and ratings with the bundle's. A table
  /// whose stored rows are exactly the bundle's is left as it is (its rows keep the bundle
  /// that delivered them). A bundle of changes lists the quarters of scores it carries: those
  /// quarters' scores are replaced, the others kept, and a group the bundle no longer has
  /// takes its scores of every quarter with it. Rewriting five years of quarterly scores for
  /// every court every month would make the monthly merge follow the history instead of what
  /// changed.
  func replaceParty(bundleID: Int64) throws {
    let tables = bundle.tables
    let quarters = manifest.scoreQuarters
    let same = (
      branches: try storedRows(
        "SELECT id, name, division, secretary, members, brand FROM branches WHERE court = ? ORDER BY id",
        equal: tables.branches
      ) { row, branch in
        columnIs(row, 0, branch.id) && columnIs(row, 1, branch.name) && columnIs(row, 2, branch.division)
          && columnIs(row, 3, branch.secretary) && columnIs(row, 4, branch.memberCount)
          && columnIs(row, 5, branch.brand)
      },
      groups: try storedRows(
        """
        SELECT id, branch, name, team, kind, leader, leader_age, leader_party_years, leader_court_years, members
        FROM party_groups WHERE court = ? ORDER BY id
        """,
        equal: tables.groups
      ) { row, group in
        columnIs(row, 0, group.id) && columnIs(row, 1, group.branchID) && columnIs(row, 2, group.name)
          && columnIs(row, 3, group.team) && columnIs(row, 4, group.kind.rawValue) && columnIs(row, 5, group.leader)
          && columnIs(row, 6, group.leaderAge) && columnIs(row, 7, group.leaderPartyYears)
          && columnIs(row, 8, group.leaderCourtYears) && columnIs(row, 9, group.memberCount)
      },
      // Scores by quarter are replaced quarter by quarter below.
      scores: try quarters != nil
        || storedRows(
          "SELECT group_id, period, basic, bonus, deduction FROM group_scores WHERE court = ? ORDER BY group_id, period",
          equal: tables.groupScores
        ) { row, score in
          columnIs(row, 0, score.groupID) && columnIs(row, 1, score.period.description)
            && columnIs(row, 2, score.basic) && columnIs(row, 3, score.bonus) && columnIs(row, 4, score.deduction)
        },
      ratings: try storedRows(
        "SELECT branch, year, stars FROM branch_ratings WHERE court = ? ORDER BY branch, year",
        equal: tables.branchRatings
      ) { row, rating in
        columnIs(row, 0, rating.branchID) && columnIs(row, 1, rating.year) && columnIs(row, 2, rating.stars)
      }
    )
    for (table, unchanged) in [
      ("branch_ratings", same.ratings), ("group_scores", same.scores), ("party_groups", same.groups),
      ("branches", same.branches),
    ] where !unchanged {
      try db.cachedStatement(sql: "DELETE FROM \(table) WHERE court = ?").execute(arguments: [court])
    }
    for branch in tables.branches where !same.branches {
      try db.cachedStatement(
        sql:
          "INSERT INTO branches (court, id, name, division, secretary, members, brand, bundle) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
      ).execute(
        arguments: [
          court, branch.id, branch.name, branch.division, branch.secretary, branch.memberCount, branch.brand, bundleID,
        ])
    }
    for group in tables.groups where !same.groups {
      try db.cachedStatement(
        sql: """
          INSERT INTO party_groups (court, id, branch, name, team, kind, leader, leader_age, leader_party_years,
            leader_court_years, members, bundle) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
          """
      ).execute(
        arguments: [
          court, group.id, group.branchID, group.name, group.team, group.kind.rawValue, group.leader, group.leaderAge,
          group.leaderPartyYears, group.leaderCourtYears, group.memberCount, bundleID,
        ])
    }
    if let quarters {
      for quarter in quarters {
        try db.cachedStatement(sql: "DELETE FROM group_scores WHERE court = ? AND period = ?").execute(
          arguments: [court, quarter.description])
      }
      if !same.groups {
        try db.cachedStatement(
          sql:
            "DELETE FROM group_scores WHERE court = ? AND group_id NOT IN (SELECT id FROM party_groups WHERE court = ?)"
        ).execute(arguments: [court, court])
      }
    }
    for score in tables.groupScores where quarters != nil || !same.scores {
      try db.cachedStatement(
        sql:
          "INSERT INTO group_scores (court, group_id, period, basic, bonus, deduction, bundle) VALUES (?, ?, ?, ?, ?, ?, ?)"
      ).execute(
        arguments: [
          court, score.groupID, score.period.description, score.basic, score.bonus, score.deduction, bundleID,
        ])
    }
    for rating in tables.branchRatings where !same.ratings {
      try db.cachedStatement(
        sql: "INSERT INTO branch_ratings (court, branch, year, stars, bundle) VALUES (?, ?, ?, ?, ?)"
      ).execute(
        arguments: [court, rating.branchID, rating.year, rating.stars, bundleID])
    }
  }
}
