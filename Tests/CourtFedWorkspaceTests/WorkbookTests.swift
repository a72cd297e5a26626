import CourtFedModel
import CourtFedWorkspace
import Foundation
import TestSupport
import Testing

/// The fixtures made by other programs (tools/make-workbook-fixtures: LibreOffice, openpyxl).
enum Fixtures {
  static let folder = ProjectPaths.root.appendingPathComponent("Tests/CourtFedWorkspaceTests/Fixtures")

  static func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

  /// A workspace of the fixture fixture court's profile and `workbook` as figures.xlsx.
  static func workspace(workbook: Data, extra: [String: Data] = [:]) throws -> URL {
    let directory = ProjectPaths.temporaryDirectory("workbook")
    try Data(WorkspaceFixture.profile.utf8).write(to: directory.appendingPathComponent("court.toml"))
    try workbook.write(to: directory.appendingPathComponent("figures.xlsx"))
    for (name, data) in extra { try data.write(to: directory.appendingPathComponent(name)) }
    return directory
  }

  static func load(workbook: Data, extra: [String: Data] = [:]) throws -> WorkspaceReport {
    let directory = try workspace(workbook: workbook, extra: extra)
    defer { try? FileManager.default.removeItem(at: directory) }
    return WorkspaceLoader().load(directory)
  }
}

@Suite("Workbooks")
struct WorkbookTests {
  static let missingPartySheets = [
    "figures.xlsx: warning: the workbook has no sheet '党小组' (party groups)\n    hint: `courtfed init DIR --xlsx` writes a workbook with every sheet; copy the sheet from it",
    "figures.xlsx: warning: the workbook has no sheet '党小组评分' (party group quarterly scores)\n    hint: `courtfed init DIR --xlsx` writes a workbook with every sheet; copy the sheet from it",
    "figures.xlsx: warning: the workbook has no sheet '党支部星级' (party branch star ratings)\n    hint: `courtfed init DIR --xlsx` writes a workbook with every sheet; copy the sheet from it",
  ]

  @Test("a workbook CourtFed wrote, opened and saved by LibreOffice, validates, with LibreOffice's own values")
  func libreOfficeResaved() throws {
    let report = try Fixtures.load(workbook: Data(contentsOf: Fixtures.url("libreoffice-resaved.xlsx")))
    #expect(report.diagnostics.map { $0.formatted(in: .en) } == [])
    let fromWorkbook = try #require(report.workspace)
    #expect(fromWorkbook.measures.count == 242)

    // LibreOffice's CSV export of the same sheets, read as a CSV workspace, must give the same rows.
    let directory = ProjectPaths.temporaryDirectory("libreoffice-csv")
    defer { try? FileManager.default.removeItem(at: directory) }
    try Data(WorkspaceFixture.profile.utf8).write(to: directory.appendingPathComponent("court.toml"))
    for table in WorkspaceTable.allCases {
      let csv = Fixtures.url("libreoffice-resaved-csv/\(table.sheetName.zh).csv")
      try FileManager.default.copyItem(at: csv, to: directory.appendingPathComponent(table.fileName))
    }
    let fromCSV = try #require(WorkspaceLoader().load(directory).workspace)
    #expect(fromWorkbook.measures.map(\.value) == fromCSV.measures.map(\.value))
    #expect(fromWorkbook.branches.map(\.value) == fromCSV.branches.map(\.value))
    #expect(fromWorkbook.groups.map(\.value) == fromCSV.groups.map(\.value))
    #expect(fromWorkbook.groupScores.map(\.value) == fromCSV.groupScores.map(\.value))
    #expect(fromWorkbook.branchRatings.map(\.value) == fromCSV.branchRatings.map(\.value))
    // Cells are named as Excel names them.
    #expect(fromWorkbook.measures[0].location.description == "figures.xlsx:指标数据!A2")
  }

  @Test(
    "a workbook openpyxl wrote: values from the cells, a date, a formula with no value and an error value named by cell"
  )
  func openpyxlMade() throws {
    let report = try Fixtures.load(workbook: Data(contentsOf: Fixtures.url("openpyxl-made.xlsx")))
    #expect(
      report.diagnostics.map { $0.formatted(in: .en) }
        == Self.missingPartySheets + [
          "figures.xlsx:指标数据!A6: error: '2024/6/1' is a date, not a period\n    hint: format the period column as text (Format Cells → Text) and type the period again, e.g. 2024-06 or 2024年6月: Excel turns 2024-06 into a date",
          "figures.xlsx:指标数据!C7: error: the cell has a formula (=SUM(C2:C3)) but no saved value; the row is left out\n    hint: open the workbook in Excel or WPS and save it, so the formula's value is saved with it",
          "figures.xlsx:指标数据!C9: error: the cell's formula gives #DIV/0!; the row is left out\n    hint: correct the formula or type the figure",
        ])
    // The rows the script wrote, with the values it wrote (167700000 shown as 1.68E+08, 96.35, a year as a number).
    #expect(
      report.workspace?.measures.map(\.value) == [
        MeasureValue(period: .quarter(2021, 4), measure: "cases_carried_over", value: 1250),
        MeasureValue(period: .quarter(2021, 4), measure: "cases_new", value: 3480),
        MeasureValue(period: .quarter(2021, 4), measure: "cases_closed", value: 3120),
        MeasureValue(period: .quarter(2021, 4), measure: "cases_pending", value: 1610),
        MeasureValue(period: .quarter(2021, 4), measure: "amount_applied", value: 167_700_000),
        MeasureValue(period: .year(2021), measure: "information_work_score", value: 96.35),
      ])
  }

  @Test("a CSV LibreOffice opened and saved as .xlsx: a formula gives its saved value, 2024/6/1 became a date")
  func libreOfficeFromCSV() throws {
    let report = try Fixtures.load(workbook: Data(contentsOf: Fixtures.url("libreoffice-from-csv.xlsx")))
    let lines = report.diagnostics.map { $0.formatted(in: .zh) }
    // 1250 + 3480 (the formula =3000+480) − 3120 = 1610, not the 2600 the clerk typed.
    #expect(
      lines.contains(
        "figures.xlsx:指标数据!A2: error: 2021Q4:旧存案件+新收案件−结案数应等于期末未结案件(收结存平衡)(1250 + 3480 − 3120 = 1610 ≠ 2600)\n    提示: 请核对这四个数:未结案件按期末统计"
      ))
    #expect(lines.contains { $0.hasPrefix("figures.xlsx:指标数据!A6: error: “2024/6/1”是日期,不是期间") })
  }

  @Test(
    "init --xlsx: sheets in order, the period and id columns as text, frozen headers, drop-down lists; another zip reader opens it"
  )
  func templateStructure() throws {
    let writer = WorkspaceWriter(language: .zh, workbook: true)
    let court = Court(id: "bj-test", name: "北京市测试区人民法院", shortName: "测试法院", level: .basic)
    let files = writer.files(
      for: writer.template(for: court, quarter: .quarter(2021, 4), catalog: .standard), catalog: .standard)
    #expect(files.map(\.0) == ["court.toml", "figures.xlsx"])
    let data = try #require(files.last?.1)
    // Python's zipfile, not CourtFed, reads the archive (and tests every part's CRC first).
    let directory = ProjectPaths.temporaryDirectory("template")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("figures.xlsx")
    try data.write(to: file)
    let tested = try CommandRunner.tool("python3", ["-m", "zipfile", "-t", file.path])
    #expect(tested.exitCode == 0, "\(tested.stderr)")
    func part(_ path: String) throws -> String {
      let script = "import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))"
      let result = try CommandRunner.tool("python3", ["-c", script, file.path, path])
      #expect(result.exitCode == 0, "\(path): \(result.stderr)")
      return result.stdout
    }
    let workbook = try part("xl/workbook.xml")
    let names = ["说明", "指标数据", "党支部", "党小组", "党小组评分", "党支部星级", "选项"]
    let positions = names.compactMap { workbook.range(of: "name=\"\($0)\"")?.lowerBound }
    #expect(positions.count == names.count && positions == positions.sorted())
    let measures = try part("xl/worksheets/sheet2.xml")
    #expect(measures.contains("state=\"frozen\""))
    // Column A (期间) as text and wide enough for 2021年第四季度 (4 + 5 × 2 columns, + 3).
    #expect(measures.contains("<col min=\"1\" max=\"1\" width=\"17\" customWidth=\"1\" style=\"1\"/>"))
    #expect(measures.contains("<formula1>'选项'!$A$2:$A$32</formula1>"))
    #expect(measures.contains("<formula1>'选项'!$B$2:$B$58</formula1>"))
    let groups = try part("xl/worksheets/sheet4.xml")
    #expect(groups.contains("<formula1>'党支部'!$A$2:$A$1000</formula1>"))
    #expect(groups.contains("<formula1>'选项'!$C$2:$C$4</formula1>"))
    let styles = try part("xl/styles.xml")
    #expect(styles.contains("<xf numFmtId=\"49\""))
    let instructions = try part("xl/worksheets/sheet1.xml")
    #expect(instructions.contains("CourtFed 法院工作区:填报说明"))
    // The same contents make the same bytes.
    #expect(
      writer.files(for: writer.template(for: court, quarter: .quarter(2021, 4), catalog: .standard), catalog: .standard)
        .last?.1 == data)
  }

  @Test("a workspace with both CSV tables and a workbook says which to keep")
  func bothFormats() throws {
    let workbook = try Data(contentsOf: Fixtures.url("libreoffice-resaved.xlsx"))
    let report = try Fixtures.load(workbook: workbook, extra: ["measures.csv": Data("period,measure,value\n".utf8)])
    #expect(
      report.diagnostics.map { $0.formatted(in: .en) } == [
        "figures.xlsx: error: the workspace has both figures.xlsx and CSV tables (measures.csv); a workspace is one or the other\n    hint: keep figures.xlsx and move the CSV files to another folder, or the other way round"
      ])
  }

  @Test("a mistake in a workbook is named by sheet and cell, in Chinese too")
  func cellAddressed() throws {
    var contents = WorkspaceWriter.Contents(
      court: Court(id: "bj-test", name: "北京市测试区人民法院", shortName: "测试法院", level: .basic))
    contents.measures = [
      (.quarter(2021, 4), "cases_new", 3000), (.quarter(2021, 4), "结按数", 5), (.quarter(2021, 4), "cases_closed", 9000),
    ]
    let data = try #require(
      WorkspaceWriter(language: .zh, workbook: true).files(for: contents, catalog: .standard).last?.1)
    let report = try Fixtures.load(workbook: data)
    #expect(
      report.diagnostics.filter { $0.location.line > 0 }.map { $0.formatted(in: .zh) } == [
        "figures.xlsx:指标数据!B3: error: 未知指标“结按数”\n    提示: 您是不是要写“结案数”?"
      ])
  }
}

/// Workbooks built to hurt: each is refused with a message naming what is wrong, at once.
@Suite("Hostile workbooks")
struct HostileWorkbookTests {
  /// A one-part zip archive, by hand (the layout of APPNOTE.TXT 4.3), with `patch` applied to
  /// its bytes.
  static func zip(
    name: String = "xl/workbook.xml", contents: Data = Data("<workbook/>".utf8), method: UInt16 = 0,
    packed: Data? = nil, declaredSize: UInt32? = nil, flags: UInt16 = 0x0800
  ) -> Data {
    var local = Data()
    var central = Data()
    func le16(_ value: UInt16, _ data: inout Data) {
      withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
    func le32(_ value: UInt32, _ data: inout Data) {
      withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
    let body = packed ?? contents
    let size = declaredSize ?? UInt32(contents.count)
    let crc = crc32(contents)
    let nameBytes = Data(name.utf8)
    le32(0x0403_4B50, &local)
    le16(20, &local)
    le16(flags, &local)
    le16(method, &local)
    le16(0, &local)
    le16(0x21, &local)
    le32(crc, &local)
    le32(UInt32(body.count), &local)
    le32(size, &local)
    le16(UInt16(nameBytes.count), &local)
    le16(0, &local)
    local.append(nameBytes)
    local.append(body)
    le32(0x0201_4B50, &central)
    le16(20, &central)
    le16(20, &central)
    le16(flags, &central)
    le16(method, &central)
    le16(0, &central)
    le16(0x21, &central)
    le32(crc, &central)
    le32(UInt32(body.count), &central)
    le32(size, &central)
    le16(UInt16(nameBytes.count), &central)
    le16(0, &central)
    le16(0, &central)
    le16(0, &central)
    le16(0, &central)
    le32(0, &central)
    le32(0, &central)
    central.append(nameBytes)
    var end = Data()
    le32(0x0605_4B50, &end)
    le16(0, &end)
    le16(0, &end)
    le16(1, &end)
    le16(1, &end)
    le32(UInt32(central.count), &end)
    le32(UInt32(local.count), &end)
    le16(0, &end)
    return local + central + end
  }

  static func firstLine(_ workbook: Data) throws -> String? {
    try Fixtures.load(workbook: workbook).diagnostics.first?.formatted(in: .en)
  }

  @Test("a part whose deflate stream is cut short is refused at once (ZIPFoundation 0.9.20 loops forever on it)")
  func truncatedStream() throws {
    // Random bytes deflate to stored blocks; the stream is cut in the middle of the first one.
    var generator = SeededBytes(seed: 15)
    print("truncatedStream seed 15")
    let original = Data((0..<200_000).map { _ in generator.next() })
    let cut = try deflate(original).prefix(1000)
    let start = Date()
    let line = try Self.firstLine(Self.zip(contents: original, method: 8, packed: cut))
    #expect(
      line
        == "figures.xlsx: error: the workbook cannot be read: the part xl/workbook.xml is damaged\n    hint: open it in Excel or WPS and save it again as an Excel workbook (.xlsx)"
    )
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test(
    "names that leave the archive, external links, encryption, sizes over the limits, a DTD, not a zip",
    arguments: [
      (
        "../../etc/passwd",
        "figures.xlsx: error: the workbook has a part named '../../etc/passwd', which points outside the workbook"
      ),
      (
        "/etc/passwd",
        "figures.xlsx: error: the workbook has a part named '/etc/passwd', which points outside the workbook"
      ),
      (
        "xl\\..\\evil",
        "figures.xlsx: error: the workbook has a part named 'xl\\..\\evil', which points outside the workbook"
      ),
      (
        "xl/externalLinks/externalLink1.xml",
        "figures.xlsx: error: the workbook links to another file (xl/externalLinks/externalLink1.xml); its values could change without this workbook changing"
      ),
    ])
  func badNames(name: String, expected: String) throws {
    let line = try #require(try Self.firstLine(Self.zip(name: name)))
    #expect(line.hasPrefix(expected))
  }

  @Test("a part declaring 4 GiB (a zip bomb's claim), an encrypted part, a DTD, bytes that are not a zip")
  func bombsAndOthers() throws {
    #expect(
      try Self.firstLine(Self.zip(declaredSize: 0xFFFF_FFF0))
        == "figures.xlsx: error: the workbook cannot be read: the part xl/workbook.xml is 4294967280 bytes when unpacked, over the limit of 268435456\n    hint: open it in Excel or WPS and save it again as an Excel workbook (.xlsx)"
    )
    #expect(
      try Self.firstLine(Self.zip(flags: 0x0801))?.hasPrefix(
        "figures.xlsx: error: the workbook cannot be read: it is encrypted (protected with a password)") == true)
    let dtd = Data("<?xml version=\"1.0\"?><!DOCTYPE lol [<!ENTITY a \"aaaa\">]><workbook>&a;</workbook>".utf8)
    #expect(
      try Self.firstLine(Self.zip(contents: dtd))?.hasPrefix(
        "figures.xlsx: error: the workbook cannot be read: the part xl/workbook.xml declares a document type") == true)
    #expect(
      try Self.firstLine(Data("期间,指标,数值\n".utf8))?.hasPrefix(
        "figures.xlsx: error: the workbook cannot be read: it is not an .xlsx workbook (not a zip archive)") == true)
  }

  @Test("a part that inflates past its declared size is refused, not read on")
  func largerThanDeclared() throws {
    let original = Data(repeating: 0x41, count: 100_000)
    let line = try Self.firstLine(
      Self.zip(contents: original, method: 8, packed: deflate(original), declaredSize: 1_000))
    #expect(
      line?.hasPrefix("figures.xlsx: error: the workbook cannot be read: the part xl/workbook.xml is damaged") == true)
  }
}

/// Raw deflate by Python's zlib, not by CourtFed.
func deflate(_ data: Data) throws -> Data {
  let script =
    "import sys, zlib; c = zlib.compressobj(6, zlib.DEFLATED, -15); "
    + "sys.stdout.buffer.write((c.compress(sys.stdin.buffer.read()) + c.flush()).hex().encode())"
  let result = try CommandRunner.tool("python3", ["-c", script], input: data)
  let digits = Array(result.stdout.utf8)
  func value(_ digit: UInt8) -> UInt8 { digit >= 97 ? digit - 87 : digit - 48 }
  return Data(stride(from: 0, to: digits.count - 1, by: 2).map { value(digits[$0]) << 4 | value(digits[$0 + 1]) })
}

/// CRC-32 (IEEE 802.3, the zip format's), bit by bit from its definition.
func crc32(_ data: Data) -> UInt32 {
  var crc: UInt32 = 0xFFFF_FFFF
  for byte in data {
    crc ^= UInt32(byte)
    for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
  }
  return ~crc
}

/// Deterministic bytes from a seed (xorshift), printed by the test that uses them.
struct SeededBytes {
  var state: UInt64
  init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }
  mutating func next() -> UInt8 {
    state ^= state << 13
    state ^= state >> 7
    state ^= state << 17
    return UInt8(truncatingIfNeeded: state >> 24)
  }
}

/// Workbooks as other generators write them, built part by part with Python's zipfile.
@Suite("Workbooks from other generators")
struct GeneratorWorkbookTests {
  /// A workbook of one sheet named 指标数据 whose sheetData is `rows`, in the namespace prefix
  /// `prefix` (the .NET Open XML SDK writes `x:`).
  static func workbook(rows: String, prefix: String = "") throws -> Data {
    let p = prefix.isEmpty ? "" : prefix + ":"
    let ns = prefix.isEmpty ? "xmlns" : "xmlns:\(prefix)"
    let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    let parts = [
      "_rels/.rels":
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"r1\" Type=\"\(rel)/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>",
      "xl/workbook.xml":
        "<\(p)workbook \(ns)=\"\(main)\" xmlns:r=\"\(rel)\"><\(p)sheets><\(p)sheet name=\"指标数据\" sheetId=\"1\" r:id=\"rId1\"/></\(p)sheets></\(p)workbook>",
      "xl/_rels/workbook.xml.rels":
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"\(rel)/worksheet\" Target=\"/xl/worksheets/a.xml\"/></Relationships>",
      "xl/worksheets/a.xml": "<\(p)worksheet \(ns)=\"\(main)\"><\(p)sheetData>\(rows)</\(p)sheetData></\(p)worksheet>",
    ]
    let directory = ProjectPaths.temporaryDirectory("generated")
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appendingPathComponent("w.xlsx")
    let json = try JSONSerialization.data(withJSONObject: parts)
    let script =
      "import sys, json, zipfile\nz = zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_DEFLATED)\n"
      + "for name, text in json.load(sys.stdin).items(): z.writestr(name, text)\nz.close()"
    let made = try CommandRunner.tool("python3", ["-c", script, file.path], input: json)
    #expect(made.exitCode == 0, "\(made.stderr)")
    return try Data(contentsOf: file)
  }

  static func inline(_ reference: String, _ text: String, prefix: String = "") -> String {
    let p = prefix.isEmpty ? "" : prefix + ":"
    return "<\(p)c r=\"\(reference)\" t=\"inlineStr\"><\(p)is><\(p)t>\(text)</\(p)t></\(p)is></\(p)c>"
  }

  static let header = "<row r=\"1\">" + inline("A1", "期间") + inline("B1", "指标") + inline("C1", "数值") + "</row>"

  @Test("an ISO date cell (t=\"d\") in the period column gets the date hint; a cell past column 256 is one error")
  func isoDateAndWideRow() throws {
    let rows =
      Self.header
      + "<row r=\"2\"><c r=\"A2\" t=\"d\"><v>2024-06-01T00:00:00</v></c>" + Self.inline("B2", "新收案件")
      + "<c r=\"C2\"><v>300</v></c></row>"
      + "<row r=\"3\">" + Self.inline("A3", "2021Q4") + Self.inline("B3", "新收案件")
      + "<c r=\"C3\"><v>300</v></c><c r=\"XFD3\"><v>1</v></c></row>"
    let report = try Fixtures.load(workbook: Self.workbook(rows: rows))
    let lines = report.diagnostics.filter { $0.location.line > 0 }.map { $0.formatted(in: .en) }
    #expect(
      lines == [
        "figures.xlsx:指标数据!A2: error: '2024/6/1' is a date, not a period\n    hint: format the period column as text (Format Cells → Text) and type the period again, e.g. 2024-06 or 2024年6月: Excel turns 2024-06 into a date",
        "figures.xlsx:指标数据!A3: error: the row has more than 256 fields; the rest of the line is not read\n    hint: delete the extra columns (select them, right-click, Delete) and save again",
      ])
  }

  @Test("cells without references, a namespace prefix, a sheet named by an absolute target: read all the same")
  func prefixedWithoutReferences() throws {
    let x = "x"
    let rows =
      "<x:row>" + Self.inline("A1", "期间", prefix: x) + Self.inline("B1", "指标", prefix: x)
      + Self.inline("C1", "数值", prefix: x) + "</x:row>"
      + "<x:row><x:c t=\"inlineStr\"><x:is><x:t>2021Q4</x:t></x:is></x:c><x:c t=\"inlineStr\"><x:is><x:t>新收案件</x:t></x:is></x:c>"
      + "<x:c><x:v>3480</x:v></x:c></x:row>"
    let report = try Fixtures.load(workbook: Self.workbook(rows: rows, prefix: x))
    #expect(
      report.workspace?.measures.map(\.value) == [
        MeasureValue(period: .quarter(2021, 4), measure: "cases_new", value: 3480)
      ])
    #expect(report.workspace?.measures.first?.location.description == "figures.xlsx:指标数据!A2")
  }
}
