import CourtFedModel
import GRDB

/// A row of `courts`: a court that sent at least one bundle, as its latest bundle names it.
package struct CourtRecord: Codable, FetchableRecord, TableRecord, Sendable, Equatable {
  package static let databaseTableName = "courts"
  package static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

  package var id: String
  package var name: String
  package var shortName: String
  package var englishName: String?
  package var level: String
  package var parent: String?
  package var region: String?
  package var lastSequence: Int

  /// The court's level, when it is one CourtFed knows.
  package var courtLevel: CourtLevel? { CourtLevel(rawValue: level) }

  /// Read by column name, without the Codable decoder (which converts every column name
  /// from snake case for every row).
  package init(row: Row) throws {
    id = row["id"]
    name = row["name"]
    shortName = row["short_name"]
    englishName = row["english_name"]
    level = row["level"]
    parent = row["parent"]
    region = row["region"]
    lastSequence = row["last_sequence"]
  }
}

/// Who signed a merged bundle, and which of its court's bundles it is.
package struct BundleRecord: Codable, FetchableRecord, TableRecord, Sendable, Equatable {
  package static let databaseTableName = "bundles"
  package static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

  package var id: Int64
  package var court: String
  package var sequence: Int
  /// `SHA256:…`, the fingerprint of the key that signed it.
  package var signerFingerprint: String
  package var fileName: String
  package var mergedAt: String

  /// Read by position, without the Codable decoder: a nation-wide answer's provenance reads
  /// a bundle per court, and matching column names row after row was most of its time. Every
  /// statement that reads bundles selects `id, court, sequence, signer_fingerprint, file_name,
  /// merged_at` first, in this order (`StoreReader.bundleColumns(prefix:)`).
  package init(row: Row) throws {
    id = row[0]
    court = row[1]
    sequence = row[2]
    signerFingerprint = row[3]
    fileName = row[4]
    mergedAt = row[5]
  }
}

/// One court's value of one base measure for one period: as reported, or built at merge time
/// from the parts it reported (a year from its quarters).
package struct StoredFigure: Sendable, Equatable {
  package var court: String
  package var period: Period
  package var measure: String
  package var value: Double
  /// False when built from some of its parts only (a year from three quarters).
  package var isComplete: Bool
  /// For an incomplete figure, the parts that were not reported (`2021Q4`).
  package var missingParts: [Period]
  /// The ids of the bundles the value (or its parts) came from.
  package var bundles: BundleIDs
  /// The court's number in the read that returned it (from 0, in order of first appearance),
  /// or -1: lets a caller table a read's courts without hashing every row's name. A read
  /// gives each court one number; figures built by hand leave it -1 (tables of numbered
  /// figures trust one number per court and do not check names).
  package var courtNumber = -1
  /// The measure's place in the sorted list of the distinct measures read, or -1. Both
  /// numbers mean something within one read only: figures of two reads are never tabled
  /// together by them.
  package var measureNumber = -1

  package init(
    court: String, period: Period, measure: String, value: Double, isComplete: Bool = true,
    missingParts: [Period] = [], bundles: BundleIDs = BundleIDs(), courtNumber: Int = -1, measureNumber: Int = -1
  ) {
    self.court = court
    self.period = period
    self.measure = measure
    self.value = value
    self.isComplete = isComplete
    self.missingParts = missingParts
    self.bundles = bundles
    self.courtNumber = courtNumber
    self.measureNumber = measureNumber
  }

  /// The same figure, whichever read numbered it.
  package static func == (left: StoredFigure, right: StoredFigure) -> Bool {
    left.court == right.court && left.period == right.period && left.measure == right.measure
      && left.value == right.value && left.isComplete == right.isComplete && left.missingParts == right.missingParts
      && left.bundles == right.bundles
  }
}

/// A party group's score for one quarter (`StoreReader.groupNames` reads the names a table shows).
package struct GroupScoreRecord: Sendable, Equatable {
  package var court: String
  package var group: String
  package var basic: Double
  package var bonus: Double
  package var deduction: Double
  package var bundle: Int64
}

/// The names shown beside a party group's score: the group's and its branch's.
package struct GroupNamesRecord: Sendable, Equatable {
  package var groupName: String
  package var branchName: String
}

/// A party group of a court (for finding the groups without a score).
package struct GroupRecord: Sendable, Equatable {
  package var court: String
  package var id: String
  package var name: String
}

/// A branch's star rating for a year, with the branch's details.
package struct BranchRatingRecord: Sendable, Equatable {
  package var court: String
  package var branch: String
  package var name: String
  package var brand: String?
  package var secretary: String
  package var members: Int
  package var stars: Int
  package var bundle: Int64
}

/// One court's party organisation as its latest bundle gave it.
package struct PartyCountRecord: Sendable, Equatable {
  package var court: String
  package var branches: Int
  package var groups: Int
  package var members: Int
  /// The bundles the branch and group rows came from.
  package var bundles: [Int64]
}
