import CourtFedModel
import GRDB

/// A row of `courts`: a court that sent at least one bundle, as its latest bundle names it.
public struct CourtRecord: Codable, FetchableRecord, TableRecord, Sendable, Equatable {
  public static let databaseTableName = "courts"
  public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

  public var id: String
  public var name: String
  public var shortName: String
  public var englishName: String?
  public var level: String
  public var parent: String?
  public var region: String?
  public var lastSequence: Int

  /// The court's level, when it is one CourtFed knows.
  public var courtLevel: CourtLevel? { CourtLevel(rawValue: level) }

  /// Read by column name, without the Codable decoder (which converts every column name
  /// from snake case for every row).
  public init(row: Row) throws {
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
public struct BundleRecord: Codable, FetchableRecord, TableRecord, Sendable, Equatable {
  public static let databaseTableName = "bundles"
  public static let databaseColumnDecodingStrategy = DatabaseColumnDecodingStrategy.convertFromSnakeCase

  public var id: Int64
  public var court: String
  public var sequence: Int
  /// `SHA256:…`, the fingerprint of the key that signed it.
  public var signerFingerprint: String
  public var fileName: String
  public var mergedAt: String

  /// Read by position, without the Codable decoder: a nation-wide answer's provenance reads
  /// a bundle per court, and matching column names row after row was most of its time. Every
  /// statement that reads bundles selects `id, court, sequence, signer_fingerprint, file_name,
  /// merged_at` first, in this order (`StoreReader.bundleColumns(prefix:)`).
  public init(row: Row) throws {
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
public struct StoredFigure: Sendable, Equatable {
  public var court: String
  public var period: Period
  public var measure: String
  public var value: Double
  /// False when built from some of its parts only (a year from three quarters).
  public var isComplete: Bool
  /// For an incomplete figure, the parts that were not reported (`2021Q4`).
  public var missingParts: [Period]
  /// The ids of the bundles the value (or its parts) came from.
  public var bundles: [Int64]

  public init(
    court: String, period: Period, measure: String, value: Double, isComplete: Bool = true,
    missingParts: [Period] = [], bundles: [Int64] = []
  ) {
    self.court = court
    self.period = period
    self.measure = measure
    self.value = value
    self.isComplete = isComplete
    self.missingParts = missingParts
    self.bundles = bundles
  }
}

/// A party group's score for one quarter (`StoreReader.groupNames` reads the names a table shows).
public struct GroupScoreRecord: Sendable, Equatable {
  public var court: String
  public var group: String
  public var basic: Double
  public var bonus: Double
  public var deduction: Double
  public var bundle: Int64
}

/// The names shown beside a party group's score: the group's and its branch's.
public struct GroupNamesRecord: Sendable, Equatable {
  public var groupName: String
  public var branchName: String
}

/// A party group of a court (for finding the groups without a score).
public struct GroupRecord: Sendable, Equatable {
  public var court: String
  public var id: String
  public var name: String
}

/// A branch's star rating for a year, with the branch's details.
public struct BranchRatingRecord: Sendable, Equatable {
  public var court: String
  public var branch: String
  public var name: String
  public var brand: String?
  public var secretary: String
  public var members: Int
  public var stars: Int
  public var bundle: Int64
}

/// One court's party organisation as its latest bundle gave it.
public struct PartyCountRecord: Sendable, Equatable {
  public var court: String
  public var branches: Int
  public var groups: Int
  public var members: Int
  /// The bundles the branch and group rows came from.
  public var bundles: [Int64]
}
