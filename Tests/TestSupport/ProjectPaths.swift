import Foundation

/// Paths of the repository's data folders, found from this file's own path, as swift-crypto's
/// tests find their Wycheproof vectors: `Specs/`, `bundles/` and the built binary.
public enum ProjectPaths {
  /// The repository's root folder.
  public static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  public static var specs: URL { root.appendingPathComponent("Specs") }
  public static var bundles: URL { root.appendingPathComponent("bundles") }
  public static var sampleWorkspaces: URL { bundles.appendingPathComponent("workspaces") }

  /// The `courtfed` binary `swift build` made, next to the test bundle.
  public static var courtfedBinary: URL {
    productsDirectory.appendingPathComponent("courtfed")
  }

  /// Another executable of this package, built next to `courtfed`.
  public static func binary(_ name: String) -> URL {
    productsDirectory.appendingPathComponent(name)
  }

  /// The build products folder (`.build/debug`).
  public static var productsDirectory: URL {
    let bundle = Bundle.main.bundleURL
    // swift-testing runs from .build/debug/<Package>PackageTests.xctest or the helper binary.
    var url = bundle
    while url.path != "/" {
      if FileManager.default.fileExists(atPath: url.appendingPathComponent("courtfed").path) { return url }
      url = url.deletingLastPathComponent()
    }
    return root.appendingPathComponent(".build/debug")
  }

  /// A new empty folder under the system's temporary folder.
  public static func temporaryDirectory(_ name: String = "courtfed-test") -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
