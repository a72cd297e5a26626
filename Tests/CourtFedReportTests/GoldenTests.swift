import CourtFedModel
import CourtFedQuery
import CourtFedReport
import Foundation
import TestSupport
import Testing

/// Every format of a few results against files checked by eye and kept in Golden/; after a
/// deliberate change, re-record them with `COURTFED_RECORD_GOLDEN=1 swift test --filter Golden`
/// and read the diff.
@Suite("Golden files")
struct GoldenTests {
  static let cases: [(name: String, query: String)] = [
    ("versus-en", "clearance rate vs average"),
    ("ranking-zh", "结案率 前三"),
    ("change-zh", "平均审理天数 同比"),
    ("groups-zh", "党小组 得分 前五"),
  ]

  @Test("each format of each result matches its golden file", arguments: cases)
  func formats(_ name: String, _ query: String) throws {
    let result = try Samples.engine.answer(query)
    let formatter = ResultFormatter(language: result.language)
    let outputs: [(String, String)] = [
      ("txt", formatter.table(result) + "\n"),
      ("csv", ResultFormatter(language: result.language, excel: true).csv(result)),
      ("md", formatter.markdown(result)),
      ("json", formatter.json(result)),
      ("html", ResultHTML(formatter: formatter).document(result)),
    ]
    for (ext, text) in outputs {
      #expect(try matchesGolden(text, "\(name).\(ext)"), "\(name).\(ext) differs from its golden file")
    }
  }

  @Test("the sample meeting pack matches its golden files (HTML and Markdown)")
  func pack() throws {
    let specURL = ProjectPaths.bundles.appendingPathComponent("report.toml")
    let spec = try ReportSpec(parsing: try String(contentsOf: specURL, encoding: .utf8), file: "bundles/report.toml")
    #expect(spec.ranges == "ranges.toml")
    let pack = try MeetingPack(spec: spec, engine: Samples.ranged, file: "bundles/report.toml")
    #expect(try matchesGolden(pack.html(), "pack.html"))
    #expect(try matchesGolden(pack.markdown(), "pack.md"))
  }
}
