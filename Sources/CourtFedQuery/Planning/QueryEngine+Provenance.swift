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
    // One read of the rows behind the figures: reported values carry their bundle, roll-ups
    // the bundles of their parts.
    let measures = inputs(metric)
    let rows = try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          WITH parts AS (
            SELECT court, period, measure, CAST(bundle AS TEXT) AS bundles FROM measure_values
            WHERE measure IN (SELECT value FROM json_each(?1)) AND period IN (SELECT value FROM json_each(?2))
            UNION ALL
            SELECT court, period, measure, bundles FROM rolled_values
            WHERE measure IN (SELECT value FROM json_each(?1)) AND period IN (SELECT value FROM json_each(?2))
          )
          SELECT court, COUNT(DISTINCT CASE WHEN period = ?3 THEN measure END), GROUP_CONCAT(DISTINCT bundles)
          FROM parts GROUP BY court
          """,
        arguments: [jsonArray(measures), jsonArray(periods.map(\.description)), period.description])
    }
    let needed = Set(measures).count
    var reporting: Set<String> = []
    var ids: [String: Set<Int64>] = [:]
    for row in rows {
      let court: String = row[0]
      if (row[1] as Int) == needed { reporting.insert(court) }
      // Distinct lists of ids, each space-separated, joined by commas.
      ids[court] = Set((row[2] as String).split { $0 == " " || $0 == "," }.compactMap { Int64($0) })
    }
    let allIDs = ids.values.flatMap { $0 }.map(String.init)
    let used = try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT court, sequence, signer_fingerprint FROM bundles WHERE id IN (SELECT value FROM json_each(?))
          ORDER BY court, sequence
          """,
        arguments: ["[" + allIDs.joined(separator: ",") + "]"])
    }
    try complete(&provenance, query: query, reporting: reporting, used: used)
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
          SELECT t.court, b.sequence, b.signer_fingerprint
          FROM (SELECT DISTINCT court, bundle FROM \(table) WHERE \(periodColumn) = ?) t JOIN bundles b ON b.id = t.bundle
          ORDER BY t.court, b.sequence
          """,
        arguments: [period])
    }
    try complete(&provenance, query: query, reporting: Set(used.map { $0[0] as String }), used: used)
    return provenance
  }

  /// Fills in the courts (asked about, reporting, missing), the bundles and the data's date.
  private func complete(_ provenance: inout Provenance, query: Query, reporting: Set<String>, used: [Row]) throws {
    // The courts asked about: the same filter the answer used.
    let filter = courtFilter(query, column: "id")
    let expected = try store.read { db in
      try String.fetchAll(
        db, sql: "SELECT id FROM courts WHERE 1\(filter.sql) ORDER BY id",
        arguments: StatementArguments(filter.arguments))
    }
    let asked = Set(expected)
    provenance.courtsExpected = expected.count
    provenance.courtsReporting = expected.filter(reporting.contains).count
    // A local copy: closures over `self` would copy the whole engine for every court.
    let names = courtNames
    provenance.missingCourts = expected.filter { !reporting.contains($0) }.map { names[$0] ?? $0 }
    var uses: [String: Provenance.BundleUse] = [:]
    for row in used {
      let court: String = row[0]  // columns: court, sequence, signer
      guard asked.contains(court), reporting.contains(court) else { continue }
      if uses[court] == nil {
        uses[court] = Provenance.BundleUse(
          court: court, courtName: names[court] ?? court, sequences: [], signer: row[2])
      }
      uses[court]!.sequences.append(row[1])
    }
    provenance.bundles = expected.compactMap { uses[$0] }
    provenance.dataAsOf = try store.read { db in try String.fetchOne(db, sql: "SELECT MAX(merged_at) FROM bundles") }
  }

  private func jsonArray(_ texts: [String]) -> String {
    "[" + texts.map { "\"\($0)\"" }.joined(separator: ",") + "]"
  }
}
