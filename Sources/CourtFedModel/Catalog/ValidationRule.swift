/// How serious a broken rule is.
public enum Severity: String, Sendable, Codable, Comparable {
  case warning
  case error

  public static func < (lhs: Severity, rhs: Severity) -> Bool {
    lhs == .warning && rhs == .error
  }
}

/// A rule every court's figures for one period must satisfy: the sum of the left terms is at
/// most the sum of the right terms (closed ≤ carried over + new).
public struct ValidationRule: Sendable, Hashable {
  public let id: String
  public let left: [Term]
  public let right: [Term]
  public let severity: Severity
  public let message: LocalizedText

  /// The measures the rule reads.
  public var inputs: [String] { (left + right).map(\.measure) }

  /// Checks the rule against one period's values. Returns the two sides when the rule is
  /// broken, nil when it holds or when any of its measures is missing.
  public func violation(in values: [String: Double]) -> (left: Double, right: Double)? {
    violation { values[$0] }
  }

  /// The same check, reading each measure's value through `lookup` (nil when it is missing),
  /// for callers that keep values in another shape.
  public func violation(_ lookup: (String) -> Double?) -> (left: Double, right: Double)? {
    guard let lhs = left.total(lookup), let rhs = right.total(lookup) else { return nil }
    return lhs <= rhs + 1e-9 ? nil : (lhs, rhs)
  }
}
