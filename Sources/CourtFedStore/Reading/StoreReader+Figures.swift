import CourtFedModel
import Foundation
import GRDB
import GRDBSQLite

extension StoreReader {
  /// The columns `BundleRecord(row:)` reads, in its order, each after `prefix` (a table's alias).
  static func bundleColumns(prefix: String = "") -> String {
    ["id", "court", "sequence", "signer_fingerprint", "file_name", "merged_at"].map { prefix + $0 }.joined(
      separator: ", ")
  }

  /// Every court that sent a bundle, by id.
  package func courts() throws(StoreError) -> [CourtRecord] {
    try read { db in try CourtRecord.order(Column("id")).fetchAll(db) }
  }

  /// The latest merge (`bundles.merged_at`, ISO 8601), or nil for an empty database.
  package func dataAsOf() throws(StoreError) -> String? {
    try read { db in try String.fetchOne(db.cachedStatement(sql: "SELECT MAX(merged_at) FROM bundles")) }
  }

  /// The bundles with these ids.
  package func bundles(ids: Set<Int64>) throws(StoreError) -> [Int64: BundleRecord] {
    guard !ids.isEmpty else { return [:] }
    let list = "[" + ids.sorted().map(String.init).joined(separator: ",") + "]"
    return try read { db in
      let records = try BundleRecord.fetchAll(
        db,
        sql: """
          SELECT \(Self.bundleColumns()) FROM bundles WHERE id IN (SELECT value FROM json_each(?))
          """, arguments: [list])
      return Dictionary(uniqueKeysWithValues: records.map { ($0.id, $0) })
    }
  }

  /// Each court's latest bundle and how many it sent, for a meeting pack's sources.
  package func latestBundles() throws(StoreError) -> [(bundle: BundleRecord, count: Int)] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT \(Self.bundleColumns(prefix: "b.")),
                 (SELECT COUNT(*) FROM bundles x WHERE x.court = c.id) AS count
          FROM courts c JOIN bundles b ON b.court = c.id AND b.sequence = c.last_sequence
          ORDER BY c.id
          """
      ).map { row in (try BundleRecord(row: row), row[6]) }
    }
  }

  /// The values of `measures` for `periods`, every court: as reported, or as rolled up at merge
  /// time (`rolled_values`); an incomplete roll-up names the parts it lacks.
  ///
  /// One statement, run once for each measure and period (`figuresStatement`): each run is an
  /// index lookup by (measure, period), so a question about one period reads that period's
  /// rows however long the history, and every row of a run shares the run's measure and
  /// period instead of carrying (and comparing) its own. Each figure carries its court's
  /// number in this read and its measure's place in `measures` sorted without repeats.
  package func figures(measures: [String], periods: [Period]) throws(StoreError) -> [StoredFigure] {
    guard !measures.isEmpty, !periods.isEmpty else { return [] }
    let measureKeys = Array(Set(measures)).sorted()
    let periodValues = Array(Set(periods)).sorted()
    return try read { db in
      var figures: [StoredFigure] = []
      var incomplete: [(index: Int, source: PeriodKind)] = []
      // Courts numbered in order of first appearance. Each run comes in court order, so after
      // the first the next row's court is mostly the one numbered next: a comparison instead
      // of a hash per row.
      var courtIDs: [String] = []
      var numberOf: [String: Int] = [:]
      let statement = try db.cachedStatement(sql: Self.figuresSQL)
      let runs = measureKeys.count * periodValues.count
      var reserved = false
      for (measureNumber, measure) in measureKeys.enumerated() {
        for period in periodValues {
          // After the first run with rows, room for as many in every run (a year to date: 30
          // runs of 3,500 rows, grown once instead of copied at every doubling).
          if !reserved && !figures.isEmpty {
            figures.reserveCapacity(figures.count * runs)
            reserved = true
          }
          var lastNumber = -1
          // Stepped through SQLite's C API (`eachRow`): a nation's trend is 52,500 rows, and a
          // Swift string for every row's court (to compare with the court numbered next) and
          // bundle list cost more than SQLite's own work. A court's name is made a string once
          // per read.
          try eachRow(of: statement, in: db, binding: [measure, period.description]) { handle in
            let court = columnText(handle, 0)
            let courtNumber: Int
            if lastNumber + 1 < courtIDs.count && spells(courtIDs[lastNumber + 1], court) {
              courtNumber = lastNumber + 1
            } else {
              let name = String(decoding: court, as: UTF8.self)
              if let known = numberOf[name] {
                courtNumber = known
              } else {
                courtNumber = courtIDs.count
                courtIDs.append(name)
                numberOf[name] = courtNumber
              }
            }
            lastNumber = courtNumber
            let complete = sqlite3_column_int64(handle, 2) == 1
            var bundles = BundleIDs()
            if sqlite3_column_type(handle, 4) != SQLITE_NULL {
              bundles = BundleIDs(sqlite3_column_int64(handle, 4))
            } else if sqlite3_column_type(handle, 5) != SQLITE_NULL {
              bundles = Self.bundleIDs(columnText(handle, 5))
            }
            if !complete, sqlite3_column_type(handle, 3) != SQLITE_NULL,
              let source = PeriodKind(rawValue: String(decoding: columnText(handle, 3), as: UTF8.self))
            {
              incomplete.append((figures.count, source))
            }
            figures.append(
              StoredFigure(
                court: courtIDs[courtNumber], period: period, measure: measure,
                value: sqlite3_column_double(handle, 1), isComplete: complete, bundles: bundles,
                courtNumber: courtNumber, measureNumber: measureNumber))
          }
        }
      }
      // Incomplete roll-ups are rare: for each, the parts of its kind the court did report.
      for (index, source) in incomplete {
        let figure = figures[index]
        let reported = try Int.fetchAll(
          db,
          sql: """
            SELECT first_month FROM measure_values
            WHERE court = ? AND period >= ? AND period < ? AND measure = ? AND kind = ?
            """,
          arguments: [
            figure.court, String(figure.period.year), String(figure.period.year + 1), figure.measure, source.rawValue,
          ])
        let present = Set(reported)
        figures[index].missingParts = figure.period.subperiods(of: source).filter { !present.contains($0.firstMonth) }
      }
      return figures
    }
  }

  /// The ids in a roll-up's `bundles` text (space-separated decimal numbers).
  static func bundleIDs(_ text: UnsafeBufferPointer<UInt8>) -> BundleIDs {
    var ids = BundleIDs()
    var current: Int64 = 0
    var inNumber = false
    for byte in text {
      if byte >= 0x30 && byte <= 0x39 {
        let (times, overflowTimes) = current.multipliedReportingOverflow(by: 10)
        let (sum, overflowSum) = times.addingReportingOverflow(Int64(byte - 0x30))
        guard !overflowTimes && !overflowSum else {
          return BundleIDs(String(decoding: text, as: UTF8.self).split(separator: " ").compactMap { Int64($0) })
        }
        current = sum
        inNumber = true
      } else {
        if inNumber { ids.insert(current) }
        current = 0
        inNumber = false
      }
    }
    if inNumber { ids.insert(current) }
    return ids
  }

  /// The statement `figures` runs for one measure (`?1`) and one period (`?2`, its canonical
  /// text). Each row gives the court, the value, whether it is complete, the kind of its parts,
  /// and its bundle (a reported value) or bundles (a roll-up, space-separated ids).
  static let figuresSQL = """
    SELECT court, value, 1, NULL, bundle, NULL FROM measure_values WHERE measure = ?1 AND period = ?2
    UNION ALL
    SELECT court, value, complete, source, NULL, bundles FROM rolled_values WHERE measure = ?1 AND period = ?2
    """

  /// The statement `figures` runs and the bindings of each run, in order (for `--explain`):
  /// the measures sorted without repeats, each with every period asked, oldest first.
  package func figuresStatement(measures: [String], periods: [Period]) -> (sql: String, runs: [[String]]) {
    let periods = Array(Set(periods)).sorted()
    return (
      Self.figuresSQL, Array(Set(measures)).sorted().flatMap { measure in periods.map { [measure, $0.description] } }
    )
  }

  /// The newest year before `year` holding a value of any of `measures`: one index seek per
  /// measure (canonical period texts start with their year, so every period of a year sorts
  /// before the next year's text).
  package func newestYear(of measures: [String], before year: Int) throws(StoreError) -> Int? {
    try read { db in
      var newest: Int?
      for measure in Set(measures) {
        guard
          let text = try String.fetchOne(
            db, sql: "SELECT MAX(period) FROM measure_values WHERE measure = ? AND period < ?",
            arguments: [measure, String(year)]),
          let found = Int(text.prefix(4))
        else { continue }
        newest = max(newest ?? found, found)
      }
      return newest
    }
  }

  /// Every period holding a value of any of `measures`, as reported or rolled up, oldest first:
  /// for saying which periods hold data when a question finds none.
  package func periodsWithData(of measures: [String]) throws(StoreError) -> [Period] {
    let list = "[" + Set(measures).sorted().map { "\"\($0)\"" }.joined(separator: ",") + "]"
    return try read { db in
      try String.fetchAll(
        db,
        sql: """
          SELECT DISTINCT period FROM measure_values WHERE measure IN (SELECT value FROM json_each(?1))
          UNION SELECT DISTINCT period FROM rolled_values WHERE measure IN (SELECT value FROM json_each(?1))
          """, arguments: [list]
      ).compactMap { Period(canonical: $0) }.sorted()
    }
  }
}
