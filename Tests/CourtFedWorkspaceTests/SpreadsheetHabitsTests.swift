import CourtFedModel
import CourtFedWorkspace
import Foundation
import TestSupport
import Testing

/// Writes `files` (name → bytes) with the fixture's other files and validates the folder.
func validate(
  bytes files: [String: Data], base: WorkspaceFixture = WorkspaceFixture(), now: Date = Date()
) -> WorkspaceReport {
  let directory = ProjectPaths.temporaryDirectory()
  defer { try? FileManager.default.removeItem(at: directory) }
  for (name, content) in base.files where files[name] == nil {
    try? Data(content.utf8).write(to: directory.appendingPathComponent(name))
  }
  for (name, data) in files { try? data.write(to: directory.appendingPathComponent(name)) }
  return WorkspaceLoader(now: now).load(directory)
}

/// What Excel and WPS do to the files a clerk saves (issue 15, "What spreadsheets do to CSV
/// files"), each case from a real save.
@Suite("What spreadsheets do to CSV files")
struct SpreadsheetHabitsTests {
  @Test("Excel's \"Unicode text\": UTF-16 LE with a BOM, tab-separated, CRLF, reads like CSV")
  func unicodeText() throws {
    // The bytes Excel writes: FF FE, then UTF-16 LE (Foundation's own UTF-16 encoder, not ours).
    let text = "期间\t指标\t数值\t备注\r\n2021Q1\t旧存案件\t1200\t\r\n2021Q1\t新收案件\t3000\t\"含\t制表符\"\r\n"
    let data = Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!
    let report = validate(bytes: ["measures.csv": data])
    #expect(report.diagnostics.map { $0.formatted(in: .en) } == [])
    #expect(report.workspace?.measures.map(\.value.value) == [1200, 3000])
    #expect(report.workspace?.encodings["measures.csv"] == .utf16LittleEndian)
  }

  @Test("a GB18030 file with its byte-order mark (84 31 95 33, from iconv) reads without the mark")
  func gb18030WithBOM() throws {
    // printf '\xef\xbb\xbf期间,指标,数值\n2021Q1,结案数,120\n' | iconv -f UTF-8 -t GB18030
    let bytes: [UInt8] = [
      0x84, 0x31, 0x95, 0x33, 0xc6, 0xda, 0xbc, 0xe4, 0x2c, 0xd6, 0xb8, 0xb1, 0xea, 0x2c, 0xca, 0xfd, 0xd6, 0xb5, 0x0a,
      0x32, 0x30, 0x32, 0x31, 0x51, 0x31, 0x2c, 0xbd, 0xe1, 0xb0, 0xb8, 0xca, 0xfd, 0x2c, 0x31, 0x32, 0x30, 0x0a,
    ]
    let report = validate(bytes: ["measures.csv": Data(bytes)])
    #expect(report.diagnostics.map { $0.formatted(in: .zh) } == [])
    #expect(report.workspace?.measures.map(\.value.measure) == ["cases_closed"])
  }

  @Test("an invisible character in a header is named, never shown raw")
  func invisibleNamed() throws {
    let report = validate(bytes: ["measures.csv": Data("期\u{200B}间,指标,数值\n2021Q1,结案数,120\n".utf8)])
    let lines = report.diagnostics.map { $0.formatted(in: .zh) }
    #expect(lines.contains { $0.contains("未知的列“期<U+200B>间”") })
    #expect(!lines.joined().unicodeScalars.contains("\u{200B}"))
  }

  @Test(
    "scientific notation is refused with a hint; dates where a period belongs get one too",
    arguments: [
      (
        "2021Q1,amount_applied,1.677E+08",
        "measures.csv:5:23: error: '1.677E+08' is in scientific notation: digits may have been lost\n    hint: format the column as a number with two decimals (Format Cells → Number) and save again; Excel's General format saves large amounts as 1.677E+08"
      ),
      (
        "2024/6/1,cases_new,5",
        "measures.csv:5:1: error: '2024/6/1' is a date, not a period\n    hint: format the period column as text (Format Cells → Text) and type the period again, e.g. 2024-06 or 2024年6月: Excel turns 2024-06 into a date"
      ),
      (
        "Jun-24,cases_new,5",
        "measures.csv:5:1: error: 'Jun-24' is a date, not a period\n    hint: format the period column as text (Format Cells → Text) and type the period again, e.g. 2024-06 or 2024年6月: Excel turns 2024-06 into a date"
      ),
      (
        "2021Q1,群众满意度,96.3%",
        "measures.csv:5:14: error: '96.3%' has a percent sign, but public satisfaction score is a score in points\n    hint: write 96.3"
      ),
    ])
  func spreadsheetValues(row: String, expected: String) throws {
    let (_, lines) = try WorkspaceFixture(["measures.csv": WorkspaceFixture.measures + "\n" + row + "\n"]).validate()
    #expect(lines == [expected])
  }

  @Test("the scientific-notation and date messages in Chinese")
  func chineseHints() throws {
    let (report, _) = try WorkspaceFixture([
      "measures.csv": WorkspaceFixture.measures + "\n2021Q1,amount_applied,1.677E+08\n2024/6/1,cases_new,5\n"
    ]).validate()
    #expect(
      report.diagnostics.map { $0.formatted(in: .zh) } == [
        "measures.csv:5:23: error: “1.677E+08”是科学记数法,可能已丢失数字\n    提示: 请将该列设置为保留两位小数的数值格式(设置单元格格式 → 数值)后重新保存;Excel 的“常规”格式会把大金额保存为 1.677E+08",
        "measures.csv:6:1: error: “2024/6/1”是日期,不是期间\n    提示: 请将期间列设置为文本格式(设置单元格格式 → 文本)后重新填写,如 2024-06 或 2024年6月;Excel 会把 2024-06 自动变成日期",
      ])
  }

  @Test("one badly quoted row is one error; the rows after it are still read")
  func badQuoteRecovers() throws {
    let measures = """
      period,measure,value
      2021Q1,cases_carried_over,1200
      2021Q1,"cases_new,3000
      2021Q1,cases_closed,2900
      2021Q2,cases_closed,3100
      """
    let groups =
      "id,branch,name,team,kind,leader,leader_age,leader_party_years,leader_court_years,members\n"
      + "g01,b01,审管小组,审判管理组,support,张明,38,15,12,7\n"
    let branches = "id,name,division,secretary,members,brand\n\"b00,坏\"行\",x,y,1,\nb01,审管办党支部,审判管理办公室,郑杨,14,\n"
    let (report, lines) = try WorkspaceFixture([
      "measures.csv": measures, "branches.csv": branches, "groups.csv": groups,
    ]).validate()
    #expect(
      lines == [
        "branches.csv:2:8: error: text after the closing quote of a field\n    hint: a quoted field must end at a comma or the end of the line",
        "measures.csv:3:8: error: a quoted field is never closed\n    hint: add the closing double quote, or remove the opening one",
      ])
    #expect(report.workspace?.measures.map(\.value.value) == [1200, 2900, 3100])
    #expect(report.workspace?.branches.map(\.value.id) == ["b01"])
  }
}

/// The checks a statistics office runs on a court's figures (issue 15, "Checks offices run").
@Suite("Checks offices run")
struct OfficeChecksTests {
  @Test("case balance: carried over + new − closed = pending, with the four numbers")
  func caseBalance() throws {
    let measures = """
      期间,指标,数值
      2021Q4,旧存案件,1250
      2021Q4,新收案件,3480
      2021Q4,结案数,3120
      2021Q4,未结案件,2600
      2021Q3,旧存案件,1250
      2021Q3,新收案件,3480
      2021Q3,结案数,3120
      2021Q3,未结案件,1610
      """
    let (report, lines) = try WorkspaceFixture(["measures.csv": measures]).validate()
    #expect(
      lines == [
        "measures.csv:2:1: error: 2021Q4: cases carried over + new − closed must equal cases pending at the period's end (1250 + 3480 − 3120 = 1610 ≠ 2600)\n    hint: check the four figures: cases pending are counted at the end of the period"
      ])
    #expect(
      report.diagnostics.map { $0.formatted(in: .zh) } == [
        "measures.csv:2:1: error: 2021Q4:旧存案件+新收案件−结案数应等于期末未结案件(收结存平衡)(1250 + 3480 − 3120 = 1610 ≠ 2600)\n    提示: 请核对这四个数:未结案件按期末统计"
      ])
  }

  @Test("branch and group counts and party members against the party tables: warnings naming both numbers")
  func partyAgainstFigures() throws {
    let measures = """
      period,measure,value
      2021Q3,branch_count,1
      2021Q4,branch_count,3
      2021Q4,group_count,7
      2021Q4,party_members,66
      2021Q4,new_members,1
      """
    let (report, lines) = try WorkspaceFixture(["measures.csv": measures]).validate()
    #expect(
      lines == [
        "measures.csv:3:1: warning: 2021Q4: party branches is 3 but branches.csv lists 1\n    hint: correct the figure or the table: both describe the court's party organisation",
        "measures.csv:4:1: warning: 2021Q4: party groups is 7 but groups.csv lists 1\n    hint: correct the figure or the table: both describe the court's party organisation",
        "measures.csv:5:1: warning: 2021Q4: party members is 66 but the branches in branches.csv have 14 members in all\n    hint: correct the figure or the table: both describe the court's party organisation",
      ])
    #expect(report.isValid)
    #expect(
      report.diagnostics.map { $0.formatted(in: .zh) }.first
        == "measures.csv:3:1: warning: 2021Q4 的党支部数为3,但 branches.csv 中有1个\n    提示: 请更正数字或表格:二者描述的是同一个党组织")
  }

  @Test("branches that agree with the figures give no warning")
  func partyAgrees() throws {
    let measures = "period,measure,value\n2021Q4,branch_count,1\n2021Q4,group_count,1\n2021Q4,party_members,14\n"
    let (_, lines) = try WorkspaceFixture(["measures.csv": measures]).validate()
    #expect(lines == [])
  }
}
