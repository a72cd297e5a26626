import CourtFedModel
import Foundation

/// The formats a result can be written in.
public enum ResultFormat: String, Sendable, CaseIterable {
  case table, csv, md, json
}

/// Writes results for the terminal, spreadsheets, documents and programs.
public struct ResultFormatter: Sendable {
  public var language: Language
  public var useColor = false

  public init(language: Language, useColor: Bool = false) {
    self.language = language
    self.useColor = useColor
  }

  public func format(_ result: QueryResult, as format: ResultFormat) -> String {
    switch format {
    case .table: table(result)
    case .csv: csv(result)
    case .md: markdown(result)
    case .json: json(result)
    }
  }

  /// The text of one cell.
  public func text(_ value: ResultValue) -> String {
    switch value {
    case .text(let text): text
    case .number(let number, let precision): String(format: "%.\(precision)f", number)
    case .integer(let number): String(number)
    case .missing(let words): words.text(in: language)
    }
  }

  /// A terminal table: columns aligned by display width (a CJK character is two columns),
  /// numbers on the right.
  public func table(_ result: QueryResult) -> String {
    let headers = result.columns.map { $0.header.text(in: language) }
    let cells = result.rows.map { $0.map(text) }
    let widths = headers.indices.map { column in
      ([headers[column]] + cells.map { $0[column] }).map { DisplayWidth.of($0) }.max() ?? 0
    }
    func line(_ row: [String]) -> String {
      var text = row.enumerated().map { column, cell in
        DisplayWidth.pad(cell, to: widths[column], alignRight: result.columns[column].isNumeric)
      }.joined(separator: "  ")
      while text.last == " " { text.removeLast() }
      return text
    }
    var lines = [bold(result.title.text(in: language)), line(headers)]
    lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    lines += cells.map(line)
    if result.rows.isEmpty { lines.append(language == .zh ? "(无结果)" : "(no rows)") }
    lines += result.notes.map { "  " + $0.text(in: language) }
    return lines.joined(separator: "\n")
  }

  private func bold(_ text: String) -> String { useColor ? "\u{1B}[1m\(text)\u{1B}[0m" : text }

  /// RFC 4180 CSV with a header row.
  public func csv(_ result: QueryResult) -> String {
    func field(_ text: String) -> String {
      text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    var lines = [result.columns.map { field($0.header.text(in: language)) }.joined(separator: ",")]
    lines += result.rows.map { $0.map { field(text($0)) }.joined(separator: ",") }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  public func markdown(_ result: QueryResult) -> String {
    func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
    var lines = ["### " + result.title.text(in: language), ""]
    lines.append("| " + result.columns.map { cell($0.header.text(in: language)) }.joined(separator: " | ") + " |")
    lines.append("|" + result.columns.map { $0.isNumeric ? "---:" : "---" }.joined(separator: "|") + "|")
    lines += result.rows.map { "| " + $0.map { cell(text($0)) }.joined(separator: " | ") + " |" }
    lines.append("")
    lines += result.notes.map { "- " + $0.text(in: language) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// JSON with typed values: numbers as numbers, missing values as null with the reason.
  public func json(_ result: QueryResult) -> String {
    func value(_ cell: ResultValue) -> Any {
      switch cell {
      case .text(let text): text
      case .number(let number, let precision):
        (number * pow(10, Double(precision))).rounded() / pow(10, Double(precision))
      case .integer(let number): number
      case .missing: NSNull()
      }
    }
    let object: [String: Any] = [
      "title": result.title.text(in: language),
      "columns": result.columns.map { ["key": $0.key, "header": $0.header.text(in: language)] },
      "rows": result.rows.map { row in
        Dictionary(uniqueKeysWithValues: zip(result.columns.map(\.key), row.map(value)))
      },
      "notes": result.notes.map { $0.text(in: language) },
    ]
    let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
