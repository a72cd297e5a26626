import CourtFedModel
import Foundation

/// The formats a result can be written in.
public enum ResultFormat: String, Sendable, CaseIterable {
  case table, csv, md, json
}

/// Writes results for the terminal, spreadsheets, documents and programs. Every format
/// carries the classification line and the provenance above the table: the period, the
/// metric with its unit and direction, the city figure used, ties, the courts missing, the
/// date of the data and the bundles it came from.
public struct ResultFormatter: Sendable {
  public var language: Language
  public var useColor = false
  /// The line above every table; empty for none. Court rankings are internal documents.
  public var classification: String
  /// CSV for Excel and WPS: UTF-8 with a byte-order mark, so Chinese opens correctly.
  public var excel = false

  /// The default classification line.
  public static let internalUse = "内部资料 / internal"

  public init(
    language: Language, useColor: Bool = false, classification: String = ResultFormatter.internalUse,
    excel: Bool = false
  ) {
    self.language = language
    self.useColor = useColor
    self.classification = classification
    self.excel = excel
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

  private func words(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

  /// The provenance as lines of text, in the formatter's language.
  public func provenanceLines(_ result: QueryResult) -> [String] {
    provenanceItems(result).map(\.text)
  }

  /// The provenance lines, each marked when it warns (courts missing).
  public func provenanceItems(_ result: QueryResult) -> [(text: String, isWarning: Bool)] {
    let provenance = result.provenance
    var lines: [(text: String, isWarning: Bool)] = []
    var first: [String] = []
    if let period = provenance.periodText { first.append(words("period ", "期间 ") + period.text(in: language)) }
    if let metric = provenance.metric {
      first.append(metric.text(in: language) + (provenance.unit.map { words(" (\($0.en))", "(\($0.zh))") } ?? ""))
    }
    if let direction = provenance.direction { first.append(direction.text(in: language)) }
    if provenance.ties { first.append(words("ties marked (tie)", "并列者标注“并列”")) }
    if !first.isEmpty { lines.append((first.joined(separator: " · "), false)) }
    if let city = provenance.cityFigure { lines.append((city.text(in: language), false)) }
    if provenance.courtsExpected > 0 {
      let expected = provenance.courtsExpected
      let reporting = provenance.courtsReporting
      if reporting == expected {
        lines.append((words("courts: all \(expected) have figures", "法院:\(expected)家均有数据"), false))
      } else {
        let missing = provenance.missingCourts
        let named = missing.prefix(12).joined(separator: words(", ", "、"))
        let more = missing.count > 12 ? words(" and \(missing.count - 12) more", "等\(missing.count)家") : ""
        lines.append(
          (
            words(
              "courts: \(reporting) of \(expected) have figures; missing: \(named)\(more)",
              "法院:\(expected)家中\(reporting)家有数据;缺:\(named)\(more)"), true
          ))
      }
    }
    if let asOf = provenance.dataAsOf {
      var line = words("data as of \(asOf) (latest merge)", "数据截至 \(asOf)(最近一次合并)")
      if !provenance.bundles.isEmpty { line += words("; bundles: ", ";数据包:") + bundleSummary(provenance.bundles) }
      lines.append((line, false))
    }
    return lines
  }

  /// Which bundle each court's figures come from, grouped: "8 courts #1, 西城法院 #1–2".
  public func bundleSummary(_ uses: [Provenance.BundleUse]) -> String {
    var groups: [(sequences: String, courts: [String])] = []
    for use in uses {
      let sequences = "#" + use.sequences.map(String.init).joined(separator: words(", #", "、#"))
      if let index = groups.firstIndex(where: { $0.sequences == sequences }) {
        groups[index].courts.append(use.courtName)
      } else {
        groups.append((sequences, [use.courtName]))
      }
    }
    return groups.map { group in
      group.courts.count > 3
        ? words("\(group.courts.count) courts \(group.sequences)", "\(group.courts.count)家 \(group.sequences)")
        : group.courts.map { "\($0) \(group.sequences)" }.joined(separator: words(", ", "、"))
    }.joined(separator: words("; ", ";"))
  }

  /// A terminal table: the classification and provenance above, columns aligned by display
  /// width (a CJK character is two columns), numbers on the right, notes below.
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
    var lines: [String] = []
    if !classification.isEmpty { lines.append(style(classification, "33")) }
    lines.append(style(result.title.text(in: language), "1"))
    lines += provenanceLines(result).map { style($0, "2") }
    lines.append(line(headers))
    lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
    lines += cells.map(line)
    if result.rows.isEmpty { lines.append(words("(no rows)", "(无结果)")) }
    lines += result.notes.map { "  " + $0.text(in: language) }
    return lines.joined(separator: "\n")
  }

  /// Wraps `text` in an ANSI style when colour is on (a terminal, `NO_COLOR` unset).
  private func style(_ text: String, _ code: String) -> String {
    useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }

  /// A spreadsheet cell's text, safe to open: text starting with `=`, `+`, `-`, `@`, a tab
  /// or a carriage return would be run as a formula by Excel and WPS, so it gets a leading
  /// apostrophe (OWASP's advice); numbers are written as numbers.
  public static func neutralised(_ text: String) -> String {
    guard let first = text.first, "=+-@\t\r".contains(first) else { return text }
    return "'" + text
  }

  /// RFC 4180 CSV: the classification, title and provenance as one-cell rows, a blank row,
  /// the table with its header, a blank row and the notes. Text cells are neutralised
  /// against formula injection; with `excel`, a byte-order mark comes first.
  public func csv(_ result: QueryResult) -> String {
    func field(_ text: String) -> String {
      text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
        ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
    }
    func textField(_ text: String) -> String { field(Self.neutralised(text)) }
    var lines: [String] = []
    if !classification.isEmpty { lines.append(textField(classification)) }
    lines.append(textField(result.title.text(in: language)))
    lines += provenanceLines(result).map(textField)
    lines.append("")
    lines.append(result.columns.map { textField($0.header.text(in: language)) }.joined(separator: ","))
    lines += result.rows.map { row in
      row.map { cell in
        switch cell {
        case .number, .integer: field(text(cell))
        case .text, .missing: textField(text(cell))
        }
      }.joined(separator: ",")
    }
    if !result.notes.isEmpty {
      lines.append("")
      lines += result.notes.map { textField($0.text(in: language)) }
    }
    return (excel ? "\u{FEFF}" : "") + lines.joined(separator: "\r\n") + "\r\n"
  }

  public func markdown(_ result: QueryResult) -> String {
    func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
    var lines: [String] = []
    if !classification.isEmpty { lines += ["**\(classification)**", ""] }
    lines += ["### " + result.title.text(in: language), ""]
    let provenance = provenanceLines(result)
    if !provenance.isEmpty { lines += provenance.map { "*" + $0 + "*  " } + [""] }
    lines.append("| " + result.columns.map { cell($0.header.text(in: language)) }.joined(separator: " | ") + " |")
    lines.append("|" + result.columns.map { $0.isNumeric ? "---:" : "---" }.joined(separator: "|") + "|")
    lines += result.rows.map { "| " + $0.map { cell(text($0)) }.joined(separator: " | ") + " |" }
    lines.append("")
    lines += result.notes.map { "- " + $0.text(in: language) }
    return lines.joined(separator: "\n") + "\n"
  }

  /// JSON with typed values (numbers as numbers, missing values as null) and the provenance
  /// as fields.
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
    let provenance = result.provenance
    func optional(_ text: LocalizedText?) -> Any { text.map { $0.text(in: language) } ?? NSNull() }
    let object: [String: Any] = [
      "classification": classification,
      "title": result.title.text(in: language),
      "provenance": [
        "period": provenance.period ?? NSNull(),
        "metric": optional(provenance.metric),
        "unit": optional(provenance.unit),
        "direction": optional(provenance.direction),
        "city_figure": optional(provenance.cityFigure),
        "ties": provenance.ties,
        "data_as_of": provenance.dataAsOf ?? NSNull(),
        "courts_expected": provenance.courtsExpected,
        "courts_reporting": provenance.courtsReporting,
        "missing_courts": provenance.missingCourts,
        "bundles": provenance.bundles.map {
          ["court": $0.court, "court_name": $0.courtName, "sequences": $0.sequences, "signer": $0.signer]
            as [String: Any]
        },
      ] as [String: Any],
      "columns": result.columns.map {
        ["key": $0.key, "header": $0.header.text(in: language), "numeric": $0.isNumeric] as [String: Any]
      },
      "rows": result.rows.map { row in
        Dictionary(uniqueKeysWithValues: zip(result.columns.map(\.key), row.map(value)))
      },
      "notes": result.notes.map { $0.text(in: language) },
    ]
    let data =
      (try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
