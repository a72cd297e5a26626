import CourtFedModel
import CourtFedStore
import Foundation
import GRDB

extension QueryEngine {
  /// Where a metric result's figures come from: the period, the metric, the courts asked
  /// about and those without a figure, and the bundles (with their signers) every figure
  /// was merged from, for `periods` (the first is the one shown; a change adds the earlier).
  func provenance(_ query: Query, metric: Metric, periods: [Period]) throws -> Provenance {
    var provenance = Provenance()
    let period = periods[0]
    provenance.period = period.description
    provenance.periodText = LocalizedText(en: period.description, zh: period.chineseDescription)
    provenance.metric = LocalizedText(en: metric.name(in: .en), zh: metric.name(in: .zh))
    provenance.unit = LocalizedText(en: unitText(metric, .en), zh: unitText(metric, .zh))
    provenance.direction = directionNote(metric)
    let (sql, arguments) = source(metric, query, parameter: period.description)
    let reporting = try store.read { db in
      try String.fetchAll(
        db, sql: "SELECT court FROM (\(sql)) WHERE value IS NOT NULL",
        arguments: StatementArguments(scope(metric, periods: [period]) + arguments))
    }
    // Every reported period a figure of these periods can be built from.
    let parts = periods.flatMap { period in
      [period] + [PeriodKind.quarter, .month, .half].filter { $0 < period.kind }.flatMap { period.subperiods(of: $0) }
    }
    let used = try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT v.court, b.sequence, b.signer_fingerprint FROM measure_values v JOIN bundles b ON b.id = v.bundle
          WHERE v.measure IN (SELECT value FROM json_each(?)) AND v.period IN (SELECT value FROM json_each(?))
          GROUP BY v.court, b.sequence ORDER BY v.court, b.sequence
          """,
        arguments: [jsonArray(inputs(metric)), jsonArray(parts.map(\.description))])
    }
    try complete(&provenance, query: query, reporting: Set(reporting), used: used)
    return provenance
  }

  /// The provenance of a party result for `period`: courts with scores (or ratings) in
  /// `table` for it, and the bundles those rows came from.
  func partyProvenance(_ query: Query, table: String, period: String, periodColumn: String) throws -> Provenance {
    var provenance = Provenance()
    provenance.period = period
    let parsed = try? Period(parsing: period)
    provenance.periodText = LocalizedText(en: period, zh: parsed?.chineseDescription ?? period)
    let used = try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT t.court, b.sequence, b.signer_fingerprint FROM \(table) t JOIN bundles b ON b.id = t.bundle
          WHERE t.\(periodColumn) = ? GROUP BY t.court, b.sequence ORDER BY t.court, b.sequence
          """,
        arguments: [period])
    }
    try complete(&provenance, query: query, reporting: Set(used.map { $0[0] as String }), used: used)
    return provenance
  }

  /// Fills in the courts (asked about, reporting, missing), the bundles and the data's date.
  private func complete(_ provenance: inout Provenance, query: Query, reporting: Set<String>, used: [Row]) throws {
    var expected = try store.read { db in
      try Row.fetchAll(db, sql: "SELECT id, level FROM courts ORDER BY id").filter { row in
        query.level.map { (row["level"] as String) == $0.rawValue } ?? true
      }.map { $0["id"] as String }
    }
    if !query.courts.isEmpty { expected = expected.filter(query.courts.contains) }
    let asked = Set(expected)
    provenance.courtsExpected = expected.count
    provenance.courtsReporting = expected.filter(reporting.contains).count
    provenance.missingCourts = expected.filter { !reporting.contains($0) }.map { courtNames[$0] ?? $0 }
    var uses: [String: Provenance.BundleUse] = [:]
    for row in used {
      let court: String = row[0]
      guard asked.contains(court), reporting.contains(court) else { continue }
      uses[court, default: .init(court: court, courtName: courtNames[court] ?? court, sequences: [], signer: row[2])]
        .sequences.append(row[1])
    }
    provenance.bundles = expected.compactMap { uses[$0] }
    provenance.dataAsOf = try store.read { db in try String.fetchOne(db, sql: "SELECT MAX(merged_at) FROM bundles") }
  }

  private func jsonArray(_ texts: [String]) -> String {
    "[" + texts.map { "\"\($0)\"" }.joined(separator: ",") + "]"
  }
}
