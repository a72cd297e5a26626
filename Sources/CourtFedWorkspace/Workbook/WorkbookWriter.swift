import CourtFedModel
import Foundation

/// Writes a workspace's tables as one `.xlsx` workbook a clerk opens in Excel or WPS: the
/// instructions first (说明), a sheet per table with the CSV files' headers, the period and id
/// columns formatted as text (so Excel never turns 2024-06 into a date), drop-down lists for
/// measures, periods, branch ids and group kinds, the header row frozen, columns as wide as
/// their Chinese headers, and a hidden sheet holding the lists. No time is written anywhere
/// (the zip's dates are fixed), so the same contents make the same bytes.
struct WorkbookWriter {
  /// Sheets the reader passes over without a word: the instructions and the lists.
  static let otherSheetNames = ["说明", "instructions", "选项", "lists"]

  let language: Language

  /// One table's sheet: its header, its rows, and which columns hold numbers.
  struct Sheet {
    var table: WorkspaceTable
    var header: [String]
    var rows: [[String]]
  }

  /// Columns written as numbers; every other column is text.
  static let numericColumns: Set<String> = [
    "value", "members", "leader_age", "leader_party_years", "leader_court_years", "basic", "bonus", "deduction",
    "stars",
  ]

  private var instructionsName: String { language == .zh ? "说明" : "instructions" }
  private var listsName: String { language == .zh ? "选项" : "lists" }

  /// The workbook's bytes.
  ///
  /// - Parameters:
  ///   - sheets: the tables in order.
  ///   - instructions: the text of the first sheet, a line a row.
  ///   - measureNames: the drop-down list of the measure column.
  ///   - periods: the drop-down list of period columns.
  func workbook(sheets: [Sheet], instructions: String, measureNames: [String], periods: [String]) -> Data {
    let kinds = [GroupKind.trial, .administrative, .support].map { language == .zh ? $0.name(in: .zh) : $0.rawValue }
    var parts: [(name: String, data: Data)] = []
    let names = [instructionsName] + sheets.map { $0.table.sheetName.text(in: language) } + [listsName]

    parts.append(("[Content_Types].xml", Data(contentTypes(sheetCount: names.count).utf8)))
    parts.append(("_rels/.rels", Data(Self.rootRelationships.utf8)))
    parts.append(("xl/workbook.xml", Data(workbookXML(names).utf8)))
    parts.append(("xl/_rels/workbook.xml.rels", Data(workbookRelationships(sheetCount: names.count).utf8)))
    parts.append(("xl/styles.xml", Data(Self.styles.utf8)))

    let lines = instructions.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    parts.append(("xl/worksheets/sheet1.xml", Data(instructionsSheet(lines).utf8)))
    let listsSheet = quotedSheet(listsName)
    let branchesSheet = quotedSheet(WorkspaceTable.branches.sheetName.text(in: language))
    for (index, sheet) in sheets.enumerated() {
      var validations: [(column: String, formula: String)] = []
      for (position, column) in sheet.table.columns.enumerated() {
        let letter = SourceLocation.columnName(position + 1)
        switch (sheet.table, column.key) {
        case (.measures, "measure"):
          validations.append((letter, "\(listsSheet)!$A$2:$A$\(measureNames.count + 1)"))
        case (_, "period"):
          validations.append((letter, "\(listsSheet)!$B$2:$B$\(periods.count + 1)"))
        case (.groups, "kind"):
          validations.append((letter, "\(listsSheet)!$C$2:$C$\(kinds.count + 1)"))
        case (.groups, "branch"), (.branchRatings, "branch"):
          validations.append((letter, "\(branchesSheet)!$A$2:$A$1000"))
        case (.groupScores, "group"):
          validations.append(
            (letter, "\(quotedSheet(WorkspaceTable.groups.sheetName.text(in: language)))!$A$2:$A$1000"))
        default: break
        }
      }
      parts.append(("xl/worksheets/sheet\(index + 2).xml", Data(tableSheet(sheet, validations: validations).utf8)))
    }
    let listHeader = language == .zh ? ["指标", "期间", "党小组类别"] : ["measure", "period", "group kind"]
    let listColumns = [measureNames, periods, kinds]
    var listRows: [[String]] = [listHeader]
    for row in 0..<(listColumns.map(\.count).max() ?? 0) {
      listRows.append(listColumns.map { row < $0.count ? $0[row] : "" })
    }
    parts.append(("xl/worksheets/sheet\(names.count).xml", Data(plainSheet(listRows).utf8)))
    return ZipArchive.write(parts)
  }

  // MARK: - Parts

  private static let header = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
  private static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
  private static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

  private func contentTypes(sheetCount: Int) -> String {
    var text = Self.header + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    text += "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
    text += "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
    text +=
      "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
    for index in 1...sheetCount {
      text +=
        "<Override PartName=\"/xl/worksheets/sheet\(index).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
    }
    text +=
      "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
    return text + "</Types>"
  }

  private static let rootRelationships =
    header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    + "<Relationship Id=\"rId1\" Type=\"\(relationshipsNamespace)/officeDocument\" Target=\"xl/workbook.xml\"/>"
    + "</Relationships>"

  private func workbookXML(_ names: [String]) -> String {
    var text = Self.header + "<workbook xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.relationshipsNamespace)\">"
    text += "<bookViews><workbookView activeTab=\"1\"/></bookViews><sheets>"
    for (index, name) in names.enumerated() {
      let hidden = index == names.count - 1 ? " state=\"hidden\"" : ""
      text += "<sheet name=\"\(Self.escaped(name))\" sheetId=\"\(index + 1)\"\(hidden) r:id=\"rId\(index + 1)\"/>"
    }
    return text + "</sheets></workbook>"
  }

  private func workbookRelationships(sheetCount: Int) -> String {
    var text = Self.header + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    for index in 1...sheetCount {
      text +=
        "<Relationship Id=\"rId\(index)\" Type=\"\(Self.relationshipsNamespace)/worksheet\" Target=\"worksheets/sheet\(index).xml\"/>"
    }
    text +=
      "<Relationship Id=\"rId\(sheetCount + 1)\" Type=\"\(Self.relationshipsNamespace)/styles\" Target=\"styles.xml\"/>"
    return text + "</Relationships>"
  }

  /// Style 0 general, 1 text (number format 49, "@"), 2 bold text for headers.
  private static let styles =
    header + "<styleSheet xmlns=\"\(main)\">"
    + "<fonts count=\"2\"><font><sz val=\"11\"/><name val=\"等线\"/><charset val=\"134\"/></font>"
    + "<font><b/><sz val=\"11\"/><name val=\"等线\"/><charset val=\"134\"/></font></fonts>"
    + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
    + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
    + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
    + "<cellXfs count=\"3\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
    + "<xf numFmtId=\"49\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/>"
    + "<xf numFmtId=\"49\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\"/></cellXfs>"
    + "<cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles>"
    + "</styleSheet>"

  private func instructionsSheet(_ lines: [String]) -> String {
    var text =
      Self.header
      + "<worksheet xmlns=\"\(Self.main)\"><cols><col min=\"1\" max=\"1\" width=\"100\" customWidth=\"1\"/></cols><sheetData>"
    for (index, line) in lines.enumerated() where !line.isEmpty {
      text += "<row r=\"\(index + 1)\">" + textCell("A\(index + 1)", line, style: index == 0 ? 2 : 0) + "</row>"
    }
    return text + "</sheetData></worksheet>"
  }

  private func plainSheet(_ rows: [[String]]) -> String {
    var text = Self.header + "<worksheet xmlns=\"\(Self.main)\"><sheetData>"
    for (index, row) in rows.enumerated() {
      text += "<row r=\"\(index + 1)\">"
      for (column, value) in row.enumerated() where !value.isEmpty {
        text += textCell("\(SourceLocation.columnName(column + 1))\(index + 1)", value, style: index == 0 ? 2 : 1)
      }
      text += "</row>"
    }
    return text + "</sheetData></worksheet>"
  }

  private func tableSheet(_ sheet: Sheet, validations: [(column: String, formula: String)]) -> String {
    let columns = sheet.table.columns
    var text = Self.header + "<worksheet xmlns=\"\(Self.main)\" xmlns:r=\"\(Self.relationshipsNamespace)\">"
    text +=
      "<sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\""
    text +=
      " state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews>"
    text += "<cols>"
    for (index, column) in columns.enumerated() {
      let values = [sheet.header[index]] + sheet.rows.prefix(200).map { index < $0.count ? $0[index] : "" }
      let width = min(60, max(10, values.map { DisplayWidth.of($0) }.max() ?? 10) + 3)
      let style = Self.numericColumns.contains(column.key) ? "" : " style=\"1\""
      text += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(width)\" customWidth=\"1\"\(style)/>"
    }
    text += "</cols><sheetData>"
    text += "<row r=\"1\">"
    for (index, name) in sheet.header.enumerated() {
      text += textCell("\(SourceLocation.columnName(index + 1))1", name, style: 2)
    }
    text += "</row>"
    for (rowIndex, row) in sheet.rows.enumerated() {
      let number = rowIndex + 2
      text += "<row r=\"\(number)\">"
      for (index, value) in row.enumerated() where index < columns.count && !value.isEmpty {
        let reference = "\(SourceLocation.columnName(index + 1))\(number)"
        if Self.numericColumns.contains(columns[index].key), Double(value) != nil {
          text += "<c r=\"\(reference)\"><v>\(value)</v></c>"
        } else {
          text += textCell(reference, value, style: 1)
        }
      }
      text += "</row>"
    }
    text += "</sheetData>"
    if !validations.isEmpty {
      text += "<dataValidations count=\"\(validations.count)\">"
      for validation in validations {
        text += "<dataValidation type=\"list\" errorStyle=\"warning\" allowBlank=\"1\" showErrorMessage=\"1\""
        text += " sqref=\"\(validation.column)2:\(validation.column)1048576\">"
        text += "<formula1>\(Self.escaped(validation.formula))</formula1></dataValidation>"
      }
      text += "</dataValidations>"
    }
    return text + "</worksheet>"
  }

  private func textCell(_ reference: String, _ value: String, style: Int) -> String {
    let preserve =
      value.first?.isWhitespace == true || value.last?.isWhitespace == true ? " xml:space=\"preserve\"" : ""
    return "<c r=\"\(reference)\" t=\"inlineStr\" s=\"\(style)\"><is><t\(preserve)>\(Self.escaped(value))</t></is></c>"
  }

  private func quotedSheet(_ name: String) -> String {
    "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
  }

  /// `text` escaped for XML, without the characters XML 1.0 cannot hold.
  static func escaped(_ text: String) -> String {
    var result = ""
    result.reserveCapacity(text.utf8.count)
    for scalar in text.unicodeScalars {
      switch scalar {
      case "&": result += "&amp;"
      case "<": result += "&lt;"
      case ">": result += "&gt;"
      case "\"": result += "&quot;"
      case "\t", "\n", "\r": result.unicodeScalars.append(scalar)
      case _ where scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF: continue
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result
  }
}
