import CourtFedModel
import Foundation
import GRDB

extension StoreReader {
  /// Every court that sent a bundle, by id.
  package func courts() throws(StoreError) -> [CourtRecord] {
    try read { db in try CourtRecord.order(Column("id")).fetchAll(db) }
  }

  /// The latest merge (`bundles.merged_at`, ISO 8601), or nil for an empty database.
  package func dataAsOf() throws(StoreError) -> String? {
    try read { db in try String.fetchOne(db, sql: "SELECT MAX(merged_at) FROM bundles") }
  }

  /// The bundles with these ids.
  package func bundles(ids: Set<Int64>) throws(StoreError) -> [Int64: BundleRecord] {
    guard !ids.isEmpty else { return [:] }
    let list = "[" + ids.sorted().map(String.init).joined(separator: ",") + "]"
    return try read { db in
      let records = try BundleRecord.fetchAll(
        db,
        sql: """
          SELECT id, court, sequence, signer_fingerprint, file_name, merged_at FROM bundles
          WHERE id IN (SELECT value FROM json_each(?))
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
          SELECT b.id, b.court, b.sequence, b.signer_fingerprint, b.file_name, b.merged_at,
                 (SELECT COUNT(*) FROM bundles x WHERE x.court = c.id) AS count
          FROM courts c JOIN bundles b ON b.court = c.id AND b.sequence = c.last_sequence
          ORDER BY c.id
          """
      ).map { row in (try BundleRecord(row: row), row["count"]) }
    }
  }

  /// The values of `measures` for `periods`, every court: as reported, or as rolled up at merge
  /// time (`rolled_values`); an incomplete roll-up names the parts it lacks.
  ///
  /// Both halves are index lookups by (measure, period), so a question about one period reads
  /// that period's rows however long the history.
  package func figures(measures: [String], periods: [Period]) throws(StoreError) -> [StoredFigure] {
    guard !measures.isEmpty, !periods.isEmpty else { return [] }
    let (sql, bindings) = figuresStatement(measures: measures, periods: periods)
    let arguments = StatementArguments(bindings)
    return try read { db in
      var figures: [StoredFigure] = []
      var incomplete: [(index: Int, source: PeriodKind)] = []
      let cursor = try Row.fetchCursor(db, sql: sql, arguments: arguments)
      while let row = try cursor.next() {
        let periodText: String = row[1]
        guard let period = Period(canonical: periodText) else { continue }
        let complete = (row[4] as Int) == 1
        var bundles: [Int64] = []
        if let bundle = row[6] as Int64? {
          bundles = [bundle]
        } else if let list = row[7] as String? {
          bundles = list.split(separator: " ").compactMap { Int64($0) }
        }
        if !complete, let source = (row[5] as String?).flatMap(PeriodKind.init(rawValue:)) {
          incomplete.append((figures.count, source))
        }
        figures.append(
          StoredFigure(
            court: row[0], period: period, measure: row[2], value: row[3], isComplete: complete, bundles: bundles))
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

  /// The statement `figures` runs, and its bindings (for `--explain`): the measures as
  /// numbered parameters, then the periods.
  package func figuresStatement(measures: [String], periods: [Period]) -> (sql: String, bindings: [String]) {
    let measures = Array(Set(measures)).sorted()
    let periods = Array(Set(periods)).sorted().map(\.description)
    let measureList = (1...max(1, measures.count)).map { "?\($0)" }.joined(separator: ", ")
    let periodList = (measures.count + 1...measures.count + max(1, periods.count)).map { "?\($0)" }.joined(
      separator: ", ")
    let sql = """
      SELECT court, period, measure, value, 1, NULL, bundle, NULL FROM measure_values
      WHERE measure IN (\(measureList)) AND period IN (\(periodList))
      UNION ALL
      SELECT court, period, measure, value, complete, source, NULL, bundles FROM rolled_values
      WHERE measure IN (\(measureList)) AND period IN (\(periodList))
      """
    return (sql, measures + periods)
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
