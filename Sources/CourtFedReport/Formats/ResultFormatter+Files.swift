import CourtFedFormats
import CourtFedModel
import CourtFedQuery
import Foundation

extension ResultFormatter {
  // MARK: CSV

  /// A spreadsheet cell's text, safe to open: text whose first character (after leading
  /// spaces, with any combining marks) is `=`, `+`, `-`, `@`, a tab or a carriage return would
  /// be run as a formula by Excel and WPS, so it gets a leading apostrophe (OWASP's advice);
  /// numbers are written as numbers.
  package static func neutralised(_ text: String) -> String {
    let trimmed = text.drop { $0 == " " || $0 == "\u{3000}" }
    guard let first = trimmed.first?.unicodeScalars.first ?? text.unicodeScalars.first,
      "=+-@\t\r\n".unicodeScalars.contains(first) || "＝＋－＠".unicodeScalars.contains(first)
    else { return text }
    return "'" + text
  }

  /// RFC 4180 CSV: the classification, title and provenance as one-cell rows, a blank row,
  /// the table with its header and totals, a blank row, the courts left out and the notes.
  /// Text cells are neutralised against formula injection; with `excel`, a byte-order mark
  /// comes first.
  package func csv(_ result: QueryResult) -> String {
    func field(_ text: String) -> String { CSVWriter.quoted(text) }
    func textField(_ text: String) -> String { field(Self.neutralised(text)) }
    var lines: [String] = []
    if !classification.isEmpty { lines.append(textField(classification)) }
    lines.append(textField(result.title.text(in: language)))
    lines += provenanceLines(result).map(textField)
    lines.append("")
    lines.append(result.columns.map { textField($0.header.text(in: language)) }.joined(separator: ","))
    lines += (result.rows + result.totals).map { row in
      row.cells.map { cell in
        switch cell {
        case .number, .integer: field(text(cell))
        case .rank(let place?, false): String(place)
        default: textField(text(cell))
        }
      }.joined(separator: ",")
    }
    let after = excludedLines(result) + result.notes.map { $0.text(in: language) }
    if !after.isEmpty {
      lines.append("")
      lines += after.map(textField)
    }
    return (excel ? "\u{FEFF}" : "") + lines.joined(separator: "\r\n") + "\r\n"
  }

  // MARK: Markdown

  /// Text safe inside Markdown: HTML is escaped (a name cannot smuggle `<img>` into a
  /// document), `|` cannot end a table cell, control characters and line breaks are shown as
  /// escapes.
  static func markdownEscaped(_ text: String) -> String {
    var result = ""
    for character in TerminalText.escaped(text) {
      switch character {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "|": result += "\\|"
      case "\\", "`", "*", "_", "[", "]": result += "\\" + String(character)
      default: result.append(character)
      }
    }
    return result
  }

  /// Markdown: the classification in bold, the title as a heading, the provenance in italics,
  /// a table with numeric columns right-aligned, the courts left out and the notes as a list.
  package func markdown(_ result: QueryResult) -> String {
    let cell = Self.markdownEscaped
    var lines: [String] = []
    if !classification.isEmpty { lines += ["**\(cell(classification))**", ""] }
    lines += ["### " + cell(result.title.text(in: language)), ""]
    let provenance = provenanceLines(result)
    if !provenance.isEmpty { lines += provenance.map { "*" + cell($0) + "*  " } + [""] }
    lines.append("| " + result.columns.map { cell($0.header.text(in: language)) }.joined(separator: " | ") + " |")
    lines.append("|" + result.columns.map { $0.isNumeric ? "---:" : "---" }.joined(separator: "|") + "|")
    lines += result.rows.map { "| " + $0.cells.map { cell(text($0)) }.joined(separator: " | ") + " |" }
    lines += result.totals.map { "| " + $0.cells.map { "**\(cell(text($0)))**" }.joined(separator: " | ") + " |" }
    lines.append("")
    lines += (excludedLines(result) + result.notes.map { $0.text(in: language) }).map { "- " + cell($0) }
    return lines.joined(separator: "\n") + "\n"
  }

  // MARK: JSON

  /// JSON for programs: typed values (numbers as numbers rounded to the shown decimals, a
  /// rank as a number with `tie` beside it, a court as `court_id` and `court`, missing values
  /// as null), `complete`, `missing_periods` and `signer_revoked` on every row, the courts
  /// left out with why, and the provenance as fields.
  package func json(_ result: QueryResult) -> String {
    let provenance = result.provenance
    func optional(_ text: LocalizedText?) -> Any { text.map { $0.text(in: language) } ?? NSNull() }
    func court(_ name: CourtName) -> [String: Any] { ["id": name.id, "name": name.name] }
    func row(_ row: ResultRow) -> [String: Any] {
      var object: [String: Any] = [
        "complete": row.isComplete, "missing_periods": row.missingPeriods.map(\.description),
        "signer_revoked": row.signerRevoked,
      ]
      for (column, cell) in zip(result.columns, row.cells) {
        switch cell {
        case .text(let text): object[column.key] = text
        case .number(let number, let precision): object[column.key] = DisplayRounding.round(number, decimals: precision)
        case .integer(let number): object[column.key] = number
        case .missing: object[column.key] = NSNull()
        case .rank(let place, let tie):
          object[column.key] = place ?? NSNull()
          object["tie"] = tie
        case .court(let name):
          object[column.key] = name.name
          object["court_id"] = name.id
        case .localized(let words): object[column.key] = words.text(in: language)
        case .judged(let value?, let precision, let verdict):
          object[column.key] = DisplayRounding.round(value, decimals: precision)
          object[column.key + "_verdict"] = verdict.rawValue
        case .judged(nil, _, let verdict): object[column.key] = verdict.rawValue
        }
      }
      return object
    }
    func excluded(_ court: ExcludedCourt) -> [String: Any] {
      var object: [String: Any] = ["court_id": court.court.id, "court": court.court.name]
      switch court.reason {
      case .incomplete(let missing):
        object["reason"] = "incomplete"
        object["missing_periods"] = missing.map(\.description)
      case .noValue(let why):
        object["reason"] = "no_value"
        object["detail"] = why.text(in: language)
      case .signerRevoked:
        object["reason"] = "signer_revoked"
      }
      return object
    }
    let city: Any =
      provenance.cityFigure.map { figure -> [String: Any] in
        [
          "kind": figure.kind.rawValue, "text": figure.text.text(in: language), "value": figure.value ?? NSNull(),
          "scope": figure.scope.text(in: language), "courts": figure.courts,
        ]
      } ?? NSNull()
    let object: [String: Any] = [
      "classification": classification,
      "title": result.title.text(in: language),
      "kind": result.kind.rawValue,
      "provenance": [
        "period": provenance.period ?? NSNull(),
        "period_choice": optional(provenance.periodChoice),
        "metric": optional(provenance.metric),
        "unit": optional(provenance.unit),
        "direction": optional(provenance.direction),
        "city_figure": city,
        "ties": provenance.ties,
        "data_as_of": provenance.dataAsOf ?? NSNull(),
        "courts_expected": provenance.courtsExpected,
        "courts_reporting": provenance.courtsReporting,
        "courts_complete": provenance.courtsComplete,
        "missing_courts": provenance.missingCourts.map(court),
        "incomplete_courts": provenance.incompleteCourts.map(excluded),
        "includes_incomplete": provenance.includesIncomplete,
        "revoked_courts": provenance.revokedCourts.map(court),
        "excludes_revoked": provenance.excludesRevoked,
        "trust_store": provenance.trustStore ?? NSNull(),
        "reference_ranges": provenance.ranges.map { use -> [String: Any] in
          [
            "file": use.file, "sample": use.isSample, "source": use.source ?? NSNull(), "version": use.version,
            "version_note": use.versionNote.text(in: language),
          ]
        } ?? NSNull(),
        "bundles": provenance.bundles.map {
          [
            "court": $0.court, "court_name": $0.courtName, "sequences": $0.sequences, "signer": $0.signer,
            "revoked": $0.revoked,
          ] as [String: Any]
        },
      ] as [String: Any],
      "columns": result.columns.map {
        ["key": $0.key, "header": $0.header.text(in: language), "numeric": $0.isNumeric] as [String: Any]
      },
      "rows": result.rows.map(row),
      "totals": result.totals.map(row),
      "excluded": result.excluded.map(excluded),
      "notes": result.notes.map { $0.text(in: language) },
    ]
    let data =
      (try? JSONSerialization.data(
        withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data()
    return String(decoding: data, as: UTF8.self) + "\n"
  }
}
