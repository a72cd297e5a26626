import CourtFedModel

/// A plain text table for the terminal, aligned by display width (a CJK character is two
/// columns wide).
struct TerminalTable {
  var headers: [String]
  var rows: [[String]] = []
  /// Columns to align right (numbers).
  var rightAligned: Set<Int> = []

  func render() -> String {
    let widths = columnWidths
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([line(headers, widths), rule] + rows.map { line($0, widths) }).joined(separator: "\n")
  }

  /// The rows alone, aligned, each line indented by `indent`: a label-value summary.
  func renderRows(indent: String = "") -> String {
    let widths = columnWidths
    return rows.map { indent + line($0, widths) }.joined(separator: "\n")
  }

  private var columnWidths: [Int] {
    headers.indices.map { column in
      ([headers[column]] + rows.map { $0[column] }).map { DisplayWidth.of($0) }.max() ?? 0
    }
  }

  private func line(_ cells: [String], _ widths: [Int]) -> String {
    cells.enumerated().map { column, cell in
      DisplayWidth.pad(cell, to: widths[column], alignRight: rightAligned.contains(column))
    }.joined(separator: "  ").trimmingTrailingSpaces()
  }
}

extension String {
  func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
