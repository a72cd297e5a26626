import CourtFedModel
import CourtFedWorkspace
import Foundation
import TestSupport
import Testing

/// Workspaces built to hurt (issue 16, "Denial of service through sequence numbers and
/// files", the workspace cases): each is refused with a message, quickly, in bounded memory,
/// and never becomes a silently changed figure.
@Suite("Hostile workspaces")
struct HostileWorkspaceTests {
  /// Seconds `body` takes.
  static func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = Date()
    try body()
    return Date().timeIntervalSince(start)
  }

  @Test("a row of a million commas is one error, not a million fields")
  func commaRow() throws {
    let row = "2021Q1,cases_new,5" + String(repeating: ",", count: 1_000_000) + "x\n"
    var report: WorkspaceReport?
    let time = Self.seconds {
      report = validate(bytes: ["measures.csv": Data((WorkspaceFixture.measures + "\n" + row).utf8)])
    }
    let lines = try #require(report).diagnostics.map { $0.formatted(in: .en) }
    #expect(
      lines == [
        "measures.csv:5:1: error: the row has more than 256 fields; the rest of the line is not read\n    hint: delete the extra columns (select them, right-click, Delete) and save again"
      ])
    #expect(time < 5, "took \(time) s")
  }

  @Test("a header of 200,000 columns is one error, quickly")
  func wideHeader() throws {
    let header = (0..<200_000).map { "c\($0)" }.joined(separator: ",")
    var report: WorkspaceReport?
    let time = Self.seconds {
      report = validate(bytes: ["measures.csv": Data((header + "\n2021Q1,cases_new,5\n").utf8)])
    }
    let lines = try #require(report).diagnostics.map { $0.formatted(in: .en) }
    #expect(
      lines.first
        == "measures.csv:1:1: error: the row has more than 256 fields; the rest of the line is not read\n    hint: delete the extra columns (select them, right-click, Delete) and save again"
    )
    #expect(lines.count <= 110)
    #expect(time < 5, "took \(time) s")
  }

  @Test("a field of a million characters is one error, and the row is left out")
  func longField() throws {
    let row = "2021Q1,cases_new," + String(repeating: "9", count: 1_000_000)
    let (report, lines) = try WorkspaceFixture(["measures.csv": WorkspaceFixture.measures + "\n" + row + "\n"])
      .validate()
    #expect(
      lines == [
        "measures.csv:5:18: error: the field is longer than 10000 characters\n    hint: a value or name this long is a mistake: check the cell, or a quote that was never closed"
      ])
    #expect(report.workspace?.measures.count == 3)
  }

  @Test("50,000 bad rows: the first 100 errors, then one line counting the rest")
  func errorsCapped() throws {
    var rows = [WorkspaceFixture.measures]
    for index in 0..<50_000 { rows.append("2021Q1,结按数\(index),5") }
    let (report, lines) = try WorkspaceFixture(["measures.csv": rows.joined(separator: "\n")]).validate()
    #expect(lines.count == 101)
    #expect(
      lines.last
        == "measures.csv: error: 49900 more problems in this file (49900 errors, 0 warnings) are not shown\n    hint: correct the ones above and validate again"
    )
    #expect(report.errorCount == 50_000)
    #expect(report.warningCount == 0)
    #expect(!report.isValid)
  }

  @Test("a court name of 400,000 characters is refused at validate, with the limit every coordinator applies")
  func longCourtName() throws {
    let profile = WorkspaceFixture.profile.replacingOccurrences(
      of: "北京市西城区人民法院", with: String(repeating: "很", count: 400_000))
    let (report, lines) = try WorkspaceFixture(["court.toml": profile]).validate()
    #expect(
      lines == [
        "court.toml:3:8: error: name is 400000 characters long; the limit is 100\n    hint: write the court's name as it is officially written; coordinators refuse longer names"
      ])
    #expect(!report.isValid)
  }

  @Test("control characters and direction overrides in names are refused, named by code point")
  func hostileNames() throws {
    let profile = WorkspaceFixture.profile.replacingOccurrences(
      of: "北京市西城区人民法院", with: "北京市西城区\\u001B[2J人民法院")
    let branches = "id,name,division,secretary,members,brand\nb01,审管办\u{202E}党支部,审判管理办公室,郑杨,14,\n"
    let (_, lines) = try WorkspaceFixture(["court.toml": profile, "branches.csv": branches]).validate()
    #expect(
      lines == [
        "branches.csv:2:5: error: name contains <U+202E>, a control or direction character\n    hint: retype the text without it; such characters can hide or reorder what a table shows",
        "court.toml:3:8: error: name contains <U+001B>, a control or direction character\n    hint: retype the text without it; such characters can hide or reorder what a table shows",
      ])
  }

  @Test("a UTF-16 file cut one byte short is an error at its last line, never a changed figure")
  func utf16CutShort() throws {
    let text = "period\tmeasure\tvalue\r\n2021\tinformation_work_score\t96.35\r\n"
    var data = Data([0xFF, 0xFE]) + text.data(using: .utf16LittleEndian)!
    // Cut so that the last character is half there: "…96.35\r" plus one byte of "\n".
    data.removeLast()
    let report = validate(bytes: ["measures.csv": data])
    #expect(
      report.diagnostics.map { $0.formatted(in: .en) } == [
        "measures.csv:2: error: the file is UTF-16 but ends in half a character (an odd number of bytes): it was cut short\n    hint: save it again from Excel; a figure near the end may be incomplete"
      ])
    #expect(report.workspace?.measures.isEmpty == true)
  }

  @Test("GB18030 that decodes only by dropping bytes is refused")
  func gb18030Truncated() throws {
    // "2021,信息工作考核成绩,96.3" in GB18030 (iconv), then the first byte of "5" cut to a lone lead byte.
    let text = "period,measure,value\n2021,information_work_score,96.3"
    var data = text.data(using: String.Encoding(rawValue: 0x8000_0632))!
    data.append(contentsOf: [0xC6, 0xDA, 0xB5])  // "期" then half of another character
    let report = validate(bytes: ["measures.csv": data])
    #expect(report.diagnostics.contains { $0.problem == .unknownEncoding })
    #expect(report.workspace?.measures.isEmpty == true)
  }

  @Test("a folder, a FIFO and /dev/zero where measures.csv belongs: what the path is and what is expected")
  func notFiles() throws {
    let directory = ProjectPaths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, content) in WorkspaceFixture(["measures.csv": nil]).files {
      try Data(content.utf8).write(to: directory.appendingPathComponent(name))
    }
    let measures = directory.appendingPathComponent("measures.csv")
    func firstLine() -> String? {
      WorkspaceLoader().load(directory).diagnostics.first { $0.location.file == "measures.csv" }?.formatted(in: .en)
    }

    try FileManager.default.createDirectory(at: measures, withIntermediateDirectories: false)
    #expect(
      firstLine()
        == "measures.csv: error: measures.csv is a folder, not a file\n    hint: measures.csv should be the CSV file of period measures; move the folder away"
    )
    try FileManager.default.removeItem(at: measures)

    #expect(mkfifo(measures.path, 0o600) == 0)
    #expect(
      firstLine()
        == "measures.csv: error: measures.csv is a named pipe (FIFO), not a file\n    hint: measures.csv should be the CSV file of period measures; move the pipe away"
    )
    try FileManager.default.removeItem(at: measures)

    try FileManager.default.createSymbolicLink(atPath: measures.path, withDestinationPath: "/dev/zero")
    #expect(
      firstLine()
        == "measures.csv: error: measures.csv is a device, not a file\n    hint: measures.csv should be the CSV file of period measures; move the device away"
    )
  }

  @Test("a 160,000-row measures.csv reads in linear time: twice the rows, about twice the time")
  func largeFileLinear() throws {
    func file(_ rows: Int) -> Data {
      var text = "period,measure,value\n"
      text.reserveCapacity(rows * 40)
      var row = 0
      // Measures that no rule ties together, every month of the years a period may have.
      let measures = [
        "cases_new", "petitions_resolved", "casebook_adoptions", "study_sessions", "activists",
        "satisfaction_responses", "case_days_total", "enforcement_received", "amount_applied", "civil_closed",
        "new_members", "backlog_baseline", "cases_closed_in_time",
      ]
      outer: for year in Period.supportedYears {
        for month in 1...12 {
          for measure in measures {
            text += "\(year)-\(month < 10 ? "0" : "")\(month),\(measure),\(row % 97)\n"
            row += 1
            if row == rows { break outer }
          }
        }
      }
      return Data(text.utf8)
    }
    let small = file(80_000)
    let large = file(160_000)
    var smallReport: WorkspaceReport?
    var largeReport: WorkspaceReport?
    // The rows run to the 2970s: stand after them, so every period has ended.
    let later = Date.distantFuture
    let smallTime = Self.seconds { smallReport = validate(bytes: ["measures.csv": small], now: later) }
    let largeTime = Self.seconds { largeReport = validate(bytes: ["measures.csv": large], now: later) }
    #expect(smallReport?.workspace?.measures.count == 80_000)
    #expect(largeReport?.workspace?.measures.count == 160_000)
    #expect(largeReport?.diagnostics.isEmpty == true)
    // Linear within generous noise (a shared machine); quadratic would be 4×.
    #expect(largeTime < smallTime * 3.2 + 0.5, "80k rows \(smallTime) s, 160k rows \(largeTime) s")
  }
}
