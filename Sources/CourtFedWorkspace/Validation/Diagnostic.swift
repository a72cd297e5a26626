import CourtFedModel

/// Where a thing stands in a workspace: the file (relative to the workspace), line and column.
public struct SourceLocation: Sendable, Hashable, Comparable {
  public var file: String
  /// 1-based; 0 when the problem concerns the whole file.
  public var line: Int
  /// 1-based, in characters; 0 when the problem concerns the whole line or file.
  public var column: Int

  public init(file: String, line: Int = 0, column: Int = 0) {
    self.file = file
    self.line = line
    self.column = column
  }

  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.line, lhs.column) < (rhs.file, rhs.line, rhs.column)
  }

  /// `file:line:column`, leaving out what is zero.
  public var description: String {
    var text = file
    if line > 0 { text += ":\(line)" }
    if line > 0, column > 0 { text += ":\(column)" }
    return text
  }
}

/// A value read from a workspace file, with where it came from.
public struct Located<Value: Sendable>: Sendable {
  public var value: Value
  public var location: SourceLocation

  public init(_ value: Value, at location: SourceLocation) {
    self.value = value
    self.location = location
  }
}

extension Located: Equatable where Value: Equatable {}

/// One finding of `validate`: where, how serious, what, and what to do.
public struct Diagnostic: Sendable, Equatable {
  public var location: SourceLocation
  public var severity: Severity
  public var problem: WorkspaceProblem

  public init(_ severity: Severity, _ problem: WorkspaceProblem, at location: SourceLocation) {
    self.location = location
    self.severity = severity
    self.problem = problem
  }

  /// `file:line:column: error: message`, then an indented hint line when there is one; the
  /// shape compilers use, so editors and CI logs link to the place.
  public func formatted(in language: Language) -> String {
    var text = "\(location.description): \(severity.rawValue): \(problem.message.text(in: language))"
    if let hint = problem.hint {
      text += "\n    \(language == .zh ? "提示" : "hint"): \(hint.text(in: language))"
    }
    return text
  }
}

extension Array where Element == Diagnostic {
  /// Whether any finding is an error.
  public var hasErrors: Bool { contains { $0.severity == .error } }

  /// The findings in file, line and column order, errors before warnings at one place.
  public func sortedByLocation() -> [Diagnostic] {
    enumerated().sorted { a, b in
      if a.element.location != b.element.location { return a.element.location < b.element.location }
      if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
      return a.offset < b.offset
    }.map(\.element)
  }
}
