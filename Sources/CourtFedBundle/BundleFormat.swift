import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace

/// The constants of the bundle format (Specs/bundle-format.md).
package enum BundleFormat {
  /// Version 1: every bundle but those that list their quarters of group scores.
  package static let version = 1
  /// Version 2: version 1 with `courtfed.score_quarters`, written exactly when it is there, so
  /// that a coordinator too old to know the field says to upgrade rather than refusing a field.
  package static let scoreQuartersVersion = 2
  /// The SSHSIG namespace every bundle signature is made in.
  package static let namespace = "courtfed-bundle-v1"
  package static let manifestName = "datapackage.json"
  package static let signatureName = "datapackage.json.sig"
  /// The file name extension of a bundle.
  package static let fileExtension = "courtfed"
  /// The largest sequence number a bundle may carry: a court exporting every day for a
  /// thousand years stays far below it, and no count the coordinator keeps can grow with it.
  package static let largestSequence = 1_000_000

  /// A column of a data member and its Frictionless Table Schema type.
  package struct Field: Sendable, Equatable {
    package let name: String
    /// `string`, `integer` or `number`.
    package let type: String
  }

  /// The data tables of a bundle, always all five, in this order.
  package enum Table: String, Sendable, CaseIterable {
    case measures
    case branches
    case groups
    case groupScores = "group_scores"
    case branchRatings = "branch_ratings"

    /// The member's path inside the archive.
    package var path: String { "data/\(rawValue).csv.gz" }

    package var fields: [Field] {
      func field(_ name: String, _ type: String = "string") -> Field { Field(name: name, type: type) }
      switch self {
      case .measures:
        return [field("court"), field("period"), field("measure"), field("value", "number")]
      case .branches:
        return [
          field("court"), field("id"), field("name"), field("division"), field("secretary"),
          field("members", "integer"), field("brand"),
        ]
      case .groups:
        return [
          field("court"), field("id"), field("branch"), field("name"), field("team"), field("kind"), field("leader"),
          field("leader_age", "integer"), field("leader_party_years", "integer"),
          field("leader_court_years", "integer"), field("members", "integer"),
        ]
      case .groupScores:
        return [
          field("court"), field("group"), field("period"), field("basic", "number"), field("bonus", "number"),
          field("deduction", "number"),
        ]
      case .branchRatings:
        return [field("court"), field("branch"), field("year", "integer"), field("stars", "integer")]
      }
    }

    package var primaryKey: [String] {
      switch self {
      case .measures: ["court", "period", "measure"]
      case .branches, .groups: ["court", "id"]
      case .groupScores: ["court", "group", "period"]
      case .branchRatings: ["court", "branch", "year"]
      }
    }

    /// The Frictionless Table Schema, exactly as every manifest must carry it (built once:
    /// every manifest written or read compares against it).
    var schema: JSONValue { Self.schemas[self]! }

    private static let schemas = Dictionary(
      uniqueKeysWithValues: allCases.map { table in
        (
          table,
          JSONValue.object([
            "fields": .array(table.fields.map { .object(["name": .string($0.name), "type": .string($0.type)]) }),
            "primaryKey": .array(table.primaryKey.map { .string($0) }),
          ])
        )
      })
  }
}

/// Limits a verifier enforces before and while reading a bundle. Defaults in
/// Specs/bundle-format.md; each has a flag on `verify` and `merge`.
public struct BundleLimits: Sendable, Equatable {
  /// The whole bundle file.
  package var bundleBytes = 256 << 20
  /// Members in the archive (2 + the 5 tables; a little room is not needed).
  package var members = 7
  /// The manifest.
  package var manifestBytes = 1 << 20
  /// One data member, decompressed.
  package var uncompressedBytes = 1 << 30
  /// Rows in one table.
  package var rows = 20_000_000
  /// Characters in one field.
  package var fieldLength = 1_000

  /// The limits of Specs/bundle-format.md.
  public init() {}
}
