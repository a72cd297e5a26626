/// A party branch (党支部), usually set up on one division of the court ("支部建在庭上").
public struct PartyBranch: Hashable, Sendable, Codable {
  /// The id, unique within the court: `b01`.
  package var id: String
  /// The name: 审管办(研究室)党支部.
  package var name: String
  /// The division it sits on: 审判管理办公室.
  package var division: String
  /// The branch secretary (支部书记).
  package var secretary: String
  /// Party members in the branch.
  public var memberCount: Int
  /// The branch's brand (党建品牌), if it has one: 审思研微.
  package var brand: String?

  /// The party members a branch may have.
  package static let memberRange = 0...100_000

  /// A branch as a workspace row gives it; nothing is checked here (the workspace loader checks
  /// the id and `memberRange`).
  public init(
    id: String, name: String, division: String, secretary: String, memberCount: Int,
    brand: String? = nil
  ) {
    self.id = id
    self.name = name
    self.division = division
    self.secretary = secretary
    self.memberCount = memberCount
    self.brand = brand
  }
}

/// A branch's star rating for one year (五星级标准化党支部 is five).
public struct BranchRating: Hashable, Sendable, Codable {
  package var branchID: String
  package var year: Int
  /// Stars, 1 to 5.
  package var stars: Int

  package static let starRange = 1...5

  /// The rating of branch `branchID` for `year`, with `stars` from 1 to 5; nothing is checked
  /// here (the workspace loader checks `starRange`).
  public init(branchID: String, year: Int, stars: Int) {
    self.branchID = branchID
    self.year = year
    self.stars = stars
  }
}
