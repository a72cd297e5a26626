import CourtFedModel

/// A plain text table for the terminal, aligned by display width (a CJK character is two
/// columns wide). Every cell is shown safely: control characters and bidirectional overrides
/// from names are escaped (`\x1b`), so a name can neither act on the terminal nor turn a row
/// around, and a table cell wider than `maximumCellWidth` is cut with `…`.
package struct TerminalTable: Sendable {
  package var headers: [String]
  package var rows: [[String]] = []
  /// Columns to align right (numbers).
  package var rightAligned: Set<Int> = []
  /// The widest a cell of the table is shown, in columns (a name from a hostile bundle could
  /// otherwise make lines thousands of columns wide).
  package var maximumCellWidth = 120

  package init(headers: [String], rows: [[String]] = [], rightAligned: Set<Int> = []) {
    self.headers = headers
    self.rows = rows
    self.rightAligned = rightAligned
  }

  /// The header, a rule, and the rows.
  package func render() -> String {
    let (headers, rows) = (safe(headers), self.rows.map(safe))
    let widths = columnWidths(headers, rows)
    let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
    return ([line(headers, widths), rule] + rows.map { line($0, widths) }).joined(separator: "\n")
  }

  /// The rows alone, aligned, each line indented by `indent`: a label-value summary.
  package func renderRows(indent: String = "") -> String {
    let rows = self.rows.map { $0.map(TerminalText.escaped) }
    let widths = columnWidths(headers.map { _ in "" }, rows)
    return rows.map { indent + line($0, widths) }.joined(separator: "\n")
  }

  /// Cells escaped and cut to the maximum width.
  private func safe(_ cells: [String]) -> [String] {
    cells.map { DisplayWidth.truncated(TerminalText.escaped($0), to: maximumCellWidth) }
  }

  private func columnWidths(_ headers: [String], _ rows: [[String]]) -> [Int] {
    headers.indices.map { column in
      ([headers[column]] + rows.map { column < $0.count ? $0[column] : "" }).map { DisplayWidth.of($0) }.max() ?? 0
    }
  }

  private func line(_ cells: [String], _ widths: [Int]) -> String {
    cells.enumerated().map { column, cell in
      DisplayWidth.pad(cell, to: column < widths.count ? widths[column] : 0, alignRight: rightAligned.contains(column))
    }.joined(separator: "  ").trimmingTrailingSpaces()
  }
}

extension String {
  /// The text without spaces at its end.
  package func trimmingTrailingSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
