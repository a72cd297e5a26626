import CourtFedBundle
import CourtFedModel
import Foundation
import GRDB

/// A court's names as a bundle states them and as the store has them pinned.
struct CourtNames: Equatable {
  var name: String
  var shortName: String
  var englishName: String?
  var region: String?

  init(_ court: Court) {
    name = court.name
    shortName = court.shortName
    englishName = court.englishName
    region = court.region
  }

  init(name: String, shortName: String, englishName: String?, region: String?) {
    self.name = name
    self.shortName = shortName
    self.englishName = englishName
    self.region = region
  }

  /// What changes from `old` to these names, field by field.
  func changes(from old: CourtNames) -> [NameChange] {
    [
      ("name", old.name, name), ("short_name", old.shortName, shortName),
      ("english_name", old.englishName, englishName), ("region", old.region, region),
    ].compactMap { field, before, after in
      before == after ? nil : NameChange(field: field, old: before, new: after)
    }
  }
}

extension Merge {
  /// A court's names are pinned at its first merge: a bundle that changes them is refused
  /// unless `--accept-rename`, and then each change is returned to be recorded. Two courts
  /// never share a short name or a full name, whether a court is new or renamed.
  func checkIdentity() throws -> [NameChange] {
    let stated = CourtNames(manifest.court)
    var changes: [NameChange] = []
    if let row = try Row.fetchOne(
      db.cachedStatement(sql: "SELECT name, short_name, english_name, region FROM courts WHERE id = ?"),
      arguments: [court])
    {
      let pinned = CourtNames(
        name: row["name"], shortName: row["short_name"], englishName: row["english_name"], region: row["region"])
      changes = stated.changes(from: pinned)
      if changes.isEmpty { return [] }
      guard options.acceptRename else { throw StoreError.renamed(court: court, changes: changes) }
    }
    // By the indexes on courts' names; a name is compared as stated (names are NFC and
    // trimmed by verify, so equal-looking names are equal).
    for (field, value) in [("short_name", stated.shortName), ("name", stated.name)] {
      if let owner = try String.fetchOne(
        db.cachedStatement(
          sql: "SELECT id FROM courts WHERE id != ? AND (short_name = ? OR name = ?) ORDER BY id LIMIT 1"),
        arguments: [court, value, value])
      {
        throw StoreError.nameTaken(court: court, field: field, name: value, owner: owner)
      }
    }
    return changes
  }

  /// Records each accepted change of name, with the bundle that made it.
  func recordRenames(_ changes: [NameChange], bundleID: Int64) throws {
    for change in changes {
      try db.execute(
        sql: """
          INSERT INTO court_renames (court, bundle, field, old_value, new_value, renamed_at)
          VALUES (?, ?, ?, ?, ?, ?)
          """,
        arguments: [
          court, bundleID, change.field, change.old, change.new, BundleManifest.timestamp(options.now),
        ])
    }
  }
}
