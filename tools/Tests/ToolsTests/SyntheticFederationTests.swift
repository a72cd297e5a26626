import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedStore
import CourtFedWorkspace
import Foundation
import SyntheticFederation
import Testing

/// The benchmarks' synthetic federation is only useful if it is valid data.
@Suite("Synthetic federation")
struct SyntheticFederationTests {
  @Test("a city-size federation: every bundle verifies, merges, and answers queries")
  func city() throws {
    let federation = SyntheticFederation(.city, seed: 7)
    #expect(federation.courts.count == 20)
    #expect(federation.courts.filter { $0.level == .intermediate }.count == 1)
    #expect(federation.courts.filter { $0.level == .basic }.allSatisfy { $0.parent == federation.courts[0].id })
    let trust = try federation.trust(at: ToolsPaths.temporaryDirectory("synthetic").appendingPathComponent("allowed"))
    let verifier = BundleVerifier(trust: trust)
    let store = try CourtStore(
      url: ToolsPaths.temporaryDirectory("synthetic").appendingPathComponent("city.sqlite"))
    var rows = 0
    for index in federation.courts.indices {
      let bundle = federation.bundle(index)
      // The same seed makes the same bytes.
      #expect(bundle.data == federation.bundle(index).data)
      let verified = try verifier.verify(bundle.data)
      rows += verified.tables.measures.count
      _ = try store.merge(verified, from: BundleSource(fileName: bundle.fileName, fileSHA256: bundle.manifestSHA256))
    }
    #expect(rows == 20 * (5 * 12 * 29 + 5 * 4 + 5))
    let engine = QueryEngine(reader: try StoreReader(url: store.url))
    let ranking = try engine.answer("closure rate top 3 in 2025")
    #expect(ranking.rows.count >= 3)
    #expect(ranking.provenance.courtsReporting == 20)
    // A year from twelve months: the stored roll-up is the sum of the months.
    // Read back with the sqlite3 tool, not the store.
    let months = try ToolsPaths.sqlite(
      store.url,
      "SELECT SUM(value) FROM measure_values WHERE court = 'syn-0002' AND measure = 'cases_new' AND year = 2024")
    let year = try ToolsPaths.sqlite(
      store.url,
      "SELECT value FROM rolled_values WHERE court = 'syn-0002' AND measure = 'cases_new' AND period = '2024'")
    #expect(!months.isEmpty)
    #expect(months == year)
  }

  @Test("written out as workspaces, the generated courts pass `validate`: every rule, no warnings")
  func validates() throws {
    let federation = SyntheticFederation(.city, seed: 7)
    let root = ToolsPaths.temporaryDirectory("synthetic-workspaces")
    defer { try? FileManager.default.removeItem(at: root) }
    for index in [0, 1, 19] {
      let workspace = federation.workspace(index)
      var contents = WorkspaceWriter.Contents(court: workspace.court)
      contents.measures = workspace.measures.map { ($0.value.period, $0.value.measure, $0.value.value) }
      contents.branches = workspace.branches.map(\.value)
      contents.groups = workspace.groups.map(\.value)
      contents.groupScores = workspace.groupScores.map(\.value)
      contents.branchRatings = workspace.branchRatings.map(\.value)
      let folder = root.appendingPathComponent(workspace.court.id)
      try WorkspaceWriter(language: .zh).create(contents, at: folder, catalog: .standard)
      let report = WorkspaceLoader().load(folder)
      #expect(report.isValid)
      #expect(report.diagnostics.isEmpty, "\(report.diagnostics.prefix(3))")
    }
  }
}
