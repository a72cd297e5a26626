import CourtFedModel
import GRDB

/// The database's tables, created by named migrations that are never edited once shipped
/// (Specs/database-schema.md), and the catalog's views, recreated whenever the catalog's
/// version changes (views hold no data).
enum Schema {
  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1-tables") { db in
      try db.execute(
        sql: """
          CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
          ) STRICT;

          CREATE TABLE courts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            short_name TEXT NOT NULL,
            english_name TEXT,
            level TEXT NOT NULL,
            parent TEXT,
            region TEXT,
            first_sequence INTEGER NOT NULL,
            last_sequence INTEGER NOT NULL,
            last_manifest_sha256 TEXT NOT NULL
          ) STRICT;

          CREATE TABLE bundles (
            id INTEGER PRIMARY KEY,
            court TEXT NOT NULL REFERENCES courts(id),
            sequence INTEGER NOT NULL,
            manifest_sha256 TEXT NOT NULL UNIQUE,
            previous_manifest_sha256 TEXT,
            signer_fingerprint TEXT NOT NULL,
            created TEXT NOT NULL,
            merged_at TEXT NOT NULL,
            file_name TEXT NOT NULL,
            file_sha256 TEXT NOT NULL,
            periods TEXT NOT NULL,
            catalog_version TEXT NOT NULL,
            gap_accepted TEXT,
            manifest BLOB NOT NULL,
            UNIQUE (court, sequence)
          ) STRICT;

          CREATE TABLE measure_values (
            court TEXT NOT NULL,
            period TEXT NOT NULL,
            measure TEXT NOT NULL,
            value REAL NOT NULL,
            bundle INTEGER NOT NULL REFERENCES bundles(id),
            kind TEXT NOT NULL,
            year INTEGER NOT NULL,
            first_month INTEGER NOT NULL,
            last_month INTEGER NOT NULL,
            PRIMARY KEY (court, period, measure)
          ) STRICT, WITHOUT ROWID;
          CREATE INDEX measure_values_by_measure ON measure_values (measure, year, court);

          CREATE TABLE branches (
            court TEXT NOT NULL,
            id TEXT NOT NULL,
            name TEXT NOT NULL,
            division TEXT NOT NULL,
            secretary TEXT NOT NULL,
            members INTEGER NOT NULL,
            brand TEXT,
            bundle INTEGER NOT NULL REFERENCES bundles(id),
            PRIMARY KEY (court, id)
          ) STRICT;

          CREATE TABLE party_groups (
            court TEXT NOT NULL,
            id TEXT NOT NULL,
            branch TEXT NOT NULL,
            name TEXT NOT NULL,
            team TEXT NOT NULL,
            kind TEXT NOT NULL,
            leader TEXT NOT NULL,
            leader_age INTEGER NOT NULL,
            leader_party_years INTEGER NOT NULL,
            leader_court_years INTEGER NOT NULL,
            members INTEGER NOT NULL,
            bundle INTEGER NOT NULL REFERENCES bundles(id),
            PRIMARY KEY (court, id)
          ) STRICT;

          CREATE TABLE group_scores (
            court TEXT NOT NULL,
            group_id TEXT NOT NULL,
            period TEXT NOT NULL,
            basic REAL NOT NULL,
            bonus REAL NOT NULL,
            deduction REAL NOT NULL,
            bundle INTEGER NOT NULL REFERENCES bundles(id),
            PRIMARY KEY (court, group_id, period)
          ) STRICT;

          CREATE TABLE branch_ratings (
            court TEXT NOT NULL,
            branch TEXT NOT NULL,
            year INTEGER NOT NULL,
            stars INTEGER NOT NULL,
            bundle INTEGER NOT NULL REFERENCES bundles(id),
            PRIMARY KEY (court, branch, year)
          ) STRICT;

          CREATE TABLE value_audit (
            id INTEGER PRIMARY KEY,
            court TEXT NOT NULL,
            period TEXT NOT NULL,
            measure TEXT NOT NULL,
            old_value REAL NOT NULL,
            new_value REAL,
            old_bundle INTEGER NOT NULL REFERENCES bundles(id),
            new_bundle INTEGER NOT NULL REFERENCES bundles(id),
            changed_at TEXT NOT NULL
          ) STRICT;
          CREATE INDEX value_audit_by_court ON value_audit (court, period, measure);

          CREATE TABLE catalog_measures (
            key TEXT PRIMARY KEY,
            name_zh TEXT NOT NULL,
            name_en TEXT NOT NULL,
            aggregation TEXT NOT NULL,
            unit TEXT NOT NULL
          ) STRICT;
          """)
    }
    migrator.registerMigration("v2-rolled-values") { db in
      try db.execute(
        sql: """
          CREATE TABLE rolled_values (
            -- The key's columns come first, in key order: SQLite 3.40's integrity_check
            -- misreports NOT NULL columns of WITHOUT ROWID tables otherwise.
            measure TEXT NOT NULL,
            period TEXT NOT NULL,
            court TEXT NOT NULL,
            year INTEGER NOT NULL,
            value REAL NOT NULL,
            parts INTEGER NOT NULL,
            complete INTEGER NOT NULL,
            source TEXT NOT NULL,
            -- The bundles (ids, space-separated) the parts came from: provenance.
            bundles TEXT NOT NULL,
            -- A query reads one measure and period across the courts; a merge, taking courts in
            -- order, appends to the same pages bundle after bundle.
            PRIMARY KEY (measure, period, court)
          ) STRICT, WITHOUT ROWID;
          -- Values are looked up by measure and period (a month, or a period reported whole).
          DROP INDEX measure_values_by_measure;
          CREATE INDEX measure_values_by_period ON measure_values (measure, period, court);
          -- Party groups are ranked within one quarter.
          CREATE INDEX group_scores_by_period ON group_scores (period);
          -- Every result says when the data was last merged.
          CREATE INDEX bundles_by_merge ON bundles (merged_at);
          -- The catalog refresh builds the roll-ups of what is already stored.
          DELETE FROM meta WHERE key = 'catalog_version';
          """)
    }
    migrator.registerMigration("v3-gap-ranges") { db in
      // A gap was kept as every skipped number, space-separated (ten million numbers: 79 MB);
      // it is always one run (last + 1 to sequence − 1), now kept as FIRST-LAST.
      let rows = try Row.fetchAll(db, sql: "SELECT id, gap_accepted FROM bundles WHERE instr(gap_accepted, ' ') > 0")
      for row in rows {
        let text: String = row["gap_accepted"]
        guard let firstSpace = text.firstIndex(of: " "), let lastSpace = text.lastIndex(of: " ") else { continue }
        let range = "\(text[..<firstSpace])-\(text[text.index(after: lastSpace)...])"
        try db.execute(sql: "UPDATE bundles SET gap_accepted = ? WHERE id = ?", arguments: [range, row["id"] as Int64])
      }
    }
    migrator.registerMigration("v4-court-names") { db in
      try db.execute(
        sql: """
          -- A court's names are pinned at its first merge; each change accepted later
          -- (merge --accept-rename) is recorded here, with the bundle that made it.
          CREATE TABLE court_renames (
            id INTEGER PRIMARY KEY,
            court TEXT NOT NULL REFERENCES courts(id),
            bundle INTEGER NOT NULL REFERENCES bundles(id),
            field TEXT NOT NULL,
            old_value TEXT,
            new_value TEXT,
            renamed_at TEXT NOT NULL
          ) STRICT;
          CREATE INDEX court_renames_by_court ON court_renames (court);
          -- Two courts never share a name: looked up on every new court and every rename.
          CREATE INDEX courts_by_short_name ON courts (short_name);
          CREATE INDEX courts_by_name ON courts (name);
          """)
    }
    migrator.registerMigration("v5-covering-indexes") { db in
      try db.execute(
        sql: """
          -- A question reads one measure and period across every court: with the value and its
          -- bundle in the index, that is one range of index pages, not a seek into the table
          -- (ordered by court, period) for every court.
          DROP INDEX measure_values_by_period;
          CREATE INDEX measure_values_by_period ON measure_values (measure, period, court, value, bundle);
          -- Party groups are ranked within one quarter: every score of the quarter read from
          -- the index alone.
          DROP INDEX group_scores_by_period;
          CREATE INDEX group_scores_by_period
            ON group_scores (period, court, group_id, basic, bonus, deduction, bundle);
          """)
    }
    return migrator
  }

  /// Brings the catalog's table, views and roll-ups up to `catalog`'s version.
  static func refreshCatalog(_ db: Database, catalog: MetricCatalog) throws {
    let current = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'catalog_version'")
    guard current != catalog.version else { return }
    try db.execute(sql: "DELETE FROM catalog_measures")
    for measure in catalog.measures {
      try db.execute(
        sql: "INSERT INTO catalog_measures (key, name_zh, name_en, aggregation, unit) VALUES (?, ?, ?, ?, ?)",
        arguments: [measure.key, measure.nameZh, measure.nameEn, measure.aggregation.rawValue, measure.unit.rawValue])
    }
    try db.execute(sql: "DROP VIEW IF EXISTS indicator_values")
    try db.execute(sql: "DROP VIEW IF EXISTS period_values")
    try db.execute(sql: CatalogViews.periodValues)
    try db.execute(sql: CatalogViews.indicatorValues(catalog))
    try RollUp.rebuildAll(db, catalog: catalog)
    try db.execute(
      sql:
        "INSERT INTO meta (key, value) VALUES ('catalog_version', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
      arguments: [catalog.version])
  }
}
