import CourtFedModel
import CourtFedStore

/// A problem with a query, pointing at the characters it concerns.
public struct QueryProblem: Sendable, Equatable {
  /// Character offsets into the query, half-open.
  public var range: Range<Int>
  package var message: LocalizedText
  package var suggestion: LocalizedText?

  package init(range: Range<Int>, message: LocalizedText, suggestion: LocalizedText? = nil) {
    self.range = range
    self.message = message
    self.suggestion = suggestion
  }
}

/// Why a query gets no answer: the query is refused, pointing at the words concerned, or the
/// database could not be read.
public enum QueryError: ExplainedError, Sendable, Equatable {
  /// Everything wrong with the query, reported at once where possible.
  case refused(query: String, problems: [QueryProblem])
  /// The database could not be read.
  case store(StoreError)

  /// The query with its carets and messages, in both languages.
  package var text: LocalizedText { LocalizedText(en: rendered(in: .en), zh: rendered(in: .zh)) }

  /// The problems of a refused query (none for a store error).
  package var problems: [QueryProblem] {
    if case .refused(_, let problems) = self { return problems }
    return []
  }

  /// The query, a caret line under each problem placed by display width (a CJK character
  /// is two columns), the message and the suggestion, in `language`. At most ten problems
  /// are shown, then how many more there are.
  package func rendered(in language: Language) -> String {
    guard case .refused(let query, let problems) = self else {
      if case .store(let error) = self { return error.text.text(in: language) }
      return ""
    }
    var lines: [String] = []
    // Each character as printed (control characters escaped), so the carets line up.
    let shown = Array(query).map { TerminalText.escaped($0) }
    for problem in problems.prefix(10) {
      lines.append("  " + shown.joined())
      let start = shown.prefix(problem.range.lowerBound).reduce(0) { $0 + DisplayWidth.of($1) }
      let underlined = shown[min(problem.range.lowerBound, shown.count)..<min(problem.range.upperBound, shown.count)]
      let width = max(1, underlined.reduce(0) { $0 + DisplayWidth.of($1) })
      lines.append("  " + String(repeating: " ", count: start) + String(repeating: "^", count: width))
      lines.append((language == .zh ? "错误:" : "error: ") + TerminalText.escaped(problem.message.text(in: language)))
      if let suggestion = problem.suggestion {
        lines.append((language == .zh ? "建议:" : "hint: ") + TerminalText.escaped(suggestion.text(in: language)))
      }
    }
    if problems.count > 10 {
      lines.append(
        language == .zh ? "(另有\(problems.count - 10)处问题未列出)" : "(\(problems.count - 10) more problems not shown)")
    }
    return lines.joined(separator: "\n")
  }
}
