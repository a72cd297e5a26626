import CourtFedModel
import Foundation

/// Reads one CSV table of a workspace: decodes the file, maps the header to the table's
/// columns and hands out fields by column key, collecting findings as it goes.
struct TableReader {
  let table: WorkspaceTable
  let file: String
  /// The data rows (the header removed).
  private(set) var rows: [CSVRecord] = []
  /// Column key → field index.
  private var indices: [String: Int] = [:]
  /// Column key → the header as written, for messages.
  private var headers: [String: String] = [:]
  private var headerCount = 0

  /// Reads `table` from `directory`; nil when the file is missing, unreadable, or its header
  /// lacks a required column (each reported in `diagnostics`).
  init?(
    _ table: WorkspaceTable, in directory: URL, diagnostics: inout [Diagnostic],
    encodings: inout [String: TextEncoding]
  ) {
    self.table = table
    file = table.fileName
    let url = directory.appendingPathComponent(file)
    guard FileManager.default.fileExists(atPath: url.path) else {
      diagnostics.append(
        Diagnostic(
          table.isRequired ? .error : .warning,
          table.isRequired ? .missingFile(file) : .missingOptionalFile(file),
          at: SourceLocation(file: file)))
      return nil
    }
    guard let text = readText(at: url, file: file, diagnostics: &diagnostics, encodings: &encodings)
    else { return nil }
    let records: [CSVRecord]
    do {
      records = try CSVReader.records(in: text)
    } catch let error as CSVSyntaxError {
      diagnostics.append(
        Diagnostic(
          .error, .csvSyntax(error.kind), at: SourceLocation(file: file, line: error.line, column: error.column)))
      return nil
    } catch {
      return nil
    }
    guard let header = records.first else {
      for column in table.columns where column.isRequired {
        diagnostics.append(Diagnostic(.error, .missingColumn(column), at: SourceLocation(file: file, line: 1)))
      }
      return nil
    }
    guard mapHeader(header, diagnostics: &diagnostics) else { return nil }
    rows = Array(records.dropFirst())
  }

  private mutating func mapHeader(_ header: CSVRecord, diagnostics: inout [Diagnostic]) -> Bool {
    headerCount = header.fields.count
    for (index, field) in header.fields.enumerated() {
      let text = field.text.trimmingCharacters(in: .whitespaces)
      let location = SourceLocation(file: file, line: field.line, column: field.column)
      guard let column = table.columns.first(where: { $0.matches(text) }) else {
        if text.isEmpty { continue }
        let names = table.columns.flatMap { [$0.key, $0.nameZh] }
        diagnostics.append(
          Diagnostic(
            .error,
            .unknownColumn(
              text, suggestions: EditDistance.suggestions(for: TextNormalization.fold(text), among: names)),
            at: location))
        continue
      }
      if indices[column.key] != nil {
        diagnostics.append(Diagnostic(.error, .duplicateColumn(text), at: location))
        continue
      }
      indices[column.key] = index
      headers[column.key] = text
    }
    var complete = true
    for column in table.columns where column.isRequired && indices[column.key] == nil {
      diagnostics.append(Diagnostic(.error, .missingColumn(column), at: SourceLocation(file: file, line: header.line)))
      complete = false
    }
    return complete
  }

  /// The header of column `key` as written in the file.
  func header(_ key: String) -> String { headers[key] ?? key }

  /// The field of column `key` in `row`, trimmed; nil when the column is absent or the row
  /// is short.
  func field(_ key: String, in row: CSVRecord) -> CSVField? {
    guard let index = indices[key] else { return nil }
    guard index < row.fields.count else {
      let last = row.fields.last
      return CSVField(text: "", line: last?.line ?? row.line, column: last?.column ?? 1)
    }
    var field = row.fields[index]
    field.text = field.text.trimmed()
    return field
  }

  func location(of field: CSVField) -> SourceLocation {
    SourceLocation(file: file, line: field.line, column: field.column)
  }

  /// Reports a row with more fields than the header (unless the extra ones are empty, as
  /// spreadsheets leave them).
  func checkWidth(of row: CSVRecord, diagnostics: inout [Diagnostic]) {
    guard row.fields.count > headerCount,
      row.fields[headerCount...].contains(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty })
    else { return }
    let extra = row.fields[headerCount]
    diagnostics.append(
      Diagnostic(.error, .extraFields(found: row.fields.count, expected: headerCount), at: location(of: extra)))
  }

  /// The non-empty text of column `key`, or nil with an error.
  func text(_ key: String, in row: CSVRecord, diagnostics: inout [Diagnostic]) -> String? {
    guard let field = field(key, in: row) else { return nil }
    guard !field.text.isEmpty else {
      diagnostics.append(Diagnostic(.error, .emptyField(column: header(key)), at: location(of: field)))
      return nil
    }
    return field.text
  }

  /// The whole number in column `key` within `range`, or nil with an error.
  func integer(
    _ key: String, in row: CSVRecord, range: ClosedRange<Int>, diagnostics: inout [Diagnostic]
  ) -> Int? {
    guard let text = text(key, in: row, diagnostics: &diagnostics), let field = field(key, in: row)
    else { return nil }
    guard let value = Int(text.precomposedStringWithCompatibilityMapping) else {
      diagnostics.append(
        Diagnostic(.error, .notAWholeNumber(column: header(key), value: text), at: location(of: field)))
      return nil
    }
    guard range.contains(value) else {
      diagnostics.append(
        Diagnostic(
          .error,
          .outOfRange(column: header(key), value: text, range: Double(range.lowerBound)...Double(range.upperBound)),
          at: location(of: field)))
      return nil
    }
    return value
  }

  /// The number in column `key` within `range`, or nil with an error.
  func number(
    _ key: String, in row: CSVRecord, range: ClosedRange<Double>, diagnostics: inout [Diagnostic]
  ) -> Double? {
    guard let text = text(key, in: row, diagnostics: &diagnostics), let field = field(key, in: row)
    else { return nil }
    guard let value = NumberText.parse(text, diagnostics: &diagnostics, column: header(key), at: location(of: field))
    else { return nil }
    guard range.contains(value) else {
      diagnostics.append(
        Diagnostic(.error, .outOfRange(column: header(key), value: text, range: range), at: location(of: field)))
      return nil
    }
    return value
  }

  /// The period in column `key`, of `kind` when given, or nil with an error.
  func period(_ key: String, in row: CSVRecord, kind: PeriodKind? = nil, diagnostics: inout [Diagnostic])
    -> Period?
  {
    guard let text = text(key, in: row, diagnostics: &diagnostics), let field = field(key, in: row)
    else { return nil }
    guard let period = try? Period(parsing: text) else {
      diagnostics.append(Diagnostic(.error, .invalidPeriod(text), at: location(of: field)))
      return nil
    }
    if let kind, period.kind != kind {
      diagnostics.append(Diagnostic(.error, .wrongPeriodKind(period: text, expected: kind), at: location(of: field)))
      return nil
    }
    return period
  }
}

/// Reads a file as text in whichever encoding it is in.
func readText(
  at url: URL, file: String, diagnostics: inout [Diagnostic], encodings: inout [String: TextEncoding]
) -> String? {
  let data: Data
  do {
    data = try Data(contentsOf: url)
  } catch {
    diagnostics.append(
      Diagnostic(.error, .unreadableFile(reason: error.localizedDescription), at: SourceLocation(file: file)))
    return nil
  }
  guard let (text, encoding) = TextEncoding.decode(data) else {
    let (line, column) = TextEncoding.firstInvalidUTF8Position(in: data)
    diagnostics.append(Diagnostic(.error, .unknownEncoding, at: SourceLocation(file: file, line: line, column: column)))
    return nil
  }
  encodings[file] = encoding
  return text
}

extension String {
  /// Without leading and trailing white space; returns `self` untouched (no copy) in the
  /// common case of nothing to trim. Per-field trimming through Foundation was a third of the
  /// time of reading a large workspace.
  func trimmed() -> String {
    // Most fields start and end with a plain ASCII character: nothing to do.
    if let first = utf8.first, let last = utf8.last, first > 32, first < 128, last > 32, last < 128 { return self }
    guard let first = first, let last = last, first.isWhitespace || last.isWhitespace else { return self }
    return String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
  }
}

/// Numbers as clerks type them, with the mistakes they make named.
enum NumberText {
  /// The value of `text`, or nil with an error saying what is wrong (a percent sign,
  /// thousands separators, a unit, or not a number at all).
  static func parse(
    _ text: String, diagnostics: inout [Diagnostic], column: String, at location: SourceLocation
  ) -> Double? {
    // Plain ASCII digits, the usual case, skip the Unicode folding.
    let isPlain = { (text: String) in
      !text.isEmpty && text.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || $0 == 43 || $0 == 45 || $0 == 46 }
    }
    let folded = isPlain(text) ? text : text.precomposedStringWithCompatibilityMapping.trimmed()
    if isPlain(folded), let value = Double(folded), value.isFinite {
      return value == 0 ? 0 : value
    }
    let problem: WorkspaceProblem
    if folded.hasSuffix("%") || folded.hasSuffix("％") {
      problem = .percentGiven(text)
    } else if folded.contains(","), Double(folded.replacingOccurrences(of: ",", with: "")) != nil {
      problem = .thousandsSeparator(text)
    } else if let first = folded.first, first.isNumber,
      folded.contains(where: { "万亿元件人分天篇个".contains($0) })
    {
      problem = .unitInValue(text)
    } else {
      problem = .notANumber(text, column: column)
    }
    diagnostics.append(Diagnostic(.error, problem, at: location))
    return nil
  }
}
