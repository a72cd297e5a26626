import CourtFedFormats
import CourtFedModel
import Foundation
import SWXMLHash

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads a workspace's workbook (`figures.xlsx`): each table from its sheet, as records of
/// fields with their rows and columns, the way the CSV reader hands them out, so that every
/// check and message is the same and a message names the cell as Excel does
/// (`figures.xlsx:指标数据!C12`).
///
/// Numbers come from the cells' values, never their displayed format; a formula cell gives
/// its saved value (no saved value, or an error value, is an error naming the formula); a
/// number formatted as a date carries the date it shows, for the period column's hint. The
/// archive is read by `ZipArchive` within its limits; parts with a DTD, parts outside the
/// archive and external links are refused.
///
/// SWXMLHash reads the small parts (relationships, the sheet list, the cell styles) by path;
/// the sheets and shared strings stream through Foundation's `XMLParser` (what SWXMLHash is
/// built on), because a tree of every cell of a large sheet would take many times its size.
struct WorkbookReader {
  let file: String
  let archive: ZipArchive
  /// Whether serial dates count from 1904 (old Mac workbooks) instead of 1900.
  private var dates1904 = false
  /// The cell styles (`s`) whose number format is a date.
  private var dateStyles: Set<Int> = []
  private var sharedStrings: [String] = []

  /// The tables of the workbook at `url`, keyed by table; findings (a workbook that cannot
  /// be read, a missing or unknown sheet, cells with formulas and no value) in `diagnostics`.
  static func tables(at url: URL, diagnostics: inout DiagnosticList) -> [WorkspaceTable: TableReader] {
    let file = Workspace.workbookFileName
    let expected = LocalizedText(en: "the court's Excel workbook (.xlsx)", zh: "法院的 Excel 工作簿(.xlsx)")
    let limits = ZipLimits()
    guard
      let data = WorkspaceFile.read(
        at: url, name: file, expected: expected, limit: limits.fileBytes, diagnostics: &diagnostics)
    else { return [:] }
    do throws(WorkspaceProblem) {
      var reader = try WorkbookReader(file: file, archive: ZipArchive(data, limits: limits))
      return try reader.readTables(diagnostics: &diagnostics)
    } catch {
      diagnostics.append(Diagnostic(.error, error, at: SourceLocation(file: file)))
      return [:]
    }
  }

  private init(file: String, archive: ZipArchive) throws(WorkspaceProblem) {
    self.file = file
    self.archive = archive
    for entry in archive.entries where entry.name.lowercased().hasPrefix("xl/externallinks/") {
      throw .externalLink(entry.name)
    }
  }

  private func damaged(_ en: String, _ zh: String) -> WorkspaceProblem {
    .unreadableWorkbook(LocalizedText(en: en, zh: zh))
  }

  /// The bytes of a part, refusing XML with a document type declaration (OOXML never has
  /// one; it is how entity expansion attacks begin).
  private func part(_ name: String) throws(WorkspaceProblem) -> Data? {
    guard let entry = archive.entry(name) else { return nil }
    let data = try archive.contents(of: entry)
    if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
      throw damaged(
        "the part \(name) declares a document type, which workbooks never do", "部件 \(name) 含有文档类型声明,工作簿不会这样")
    }
    return data
  }

  private func xml(_ name: String) throws(WorkspaceProblem) -> XMLIndexer? {
    guard let data = try part(name) else { return nil }
    return XMLHash.config { $0.shouldProcessNamespaces = true }.parse(data)
  }

  /// A relationship's target as a part name, relative to the folder of the part `source`.
  private func resolve(_ target: String, from source: String) throws(WorkspaceProblem) -> String {
    var components: [Substring] =
      target.hasPrefix("/") ? [] : source.split(separator: "/", omittingEmptySubsequences: false).dropLast()
    for component in target.split(separator: "/") {
      switch component {
      case ".", "": continue
      case "..":
        guard !components.isEmpty else { throw .unsafeWorkbookPath(target) }
        components.removeLast()
      default: components.append(component)
      }
    }
    let name = components.joined(separator: "/")
    guard ZipArchive.isSafe(name) else { throw .unsafeWorkbookPath(target) }
    return name
  }

  /// The relationships of `source`: id → (type, target part); external targets refused.
  private func relationships(of source: String) throws(WorkspaceProblem) -> [String: (type: String, target: String)] {
    let folder = source.split(separator: "/").dropLast().joined(separator: "/")
    let file = source.split(separator: "/").last.map(String.init) ?? ""
    let relsName = (folder.isEmpty ? "" : folder + "/") + "_rels/" + file + ".rels"
    guard let document = try xml(relsName) else { return [:] }
    var result: [String: (type: String, target: String)] = [:]
    for relationship in document["Relationships"]["Relationship"].all {
      guard let element = relationship.element, let id = element.attribute(by: "Id")?.text,
        let target = element.attribute(by: "Target")?.text
      else { continue }
      let type = element.attribute(by: "Type")?.text ?? ""
      if element.attribute(by: "TargetMode")?.text == "External" {
        // Hyperlinks in cells are harmless; a link that brings values in is not.
        if type.hasSuffix("/hyperlink") { continue }
        throw .externalLink(target)
      }
      result[id] = (type, try resolve(target, from: source))
    }
    return result
  }

  private mutating func readTables(diagnostics: inout DiagnosticList) throws(WorkspaceProblem) -> [WorkspaceTable:
    TableReader]
  {
    let root = try relationships(of: "")
    let workbookPart =
      root.values.first { $0.type.hasSuffix("/officeDocument") }?.target ?? "xl/workbook.xml"
    guard let workbook = try xml(workbookPart) else {
      throw damaged("it has no workbook part (\(workbookPart))", "缺少工作簿部件(\(workbookPart))")
    }
    let parts = try relationships(of: workbookPart)
    if let style = parts.values.first(where: { $0.type.hasSuffix("/styles") }) {
      try readStyles(style.target)
    }
    if let strings = parts.values.first(where: { $0.type.hasSuffix("/sharedStrings") }) {
      sharedStrings = try readSharedStrings(strings.target)
    }
    let properties = workbook["workbook"]["workbookPr"].element
    dates1904 = ["1", "true"].contains(properties?.attribute(by: "date1904")?.text ?? "")

    var readers: [WorkspaceTable: TableReader] = [:]
    var found: Set<WorkspaceTable> = []
    for (index, sheet) in workbook["workbook"]["sheets"]["sheet"].all.enumerated() {
      guard let element = sheet.element, let name = element.attribute(by: "name")?.text else { continue }
      let relationship = element.allAttributes.first { $0.key == "id" || $0.key.hasSuffix(":id") }?.value.text ?? ""
      let folded = TextNormalization.fold(name)
      guard
        let table = WorkspaceTable.allCases.first(where: {
          TextNormalization.fold($0.sheetName.zh) == folded || TextNormalization.fold($0.sheetName.en) == folded
        })
      else {
        if !WorkbookWriter.otherSheetNames.contains(where: { TextNormalization.fold($0) == folded }) {
          let known = WorkspaceTable.allCases.map(\.sheetName.zh)
          diagnostics.append(
            Diagnostic(
              .warning, .unknownSheet(name, suggestions: EditDistance.suggestions(for: name, among: known)),
              at: SourceLocation(file: file, sheet: name, sheetIndex: index)))
        }
        continue
      }
      guard found.insert(table).inserted, let target = parts[relationship]?.target else { continue }
      guard let data = try part(target) else {
        throw damaged("the sheet \(name) has no part (\(target))", "工作表 \(name) 缺少部件(\(target))")
      }
      var sheetReader = SheetReader(
        file: file, sheet: name, sheetIndex: index, sharedStrings: sharedStrings, dateStyles: dateStyles,
        dates1904: dates1904)
      let records = sheetReader.records(data)
      diagnostics += sheetReader.diagnostics
      readers[table] = TableReader(
        table, file: file, sheet: (name, index), records: records, diagnostics: &diagnostics)
    }
    for table in WorkspaceTable.allCases where !found.contains(table) {
      diagnostics.append(
        Diagnostic(table.isRequired ? .error : .warning, .missingSheet(table), at: SourceLocation(file: file)))
    }
    return readers
  }

  /// The cell styles whose number format shows a date: the built-in date formats (14-22,
  /// 27-36 and 45-47, 50-58 in the Chinese locales) and custom formats with date codes.
  private mutating func readStyles(_ name: String) throws(WorkspaceProblem) {
    guard let styles = try xml(name) else { return }
    var dateFormats = Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47] + Array(27...36) + Array(50...58))
    for format in styles["styleSheet"]["numFmts"]["numFmt"].all {
      guard let element = format.element, let id = element.attribute(by: "numFmtId").flatMap({ Int($0.text) }),
        let code = element.attribute(by: "formatCode")?.text
      else { continue }
      if Self.isDateFormat(code) { dateFormats.insert(id) } else { dateFormats.remove(id) }
    }
    for (index, format) in styles["styleSheet"]["cellXfs"]["xf"].all.enumerated() {
      if let id = format.element?.attribute(by: "numFmtId").flatMap({ Int($0.text) }), dateFormats.contains(id) {
        dateStyles.insert(index)
      }
    }
  }

  /// Whether a number format code shows a date: y, m, d outside quotes, brackets and
  /// escapes (`yyyy/m/d`, `[$-804]yyyy"年"m"月"`), not a plain number format.
  static func isDateFormat(_ code: String) -> Bool {
    var inQuotes = false
    var inBrackets = false
    var escaped = false
    for character in code.lowercased() {
      if escaped {
        escaped = false
        continue
      }
      switch character {
      case "\\": escaped = true
      case "\"": inQuotes.toggle()
      case "[" where !inQuotes: inBrackets = true
      case "]" where !inQuotes: inBrackets = false
      case "y", "d", "m",
        "e" where !inQuotes && !inBrackets:
        return true
      default: continue
      }
    }
    return false
  }

  private func readSharedStrings(_ name: String) throws(WorkspaceProblem) -> [String] {
    guard let data = try part(name) else { return [] }
    let collector = SharedStringCollector()
    let parser = XMLParser(data: data)
    parser.shouldProcessNamespaces = true
    parser.delegate = collector
    guard parser.parse() else {
      throw damaged("the shared strings (\(name)) are not well-formed XML", "共享字符串(\(name))不是格式正确的 XML")
    }
    return collector.strings
  }
}

/// The local part of an element name (`x:c` → `c`).
private func localName(_ name: String) -> Substring {
  name.split(separator: ":").last ?? Substring(name)
}

/// The shared strings of a workbook: each `si`, its text runs joined, phonetic runs left out.
private final class SharedStringCollector: NSObject, XMLParserDelegate {
  var strings: [String] = []
  private var current = ""
  private var inText = false
  private var inPhonetic = false

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch localName(elementName) {
    case "si": current = ""
    case "t": inText = !inPhonetic
    case "rPh": inPhonetic = true
    default: break
    }
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    switch localName(elementName) {
    case "si": strings.append(current)
    case "t": inText = false
    case "rPh": inPhonetic = false
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { current += string }
  }
}

/// One sheet's cells as records, row by row.
private struct SheetReader {
  let file: String
  let sheet: String
  let sheetIndex: Int
  let sharedStrings: [String]
  let dateStyles: Set<Int>
  let dates1904: Bool
  var diagnostics = DiagnosticList()

  func location(_ row: Int, _ column: Int) -> SourceLocation {
    SourceLocation(file: file, sheet: sheet, sheetIndex: sheetIndex, line: row, column: column)
  }

  mutating func records(_ data: Data) -> [CSVRecord] {
    let collector = CellCollector()
    let parser = XMLParser(data: data)
    parser.shouldProcessNamespaces = true
    parser.delegate = collector
    if !parser.parse() {
      let line = parser.lineNumber
      diagnostics.append(
        Diagnostic(
          .error,
          .unreadableWorkbook(
            LocalizedText(
              en: "the sheet \(sheet) is not well-formed XML (line \(line) of its part)",
              zh: "工作表 \(sheet) 不是格式正确的 XML(其部件第\(line)行)")), at: location(0, 0)))
      return []
    }
    let limits = CSVLimits()
    var records: [CSVRecord] = []
    for row in collector.rows {
      var record = CSVRecord(fields: [], line: row.number)
      var bad = false
      for cell in row.cells {
        guard cell.column <= limits.fields else {
          if cell.value != nil || cell.formula != nil {
            diagnostics.append(
              Diagnostic(.error, .csvSyntax(.tooManyFields(limit: limits.fields)), at: location(row.number, 1)))
            bad = true
            break
          }
          continue
        }
        guard let text = text(of: cell, row: row.number) else {
          bad = true
          continue
        }
        guard text.count <= limits.fieldLength else {
          diagnostics.append(
            Diagnostic(
              .error, .csvSyntax(.fieldTooLong(limit: limits.fieldLength)), at: location(row.number, cell.column)))
          bad = true
          continue
        }
        while record.fields.count < cell.column - 1 {
          record.fields.append(CSVField(text: "", line: row.number, column: record.fields.count + 1))
        }
        if record.fields.count == cell.column - 1 {
          record.fields.append(CSVField(text: text, line: row.number, column: cell.column))
        } else {
          record.fields[cell.column - 1].text = text
        }
        if cell.type == "n" || cell.type == nil, let style = cell.style, dateStyles.contains(style),
          let serial = cell.value.flatMap(Double.init)
        {
          record.displayedDates[cell.column - 1] = Self.date(serial, dates1904: dates1904)
        } else if cell.type == "d", let value = cell.value {
          // An ISO 8601 date cell (2024-06-01T00:00:00), shown as Excel shows dates: 2024/6/1.
          let parts = value.prefix(10).split(separator: "-").compactMap { Int($0) }
          record.displayedDates[cell.column - 1] =
            parts.count == 3 ? "\(parts[0])/\(parts[1])/\(parts[2])" : String(value.prefix(10))
        }
      }
      guard !bad, record.fields.contains(where: { !$0.text.trimmed().isEmpty }) else { continue }
      records.append(record)
    }
    return records
  }

  /// The text of a cell: a number as plain digits, a string as written; nil (with an error)
  /// for a formula with no saved value or an error value.
  mutating func text(of cell: CellCollector.Cell, row: Int) -> String? {
    switch cell.type {
    case "s":
      guard let index = cell.value.flatMap(Int.init), sharedStrings.indices.contains(index) else { return "" }
      return sharedStrings[index]
    case "inlineStr":
      return cell.inline ?? ""
    case "str":
      return cell.value ?? ""
    case "b":
      return cell.value == "1" ? "TRUE" : "FALSE"
    case "e":
      diagnostics.append(Diagnostic(.error, .formulaError(cell.value ?? "#VALUE!"), at: location(row, cell.column)))
      return nil
    default:
      // openpyxl writes a formula's cell with an empty <v/>: no value saved either.
      guard let value = cell.value, !value.isEmpty else {
        if let formula = cell.formula {
          diagnostics.append(Diagnostic(.error, .formulaWithoutValue(formula), at: location(row, cell.column)))
          return nil
        }
        return ""
      }
      guard let number = Double(value), number.isFinite else { return value }
      return Self.plainDecimal(number)
    }
  }

  /// A number in plain digits, never in scientific notation: the shortest text that reads
  /// back as the same double (Excel may save 96.35 as 96.349999999999994).
  static func plainDecimal(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    let text = "\(value)"
    guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }), let exponent = Int(text[text.index(after: e)...])
    else { return text }
    var mantissa = String(text[..<e])
    let negative = mantissa.hasPrefix("-")
    if negative { mantissa.removeFirst() }
    let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
    let whole = String(parts[0])
    let fraction = parts.count > 1 ? String(parts[1]) : ""
    let digits = whole + fraction
    let point = whole.count + exponent
    var result: String
    if point <= 0 {
      result = "0." + String(repeating: "0", count: -point) + digits
    } else if point >= digits.count {
      result = digits + String(repeating: "0", count: point - digits.count)
    } else {
      result = String(digits.prefix(point)) + "." + String(digits.dropFirst(point))
    }
    return (negative ? "-" : "") + result
  }

  /// The date a serial number shows, as Excel shows it in Chinese: 2024/6/1.
  static func date(_ serial: Double, dates1904: Bool) -> String {
    // Day 0 is 1899-12-30 (Excel counts a 29 February 1900 that never was) or 1904-01-01.
    let days = Int(serial.rounded(.down)) + (dates1904 ? 1462 : 0)
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
    guard let origin = calendar.date(from: DateComponents(year: 1899, month: 12, day: 30)),
      let date = calendar.date(byAdding: .day, value: days, to: origin)
    else { return MeasureValue.format(serial) }
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    return "\(parts.year ?? 0)/\(parts.month ?? 0)/\(parts.day ?? 0)"
  }
}

/// The cells of a sheet's `sheetData`, streamed: rows of cells with their column, type,
/// style, saved value, formula and inline text.
private final class CellCollector: NSObject, XMLParserDelegate {
  struct Cell {
    var column: Int
    var type: String?
    var style: Int?
    var value: String?
    var formula: String?
    var inline: String?
  }
  struct Row {
    var number: Int
    var cells: [Cell]
  }

  var rows: [Row] = []
  private var row: Row?
  private var cell: Cell?
  private var text: String?
  private var lastRow = 0
  private var lastColumn = 0

  /// Row and column of an A1 reference (`C12` → 12, 3).
  static func reference(_ text: String) -> (row: Int, column: Int)? {
    var column = 0
    var row = 0
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z") where row == 0:
        column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
        if column > 16_384 { return nil }
      case UInt8(ascii: "0")...UInt8(ascii: "9"):
        row = row * 10 + Int(byte - UInt8(ascii: "0"))
        if row > 1_048_576 { return nil }
      default: return nil
      }
    }
    return column > 0 && row > 0 ? (row, column) : nil
  }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
    attributes: [String: String] = [:]
  ) {
    switch localName(elementName) {
    case "row":
      let number = attributes["r"].flatMap(Int.init) ?? lastRow + 1
      lastRow = min(max(number, 1), 1_048_576)
      lastColumn = 0
      row = Row(number: lastRow, cells: [])
    case "c":
      let column = attributes["r"].flatMap(Self.reference)?.column ?? lastColumn + 1
      lastColumn = min(column, 16_384)
      cell = Cell(column: lastColumn, type: attributes["t"], style: attributes["s"].flatMap(Int.init))
    case "v", "f", "t": text = ""
    default: break
    }
  }

  func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
    switch localName(elementName) {
    case "v": cell?.value = text
    case "f": cell?.formula = text
    case "t":
      let inline = (cell?.inline ?? "") + (text ?? "")
      cell?.inline = inline
    case "c":
      if let cell { row?.cells.append(cell) }
      cell = nil
    case "row":
      if let row, !row.cells.isEmpty { rows.append(row) }
      row = nil
    default: return
    }
    text = nil
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    text?.append(string)
  }
}
