// swift-tools-version:6.0
//
// CourtFed's tools, a package of their own (as swift-nio keeps its Benchmarks/) so that
// `swift build` and `swift test` at the root compile only the product and its tests:
// the seeded synthetic federation, the generator of the sample workspaces in bundles/, and
// the benchmarks. Built and tested with `--package-path tools`; depends on the root package
// by path, through its library products.
//
//   swift build -c release --package-path tools      (tools/bench does this)
//   swift run --package-path tools generate-samples bundles/workspaces
//   swift test --package-path tools

import PackageDescription

let package = Package(
  name: "CourtFedTools",
  platforms: [.macOS(.v13)],
  dependencies: [
    .package(name: "CourtFed", path: "..")
  ],
  targets: [
    // A seeded synthetic federation of any size (benchmarks, tests).
    .target(
      name: "SyntheticFederation",
      dependencies: [
        .product(name: "CourtFedModel", package: "CourtFed"),
        .product(name: "CourtFedWorkspace", package: "CourtFed"),
        .product(name: "CourtFedBundle", package: "CourtFed"),
      ]
    ),
    // The deterministic generator of bundles/workspaces.
    .executableTarget(
      name: "generate-samples",
      dependencies: [
        .product(name: "CourtFedModel", package: "CourtFed"),
        .product(name: "CourtFedFormats", package: "CourtFed"),
        .product(name: "CourtFedWorkspace", package: "CourtFed"),
        "SyntheticFederation",
      ]
    ),
    // The benchmarks, built in release by tools/bench.
    .executableTarget(
      name: "courtfed-bench",
      dependencies: [
        .product(name: "CourtFedModel", package: "CourtFed"),
        .product(name: "CourtFedWorkspace", package: "CourtFed"),
        .product(name: "CourtFedBundle", package: "CourtFed"),
        .product(name: "CourtFedStore", package: "CourtFed"),
        .product(name: "CourtFedQuery", package: "CourtFed"),
        "SyntheticFederation",
      ]
    ),
    .testTarget(
      name: "ToolsTests",
      dependencies: [
        .product(name: "CourtFedModel", package: "CourtFed"),
        .product(name: "CourtFedFormats", package: "CourtFed"),
        .product(name: "CourtFedWorkspace", package: "CourtFed"),
        .product(name: "CourtFedBundle", package: "CourtFed"),
        .product(name: "CourtFedStore", package: "CourtFed"),
        .product(name: "CourtFedQuery", package: "CourtFed"),
        "SyntheticFederation",
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
