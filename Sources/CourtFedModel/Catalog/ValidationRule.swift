/// How serious a broken rule is.
package enum Severity: String, Sendable, Codable, Comparable {
  case warning
  case error

  /// A warning is less serious than an error.
  package static func < (lhs: Severity, rhs: Severity) -> Bool {
    lhs == .warning && rhs == .error
  }
}

/// A rule every court's figures for one period must satisfy: the signed sum of the left terms
/// is at most (closed ≤ carried over + new), or equal to (carried over + new − closed =
/// pending), the sum of the right terms.
package struct ValidationRule: Sendable, Hashable {
  /// How the two sides must compare.
  package enum Relation: String, Sendable, Hashable {
    /// left ≤ right.
    case atMost = "<="
    /// left = right (to a millionth: the figures are whole or have two decimals).
    case equal = "="

    /// The sign shown between the sides: ≤ or =.
    package var symbol: String { self == .atMost ? "≤" : "=" }
  }

  package let id: String
  package let left: [Term]
  package let relation: Relation
  package let right: [Term]
  package let severity: Severity
  package let message: LocalizedText

  package init(
    id: String, left: [Term], relation: Relation = .atMost, right: [Term], severity: Severity, message: LocalizedText
  ) {
    self.id = id
    self.left = left
    self.relation = relation
    self.right = right
    self.severity = severity
    self.message = message
  }

  /// The measures the rule reads.
  package var inputs: [String] { (left + right).map(\.measure) }

  /// Checks the rule against one period's values. Returns the two sides when the rule is
  /// broken, nil when it holds or when any of its measures is missing.
  package func violation(in values: [String: Double]) -> (left: Double, right: Double)? {
    violation { values[$0] }
  }

  /// The same check, reading each measure's value through `lookup` (nil when it is missing),
  /// for callers that keep values in another shape.
  package func violation(_ lookup: (String) -> Double?) -> (left: Double, right: Double)? {
    guard let lhs = left.total(lookup), let rhs = right.total(lookup) else { return nil }
    switch relation {
    case .atMost: return lhs <= rhs + 1e-9 ? nil : (lhs, rhs)
    case .equal: return abs(lhs - rhs) <= 1e-6 ? nil : (lhs, rhs)
    }
  }

  /// The values of the left terms as reported (unsigned), for a message that shows the
  /// arithmetic: 1250 + 3480 − 3120; nil when any is missing.
  package func termValues(in values: [String: Double]) -> [Double]? {
    termValues { values[$0] }
  }

  /// The same, reading each measure's value through `lookup`.
  package func termValues(_ lookup: (String) -> Double?) -> [Double]? {
    var result: [Double] = []
    for term in left {
      guard let value = lookup(term.measure) else { return nil }
      result.append(value)
    }
    return result
  }

  /// The left side's arithmetic with `values`: `1250 + 3480 − 3120`.
  package func arithmetic(_ values: [Double]) -> String {
    var text = ""
    for (index, (term, value)) in zip(left, values).enumerated() {
      if index > 0 { text += term.sign < 0 ? " − " : " + " } else if term.sign < 0 { text += "−" }
      text += MeasureValue.format(value)
    }
    return text
  }
}
