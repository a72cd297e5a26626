import CourtFedModel
import CourtFedQuery
import CourtFedReport
import Foundation
import Testing

/// Trends in HTML and in meeting packs (issue 14): a line per court, the city as a dashed
/// reference line, labels that never overprint each other.
@Suite("Trend charts and sections")
struct TrendChartTests {
  @Test("one court: one line with every point labelled, the city as a dashed line with its figure")
  func oneCourt() throws {
    let result = try Samples.engine.answer("西城 结案率 历年")
    let chart = try #require(LineChart(result, formatter: ResultFormatter(language: .zh)))
    #expect(chart.periods == ["2020年", "2021年"])
    #expect(chart.series.map(\.label) == ["西城法院"])
    #expect(chart.series[0].texts == ["96.50", "95.57"])
    #expect(chart.city?.label == "全市")
    let svg = chart.svg(title: "t")
    // Each point labelled: the last at the line's end with the court's name, not twice.
    #expect(svg.contains(">96.50</text>") && svg.contains(">西城法院 95.57</text>"))
    #expect(!svg.contains(">95.57</text>"))
    #expect(svg.contains(">全市 95.51</text>"))
    #expect(svg.contains("stroke-dasharray"))
    #expect(svg.contains("纵轴不从0开始"))
    #expect(BarChart(result, formatter: ResultFormatter(language: .zh)) == nil)
    let html = ResultHTML(formatter: ResultFormatter(language: .zh)).document(result)
    #expect(html.contains("<path d=\"M"))
  }

  @Test("several courts: labelled line ends at least a line apart, inside the chart")
  func severalCourts() throws {
    let result = try Samples.engine.answer("结案率 2021年 各季度")
    let chart = try #require(LineChart(result, formatter: ResultFormatter(language: .zh)))
    #expect(chart.series.count == 10)
    let svg = chart.svg(title: "t")
    // The end labels: court name and last value, each at its own height.
    let ends = svg.split(separator: "\n").filter { $0.contains("font-size=\"11\" fill=") && $0.contains("法院 ") }
    #expect(ends.count == 10)
    let heights = ends.compactMap { line -> Double? in
      guard let range = line.range(of: "y=\"") else { return nil }
      return Double(line[range.upperBound...].prefix { $0 != "\"" })
    }.sorted()
    #expect(zip(heights, heights.dropFirst()).allSatisfy { $1 - $0 >= 12.9 }, "\(heights)")
  }

  @Test("more courts than the chart draws: the caption names the courts drawn and sends the rest to the table")
  func manyCourts() throws {
    var result = try Samples.engine.answer("结案率 2021年 各季度")
    // Ten more courts with nearly equal figures, so that every line ends at the same height.
    let template = try #require(result.rows.first)
    for index in 1...10 {
      var row = template
      row.cells = row.cells.map { cell in
        if case .court = cell { return .court(CourtName(id: "x-\(index)", name: "测试\(index)法院")) }
        if case .number(_, let precision) = cell { return .number(86 + Double(index) / 100, precision: precision) }
        return cell
      }
      result.rows.append(row)
    }
    let chart = try #require(LineChart(result, formatter: ResultFormatter(language: .zh)))
    #expect(chart.series.count == LineChart.maximumLines && chart.omitted == 20 - LineChart.maximumLines)
    let svg = chart.svg(title: "t")
    let ends = svg.split(separator: "\n").filter { $0.contains("font-size=\"11\" fill=") }
    #expect(ends.count == LineChart.maximumLines + 1)  // and the city's
    let heights = ends.compactMap { line -> Double? in
      guard let range = line.range(of: "y=\"") else { return nil }
      return Double(line[range.upperBound...].prefix { $0 != "\"" })
    }.sorted()
    #expect(zip(heights, heights.dropFirst()).allSatisfy { $1 - $0 >= 12.9 }, "\(heights)")
    #expect(heights.allSatisfy { $0 >= 11 && $0 <= 276 }, "\(heights)")
    let drawn = result.rows.prefix(LineChart.maximumLines).compactMap { $0.court?.name }
    let chinese = ResultHTML(formatter: ResultFormatter(language: .zh)).document(result)
    #expect(chinese.contains("<figcaption>图中画出表中前12家法院:\(drawn.joined(separator: "、"));另有8家未画出,见下表</figcaption>"))
    let english = ResultHTML(formatter: ResultFormatter(language: .en)).document(result)
    #expect(
      english.contains("the chart draws the table&#39;s first 12 courts: \(drawn.joined(separator: ", ")); 8 more"))
    // Every court is in the table, drawn or not.
    for index in 1...10 { #expect(chinese.contains("<td>测试\(index)法院</td>")) }
  }

  @Test("labels are spread apart and kept inside the range")
  func spread() {
    let placed = LineChart.spread([100, 101, 102, 300], gap: 13, range: 0...200)
    #expect(placed == [100, 113, 126, 200])
    let pushed = LineChart.spread([195, 196, 197], gap: 13, range: 0...200)
    #expect(pushed == [174, 187, 200])
  }

  @Test("a meeting pack takes trend sections: by year over every year, by quarter over the pack's year")
  func packSections() throws {
    let spec = try ReportSpec(
      parsing: """
        title = "t"
        period = "2021"
        [[section]]
        heading = "历年"
        query = "西城 结案率 历年"
        [[section]]
        heading = "各季度"
        query = "结案率 各季度"
        """, file: "r.toml")
    let pack = try MeetingPack(spec: spec, engine: Samples.engine, members: [], file: "r.toml")
    #expect(pack.sections[0].result.columns.map(\.key) == ["court", "2020", "2021"])
    #expect(pack.sections[1].result.columns.map(\.key) == ["court", "2021Q1", "2021Q2", "2021Q3", "2021Q4"])
    #expect(pack.html().components(separatedBy: "<path d=").count - 1 >= 2)
  }
}
