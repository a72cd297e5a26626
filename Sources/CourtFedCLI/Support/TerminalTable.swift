import CourtFedModel

/// A plain text table for the terminal, aligned by display width (a CJK character is two
/// columns wide).
struct TerminalTable {
  var headers: [String]
  var rows: [[String]] = []
  /// Columns to align right (numbers).
  var rightAligned: Set<Int> = []

  func render() -> String {
    let widths = headers.indices.map { column in
      ([headers[column]] + rows.map { $0[column] }).map { DisplayWidth.of($0) }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { column, cell in
        DisplayWidth.pad(cell, to: widths[column], alignRight: rightAligned.contains(column))
      }.joined(separator: "  ").trimmingTrailingSpaces()
    }
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
