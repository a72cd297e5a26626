import CourtFedModel

/// One value a merge adds, replaces or removes.
package struct ValueChange: Sendable, Equatable {
  package var period: Period
  package var measure: String
  /// Nil when the value is new.
  package var old: Double?
  /// Nil when the value is removed (the bundle covers the period but no longer has it).
  package var new: Double?
}

/// What merging one bundle did, or would do.
public struct MergeSummary: Sendable, Equatable {
  package var court: String
  package var sequence: Int
  package var added = 0
  package var replaced = 0
  package var removed = 0
  package var unchanged = 0
  /// Rows of the party tables now stored for the court.
  package var partyRows = 0
  /// Sequence numbers skipped with --accept-gap, as a range.
  package var gapAccepted: ClosedRange<Int>?
  /// The court's names changed with --accept-rename (recorded in `court_renames`).
  package var renamed: [NameChange] = []
  /// The values that changed or went away (old → new); new values are counted only.
  package var changes: [ValueChange] = []
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
