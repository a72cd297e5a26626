import CourtFedModel
import Foundation
import GRDB

/// Whether one court reported one period, and from which bundle.
package enum Reporting: Sendable, Equatable {
  /// Values for the period itself came in bundle `sequence`.
  case reported(sequence: Int)
  /// Not reported itself, but built from sub-periods; `complete` is false when some are
  /// missing (a year from three quarters), and such a figure is flagged wherever shown.
  case derived(parts: [Period], complete: Bool)
  case missing
}

/// Reporting completeness, as DHIS2 shows reporting rates: each member court against each
/// period.
package struct Completeness: Sendable {
  package var courts: [String]
  package var periods: [Period]
  /// court → period → reporting.
  package var cells: [String: [Period: Reporting]]
  /// The courts' short names, for those that ever sent a bundle.
  package var names: [String: String]

  /// The courts that reported `period` (or whose figure for it is complete).
  package func reported(_ period: Period) -> [String] {
    courts.filter {
      switch cells[$0]?[period] {
      case .reported, .derived(_, true): true
      default: false
      }
    }
  }
}

extension StoreReader {
  /// Completeness of `members` (the courts in the trust store) for every period any court
  /// reported, plus the years and quarters those periods make up.
  package func completeness(members: [String]) throws(StoreError) -> Completeness {
    try read { db in
      var reported: [String: [Period: Int]] = [:]
      let rows = try Row.fetchCursor(
        db,
        sql: """
          SELECT v.court, v.period, MAX(b.sequence) AS sequence
          FROM (SELECT DISTINCT court, period, bundle FROM measure_values) v JOIN bundles b ON b.id = v.bundle
          GROUP BY v.court, v.period
          """)
      while let row = try rows.next() {
        guard let period = try? Period(parsing: row["period"]) else { continue }
        reported[row["court"], default: [:]][period] = row["sequence"]
      }
      var names: [String: String] = [:]
      for row in try Row.fetchAll(db, sql: "SELECT id, short_name FROM courts") { names[row["id"]] = row["short_name"] }
      let courts = Array(Set(members).union(reported.keys)).sorted()
      var periods = Set(reported.values.flatMap(\.keys))
      for period in periods where period.kind < .year {
        periods.insert(.year(period.year))
        if period.kind < .quarter, let quarter = period.enclosing(.quarter) { periods.insert(quarter) }
      }
      var cells: [String: [Period: Reporting]] = [:]
      for court in courts {
        let own = reported[court] ?? [:]
        for period in periods {
          if let sequence = own[period] {
            cells[court, default: [:]][period] = .reported(sequence: sequence)
            continue
          }
          // Built from parts by the one roll-up rule.
          var result = Reporting.missing
          if let choice = PartChoice.choose(for: period.kind, isReported: { own[period.part($0, at: $1)] != nil }) {
            result = .derived(
              parts: choice.present.map { period.part(choice.kind, at: $0) }, complete: choice.isComplete)
          }
          cells[court, default: [:]][period] = result
        }
      }
      return Completeness(courts: courts, periods: periods.sorted(), cells: cells, names: names)
    }
  }
}
