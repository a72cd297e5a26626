import CourtFedModel

/// A problem with a query, pointing at the characters it concerns.
public struct QueryProblem: Sendable, Equatable {
  /// Character offsets into the query, half-open.
  public var range: Range<Int>
  public var message: LocalizedText
  public var suggestion: LocalizedText?

  public init(range: Range<Int>, message: LocalizedText, suggestion: LocalizedText? = nil) {
    self.range = range
    self.message = message
    self.suggestion = suggestion
  }
}

/// Everything wrong with a query, reported at once where possible.
public struct QueryError: Error, Sendable, Equatable {
  public var query: String
  public var problems: [QueryProblem]

  /// The query, a caret line under each problem placed by display width (a CJK character
  /// is two columns), the message and the suggestion, in `language`.
  public func rendered(in language: Language) -> String {
    var lines: [String] = []
    let characters = Array(query)
    for problem in problems {
      lines.append("  " + query)
      let start = characters.prefix(problem.range.lowerBound).reduce(0) { $0 + DisplayWidth.of(String($1)) }
      let underlined = characters[
        min(problem.range.lowerBound, characters.count)..<min(problem.range.upperBound, characters.count)]
      let width = max(1, underlined.reduce(0) { $0 + DisplayWidth.of(String($1)) })
      lines.append("  " + String(repeating: " ", count: start) + String(repeating: "^", count: width))
      lines.append((language == .zh ? "错误:" : "error: ") + problem.message.text(in: language))
      if let suggestion = problem.suggestion {
        lines.append((language == .zh ? "建议:" : "hint: ") + suggestion.text(in: language))
      }
    }
    return lines.joined(separator: "\n")
  }
}
