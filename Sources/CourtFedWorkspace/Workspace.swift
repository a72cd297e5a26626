import CourtFedFormats
import CourtFedModel
import Foundation

/// A court's workspace as read from its folder: the profile and the rows of every table, each
/// row with where it came from.
public struct Workspace: Sendable {
  /// The folder.
  package var directory: URL
  /// The court's profile, from `court.toml`.
  public var court: Court
  /// The language of templates and messages, from court.toml (`[workspace] language`).
  package var language: Language
  /// The reported figures (`measures.csv`, or the workbook's measures sheet), one per row.
  public var measures: [Located<MeasureValue>] = []
  /// The party branches, one per row.
  public var branches: [Located<PartyBranch>] = []
  /// The party groups, one per row.
  public var groups: [Located<PartyGroup>] = []
  /// The party groups' quarterly scores, one per row.
  public var groupScores: [Located<GroupScore>] = []
  /// The party branches' yearly star ratings, one per row.
  public var branchRatings: [Located<BranchRating>] = []
  /// The encoding detected for each file read, by file name.
  package var encodings: [String: TextEncoding] = [:]

  /// A workspace in `directory` for `court` with every table empty; `WorkspaceLoader` fills
  /// one from the files, a generator appends rows itself.
  public init(directory: URL, court: Court, language: Language) {
    self.directory = directory
    self.court = court
    self.language = language
  }

  /// The name of the profile file.
  package static let profileFileName = "court.toml"
  /// The name of the workbook, when the workspace keeps its tables in one (instead of CSV files).
  package static let workbookFileName = "figures.xlsx"
  /// The longest court name (name, short name, English name, region) a coordinator accepts;
  /// the longest real one is about 25 characters.
  package static let nameLimit = 100
  /// The longest text in a party table, the bundle verifier's field limit
  /// (`BundleLimits.fieldLength`).
  package static let fieldLimit = 1_000

  /// The periods with at least one measure value, in order.
  package var periods: [Period] {
    Set(measures.map(\.value.period)).sorted()
  }
}

/// What reading and checking a workspace found.
public struct WorkspaceReport: Sendable {
  /// The workspace, when its profile could be read; rows with errors are left out of it.
  public var workspace: Workspace?
  /// The findings, in file and line order: the first `DiagnosticList.keptPerFile` of each
  /// file, then one per file counting the rest.
  public var diagnostics: [Diagnostic]
  /// Every error found, shown or counted.
  package var errorCount: Int
  /// Every warning found, shown or counted.
  package var warningCount: Int

  package init(workspace: Workspace?, diagnostics: [Diagnostic]) {
    self.workspace = workspace
    self.diagnostics = diagnostics
    errorCount = diagnostics.filter { $0.severity == .error }.count
    warningCount = diagnostics.count - errorCount
  }

  init(workspace: Workspace?, list: DiagnosticList) {
    self.workspace = workspace
    diagnostics = list.sorted
    errorCount = list.errorCount
    warningCount = list.warningCount
  }

  /// Whether the workspace can be exported: it was read and nothing is an error.
  public var isValid: Bool { workspace != nil && errorCount == 0 }
}
