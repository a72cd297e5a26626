import CourtFedFormats
import CourtFedModel
import Foundation

/// Reads one table of a workspace, from a CSV file or a workbook's sheet: maps the header to
/// the table's columns and hands out fields by column key, collecting findings as it goes.
struct TableReader {
  let table: WorkspaceTable
  /// The file, relative to the workspace: `measures.csv`, or `figures.xlsx` for a sheet.
  let file: String
  /// The sheet and its place in the workbook; nil for a CSV file.
  let sheet: (name: String, index: Int)?
  /// The data rows (the header removed).
  private(set) var rows: [CSVRecord] = []
  /// Column key → field index.
  private var indices: [String: Int] = [:]
  /// Column key → the header as written, for messages.
  private var headers: [String: String] = [:]
  private var headerCount = 0

  /// How the table is named in messages about other tables: `branches.csv`,
  /// `figures.xlsx:党支部`.
  var displayName: String { sheet.map { "\(file):\($0.name)" } ?? file }

  /// A reader over `records`, the first of which is the header; nil (with findings) when the
  /// header lacks a required column or could not be read.
  init?(
    _ table: WorkspaceTable, file: String, sheet: (name: String, index: Int)?, records: [CSVRecord],
    headerBroken: Bool = false, diagnostics: inout DiagnosticList
  ) {
    self.table = table
    self.file = file
    self.sheet = sheet
    guard !headerBroken else { return nil }
    guard let header = records.first else {
      for column in table.columns where column.isRequired {
        diagnostics.append(Diagnostic(.error, .missingColumn(column), at: location(line: 1, column: 0)))
      }
      return nil
    }
    guard mapHeader(header, diagnostics: &diagnostics) else { return nil }
    rows = Array(records.dropFirst())
  }

  /// Reads `table` from its CSV file in `directory`; nil when the file is missing,
  /// unreadable, or its header lacks a required column (each reported in `diagnostics`).
  static func csv(
    _ table: WorkspaceTable, in directory: URL, diagnostics: inout DiagnosticList,
    encodings: inout [String: TextEncoding]
  ) -> TableReader? {
    let file = table.fileName
    let url = directory.appendingPathComponent(file)
    guard FileManager.default.fileExists(atPath: url.path) else {
      diagnostics.append(
        Diagnostic(
          table.isRequired ? .error : .warning,
          table.isRequired ? .missingFile(file) : .missingOptionalFile(file),
          at: SourceLocation(file: file)))
      return nil
    }
    let expected = LocalizedText(
      en: "the CSV file of \(table.title.en)", zh: "\(table.title.zh)的 CSV 文件")
    guard
      let text = WorkspaceFile.readText(
        at: url, name: file, expected: expected, limit: WorkspaceFile.tableLimit, diagnostics: &diagnostics,
        encodings: &encodings)
    else { return nil }
    let parse = CSVReader.parse(text)
    for error in parse.errors {
      diagnostics.append(
        Diagnostic(
          .error, .csvSyntax(error.kind), at: SourceLocation(file: file, line: error.line, column: error.column)))
    }
    diagnostics.count(errors: parse.errorCount - parse.errors.count, in: file)
    // A syntax error before the first record read means the header itself was lost.
    let firstLine = parse.records.first?.line ?? Int.max
    let headerBroken = parse.errors.contains { $0.line <= firstLine }
    return TableReader(
      table, file: file, sheet: nil, records: parse.records, headerBroken: headerBroken, diagnostics: &diagnostics)
  }

  private mutating func mapHeader(_ header: CSVRecord, diagnostics: inout DiagnosticList) -> Bool {
    headerCount = header.fields.count
    for (index, field) in header.fields.enumerated() {
      let text = field.text.trimmingCharacters(in: .whitespaces)
      let location = location(of: field)
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
      diagnostics.append(Diagnostic(.error, .missingColumn(column), at: location(line: header.line, column: 0)))
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
      // A sheet's empty cell is where its column says; a short CSV line ends at its last field.
      if sheet != nil { return CSVField(text: "", line: row.line, column: index + 1) }
      let last = row.fields.last
      return CSVField(text: "", line: last?.line ?? row.line, column: last?.column ?? 1)
    }
    var field = row.fields[index]
    field.text = field.text.trimmed()
    return field
  }

  func location(of field: CSVField) -> SourceLocation {
    location(line: field.line, column: field.column)
  }

  func location(line: Int, column: Int) -> SourceLocation {
    guard let sheet else { return SourceLocation(file: file, line: line, column: column) }
    return SourceLocation(file: file, sheet: sheet.name, sheetIndex: sheet.index, line: line, column: column)
  }

  /// Reports a row with more fields than the header (unless the extra ones are empty, as
  /// spreadsheets leave them).
  func checkWidth(of row: CSVRecord, diagnostics: inout DiagnosticList) {
    guard row.fields.count > headerCount,
      row.fields[headerCount...].contains(where: { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty })
    else { return }
    let extra = row.fields[headerCount]
    diagnostics.append(
      Diagnostic(.error, .extraFields(found: row.fields.count, expected: headerCount), at: location(of: extra)))
  }

  /// The non-empty text of column `key`, or nil with an error.
  func text(_ key: String, in row: CSVRecord, diagnostics: inout DiagnosticList) -> String? {
    guard let field = field(key, in: row) else { return nil }
    guard !field.text.isEmpty else {
      diagnostics.append(Diagnostic(.error, .emptyField(column: header(key)), at: location(of: field)))
      return nil
    }
    return field.text
  }

  /// Text that leaves the court in a bundle (a name, an id): non-empty, NFC, no control or
  /// direction characters, within `limit` characters; or nil with an error.
  func name(
    _ key: String, in row: CSVRecord, limit: Int = Workspace.fieldLimit, required: Bool = true,
    diagnostics: inout DiagnosticList
  ) -> String? {
    guard let field = field(key, in: row) else { return nil }
    if field.text.isEmpty {
      if required { diagnostics.append(Diagnostic(.error, .emptyField(column: header(key)), at: location(of: field))) }
      return nil
    }
    if let problem = NameText.problem(field.text, field: header(key), limit: limit) {
      diagnostics.append(Diagnostic(.error, problem, at: location(of: field)))
      return nil
    }
    return field.text.precomposedStringWithCanonicalMapping
  }

  /// The whole number in column `key` within `range`, or nil with an error.
  func integer(
    _ key: String, in row: CSVRecord, range: ClosedRange<Int>, diagnostics: inout DiagnosticList
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
    _ key: String, in row: CSVRecord, range: ClosedRange<Double>, diagnostics: inout DiagnosticList
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

  /// The period in column `key`, of `kind` when given, or nil with an error; a date (a
  /// workbook cell formatted as one, or text such as `2024/6/1`) gets the hint to format
  /// the column as text.
  func period(_ key: String, in row: CSVRecord, kind: PeriodKind? = nil, diagnostics: inout DiagnosticList)
    -> Period?
  {
    guard let text = text(key, in: row, diagnostics: &diagnostics), let field = field(key, in: row)
    else { return nil }
    if let index = indices[key], let date = row.displayedDates[index] {
      diagnostics.append(Diagnostic(.error, .dateForPeriod(date), at: location(of: field)))
      return nil
    }
    guard let period = try? Period(parsing: text) else {
      let problem: WorkspaceProblem = DateText.looksLikeDate(text) ? .dateForPeriod(text) : .invalidPeriod(text)
      diagnostics.append(Diagnostic(.error, problem, at: location(of: field)))
      return nil
    }
    if let kind, period.kind != kind {
      diagnostics.append(Diagnostic(.error, .wrongPeriodKind(period: text, expected: kind), at: location(of: field)))
      return nil
    }
    return period
  }
}

/// Reading a workspace's files: a regular file (never a folder, pipe or device), within a size
/// limit, decoded exactly.
enum WorkspaceFile {
  /// The largest CSV table read: twenty times a million-row measures.csv.
  static let tableLimit = 1 << 30
  /// The largest court.toml read (a 400,000-character name must reach the name check).
  static let profileLimit = 16 << 20

  /// What the path is, when it is not a regular file (following symbolic links); nil for a
  /// regular file.
  static func kind(at url: URL) -> WorkspaceProblem.FileKind? {
    let path = url.resolvingSymlinksInPath().path
    guard let type = (try? FileManager.default.attributesOfItem(atPath: path))?[.type] as? FileAttributeType else {
      return .other
    }
    switch type {
    case .typeRegular: return nil
    case .typeDirectory: return .folder
    case .typeCharacterSpecial, .typeBlockSpecial: return .device
    case .typeSocket: return .socket
    // Foundation names every POSIX file type but the FIFO; what is left is a named pipe.
    case .typeUnknown: return .pipe
    default: return .other
    }
  }

  /// The bytes of the regular file at `url`, at most `limit`; nil with an error saying what
  /// the path is instead, or why it cannot be read.
  static func read(
    at url: URL, name: String, expected: LocalizedText, limit: Int, diagnostics: inout DiagnosticList
  ) -> Data? {
    let location = SourceLocation(file: name)
    if let kind = kind(at: url) {
      diagnostics.append(Diagnostic(.error, .notAFile(name: name, kind: kind, expected: expected), at: location))
      return nil
    }
    let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
    guard size <= limit else {
      diagnostics.append(Diagnostic(.error, .fileTooLarge(name: name, size: size, limit: limit), at: location))
      return nil
    }
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      let data = try handle.read(upToCount: limit + 1) ?? Data()
      guard data.count <= limit else {
        diagnostics.append(Diagnostic(.error, .fileTooLarge(name: name, size: data.count, limit: limit), at: location))
        return nil
      }
      return data
    } catch {
      diagnostics.append(
        Diagnostic(
          .error,
          .unreadableFile(reason: (error as NSError).localizedFailureReason ?? (error as NSError).localizedDescription),
          at: location))
      return nil
    }
  }

  /// The text of the file at `url` in whichever encoding it is in, decoded exactly.
  static func readText(
    at url: URL, name: String, expected: LocalizedText, limit: Int, diagnostics: inout DiagnosticList,
    encodings: inout [String: TextEncoding]
  ) -> String? {
    guard let data = read(at: url, name: name, expected: expected, limit: limit, diagnostics: &diagnostics) else {
      return nil
    }
    switch TextEncoding.decodeExactly(data) {
    case .success(let (text, encoding)):
      encodings[name] = encoding
      return text
    case .failure(.notUTF8OrGB18030(let line, let column)):
      diagnostics.append(
        Diagnostic(.error, .unknownEncoding, at: SourceLocation(file: name, line: line, column: column)))
    case .failure(.oddUTF16Length(let line)):
      diagnostics.append(Diagnostic(.error, .truncatedUTF16, at: SourceLocation(file: name, line: line)))
    case .failure(.invalidUTF16(let line)):
      diagnostics.append(Diagnostic(.error, .invalidUTF16, at: SourceLocation(file: name, line: line)))
    }
    return nil
  }
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

/// Names and ids that leave the court in a bundle, checked as a coordinator checks them.
enum NameText {
  /// What is wrong with `text` as the value of `field`: a control, line-break or direction
  /// character, or more than `limit` characters; nil when nothing is.
  static func problem(_ text: String, field: String, limit: Int) -> WorkspaceProblem? {
    if let scalar = text.unicodeScalars.first(where: isForbidden) {
      return .forbiddenCharacter(field: field, scalar: "<U+" + hex(scalar) + ">")
    }
    let length = text.count
    if length > limit { return .textTooLong(field: field, length: length, limit: limit) }
    return nil
  }

  /// Controls (C0, C1), format characters (direction marks, overrides and isolates, zero-width
  /// characters, the byte-order mark) and line or paragraph separators.
  static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .unassigned: true
    default: false
    }
  }

  private static func hex(_ scalar: Unicode.Scalar) -> String {
    let digits = String(scalar.value, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
  }
}

/// Dates as spreadsheets write them where a period belongs.
enum DateText {
  /// Whether `text` looks like a date Excel or WPS made: `2024/6/1`, `6/1/2024`,
  /// `2024-06-01`, `Jun-24`, `1-Jun`, `2024年6月1日`.
  static func looksLikeDate(_ text: String) -> Bool {
    let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    let parts = text.lowercased().split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." || $0 == " " })
    if text.hasSuffix("日"), text.contains("月") { return true }
    guard parts.count >= 2, parts.count <= 3 else { return false }
    let numeric = parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    if numeric {
      // Three numbers are a day; two are a date only with a separator periods never use.
      return parts.count == 3 || text.contains("/")
    }
    return parts.contains { part in months.contains { part.hasPrefix($0) } }
      && parts.allSatisfy { part in part.allSatisfy(\.isNumber) || months.contains { part.hasPrefix($0) } }
  }
}

/// Numbers as clerks type them, with the mistakes they make named.
enum NumberText {
  /// The value of `text`, or nil with an error saying what is wrong (a percent sign,
  /// thousands separators, a unit, scientific notation, or not a number at all). `measure`
  /// tailors the hint for a percent sign: a score is written without it.
  static func parse(
    _ text: String, diagnostics: inout DiagnosticList, column: String, at location: SourceLocation,
    measure: Measure? = nil
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
      if let measure, measure.kind == .score {
        problem = .percentForScore(text, measure: measure.localizedName)
      } else {
        problem = .percentGiven(text)
      }
    } else if isScientific(folded) {
      problem = .scientificNotation(text)
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

  /// `1.677E+08`, `2e5`: digits, an optional decimal part, E and an exponent.
  static func isScientific(_ text: String) -> Bool {
    let parts = text.uppercased().split(separator: "E", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, parts[1].count >= 1 else { return false }
    let mantissa = parts[0].drop { $0 == "+" || $0 == "-" }
    let exponent = parts[1].drop { $0 == "+" || $0 == "-" }
    return !mantissa.isEmpty && mantissa.allSatisfy { $0.isASCII && ($0.isNumber || $0 == ".") }
      && mantissa.filter({ $0 == "." }).count <= 1 && !exponent.isEmpty
      && exponent.allSatisfy { $0.isASCII && $0.isNumber }
  }
}
