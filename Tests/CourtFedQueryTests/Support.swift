import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedStore
import CourtFedWorkspace
import Foundation
import GRDB
import TestSupport

/// The sample federation merged into one store, shared by the tests.
enum Federation {
  static let store = merged(in: "query")

  /// The day the tests stand on: after every sample period has ended.
  static let today = ISO8601DateFormatter().date(from: "2026-12-01T02:00:00Z")!

  /// A new store in a temporary folder named `name`, with every sample court merged, each
  /// workspace first changed by `edit`.
  static func merged(in name: String, editing edit: (String, inout Workspace) -> Void = { _, _ in })
    -> CourtStore
  {
    let url = ProjectPaths.temporaryDirectory(name).appendingPathComponent("city.sqlite")
    let store = try! CourtStore(url: url)
    for folder in SampleBundles.courts {
      var workspace = SampleBundles.workspace(folder)
      edit(folder, &workspace)
      let bundle = SampleBundles.bundle(workspace)
      _ = try! store.merge(
        try! SampleBundles.verified(bundle), from: BundleSource(fileName: bundle.fileName, fileSHA256: ""))
    }
    return store
  }

  static let engine = Federation.engine(store)

  /// The sample reference ranges shipped with the samples (`bundles/ranges.toml`).
  static let sampleRanges = try! ReferenceRanges.load(
    ProjectPaths.bundles.appendingPathComponent("ranges.toml"), catalog: .standard)!

  /// The engine judging by the sample ranges: the spec's examples are answered with it.
  static let ranged = Federation.engine(store, ranges: sampleRanges)

  /// A read-only engine over `store`'s file, standing on `today`.
  static func engine(
    _ store: CourtStore, now: Date = today, revokedSigners: Set<String> = [], excludeRevoked: Bool = false,
    ranges: ReferenceRanges? = nil
  ) -> QueryEngine {
    QueryEngine(
      reader: try! StoreReader(url: store.url), now: now, revokedSigners: revokedSigners,
      excludeRevoked: excludeRevoked, ranges: ranges, rangesLocation: "city/ranges.toml")
  }

  /// Changes the stored rows of `store` with `sql`, then reopens it for writing so the roll-ups
  /// are rebuilt (the edit marks the catalog as changed), and returns a reader's engine.
  static func edited(_ store: CourtStore, _ sql: String, now: Date = today) throws -> QueryEngine {
    let queue = try DatabaseQueue(path: store.url.path)
    try queue.write { db in
      try db.execute(sql: sql)
      try db.execute(sql: "UPDATE meta SET value = 'older' WHERE key = 'catalog_version'")
    }
    try queue.close()
    _ = try CourtStore(url: store.url)
    return engine(store, now: now)
  }

  /// `rank court value · …` as the spec writes rows.
  static func rows(_ result: QueryResult) -> [String] {
    result.rows.map { row in
      row.cells.map { $0.text(in: .zh) }.joined(separator: " ").replacingOccurrences(of: " 并列", with: "")
    }
  }

  /// The example table of Specs/query-language.md.
  static let examples: [(String, String)] = {
    let text = try! String(contentsOf: ProjectPaths.specs.appendingPathComponent("query-language.md"), encoding: .utf8)
    let section = text.components(separatedBy: "## Examples on the sample data")[1]
    return section.split(separator: "\n").filter { $0.hasPrefix("| `") }.map { line in
      let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
      return (String(cells[0].dropFirst().dropLast()), cells[1])
    }
  }()
}
