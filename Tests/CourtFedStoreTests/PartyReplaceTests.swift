import CourtFedBundle
import CourtFedModel
import CourtFedStore
import CourtFedWorkspace
import Foundation
import TestSupport
import Testing

/// Every bundle carries the party tables whole; a table whose rows did not change is left as
/// it is (its rows keep the bundle that delivered them), a changed one is replaced.
@Suite("Party tables in a bundle of changes")
struct PartyReplaceTests {
  /// Xicheng's sample bundle merged into a new store, then a bundle of its changes: 2021Q4's
  /// cases closed corrected and `edit` applied to the workspace. With `wholeScores`, the
  /// second bundle is made from a state that kept no hashes of the scores (as an older
  /// CourtFed wrote it), so it carries them whole and the merge compares them with the store.
  func mergeTwice(wholeScores: Bool = false, _ edit: (inout Workspace) -> Void) throws -> (
    store: CourtStore, changed: Workspace, second: ExportedBundle
  ) {
    let store = try temporaryStore()
    let workspace = SampleBundles.workspace("xicheng")
    let first = SampleBundles.bundle(workspace)
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    var changed = edited(workspace, change: ("cases_closed", .quarter(2021, 4), 11601))
    edit(&changed)
    var state = first.state
    if wholeScores { state.scoreSHA256 = nil }
    let second = try #require(
      BundleWriter.makeChanges(changed, key: SampleBundles.key("bj-xicheng"), state: state, now: SampleBundles.created))
    #expect((second.manifest.scoreQuarters == nil) == wholeScores)
    _ = try store.merge(try SampleBundles.verified(second), from: source(second))
    return (store, changed, second)
  }

  @Test(
    "unchanged party tables keep their bundle; a changed branch table is replaced; scores by quarter or whole (sqlite3)",
    arguments: [false, true])
  func unchangedTablesStay(wholeScores: Bool) throws {
    // The second bundle: 2021Q4's cases closed corrected, and one branch renamed.
    let (store, changed, bundle) = try mergeTwice(wholeScores: wholeScores) {
      $0.branches[0].value.name = "改名后的党支部"
    }
    #expect(bundle.manifest.periods == [.quarter(2021, 4)])
    let answer = try CommandRunner.tool(
      "sqlite3",
      [
        store.url.path,
        """
        SELECT 'branches', bundle, COUNT(*) FROM branches GROUP BY bundle;
        SELECT 'groups', bundle, COUNT(*) FROM party_groups GROUP BY bundle;
        SELECT 'scores', bundle, COUNT(*) FROM group_scores GROUP BY bundle;
        SELECT 'ratings', bundle, COUNT(*) FROM branch_ratings GROUP BY bundle;
        SELECT name FROM branches WHERE id = '\(changed.branches[0].value.id)';
        SELECT period, bundle FROM measure_values WHERE measure = 'cases_closed' AND period IN ('2021Q3', '2021Q4');
        """,
      ])
    #expect(
      answer.stdout == """
        branches|2|4
        groups|1|7
        scores|1|56
        ratings|1|8
        改名后的党支部
        2021Q3|1
        2021Q4|2

        """, "\(answer.stderr)")
  }

  /// One column of one table changed in the workspace, and the table that must be replaced.
  static let oneColumnChanges: [(table: String, edit: @Sendable (inout Workspace) -> Void)] = [
    ("branches", { $0.branches[0].value.memberCount += 1 }),
    ("branches", { $0.branches[0].value.brand = $0.branches[0].value.brand == nil ? "新品牌" : nil }),
    ("party_groups", { $0.groups[0].value.leaderAge += 1 }),
    ("party_groups", { $0.groups[0].value.team += "二" }),
    ("group_scores", { $0.groupScores[0].value.bonus += 0.5 }),
    ("group_scores", { $0.groupScores[$0.groupScores.count - 1].value.deduction += 0.5 }),
    ("branch_ratings", { $0.branchRatings[0].value.stars = $0.branchRatings[0].value.stars == 5 ? 4 : 5 }),
  ]

  /// The comparison reads each column through SQLite's C API by its type (text, NULL, whole
  /// number, real number): a change to any one column must be seen.
  @Test(
    "a change to one column (text, NULL, integer, real) replaces that table and no other, scores whole or by quarter (sqlite3)",
    arguments: [false, true])
  func oneColumnChangeIsSeen(wholeScores: Bool) throws {
    for (number, change) in Self.oneColumnChanges.enumerated() {
      let (store, _, _) = try mergeTwice(wholeScores: wholeScores, change.edit)
      let answer = try CommandRunner.tool(
        "sqlite3",
        [
          store.url.path,
          """
          SELECT 'branches', MAX(bundle) FROM branches;
          SELECT 'party_groups', MAX(bundle) FROM party_groups;
          SELECT 'group_scores', MAX(bundle) FROM group_scores;
          SELECT 'branch_ratings', MAX(bundle) FROM branch_ratings;
          """,
        ])
      let expected = ["branches", "party_groups", "group_scores", "branch_ratings"].map {
        "\($0)|\($0 == change.table ? 2 : 1)\n"
      }.joined()
      #expect(answer.stdout == expected, "change \(number) to \(change.table): \(answer.stdout)\(answer.stderr)")
    }
  }

  /// The store's readers rely on this: a score is read without joining its group (and the
  /// group's branch), so a later bundle that drops a branch must take its groups and their
  /// scores with it.
  @Test("a bundle dropping a branch leaves no group without its branch and no score without its group (sqlite3)")
  func droppedBranchTakesItsGroups() throws {
    var dropped = ""
    var droppedGroups = Set<String>()
    let (store, changed, _) = try mergeTwice { workspace in
      dropped = workspace.branches.removeFirst().value.id
      droppedGroups = Set(workspace.groups.filter { $0.value.branchID == dropped }.map(\.value.id))
      workspace.groups.removeAll { droppedGroups.contains($0.value.id) }
      workspace.groupScores.removeAll { droppedGroups.contains($0.value.groupID) }
      workspace.branchRatings.removeAll { $0.value.branchID == dropped }
    }
    #expect(!droppedGroups.isEmpty)
    let answer = try CommandRunner.tool(
      "sqlite3",
      [
        store.url.path,
        """
        SELECT COUNT(*) FROM group_scores s LEFT JOIN party_groups g ON g.court = s.court AND g.id = s.group_id
          WHERE g.id IS NULL;
        SELECT COUNT(*) FROM party_groups g LEFT JOIN branches b ON b.court = g.court AND b.id = g.branch
          WHERE b.id IS NULL;
        SELECT COUNT(*) FROM branches WHERE id = '\(dropped)';
        SELECT COUNT(*) FROM group_scores;
        """,
      ])
    let counts = answer.stdout.split(separator: "\n").map { Int($0) }
    #expect(counts.prefix(3) == [0, 0, 0], "\(answer.stdout)\(answer.stderr)")
    #expect(counts.count == 4 && counts[3] == changed.groupScores.count, "\(answer.stdout)")
  }

  /// A bundle of changes lists the quarters of scores it carries; a group it no longer has
  /// must take its scores of the quarters it does not list with it. An export never leaves
  /// such scores (a dropped group's scores change their quarters), so the bundle is made from
  /// a state whose score hashes already match the new workspace, as a restored or edited
  /// export-state.toml would.
  @Test("a group dropped in a bundle listing no score quarters takes all its scores with it (sqlite3)")
  func droppedGroupWithoutQuarters() throws {
    let store = try temporaryStore()
    let workspace = SampleBundles.workspace("xicheng")
    let first = SampleBundles.bundle(workspace)
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    var changed = workspace
    let dropped = changed.groups.removeLast().value.id
    changed.groupScores.removeAll { $0.value.groupID == dropped }
    let key = SampleBundles.key("bj-xicheng")
    let honest = try #require(
      BundleWriter.makeChanges(changed, key: key, state: first.state, now: SampleBundles.created))
    #expect(honest.manifest.scoreQuarters?.isEmpty == false)
    var doctored = first.state
    doctored.scoreSHA256 = honest.state.scoreSHA256
    let second = try #require(BundleWriter.makeChanges(changed, key: key, state: doctored, now: SampleBundles.created))
    #expect(second.manifest.scoreQuarters == [])
    _ = try store.merge(try SampleBundles.verified(second), from: source(second))
    let answer = try CommandRunner.tool(
      "sqlite3",
      [
        store.url.path,
        """
        SELECT COUNT(*) FROM group_scores WHERE group_id = '\(dropped)';
        SELECT COUNT(*) FROM group_scores;
        """,
      ])
    #expect(answer.stdout == "0\n\(changed.groupScores.count)\n", "\(answer.stderr)")
  }
}
