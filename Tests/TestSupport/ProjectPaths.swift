import Foundation

/// Paths of the repository's data folders, found from this file's own path, as swift-crypto's
/// tests find their Wycheproof vectors: `Specs/`, `bundles/` and the built binary.
package enum ProjectPaths {
  /// The repository's root folder.
  package static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

  package static var specs: URL { root.appendingPathComponent("Specs") }
  package static var bundles: URL { root.appendingPathComponent("bundles") }
  package static var sampleWorkspaces: URL { bundles.appendingPathComponent("workspaces") }

  /// The `courtfed` binary `swift build` made, next to the test bundle.
  package static var courtfedBinary: URL {
    productsDirectory.appendingPathComponent("courtfed")
  }

  /// Another executable of this package, built next to `courtfed`.
  package static func binary(_ name: String) -> URL {
    productsDirectory.appendingPathComponent(name)
  }

  /// The build products folder of this very build: the test runner
  /// (`CourtFedPackageTests.xctest`) is built there, beside the `courtfed` it tests
  /// (`EndToEndTests` depends on the product, so it is always built with the tests). Never a
  /// search for some other `.build`, which could run a stale binary.
  package static var productsDirectory: URL {
    URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
  }

  /// A new empty folder under the system's temporary folder.
  package static func temporaryDirectory(_ name: String = "courtfed-test") -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}
