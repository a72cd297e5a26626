import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedStore
import CourtFedWorkspace
import Foundation
import TestSupport

/// The sample federation merged at a fixed time, so that every output is the same each run.
enum Samples {
  static let mergedAt = Date(timeIntervalSince1970: 1_642_680_000)  // 2022-01-20T12:00:00Z

  static func store(_ name: String, editing edit: (String, inout Workspace) -> Void = { _, _ in }) -> CourtStore {
    let url = ProjectPaths.temporaryDirectory(name).appendingPathComponent("city.sqlite")
    let store = try! CourtStore(url: url)
    for folder in SampleBundles.courts {
      var workspace = SampleBundles.workspace(folder)
      edit(folder, &workspace)
      let bundle = SampleBundles.bundle(workspace)
      _ = try! store.merge(
        try! SampleBundles.verified(bundle), from: BundleSource(fileName: bundle.fileName, fileSHA256: ""),
        options: MergeOptions(now: mergedAt))
    }
    return store
  }

  static let engine = Samples.engine(store("report"))

  /// The sample reference ranges (`bundles/ranges.toml`), as the sample report spec names them.
  static let ranges = try! ReferenceRanges.load(
    ProjectPaths.bundles.appendingPathComponent("ranges.toml"), catalog: .standard)!

  /// The engine judging by the sample ranges.
  static let ranged = QueryEngine(reader: engine.reader, ranges: ranges, rangesLocation: "ranges.toml")

  /// A read-only engine over `store`'s file.
  static func engine(_ store: CourtStore, revokedSigners: Set<String> = [], excludeRevoked: Bool = false)
    -> QueryEngine
  {
    QueryEngine(
      reader: try! StoreReader(url: store.url), revokedSigners: revokedSigners,
      trustStore: revokedSigners.isEmpty ? nil : "allowed_signers", excludeRevoked: excludeRevoked)
  }
}

/// Compares `text` with the golden file `name`, or records it when COURTFED_RECORD_GOLDEN=1.
func matchesGolden(_ text: String, _ name: String) throws -> Bool {
  let url = ProjectPaths.root.appendingPathComponent("Tests/CourtFedReportTests/Golden").appendingPathComponent(name)
  if ProcessInfo.processInfo.environment["COURTFED_RECORD_GOLDEN"] == "1" {
    try Data(text.utf8).write(to: url)
    return true
  }
  // Bytes, not strings: decoding would drop the CSV's byte-order mark.
  let golden = try Data(contentsOf: url)
  guard golden == Data(text.utf8) else {
    // Left beside the run's temporary files for `diff`.
    let actual = ProjectPaths.temporaryDirectory("golden-actual").appendingPathComponent(name)
    try Data(text.utf8).write(to: actual)
    print("golden file \(name) differs: diff \(url.path) \(actual.path)")
    return false
  }
  return true
}
