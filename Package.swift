// swift-tools-version:6.0
//
// CourtFed: court workspaces -> signed bundles -> one SQLite store -> queries -> ranking tables.
// One library module per stage of the data's road; each depends only on the stages before it.

import PackageDescription

let package = Package(
  name: "CourtFed",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "courtfed", targets: ["courtfed"]),
    // The stages the tools package (tools/Package.swift: benchmarks, generators) builds on.
    .library(name: "CourtFedModel", targets: ["CourtFedModel"]),
    .library(name: "CourtFedFormats", targets: ["CourtFedFormats"]),
    .library(name: "CourtFedWorkspace", targets: ["CourtFedWorkspace"]),
    .library(name: "CourtFedBundle", targets: ["CourtFedBundle"]),
    .library(name: "CourtFedStore", targets: ["CourtFedStore"]),
    .library(name: "CourtFedQuery", targets: ["CourtFedQuery"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/apple/swift-crypto", "3.12.0"..<"5.0.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/drmohundro/SWXMLHash", from: "8.1.1"),
  ],
  targets: [
    // Ground floor: courts, periods, party organisations, the metric catalog.
    .target(
      name: "CourtFedModel",
      resources: [.embedInCode("Resources/metric-catalog.json")]
    ),
    // General text formats every stage reads or writes: CSV, TOML, text encodings, canonical JSON.
    .target(name: "CourtFedFormats", dependencies: ["CourtFedModel"]),
    // zlib, the system C library (Debian: zlib1g-dev).
    .systemLibrary(
      name: "CZlib",
      providers: [.apt(["zlib1g-dev"])]
    ),
    // Stage 1: a court's workspace of CSV files or one .xlsx workbook, read, checked and written.
    .target(
      name: "CourtFedWorkspace",
      dependencies: [
        "CourtFedModel", "CourtFedFormats", "CZlib", .product(name: "SWXMLHash", package: "SWXMLHash"),
      ]
    ),
    // Stage 2: a workspace exported as one signed, compressed bundle, and bundles verified.
    .target(
      name: "CourtFedBundle",
      dependencies: [
        "CourtFedModel",
        "CourtFedFormats",
        "CourtFedWorkspace",
        "CZlib",
        .product(name: "Crypto", package: "swift-crypto"),
      ]
    ),
    // SQLite connection hardening that Swift cannot call directly (a variadic C function).
    .target(
      name: "CSQLiteSupport",
      linkerSettings: [.linkedLibrary("sqlite3")]
    ),
    // Stage 3: the coordinator's SQLite store, bundles merged into it with provenance.
    .target(
      name: "CourtFedStore",
      dependencies: [
        "CourtFedModel",
        "CourtFedBundle",
        "CSQLiteSupport",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "GRDBSQLite", package: "GRDB.swift"),
      ]
    ),
    // Stage 4: the query language, in English and Chinese, compiled to SQL over the store.
    .target(
      name: "CourtFedQuery",
      dependencies: [
        "CourtFedModel",
        "CourtFedFormats",
        "CourtFedStore",
      ]
    ),
    // Stage 5: results for meetings: HTML with SVG charts, and meeting packs from a spec.
    .target(
      name: "CourtFedReport",
      dependencies: [
        "CourtFedModel",
        "CourtFedFormats",
        "CourtFedStore",
        "CourtFedQuery",
      ]
    ),
    // The commands, one file per subcommand.
    .target(
      name: "CourtFedCLI",
      dependencies: [
        "CourtFedModel",
        "CourtFedWorkspace",
        "CourtFedBundle",
        "CourtFedStore",
        "CourtFedQuery",
        "CourtFedReport",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "courtfed",
      dependencies: ["CourtFedCLI"]
    ),
    .target(
      name: "TestSupport",
      dependencies: ["CourtFedModel", "CourtFedWorkspace", "CourtFedBundle"],
      path: "Tests/TestSupport"
    ),
    .testTarget(
      name: "CourtFedModelTests",
      dependencies: ["CourtFedModel", "TestSupport"]
    ),
    .testTarget(
      name: "CourtFedFormatsTests",
      dependencies: ["CourtFedFormats"]
    ),
    .testTarget(
      name: "CourtFedWorkspaceTests",
      dependencies: ["CourtFedWorkspace", "CourtFedFormats", "TestSupport"],
      exclude: ["Fixtures"]
    ),
    .testTarget(
      name: "CourtFedBundleTests",
      dependencies: ["CourtFedBundle", "CourtFedFormats", "TestSupport"]
    ),
    .testTarget(
      name: "CourtFedStoreTests",
      dependencies: [
        "CourtFedStore", "CourtFedBundle", "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .testTarget(
      name: "CourtFedQueryTests",
      dependencies: [
        "CourtFedQuery", "CourtFedReport", "CourtFedStore", "CourtFedBundle", "CourtFedWorkspace", "TestSupport",
        .product(name: "Crypto", package: "swift-crypto"), .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
    .testTarget(
      name: "CourtFedReportTests",
      dependencies: [
        "CourtFedReport", "CourtFedQuery", "CourtFedStore", "CourtFedBundle", "CourtFedWorkspace", "TestSupport",
      ],
      exclude: ["Golden"]
    ),
    .testTarget(
      name: "CourtFedCLITests",
      dependencies: [
        "CourtFedCLI", "CourtFedModel", "CourtFedWorkspace", "CourtFedBundle", "CourtFedStore", "CourtFedQuery",
        "CourtFedReport", "TestSupport",
      ]
    ),
    .testTarget(
      name: "EndToEndTests",
      dependencies: [
        "courtfed", "CourtFedModel", "CourtFedFormats", "CourtFedWorkspace", "CourtFedBundle", "CourtFedStore",
        "CourtFedQuery",
        "TestSupport", .product(name: "GRDB", package: "GRDB.swift"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
