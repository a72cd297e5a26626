import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedReport
import CourtFedStore
import CourtFedWorkspace
import Foundation

/// `courtfed demo`: the whole road on the shipped samples, in a new folder.
struct DemoCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract: "Run the whole pipeline on the sample courts: keys, bundles, trust, merge, queries.",
    discussion: """
      Into a new folder (default ./courtfed-demo, emptied first): makes a TEST key for each \
      sample court in bundles/workspaces, exports each court's bundle, trusts the keys, merges \
      the bundles into one database, and runs a few English and Chinese queries, printing \
      each query and its table; then it builds the sample meeting pack (bundles/report.toml) \
      into meeting-pack.html. Run it again and it starts clean.
      """)

  @Option(help: ArgumentHelp("The folder to work in (emptied first).", valueName: "dir"))
  var out: String = "courtfed-demo"

  @Option(help: ArgumentHelp("The sample workspaces.", valueName: "dir"))
  var samples: String = "bundles/workspaces"

  /// How to run this `courtfed` again from the current folder: `courtfed` when it is on the
  /// PATH, else the path of this binary (`.build/debug/courtfed` after `swift run`), so the
  /// lines the demo prints can be pasted as they are.
  static var invocation: String {
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).standardizedFileURL
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    for folder in path.split(separator: ":")
    where URL(fileURLWithPath: String(folder)).appendingPathComponent("courtfed").standardizedFileURL == binary {
      return "courtfed"
    }
    guard binary.lastPathComponent == "courtfed" else { return "courtfed" }
    let here = FileManager.default.currentDirectoryPath + "/"
    return binary.path.hasPrefix(here) ? String(binary.path.dropFirst(here.count)) : binary.path
  }

  func run(in context: CommandContext) throws {
    let console = context.console
    let manager = FileManager.default
    let root = context.url(out)
    let sampleRoot = context.url(samples)
    guard let folders = try? manager.contentsOfDirectory(atPath: sampleRoot.path).sorted(), !folders.isEmpty else {
      console.errorLine(
        "courtfed demo: no sample workspaces in \(samples); run it from the repository's top folder or pass --samples")
      throw ExitCode(ExitStatus.failure)
    }
    if manager.fileExists(atPath: root.appendingPathComponent("city.sqlite").path)
      || manager.fileExists(atPath: root.appendingPathComponent("keys").path)
    {
      try manager.removeItem(at: root)
    } else if let existing = try? manager.contentsOfDirectory(atPath: root.path), !existing.isEmpty {
      throw CommandError.notADemoFolder(out)
    }
    let keys = root.appendingPathComponent("keys")
    let inbox = root.appendingPathComponent("inbox")
    for folder in [keys, inbox] { try manager.createDirectory(at: folder, withIntermediateDirectories: true) }
    var trust = TrustStore(emptyAt: root.appendingPathComponent("allowed_signers"))

    console.line(
      console.styled("1. Each court checks its workspace, makes a TEST key and exports a signed bundle", .bold))
    for folder in folders {
      let report = WorkspaceLoader().load(sampleRoot.appendingPathComponent(folder))
      guard let workspace = report.workspace, report.isValid else {
        throw CommandError.sampleInvalid(folder: folder, samples: samples)
      }
      let key = CourtSigningKey.generate(comment: workspace.court.id)
      try key.write(to: keys.appendingPathComponent("TEST-\(workspace.court.id).key"))
      try trust.add(court: workspace.court.id, key: key.publicKey)
      let bundle = BundleWriter.make(workspace, key: key, state: nil, now: Date())
      try bundle.data.write(to: inbox.appendingPathComponent(bundle.fileName))
      console.line(
        "   \(workspace.court.shortName) \(workspace.court.id): \(workspace.measures.count) measure rows -> inbox/\(bundle.fileName)"
      )
    }
    try trust.save()

    console.line(console.styled("2. The intermediate court verifies and merges them", .bold))
    let database = root.appendingPathComponent("city.sqlite")
    let store = try CourtStore(url: database)
    // The same intake as `courtfed merge`: each file's size checked before it is read.
    let intake = BundleIntake(store: store, verifier: BundleVerifier(trust: trust))
    var merged = 0
    var rejected: [String] = []
    try intake.run(intake.ordered(bundleFiles([inbox.path], in: context).map(BundleInput.file))) { report in
      switch report.outcome {
      case .merged, .wouldMerge, .alreadyMerged: merged += 1
      case .rejected(let rejection, _): rejected.append("\(report.input.name): \(rejection.reason)")
      }
    }
    guard rejected.isEmpty else {
      for line in rejected { console.errorLine("courtfed demo: \(console.safe(line))") }
      throw ExitCode(ExitStatus.failure)
    }
    console.line("   \(merged) bundles verified and merged into \(out)/city.sqlite")

    // The sample reference ranges go beside the database, where query and report look.
    let rangesURL = root.appendingPathComponent(ReferenceRanges.fileName)
    let sampleRanges = sampleRoot.deletingLastPathComponent().appendingPathComponent(ReferenceRanges.fileName)
    if manager.fileExists(atPath: sampleRanges.path) { try manager.copyItem(at: sampleRanges, to: rangesURL) }
    let ranges = try ReferenceRanges.load(rangesURL, catalog: .standard)

    console.line(console.styled("3. Analysts ask", .bold))
    let engine = QueryEngine(
      reader: try StoreReader(url: database), ranges: ranges, rangesLocation: rangesURL.path)
    for query in [
      "information work top 3", "clearance rate vs average", "信息工作 前三", "结案率 对比 全市平均",
      "平均审理天数 同比 前三", "党小组 得分 前五", "结案率 不达标", "西城法院 体检表 2021年",
    ] {
      console.line()
      console.line(console.styled("$ \(Self.invocation) query \"\(query)\" --db \(out)/city.sqlite", .dim))
      let result = try engine.answer(query)
      console.line(ResultFormatter(language: result.language, useColor: console.usesColor).table(result))
    }
    console.line()
    console.line(console.styled("4. The statistics office builds the meeting pack", .bold))
    let specURL = sampleRoot.deletingLastPathComponent().appendingPathComponent("report.toml")
    if let text = try? String(contentsOf: specURL, encoding: .utf8) {
      let spec = try ReportSpec(parsing: text, file: specURL.path)
      let pack = try MeetingPack(
        spec: spec, engine: engine, members: trust.entries.flatMap(\.courts), file: specURL.path)
      let packURL = root.appendingPathComponent("meeting-pack.html")
      try Data(pack.html().utf8).write(to: packURL)
      try Data(pack.markdown().utf8).write(to: root.appendingPathComponent("meeting-pack.md"))
      console.line("   \(pack.sections.count) sections -> \(out)/meeting-pack.html (open it in a browser, or print it)")
    } else {
      console.line("   (no \(specURL.path); skipped)")
    }
    console.line()
    console.line("Try your own: \(Self.invocation) query \"help\" --db \(out)/city.sqlite")
  }
}
