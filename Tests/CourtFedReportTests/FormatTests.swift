import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedReport
import CourtFedStore
import CourtFedWorkspace
import Foundation
import TestSupport
import Testing

@Suite("Formats and provenance")
struct FormatTests {
  /// Daxing without 2021: a ranking of 9 out of 10 courts.
  static let withoutDaxing2021 = Samples.engine(
    Samples.store("report-missing") { folder, workspace in
      if folder == "daxing" { workspace.measures.removeAll { $0.value.period.year == 2021 } }
    })

  @Test("a ranking of 9 of 10 courts says so in its header, in every format")
  func missingCourts() throws {
    let result = try Self.withoutDaxing2021.answer("closure rate top 3 in 2021")
    #expect(result.provenance.courtsExpected == 10)
    #expect(result.provenance.courtsReporting == 9)
    #expect(result.provenance.missingCourts == [CourtName(id: "bj-daxing", name: "大兴法院")])
    #expect(!result.provenance.bundles.contains { $0.court == "bj-daxing" })
    let english = ResultFormatter(language: .en)
    let line = "courts: 9 of 10 have complete figures; no figures: 大兴法院"
    for format in ResultFormat.allCases where format != .json {
      #expect(english.format(result, as: format).contains(line), "\(format)")
    }
    let json = english.json(result).replacingOccurrences(of: " ", with: "").replacingOccurrences(of: "\n", with: "")
    #expect(json.contains("\"missing_courts\":[{\"id\":\"bj-daxing\",\"name\":\"大兴法院\"}]"))
    #expect(json.contains("\"courts_complete\":9,\"courts_expected\":10,\"courts_reporting\":9"))
    #expect(ResultHTML(formatter: english).document(result).contains("<li class=\"missing\">\(line)</li>"))
    let chinese = ResultFormatter(language: .zh).table(result)
    #expect(chinese.contains("法院:10家中9家数据完整;无数据:大兴法院"))
    // The table itself comes before nothing but the classification, title and provenance.
    let lines = english.table(result).split(separator: "\n")
    #expect(lines[0] == "内部资料 / internal")
    #expect(lines[3] == Substring(line))
  }

  @Test("CSV cells that start with = + - @ are neutralised; numbers stay numbers; --excel adds a BOM")
  func formulaInjection() throws {
    let result = QueryResult(
      kind: .ranking, title: LocalizedText(en: "=HYPERLINK(\"http://x\")", zh: "=HYPERLINK(\"http://x\")"),
      columns: [
        ResultColumn(key: "court", header: LocalizedText(en: "court", zh: "法院"), isNumeric: false),
        ResultColumn(key: "value", header: LocalizedText(en: "@value", zh: "@value"), isNumeric: true),
      ],
      rows: [
        [.text("=cmd|' /C calc'!A0"), .number(-3.5, precision: 2)],
        [.text("+1+1"), .number(2, precision: 0)], [.text("-2+3"), .integer(-4)], [.text("@SUM(A1)"), .integer(1)],
        [.text("西城法院"), .integer(5)], [.text("  =\u{301}1+2"), .integer(6)], [.text("＝1+2"), .integer(7)],
      ].map { ResultRow(cells: $0) }, language: .en)
    let csv = ResultFormatter(language: .en, classification: "", excel: true).csv(result)
    #expect(csv.hasPrefix("\u{FEFF}'=HYPERLINK(\"\"http://x\"\")\r\n") == false)
    #expect(csv.hasPrefix("\u{FEFF}\"'=HYPERLINK(\"\"http://x\"\")\"\r\n"))
    let lines = csv.dropFirst().components(separatedBy: "\r\n")
    #expect(lines[2] == "court,'@value")
    #expect(lines[3] == "'=cmd|' /C calc'!A0,-3.50")
    #expect(lines[4] == "'+1+1,2")
    #expect(lines[5] == "'-2+3,-4")
    #expect(lines[6] == "'@SUM(A1),1")
    #expect(lines[7] == "西城法院,5")
    // A combining mark after = and spaces before it do not get past the guard, nor a full-width =.
    #expect(lines[8] == "'  =\u{301}1+2,6")
    #expect(lines[9] == "'＝1+2,7")
    #expect(!ResultFormatter(language: .en).csv(result).hasPrefix("\u{FEFF}"))
  }

  @Test("JSON has typed values and the provenance as fields")
  func json() throws {
    let result = try Samples.engine.answer("closure rate yoy")
    let object = try JSONSerialization.jsonObject(with: Data(ResultFormatter(language: .en).json(result).utf8))
    let root = try #require(object as? [String: Any])
    let provenance = try #require(root["provenance"] as? [String: Any])
    #expect(provenance["period"] as? String == "2021")
    #expect(provenance["data_as_of"] as? String == "2022-01-20T12:00:00Z")
    #expect(provenance["courts_reporting"] as? Int == 10)
    #expect((provenance["bundles"] as? [[String: Any]])?.count == 10)
    #expect(
      (provenance["bundles"] as? [[String: Any]])?.first?["signer"] as? String
        == "SHA256:4tPy7kkA7wJhPm0Ybq2UWMRNwDV980daTpN8CvoCgZ4")
    let rows = try #require(root["rows"] as? [[String: Any]])
    #expect(rows.first?["current"] is Double)
    // A rank is a number with a tie flag beside it; a court has its id and its name.
    #expect(rows.first?["rank"] as? Int == 1)
    #expect(rows.first?["tie"] as? Bool == false)
    #expect(rows.first?["court_id"] as? String == "bj-fangshan")
    #expect(rows.first?["court"] as? String == "房山法院")
    #expect(rows.first?["complete"] as? Bool == true)
    #expect((rows.first?["missing_periods"] as? [String]) == [])
    #expect(root["classification"] as? String == "内部资料 / internal")
  }

  @Test("the classification line is configurable and can be left out")
  func classification() throws {
    let result = try Samples.engine.answer("信息工作 前三")
    let custom = ResultFormatter(language: .zh, classification: "机密 / confidential")
    #expect(custom.table(result).hasPrefix("机密 / confidential\n"))
    #expect(custom.markdown(result).hasPrefix("**机密 / confidential**"))
    #expect(ResultFormatter(language: .zh, classification: "").table(result).hasPrefix("信息工作考核成绩 2021年 前3名"))
  }

  @Test("colour only when asked: plain text otherwise")
  func colour() throws {
    let result = try Samples.engine.answer("信息工作 前三")
    #expect(!ResultFormatter(language: .zh).table(result).contains("\u{1B}["))
    #expect(ResultFormatter(language: .zh, useColor: true).table(result).contains("\u{1B}[1m"))
  }
}

@Suite("HTML and charts")
struct HTMLTests {
  @Test("a ranking of a rate: a dot per court in rank order on an axis that says it does not start at zero")
  func ranking() throws {
    let result = try Samples.engine.answer("closure rate ranking")
    let html = ResultHTML(formatter: ResultFormatter(language: .en)).document(result)
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(!html.contains("<script"))
    #expect(!html.contains("http://") || !html.contains("src=\"http"))
    #expect(html.components(separatedBy: "<circle ").count - 1 == 10)
    let chart = try #require(BarChart(result, formatter: ResultFormatter(language: .en)))
    #expect(chart.style == .dots)
    #expect(chart.bars.map(\.label) == result.rows.map { ResultFormatter(language: .en).text($0.cells[1]) })
    #expect(chart.reference == nil && chart.band == nil)
    #expect(chart.svg(title: "t").contains("the axis does not start at zero"))
  }

  @Test("a count: bars from zero; every value in its own column, never under the city line or its label")
  func counts() throws {
    let result = try Samples.engine.answer("cases closed vs average")
    let chart = try #require(BarChart(result, formatter: ResultFormatter(language: .en)))
    #expect(chart.style == .bars && chart.reference != nil)
    let svg = chart.svg(title: "t")
    // Value labels all stand at the right edge, right-aligned; the city label above the rows.
    let values = result.rows.map { ResultFormatter(language: .en).text($0.cells[2]) }
    for value in values {
      #expect(svg.contains("x=\"636.0\" y=") && svg.contains("text-anchor=\"end\">\(value)</text>"))
    }
    #expect(svg.contains("y=\"16.0\" font-size=\"11\" text-anchor=\"middle\" fill=\"#1f4e99\">the city"))
  }

  @Test("a rate versus the city: bars either side of the city line, better and worse named")
  func versus() throws {
    let result = try Samples.engine.answer("clearance rate vs average")
    let chart = try #require(BarChart(result, formatter: ResultFormatter(language: .en)))
    #expect(chart.style == .deviation)
    #expect(chart.bars.map(\.value) == result.rows.map { $0.cells[4].number })
    #expect(chart.reference?.value == 0 && chart.reference?.label == "the city 72.85")
    let svg = chart.svg(title: "t")
    #expect(svg.contains("stroke-dasharray"))
    #expect(svg.contains(">the city 72.85</text>"))
    #expect(svg.contains("better than the city (higher)") && svg.contains("worse than the city (lower)"))
  }

  @Test("changes: sorted by the change, most improved first; for a lower-is-better metric a fall is the better colour")
  func change() throws {
    let result = try Samples.engine.answer("平均审理天数 同比")
    let chart = try #require(BarChart(result, formatter: ResultFormatter(language: .zh)))
    #expect(chart.signed && chart.style == .change)
    let values = chart.bars.compactMap(\.value)
    #expect(values == values.sorted())  // days: the biggest fall first
    #expect(chart.bars.allSatisfy { ($0.value ?? 0) == 0 || $0.better == (($0.value ?? 0) < 0) })
    let svg = chart.svg(title: "t")
    #expect(svg.contains("fill=\"\(BarChart.betterColour)\"") && svg.contains("fill=\"\(BarChart.worseColour)\""))
    #expect(svg.contains("改善(下降)") && svg.contains("退步(上升)") && svg.contains("按变化排序"))
    let rates = try #require(BarChart(try Samples.engine.answer("结案率 同比"), formatter: ResultFormatter(language: .zh)))
    let rateValues = rates.bars.compactMap(\.value)
    #expect(rateValues == rateValues.sorted(by: >))  // a rate: the biggest rise first
    #expect(rates.svg(title: "t").contains("改善(上升)"))
  }

  @Test("a range is a shaded band; the dots outside it are filled")
  func band() throws {
    let result = try Samples.ranged.answer("结案率 排名")
    let chart = try #require(BarChart(result, formatter: ResultFormatter(language: .zh)))
    #expect(chart.band == ReferenceRange(low: 95, high: 99))
    #expect(chart.bars.filter(\.outside).map(\.label) == ["通州法院"])
    let svg = chart.svg(title: "t")
    #expect(svg.contains("fill=\"\(BarChart.bandColour)\"") && svg.contains("阴影:区间参考值 [95, 99]"))
    #expect(svg.components(separatedBy: "fill=\"#fff\"").count - 1 == 9)
  }

  @Test("text from the data is escaped")
  func escaping() throws {
    let result = QueryResult(
      kind: .ranking, title: LocalizedText(en: "<b>&", zh: "<b>&"),
      columns: [
        ResultColumn(key: "court", header: LocalizedText(en: "court", zh: "法院"), isNumeric: false),
        ResultColumn(key: "value", header: LocalizedText(en: "v", zh: "v"), isNumeric: true),
      ],
      rows: [ResultRow(cells: [.text("<script>alert(1)</script>"), .integer(3)])], language: .en)
    let html = ResultHTML(formatter: ResultFormatter(language: .en)).document(result)
    #expect(!html.contains("<script>"))
    #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
    #expect(html.contains("<title>&lt;b&gt;&amp;</title>"))
  }

  @Test("hostile names cannot move the cursor, reverse a row, split a row or run HTML, in any format")
  func hostileNames() throws {
    let names = [
      "\u{1B}[2J\u{1B}]0;owned\u{07}西城", "OK\r\n| forged | row |", "\u{202E}法院城西", "<img src=x onerror=alert(1)>",
      String(repeating: "长", count: 100_000),
    ]
    let result = QueryResult(
      kind: .ranking, title: LocalizedText(en: "t", zh: "t"),
      columns: [
        ResultColumn(key: "court", header: LocalizedText(en: "court", zh: "法院"), isNumeric: false),
        ResultColumn(key: "value", header: LocalizedText(en: "v", zh: "v"), isNumeric: true),
      ],
      rows: names.enumerated().map { ResultRow(cells: [.text($1), .integer($0)]) }, language: .en)
    let formatter = ResultFormatter(language: .en, classification: "")
    for (format, text) in [("table", formatter.table(result)), ("markdown", formatter.markdown(result))] {
      let scalars = text.unicodeScalars
      #expect(!scalars.contains("\u{1B}") && !scalars.contains("\u{07}") && !scalars.contains("\r"), "\(format)")
      #expect(!scalars.contains("\u{202E}"), "\(format)")
      // One line per row: nothing in a name starts a new one.
      let rowLines = text.split(separator: "\n").filter { line in (0..<names.count).contains { line.contains(" \($0)") }
      }
      #expect(rowLines.count == names.count, "\(format): \(rowLines.count) row lines")
    }
    let table = formatter.table(result)
    #expect(table.contains("\\x1b[2J"), "a control character is shown, named")
    #expect(table.split(separator: "\n").allSatisfy { $0.count < 200 }, "a 100 KB name is cut to fit")
    let markdown = formatter.markdown(result)
    #expect(!markdown.contains("<img"))
    #expect(!markdown.contains("| forged |"), "a | in a name is escaped, not a new cell")
    #expect(markdown.contains("&lt;img src=x onerror=alert(1)&gt;"))
  }
}

@Suite("Report specs")
struct ReportSpecTests {
  func problem(_ text: String) -> String {
    do {
      _ = try ReportSpec(parsing: text, file: "r.toml")
      return "no error"
    } catch {
      return error.description
    }
  }

  @Test("errors name the file, line and key, and say what to write")
  func errors() {
    #expect(
      problem("date = \"2022-01-01\"\n") == "r.toml:1:1: error: the spec needs a title, e.g. title = \"2021年度排名通报\"")
    #expect(
      problem("title = \"t\"\nperiod = \"2021Q5\"\n[[section]]\nheading = \"h\"\nquery = \"q\"\n")
        == "r.toml:2:10: error: '2021Q5' is not a period; write e.g. \"2021\", \"2021Q4\", \"2021H1\" or \"2021年第四季度\"")
    #expect(
      problem("title = \"t\"\ncolour = \"red\"\n").hasPrefix("r.toml:2:10: error: unknown key 'colour'"))
    #expect(
      problem("title = \"t\"\n[[section]]\nheading = \"h\"\n")
        == "r.toml:2:1: error: each [[section]] needs heading = \"…\" and query = \"…\"")
    #expect(problem("title = \"t\"\n").hasPrefix("r.toml:1:1: error: the spec has no sections"))
    #expect(problem("title = \"t\"\nlanguage = \"fr\"\n").hasPrefix("r.toml:2:12: error: language must be"))
  }

  @Test("a section whose query has an error is named with its line, and the caret shows where")
  func badQuery() throws {
    let spec = try ReportSpec(
      parsing: "title = \"t\"\n\n[[section]]\nheading = \"结案\"\nquery = \"结按率 前三\"\n", file: "r.toml")
    let result = Result { () throws(MeetingPackError) in
      try MeetingPack(spec: spec, engine: Samples.engine, file: "r.toml")
    }
    guard case .failure(let error) = result else {
      Issue.record("a query with a misspelt metric was accepted")
      return
    }
    #expect(
      error.description.hasPrefix("r.toml:3: error: the query of section '结案' has an error:\n  结按率 前三\n  ^^^^^^"))
  }

  @Test("the pack's cover counts the courts the trust store expects, and names who is missing")
  func cover() throws {
    let spec = try ReportSpec(
      parsing: "title = \"t\"\nperiod = \"2021\"\n[[section]]\nheading = \"h\"\nquery = \"结案率 排名\"\n", file: "r.toml")
    let pack = try MeetingPack(
      spec: spec, engine: FormatTests.withoutDaxing2021, members: ["bj-xicheng", "bj-yanqing"], file: "r.toml")
    #expect(pack.cover.courts == 11)
    #expect(pack.cover.reported == 9)
    #expect(pack.cover.missing == ["大兴法院", "bj-yanqing"])
    #expect(pack.html().contains("11家法院中9家已报送;未报送:大兴法院、bj-yanqing"))
  }
}

@Suite("Provenance across bundles")
struct BundleProvenanceTests {
  @Test("a yearly figure built from quarters of two bundles names both, with their signer")
  func twoBundles() throws {
    let store = Samples.store("report-two") { _, _ in }
    let workspace = SampleBundles.workspace("xicheng")
    var q4 = workspace
    q4.measures = workspace.measures.filter { $0.value.period == .quarter(2021, 4) }
    q4.measures = q4.measures.map { row in
      var row = row
      // Ten fewer closed, ten more pending: the case balance still holds.
      if row.value.measure == "cases_closed" { row.value.value -= 10 }
      if row.value.measure == "cases_pending" { row.value.value += 10 }
      return row
    }
    let first = SampleBundles.bundle(workspace)
    let second = SampleBundles.bundle(q4, state: first.state)
    _ = try store.merge(
      try SampleBundles.verified(second), from: BundleSource(fileName: second.fileName, fileSHA256: ""))
    let result = try Samples.engine(store).answer("closure rate ranking in 2021")
    let xicheng = try #require(result.provenance.bundles.first { $0.court == "bj-xicheng" })
    #expect(xicheng.sequences == [1, 2])
    #expect(xicheng.signer == SampleBundles.key("bj-xicheng").publicKey.fingerprint)
    #expect(ResultFormatter(language: .en).table(result).contains("bundles: 9 courts #1; 西城法院 #1, #2"))
  }
}

@Suite("Health checks in every format")
struct HealthFormatTests {
  @Test("JSON: a summary cell is a number with its verdict code beside it; the ranges in the provenance")
  func json() throws {
    let result = try Samples.ranged.answer("体检 汇总 2021年")
    let object = try JSONSerialization.jsonObject(with: Data(ResultFormatter(language: .zh).json(result).utf8))
    let json = try #require(object as? [String: Any])
    let rows = try #require(json["rows"] as? [[String: Any]])
    let tongzhou = try #require(rows.first { $0["court_id"] as? String == "bj-tongzhou" })
    #expect(tongzhou["closure_rate"] as? Double == 94.64 && tongzhou["closure_rate_verdict"] as? String == "low")
    #expect(tongzhou["met"] as? Int == 7 && tongzhou["judged"] as? Int == 11)
    let provenance = try #require(json["provenance"] as? [String: Any])
    let ranges = try #require(provenance["reference_ranges"] as? [String: Any])
    #expect(ranges["sample"] as? Bool == true && ranges["version"] as? String == "2024.01")
    let check = try Samples.ranged.answer("西城法院 体检表 2021年")
    let card = try JSONSerialization.jsonObject(with: Data(ResultFormatter(language: .en).json(check).utf8))
    let first = try #require(((card as? [String: Any])?["rows"] as? [[String: Any]])?.first)
    #expect(first["verdict"] as? String == "met" && first["value"] as? Double == 95.57 && first["rank"] as? Int == 4)
  }

  @Test("terminal, CSV and Markdown say sample ranges and carry every verdict")
  func text() throws {
    let result = try Samples.ranged.answer("closure rate outside range")
    let formatter = ResultFormatter(language: .en)
    for output in [formatter.table(result), formatter.csv(result), formatter.markdown(result)] {
      #expect(output.contains("sample ranges"), "\(output)")
      #expect(output.contains("too low") && output.contains("通州法院"))
    }
    let chinese = ResultFormatter(language: .zh).table(try Samples.ranged.answer("体检 汇总"))
    #expect(chinese.contains("示例区间") && chinese.contains("94.64 偏低"))
  }
}
