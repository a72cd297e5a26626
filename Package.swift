// swift-tools-version:6.0
//
// CourtFed: court workspaces -> signed bundles -> one SQLite store -> queries -> ranking tables.
// One library module per stage of the data's road; each depends only on the stages before it.

import PackageDescription

let package = Package(
  name: "CourtFed",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "courtfed", targets: ["courtfed"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // Ground floor: courts, periods, party organisations, the metric catalog.
    .target(
      name: "CourtFedModel",
      resources: [.embedInCode("Resources/metric-catalog.json")]
    ),
    // Stage 1: a court's workspace of CSV files, read, checked and written.
    .target(
      name: "CourtFedWorkspace",
      dependencies: ["CourtFedModel"]
    ),
    // The commands, one file per subcommand.
    .target(
      name: "CourtFedCLI",
      dependencies: [
        "CourtFedModel",
        "CourtFedWorkspace",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "courtfed",
      dependencies: ["CourtFedCLI"]
    ),
    // tools/: the deterministic generator of the sample federation in bundles/.
    .executableTarget(
      name: "generate-samples",
      dependencies: ["CourtFedModel", "CourtFedWorkspace"],
      path: "tools/generate-samples"
    ),

    .target(
      name: "TestSupport",
      dependencies: ["CourtFedModel"],
      path: "Tests/TestSupport"
    ),
    .testTarget(
      name: "CourtFedModelTests",
      dependencies: ["CourtFedModel", "TestSupport"]
    ),
    .testTarget(
      name: "CourtFedWorkspaceTests",
      dependencies: ["CourtFedWorkspace", "TestSupport"]
    ),
    .testTarget(
      name: "EndToEndTests",
      dependencies: ["TestSupport"]
    ),
  ],
  swiftLanguageModes: [.v6]
)
