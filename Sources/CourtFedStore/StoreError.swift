/// What can go wrong in the coordinator's store.
public enum StoreError: Error, Sendable, Equatable {
  /// The database file could not be opened or migrated; carries SQLite's message.
  case cannotOpen(path: String, reason: String)
  /// The file is not a CourtFed database (another application's, or a newer CourtFed's).
  case notACourtFedDatabase(path: String, reason: String)
  /// A bundle's sequence number goes back: carries the court, the bundle's and the last
  /// merged sequence.
  case rollback(court: String, sequence: Int, last: Int)
  /// The same sequence number with different content: two bundles claim to be number N.
  case equivocation(court: String, sequence: Int, merged: String, received: String)
  /// Sequence numbers are missing between the last merged bundle and this one.
  case gap(court: String, missing: [Int])
  /// The bundle does not name the last merged manifest as its previous one.
  case brokenChain(court: String, sequence: Int, expected: String, found: String?)
  /// A database error while merging; nothing of the bundle was written.
  case database(String)

  /// A message for the statistics office.
  public var message: String {
    switch self {
    case .cannotOpen(let path, let reason):
      "cannot open the database \(path): \(reason)"
    case .notACourtFedDatabase(let path, let reason):
      "\(path) is not a CourtFed database this version can use: \(reason)"
    case .rollback(let court, let sequence, let last):
      "\(court) bundle \(sequence) is older than bundle \(last), already merged (a rollback); only bundle \(last + 1) can follow"
    case .equivocation(let court, let sequence, let merged, let received):
      "\(court) sent two different bundles numbered \(sequence): merged manifest \(merged.prefix(12))…, this one \(received.prefix(12))…; ask the court which is right"
    case .gap(let court, let missing):
      "\(court) bundle\(missing.count == 1 ? "" : "s") \(Self.ranges(missing)) \(missing.count == 1 ? "is" : "are") missing; merge \(missing.count == 1 ? "it" : "them") first, or pass --accept-gap to record the gap and go on"
    case .brokenChain(let court, let sequence, let expected, let found):
      "\(court) bundle \(sequence) names \(found.map { "manifest \($0.prefix(12))…" } ?? "no manifest") as its previous one, but the merged bundle \(sequence - 1) is \(expected.prefix(12))…"
    case .database(let detail):
      "database error, nothing written: \(detail)"
    }
  }

  /// `3`, `3-5`, `3, 5-7`.
  static func ranges(_ numbers: [Int]) -> String {
    var parts: [String] = []
    var index = 0
    while index < numbers.count {
      var end = index
      while end + 1 < numbers.count, numbers[end + 1] == numbers[end] + 1 { end += 1 }
      parts.append(end == index ? "\(numbers[index])" : "\(numbers[index])-\(numbers[end])")
      index = end + 1
    }
    return parts.joined(separator: ", ")
  }
}
