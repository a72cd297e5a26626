import CourtFedModel
import Foundation

/// A court's workspace as read from its folder: the profile and the rows of every table, each
/// row with where it came from.
public struct Workspace: Sendable {
  /// The folder.
  public var directory: URL
  public var court: Court
  /// The language of templates and messages, from court.toml (`[workspace] language`).
  public var language: Language
  public var measures: [Located<MeasureValue>] = []
  public var branches: [Located<PartyBranch>] = []
  public var groups: [Located<PartyGroup>] = []
  public var groupScores: [Located<GroupScore>] = []
  public var branchRatings: [Located<BranchRating>] = []
  /// The encoding detected for each file read, by file name.
  public var encodings: [String: TextEncoding] = [:]

  public init(directory: URL, court: Court, language: Language) {
    self.directory = directory
    self.court = court
    self.language = language
  }

  /// The name of the profile file.
  public static let profileFileName = "court.toml"

  /// The periods with at least one measure value, in order.
  public var periods: [Period] {
    Set(measures.map(\.value.period)).sorted()
  }
}

/// What reading and checking a workspace found.
public struct WorkspaceReport: Sendable {
  /// The workspace, when its profile could be read; rows with errors are left out of it.
  public var workspace: Workspace?
  /// Every finding, in file and line order.
  public var diagnostics: [Diagnostic]

  /// Whether the workspace can be exported: it was read and nothing is an error.
  public var isValid: Bool { workspace != nil && !diagnostics.hasErrors }
}
