import Foundation
import GRDB

/// A change of a court's name accepted with `merge --accept-rename`, as `court_renames` keeps it.
package struct CourtRename: Sendable, Equatable {
  package var court: String
  /// The sequence number of the bundle that made the change.
  package var sequence: Int
  package var change: NameChange
  /// When it was merged, `2026-12-01T02:00:00Z`.
  package var time: String
}

extension CourtStore {
  /// Every accepted change of a court's names, oldest first.
  package func renames() throws -> [CourtRename] {
    try read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT r.court, b.sequence, r.field, r.old_value, r.new_value, r.renamed_at
          FROM court_renames r JOIN bundles b ON b.id = r.bundle ORDER BY r.id
          """
      ).map { row in
        CourtRename(
          court: row["court"], sequence: row["sequence"],
          change: NameChange(field: row["field"], old: row["old_value"], new: row["new_value"]), time: row["renamed_at"]
        )
      }
    }
  }
}
