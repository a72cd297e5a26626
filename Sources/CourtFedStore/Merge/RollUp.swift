import CourtFedModel
import Foundation
import GRDB
import GRDBSQLite

/// The stored roll-ups: every quarter, half and year a court did not report itself, built from
/// the sub-periods it did report by `Measure.aggregate` (flows sum, opening stocks take the
/// first part, closing stocks the last, means average), kept in `rolled_values`.
///
/// They are rebuilt inside the merge transaction for each year a bundle touches, so they never
/// disagree with `measure_values`; queries then read a handful of rows per court instead of
/// rolling up months each time, and stay as fast as history grows. Like DHIS2's analytics
/// tables, but transactional.
enum RollUp {
  /// The periods a year's roll-ups cover: the year, its halves, its quarters.
  static func targets(_ year: Int) -> [Period] {
    let whole = Period.year(year)
    return [whole] + whole.subperiods(of: .half) + whole.subperiods(of: .quarter)
  }

  /// Rebuilds `court`'s roll-ups for `years` from its stored values; `replacing` false when
  /// the court has none yet (its first bundle), which skips looking for old ones.
  static func rebuild(
    _ db: Database, court: String, years: Set<Int>, catalog: MetricCatalog, replacing: Bool = true
  ) throws {
    guard !years.isEmpty else { return }
    let insert = try db.cachedStatement(
      sql: """
        INSERT INTO rolled_values (measure, period, court, value, parts, complete, source, year, bundles)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
        """)
    let measureKeys = "[" + catalog.measures.map { "\"\($0.key)\"" }.joined(separator: ",") + "]"
    for year in years.sorted() {
      let targets = targets(year)
      // By primary key: a court's year is 31 measures × 7 periods at most.
      if replacing {
        try db.execute(
          sql: """
            DELETE FROM rolled_values WHERE measure IN (SELECT value FROM json_each(?))
              AND period IN (SELECT value FROM json_each(?)) AND court = ?
            """,
          arguments: [measureKeys, "[" + targets.map { "\"\($0)\"" }.joined(separator: ",") + "]", court])
      }
      var reported: [String: YearSlots] = [:]
      let rows = try Row.fetchCursor(
        db,
        sql:
          "SELECT measure, kind, first_month, value, bundle FROM measure_values WHERE court = ? AND period >= ? AND period < ?",
        arguments: [court, String(year), String(year + 1)])
      while let row = try rows.next() {
        guard let kind = PeriodKind(rawValue: row[1]) else { continue }
        reported[row[0], default: YearSlots()].set(kind, firstMonth: row[2], value: row[3], bundle: row[4])
      }
      for (key, slots) in reported.sorted(by: { $0.key < $1.key }) {
        guard let measure = catalog.measure(key: key) else { continue }
        for target in targets {
          guard let rolled = slots.rolled(target.kind, firstMonth: target.firstMonth, measure.aggregation) else {
            continue
          }
          try store(
            insert, key, target.description, court, rolled.value, rolled.parts, rolled.complete,
            rolled.source.rawValue, year, rolled.bundles.map(String.init).joined(separator: " "))
        }
      }
    }
  }

  /// Inserts one row, bound straight through SQLite's C API (see `Merge.insertValue`).
  private static func store(
    _ statement: Statement, _ measure: String, _ period: String, _ court: String, _ value: Double, _ parts: Int,
    _ complete: Bool, _ source: String, _ year: Int, _ bundles: String
  ) throws {
    let handle = statement.sqliteStatement
    let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
    sqlite3_reset(handle)
    sqlite3_bind_text(handle, 1, measure, -1, transient)
    sqlite3_bind_text(handle, 2, period, -1, transient)
    sqlite3_bind_text(handle, 3, court, -1, transient)
    sqlite3_bind_double(handle, 4, value)
    sqlite3_bind_int64(handle, 5, Int64(parts))
    sqlite3_bind_int64(handle, 6, complete ? 1 : 0)
    sqlite3_bind_text(handle, 7, source, -1, transient)
    sqlite3_bind_int64(handle, 8, Int64(year))
    sqlite3_bind_text(handle, 9, bundles, -1, transient)
    let status = sqlite3_step(handle)
    guard status == SQLITE_DONE else {
      throw DatabaseError(
        resultCode: ResultCode(rawValue: status), message: "cannot store a roll-up", sql: statement.sql)
    }
  }

  /// Rebuilds every roll-up, for a new catalog (its aggregations may differ).
  static func rebuildAll(_ db: Database, catalog: MetricCatalog) throws {
    try db.execute(sql: "DELETE FROM rolled_values")
    let courtYears = try Row.fetchAll(db, sql: "SELECT DISTINCT court, year FROM measure_values ORDER BY court, year")
    var years: [String: Set<Int>] = [:]
    for row in courtYears { years[row[0], default: []].insert(row[1]) }
    for (court, set) in years.sorted(by: { $0.key < $1.key }) {
      try rebuild(db, court: court, years: set, catalog: catalog)
    }
  }
}

/// One court's reported values of one measure in one year, by kind and position: a merge
/// rolls up thousands of these, so they are arrays rather than dictionaries of periods.
/// `rolled` gives exactly what `Measure.aggregate` gives (a test compares them).
struct YearSlots {
  private var months = [Double?](repeating: nil, count: 12)
  private var quarters = [Double?](repeating: nil, count: 4)
  private var halves = [Double?](repeating: nil, count: 2)
  private var year: Double?
  /// The bundle each value came from, by kind and position.
  private var sources: [PeriodKind: [Int64]] = [
    .month: Array(repeating: 0, count: 12), .quarter: Array(repeating: 0, count: 4),
    .half: Array(repeating: 0, count: 2), .year: [0],
  ]

  mutating func set(_ kind: PeriodKind, firstMonth: Int, value: Double, bundle: Int64 = 0) {
    let index = (firstMonth - 1) / kind.monthCount
    switch kind {
    case .month: months[index] = value
    case .quarter: quarters[index] = value
    case .half: halves[index] = value
    case .year: year = value
    }
    sources[kind]![index] = bundle
  }

  private func values(_ kind: PeriodKind) -> [Double?] {
    switch kind {
    case .month: months
    case .quarter: quarters
    case .half: halves
    case .year: [year]
    }
  }

  /// The value for the period of `kind` starting at `firstMonth`, built from its parts, or
  /// nil when it was reported itself or cannot be built.
  func rolled(_ kind: PeriodKind, firstMonth: Int, _ aggregation: TemporalAggregation) -> (
    value: Double, parts: Int, complete: Bool, source: PeriodKind, bundles: [Int64]
  )? {
    guard values(kind)[(firstMonth - 1) / kind.monthCount] == nil else { return nil }
    var best: (kind: PeriodKind, parts: ArraySlice<Double?>, present: Int)?
    for part in [PeriodKind.quarter, .month, .half] where part < kind {
      let count = kind.monthCount / part.monthCount
      let start = (firstMonth - 1) / part.monthCount
      let parts = values(part)[start..<(start + count)]
      let present = parts.reduce(0) { $0 + ($1 == nil ? 0 : 1) }
      if present == count {
        best = (part, parts, present)
        break
      }
      if present > 0, present > (best?.present ?? 0) { best = (part, parts, present) }
    }
    guard let best else { return nil }
    let present = best.parts.compactMap { $0 }
    let value: Double
    switch aggregation {
    case .sum: value = present.reduce(0, +)
    case .mean: value = present.reduce(0, +) / Double(present.count)
    case .opening:
      guard let first = best.parts.first, let first else { return nil }
      value = first
    case .closing:
      guard let last = best.parts.last, let last else { return nil }
      value = last
    }
    // The slice keeps the full array's positions, which index the bundles too.
    let ids = sources[best.kind]!
    let bundles = Set(best.parts.indices.filter { best.parts[$0] != nil }.map { ids[$0] })
    return (value, best.present, best.present == best.parts.count, best.kind, bundles.sorted())
  }
}
