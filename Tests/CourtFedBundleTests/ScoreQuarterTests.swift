import CourtFedModel
import CourtFedWorkspace
import Foundation
import TestSupport
import Testing

@testable import CourtFedBundle

/// A bundle of changes carries the quarters of group scores that changed since the court's
/// last export (Specs/bundle-format.md, "What a bundle carries"); a full snapshot, or a state
/// that kept no hashes of the scores, carries them whole.
@Suite("Group scores by quarter in a bundle of changes")
struct ScoreQuarterTests {
  let workspace = BundleForge.workspace
  var first: ExportedBundle {
    BundleWriter.make(workspace, key: TestKeys.xicheng, state: nil, now: BundleForge.now)
  }

  func changes(_ edited: Workspace, state: ExportState) throws -> ExportedBundle {
    try #require(BundleWriter.makeChanges(edited, key: TestKeys.xicheng, state: state, now: BundleForge.now))
  }

  /// The group_scores member's row count, as the manifest declares it.
  func scoreRows(_ bundle: ExportedBundle) -> Int { bundle.manifest.resources[3].rows }

  @Test("one corrected score: its quarter alone, with every row of that quarter and no measure period")
  func oneQuarter() throws {
    var edited = workspace
    let quarter = Period.quarter(2021, 3)
    let index = try #require(edited.groupScores.firstIndex { $0.value.period == quarter })
    edited.groupScores[index].value.bonus = edited.groupScores[index].value.bonus == 0 ? 0.5 : 0
    let bundle = try changes(edited, state: first.state)
    #expect(bundle.manifest.scoreQuarters == [quarter])
    #expect(bundle.manifest.periods == [])
    #expect(scoreRows(bundle) == edited.groupScores.filter { $0.value.period == quarter }.count)
    #expect(scoreRows(bundle) > 1)
    let verified = try BundleForge.verifier().verify(bundle.data)
    #expect(Set(verified.tables.groupScores.map(\.period)) == [quarter])
  }

  @Test("scores unchanged (a branch's members changed): no quarter listed, no score rows, the branches whole")
  func noQuarter() throws {
    var edited = workspace
    edited.branches[0].value.memberCount += 1
    let bundle = try changes(edited, state: first.state)
    #expect(bundle.manifest.scoreQuarters == [])
    #expect(scoreRows(bundle) == 0)
    #expect(bundle.manifest.resources[1].rows == workspace.branches.count)
  }

  @Test("a quarter whose scores were all deleted is listed with no rows")
  func goneQuarter() throws {
    var edited = workspace
    let quarter = Period.quarter(2020, 1)
    edited.groupScores.removeAll { $0.value.period == quarter }
    let bundle = try changes(edited, state: first.state)
    #expect(bundle.manifest.scoreQuarters == [quarter])
    #expect(scoreRows(bundle) == 0)
  }

  @Test("a state without score hashes, and export --all, carry the scores whole (no score_quarters)")
  func whole() throws {
    var edited = workspace
    edited.groupScores[0].value.basic = edited.groupScores[0].value.basic == 80 ? 81 : 80
    var older = first.state
    older.scoreSHA256 = nil
    let fromOlder = try changes(edited, state: older)
    #expect(fromOlder.manifest.scoreQuarters == nil)
    #expect(scoreRows(fromOlder) == workspace.groupScores.count)
    let all = BundleWriter.make(edited, key: TestKeys.xicheng, state: first.state, now: BundleForge.now)
    #expect(all.manifest.scoreQuarters == nil)
    #expect(scoreRows(all) == workspace.groupScores.count)
    #expect(!String(decoding: all.manifest.canonicalBytes, as: UTF8.self).contains("score_quarters"))
  }

  @Test("the export state keeps each quarter's hash through save and load; an older state reads as none kept")
  func stateRoundTrip() throws {
    let folder = ProjectPaths.temporaryDirectory("score-state")
    defer { try? FileManager.default.removeItem(at: folder) }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    var state = first.state
    #expect(state.scoreSHA256?.count == Set(workspace.groupScores.map(\.value.period)).count)
    try state.save(in: folder)
    #expect(try ExportState.load(from: folder) == state)
    state.scoreSHA256 = [:]
    try state.save(in: folder)
    #expect(try ExportState.load(from: folder)?.scoreSHA256 == [:])
    state.scoreSHA256 = nil
    try state.save(in: folder)
    let text = try String(contentsOf: folder.appendingPathComponent(ExportState.fileName), encoding: .utf8)
    #expect(!text.contains("[score_quarters]"))
    #expect(try ExportState.load(from: folder)?.scoreSHA256 == nil)
  }
}

/// The export state's period hashes, as Specs/bundle-format.md defines them: the period's
/// measure rows sorted by key, each hashed as key, NUL, the value as written in the bundle,
/// LF. Courts keep these in their workspaces, so they must not change from one CourtFed to the
/// next, whatever order the rows come in.
@Suite("Export state period hashes")
struct PeriodHashTests {
  @Test("each period's hash is the spec's, with the workspace's rows in any order (seeded shuffles)")
  func periodHashesFollowTheSpec() {
    let seed = SplitMix.seed("period hashes", fallback: 31)
    var rng = SplitMix(seed: seed)
    var workspace = BundleForge.workspace
    var expected: [Period: String] = [:]
    for period in Set(workspace.measures.map(\.value.period)) {
      var bytes: [UInt8] = []
      let rows = workspace.measures.map(\.value).filter { $0.period == period }.sorted { $0.measure < $1.measure }
      for row in rows {
        bytes += Array(row.measure.utf8) + [0] + Array(MeasureValue.format(row.value).utf8) + [10]
      }
      expected[period] = SHA256Shim.hash(Data(bytes)).map { String(format: "%02x", $0) }.joined()
    }
    #expect(expected.count > 5)
    for round in 0..<5 {
      // A seeded shuffle (Fisher-Yates with the test's generator).
      for index in stride(from: workspace.measures.count - 1, to: 0, by: -1) {
        workspace.measures.swapAt(index, rng.int(0...index))
      }
      let state = BundleWriter.make(workspace, key: TestKeys.xicheng, state: nil, now: BundleForge.now).state
      #expect(state.periodSHA256 == expected, "seed \(seed), round \(round)")
    }
  }
}
