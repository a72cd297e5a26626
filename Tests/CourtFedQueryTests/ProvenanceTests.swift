import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedStore
import Foundation
import TestSupport
import Testing

/// An engine kept open (the local web page's) keeps the bundle records it has read; a merge
/// in between must still show in its next answer's provenance.
@Suite("Provenance across merges")
struct ProvenanceTests {
  /// Each court's bundles behind `measure` in `period`, and the signer of its latest, as
  /// `court|sequences|signer` lines: read with the sqlite3 tool.
  func expectedUses(_ store: CourtStore, measure: String, period: String) throws -> [String] {
    let answer = try CommandRunner.tool(
      "sqlite3",
      [
        store.url.path,
        """
        SELECT v.court, group_concat(b.sequence, ','), l.signer_fingerprint
        FROM measure_values v JOIN bundles b ON b.id = v.bundle
        JOIN bundles l ON l.court = v.court
          AND l.sequence = (SELECT MAX(x.sequence) FROM measure_values y JOIN bundles x ON x.id = y.bundle
                            WHERE y.court = v.court AND y.measure = v.measure AND y.period = v.period)
        WHERE v.measure = '\(measure)' AND v.period = '\(period)'
        GROUP BY v.court ORDER BY v.court;
        """,
      ])
    #expect(answer.stderr.isEmpty, "\(answer.stderr)")
    return answer.stdout.split(separator: "\n").map(String.init)
  }

  func uses(_ result: QueryResult) -> [String] {
    result.provenance.bundles.map { "\($0.court)|\($0.sequences.map(String.init).joined(separator: ","))|\($0.signer)" }
  }

  @Test("a court merged after an engine's last answer is in its next answer's provenance, as sqlite3 reads it")
  func courtMergedLater() throws {
    let url = ProjectPaths.temporaryDirectory("provenance-after-merge").appendingPathComponent("city.sqlite")
    let store = try CourtStore(url: url)
    func merge(_ folder: String) throws {
      let bundle = SampleBundles.bundle(SampleBundles.workspace(folder))
      _ = try store.merge(
        try SampleBundles.verified(bundle), from: BundleSource(fileName: bundle.fileName, fileSHA256: ""))
    }
    let last = try #require(SampleBundles.courts.last)
    for folder in SampleBundles.courts.dropLast() { try merge(folder) }
    let engine = Federation.engine(store)
    let question = "cases closed 2021Q4"
    let before = try engine.answer(question)
    #expect(uses(before) == (try expectedUses(store, measure: "cases_closed", period: "2021Q4")))
    #expect(!before.provenance.bundles.contains { $0.court == "bj-\(last)" })

    try merge(last)
    let after = try engine.answer(question)
    let expected = try expectedUses(store, measure: "cases_closed", period: "2021Q4")
    #expect(expected.contains { $0.hasPrefix("bj-\(last)|") })
    #expect(uses(after) == expected)
  }
}
