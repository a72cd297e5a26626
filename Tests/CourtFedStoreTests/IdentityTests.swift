import CourtFedBundle
import CourtFedModel
import CourtFedWorkspace
import Foundation
import GRDB
import TestSupport
import Testing

@testable import CourtFedStore

/// Issue 16, "identity": a court's names are pinned at its first merge, a change is merged
/// only with --accept-rename and recorded, and two courts never share a name. The names come
/// from the sample workspaces' court.toml files.
@Suite("Court names: pinned, renamed on purpose, never shared")
struct IdentityTests {
  /// A court's sample workspace with its profile changed.
  func workspace(_ folder: String, _ change: (inout Court) -> Void) -> Workspace {
    var workspace = SampleBundles.workspace(folder)
    change(&workspace.court)
    return workspace
  }

  @Test(
    "a second bundle that changes the short name is refused, changing nothing; --accept-rename merges and records it")
  func rename() throws {
    let store = try temporaryStore()
    let first = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    let renamed = SampleBundles.bundle(workspace("xicheng") { $0.shortName = "西城区法院" }, state: first.state)
    let before = fileBytes(store.url)
    let change = NameChange(field: "short_name", old: "西城法院", new: "西城区法院")
    #expect(throws: StoreError.renamed(court: "bj-xicheng", changes: [change])) {
      try store.merge(try SampleBundles.verified(renamed), from: source(renamed))
    }
    #expect(
      StoreError.renamed(court: "bj-xicheng", changes: [change]).message
        == "bj-xicheng calls itself short_name '西城区法院' (was '西城法院'); a court's names are pinned at its first merge: if the court was really renamed, merge again with --accept-rename (the change is recorded)"
    )
    #expect(fileBytes(store.url) == before)
    // A dry run finds it too.
    #expect(throws: StoreError.renamed(court: "bj-xicheng", changes: [change])) {
      try store.merge(try SampleBundles.verified(renamed), from: source(renamed), options: MergeOptions(dryRun: true))
    }

    let options = MergeOptions(acceptRename: true, now: Date(timeIntervalSince1970: 1_796_083_200))
    guard
      case .merged(let summary) = try store.merge(
        try SampleBundles.verified(renamed), from: source(renamed), options: options)
    else { return #expect(Bool(false)) }
    #expect(summary.renamed == [change])
    // Read back with the sqlite3 tool.
    let rows = try CommandRunner.tool(
      "sqlite3",
      [
        store.url.path,
        "SELECT r.court, b.sequence, r.field, r.old_value, r.new_value, r.renamed_at FROM court_renames r JOIN bundles b ON b.id = r.bundle; SELECT short_name FROM courts",
      ])
    #expect(rows.stdout == "bj-xicheng|2|short_name|西城法院|西城区法院|2026-12-01T00:00:00Z\n西城区法院\n")
    #expect(try store.renames().map(\.change) == [change])
  }

  @Test("every name is pinned: full name, English name and region, each change listed")
  func allNames() throws {
    let store = try temporaryStore()
    let first = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    let renamed = SampleBundles.bundle(
      workspace("xicheng") {
        $0.name = "北京市西城区新法院"
        $0.englishName = nil
        $0.region = "东城区"
      }, state: first.state)
    #expect(
      throws: StoreError.renamed(
        court: "bj-xicheng",
        changes: [
          NameChange(field: "name", old: "北京市西城区人民法院", new: "北京市西城区新法院"),
          NameChange(field: "english_name", old: "Xicheng District People's Court of Beijing", new: nil),
          NameChange(field: "region", old: "西城区", new: "东城区"),
        ])
    ) {
      try store.merge(try SampleBundles.verified(renamed), from: source(renamed))
    }
  }

  @Test("a court calling itself 海淀法院 / 北京市海淀区人民法院 beside Haidian is refused, new or renamed")
  func sharedNames() throws {
    let store = try temporaryStore()
    let haidian = SampleBundles.bundle(SampleBundles.workspace("haidian"))
    _ = try store.merge(try SampleBundles.verified(haidian), from: source(haidian))
    let impostor = SampleBundles.bundle(workspace("fengtai") { $0.shortName = "海淀法院" })
    #expect(
      throws: StoreError.nameTaken(court: "bj-fengtai", field: "short_name", name: "海淀法院", owner: "bj-haidian")
    ) {
      try store.merge(try SampleBundles.verified(impostor), from: source(impostor))
    }
    let fullName = SampleBundles.bundle(workspace("fengtai") { $0.name = "北京市海淀区人民法院" })
    #expect(
      throws: StoreError.nameTaken(court: "bj-fengtai", field: "name", name: "北京市海淀区人民法院", owner: "bj-haidian")
    ) {
      try store.merge(try SampleBundles.verified(fullName), from: source(fullName))
    }
    // Fengtai as itself merges; renaming itself to Haidian's short name is refused even with
    // --accept-rename.
    let fengtai = SampleBundles.bundle(SampleBundles.workspace("fengtai"))
    _ = try store.merge(try SampleBundles.verified(fengtai), from: source(fengtai))
    let rename = SampleBundles.bundle(workspace("fengtai") { $0.shortName = "海淀法院" }, state: fengtai.state)
    #expect(
      throws: StoreError.nameTaken(court: "bj-fengtai", field: "short_name", name: "海淀法院", owner: "bj-haidian")
    ) {
      try store.merge(
        try SampleBundles.verified(rename), from: source(rename), options: MergeOptions(acceptRename: true))
    }
    let names = try CommandRunner.tool("sqlite3", [store.url.path, "SELECT short_name FROM courts ORDER BY id"])
    #expect(names.stdout == "丰台法院\n海淀法院\n")
  }
}
