import CourtFedModel

/// One value a merge adds, replaces or removes.
public struct ValueChange: Sendable, Equatable {
  public var period: Period
  public var measure: String
  /// Nil when the value is new.
  public var old: Double?
  /// Nil when the value is removed (the bundle covers the period but no longer has it).
  public var new: Double?
}

/// What merging one bundle did, or would do.
public struct MergeSummary: Sendable, Equatable {
  public var court: String
  public var sequence: Int
  public var added = 0
  public var replaced = 0
  public var removed = 0
  public var unchanged = 0
  /// Rows of the party tables now stored for the court.
  public var partyRows = 0
  /// Sequence numbers skipped with --accept-gap, as a range.
  public var gapAccepted: ClosedRange<Int>?
  /// The court's names changed with --accept-rename (recorded in `court_renames`).
  public var renamed: [NameChange] = []
  /// The values that changed or went away (old → new); new values are counted only.
  public var changes: [ValueChange] = []
}

/// The result of offering one bundle to the store.
public enum MergeOutcome: Sendable, Equatable {
  /// Merged in its own transaction.
  case merged(MergeSummary)
  /// The identical bundle was merged before: nothing to do.
  case alreadyMerged(court: String, sequence: Int)
  /// A dry run: what merging would do; nothing was written.
  case wouldMerge(MergeSummary)
}
