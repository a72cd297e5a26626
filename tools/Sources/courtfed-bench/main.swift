// courtfed-bench: CourtFed's stages at scale, in-process, with the production code. Driven by
// tools/bench, which times the reference commands on the same data in the same run.
//
//     courtfed-bench make DIR [ROWS]        a workspace of ROWS measure rows (default 1,000,000)
//     courtfed-bench export DIR             load + check + export it; prints seconds
//     courtfed-bench verify DIR             verify DIR/bench.courtfed; seconds and peak memory
//     courtfed-bench bundles DIR N ROWS     N signed court bundles of ROWS rows each, the trust
//                                           file, and DIR/reference.csv with the same rows
//     courtfed-bench merge DIR              verify and merge DIR/bundles/* into DIR/merge.sqlite
//     courtfed-bench federation DIR SIZE [SEED] [YEARS]
//                                           a synthetic federation (city, province, nation or a
//                                           number of courts): DIR/bundles/*, DIR/allowed_signers
//                                           and DIR/reference.csv with every measure row
//     courtfed-bench standard-merge DIR     merge as `merge` does, with the standard catalog
//     courtfed-bench query DB [KIND]        each query kind (or one) in-process: median milliseconds
//     courtfed-bench verify-all DIR         verify every bundle of a federation
//     courtfed-bench fuzz DB [COUNT] [SEED] [--from N]
//                                           COUNT mutated questions (default a million) against
//                                           DB: answered or refused in < 100 ms, never a crash
//     courtfed-bench cycle-export DIR SIZE  the monthly cycle: every court of the federation
//                                           in DIR gains a month and exports what changed, into
//                                           DIR/cycle/bundles, with DIR/cycle/reference.csv
//                                           holding only the new month's rows
//     courtfed-bench cycle-merge DIR        verify and merge DIR/bundles/* into the existing
//                                           DIR/merge.sqlite
//     courtfed-bench run [city|province|nation|all] [--runs N] [--write FILE]
//                                           every stage beside its reference (tools/bench)
//
// A real court has at most ~600,000 distinct (period, measure) pairs under the 31-measure
// catalog, even over a thousand years, so the benchmark court uses a catalog of 100
// synthetic count measures (every code path is catalog-driven) over 10,000 months.

import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedStore
import CourtFedWorkspace
import Foundation
import SyntheticFederation

#if canImport(Glibc)
  import Glibc
#endif

let measureCount = 100

/// The clock of the synthetic benchmark court: its 10,000 months run to the 2780s, and every
/// period must have ended by the time a bundle is made and verified.
let benchClock = Date(timeIntervalSince1970: 26_000_000_000)  // 2793

/// A catalog of `measureCount` synthetic flow counts, and no rules.
func benchCatalog() throws -> MetricCatalog {
  let measures = (1...measureCount).map { index in
    """
    {"key":"bench_\(index)","name_zh":"测试指标\(index)","name_en":"bench measure \(index)","aliases_en":[],"aliases_zh":[],\
    "kind":"count","unit":"cases","aggregation":"sum","city_figure":"sum","direction":"higher","precision":0,\
    "group":"trial","periodicity":"month","minimum":0,"description_en":"","description_zh":""}
    """
  }
  let json = """
    {"catalog_version":"bench","measures":[\(measures.joined(separator: ","))],"indicators":[],"rules":[],\
    "group_scoring":{"basic_maximum":100,"bonus_maximum":20,"deduction_maximum":100}}
    """
  return try MetricCatalog(json: Data(json.utf8))
}

/// Verifies and merges every bundle in DIR/bundles into a new DIR/merge.sqlite, as
/// `courtfed merge` does (verifying the next few bundles on the second core, committing in
/// batches); prints seconds, rows and peak memory.
func mergeAll(_ directory: URL, trust: URL, catalog: MetricCatalog, fresh: Bool = true) throws {
  let database = directory.appendingPathComponent("merge.sqlite")
  if fresh {
    for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
  }
  let folder = directory.appendingPathComponent("bundles")
  let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  let verifier = BundleVerifier(trust: try TrustStore.load(trust), catalog: catalog, now: benchClock)
  var rows = 0
  let elapsed = try seconds {
    let store = try CourtStore(url: database, catalog: catalog)
    try store.mergeBatch { batch in
      try verifier.verifyAhead(files.map { folder.appendingPathComponent($0) }, lookahead: .merge) { url, _, result in
        let bundle = try result.get()
        rows += bundle.tables.measures.count
        batch.merge(
          bundle, from: BundleSource(fileName: url.lastPathComponent, fileSHA256: bundle.manifestSHA256),
          options: MergeOptions()
        ) { outcome in
          if case .failure(let error) = outcome { fatalError("\(url.lastPathComponent): \(error)") }
        }
      }
    }
  }
  print("merge_seconds \(elapsed)")
  print("merge_rows \(rows)")
  print("merge_bundles \(files.count)")
  print("merge_peak_bytes \(peakMemory())")
}

/// The statement kinds the query benchmark times; tools/bench holds the hand-written SQL
/// for each, answering the same question.
let benchQueries: [(String, String)] = [
  ("ranking", "closure rate top 10 in 2025"),
  ("versus", "clearance rate vs average in 2025"),
  ("change", "closure rate yoy in 2025"),
  ("monthly", "cases closed top 10 in 2025年6月"),
  ("groups", "groups top 10 by score in 2025Q4"),
  ("ytd", "closure rate top 10 in 2025年1-10月"),
  ("trend_one", "syn-0003 closure rate trend 2021-2025"),
  ("trend_all", "closure rate trend 2021-2025"),
  // Twenty courts named (the language has no limit for a trend: it names the courts), at any
  // size: at city size every court, at nation size 20 of 3,500.
  (
    "trend_20", (1...20).map { String(format: "syn-%04d", $0) }.joined(separator: " ") + " closure rate trend 2021-2025"
  ),
  // The whole federation's court × indicator matrix against tools/bench-ranges.toml.
  ("health_summary", "health check summary 2025"),
]

/// CPU time of the calling thread, in seconds.
func threadCPUSeconds() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
}

/// The sample reference ranges for the synthetic federation (`tools/bench-ranges.toml`, beside
/// tools/bench), which the health-check kinds are judged by.
func benchRanges() throws -> ReferenceRanges? {
  let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("bench-ranges.toml")
  return try ReferenceRanges.load(url, catalog: .standard)
}

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

/// Peak resident memory of this process, in bytes: VmHWM, which starts afresh at exec
/// (getrusage's ru_maxrss keeps the parent's peak across fork and exec, so a stage run by
/// tools/bench would report the runner's memory).
func peakMemory() -> Int {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
    let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
  else { return 0 }
  return (Int(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) * 1024
}

let arguments = CommandLine.arguments
if arguments.count >= 2, arguments[1] == "run" {
  do {
    try runBenchmarks(Array(arguments.dropFirst(2)))
    exit(0)
  } catch {
    FileHandle.standardError.write(Data("courtfed-bench: \(error)\n".utf8))
    exit(1)
  }
}
guard arguments.count >= 3 else {
  FileHandle.standardError.write(Data("usage: courtfed-bench make|export|verify|bundles|merge DIR ...\n".utf8))
  exit(64)
}
let directory = URL(fileURLWithPath: arguments[2])
let workspace = directory.appendingPathComponent("workspace")
let bundleURL = directory.appendingPathComponent("bench.courtfed")
let keyURL = directory.appendingPathComponent("bench.key")
let trustURL = directory.appendingPathComponent("allowed_signers")
let catalog = try benchCatalog()

switch arguments[1] {
case "make":
  let rows = arguments.count > 3 ? Int(arguments[3])! : 1_000_000
  try? FileManager.default.removeItem(at: directory)
  try FileManager.default.createDirectory(at: workspace, withIntermediateDirectories: true)
  try Data(
    """
    [court]
    id = "bench-court"
    name = "测试法院"
    level = "basic"
    """.utf8
  ).write(to: workspace.appendingPathComponent("court.toml"))
  var text = "period,measure,value\n"
  text.reserveCapacity(rows * 32)
  var generator = SystemRandomNumberGenerator()
  for row in 0..<rows {
    let month = row / measureCount
    let period = Period.month(1950 + month / 12, month % 12 + 1)
    text += "\(period),bench_\(row % measureCount + 1),\(Int.random(in: 0...99_999, using: &generator))\n"
  }
  try Data(text.utf8).write(to: workspace.appendingPathComponent("measures.csv"))
  for table in ["branches", "groups", "group_scores", "branch_ratings"] {
    let columns = WorkspaceTable(rawValue: table)!.columns.map(\.key).joined(separator: ",")
    try Data((columns + "\n").utf8).write(to: workspace.appendingPathComponent("\(table).csv"))
  }
  // TEST KEY, made for the benchmark only.
  let key = try CourtSigningKey(seed: Data(repeating: 7, count: 32), comment: "bench-court")
  try key.write(to: keyURL)
  var trust = TrustStore(emptyAt: trustURL)
  try trust.add(court: "bench-court", key: key.publicKey)
  try trust.save()
  print("workspace with \(rows) measure rows in \(workspace.path)")

case "phases":
  // Where export's time goes, phase by phase.
  let key = try CourtSigningKey.load(from: keyURL)
  var report: WorkspaceReport?
  print("load_seconds", seconds { report = WorkspaceLoader(catalog: catalog, now: benchClock).load(workspace) })
  var bundle: ExportedBundle?
  print(
    "make_seconds",
    seconds { bundle = BundleWriter.make(report!.workspace!, key: key, state: nil, now: benchClock, catalog: catalog) })
  _ = bundle

case "export":
  let key = try CourtSigningKey.load(from: keyURL)
  var rows = 0
  var size = 0
  let elapsed = try seconds {
    let report = WorkspaceLoader(catalog: catalog, now: benchClock).load(workspace)
    guard let loaded = report.workspace, report.isValid else {
      throw BundleError.workspaceInvalid(errors: report.diagnostics.count)
    }
    let bundle = BundleWriter.make(loaded, key: key, state: nil, now: benchClock, catalog: catalog)
    try bundle.data.write(to: bundleURL)
    rows = bundle.manifest.resources[0].rows
    size = bundle.data.count
  }
  print("export_seconds \(elapsed)")
  print("export_rows \(rows)")
  print("bundle_bytes \(size)")
  print("export_peak_bytes \(peakMemory())")

case "verify":
  let verifier = BundleVerifier(trust: try TrustStore.load(trustURL), catalog: catalog, now: benchClock)
  var uncompressed = 0
  let elapsed = try seconds {
    let bundle = try verifier.verify(contentsOf: bundleURL, keepRows: false)
    uncompressed = bundle.manifest.resources.map(\.uncompressedBytes).reduce(0, +)
  }
  print("verify_seconds \(elapsed)")
  print("uncompressed_bytes \(uncompressed)")
  print("verify_peak_bytes \(peakMemory())")

case "bundles":
  // N courts, each ROWS measure rows (ROWS / 100 months of the 100 bench measures).
  let courts = Int(arguments[3])!
  let rowsPerCourt = Int(arguments[4])!
  try? FileManager.default.removeItem(at: directory)
  let folder = directory.appendingPathComponent("bundles")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  var trust = TrustStore(emptyAt: trustURL)
  var reference = "court,period,measure,value,bundle,kind,year,first_month,last_month\n"
  var generator = SystemRandomNumberGenerator()
  for index in 0..<courts {
    let id = String(format: "bench-%04d", index)
    let key = try CourtSigningKey(
      seed: Data(repeating: UInt8(index % 250 + 1), count: 31) + Data([UInt8(index / 250)]), comment: id)
    try trust.add(court: id, key: key.publicKey)
    var workspace = Workspace(
      directory: folder, court: Court(id: id, name: "测试法院\(index)", shortName: "测试\(index)", level: .basic),
      language: .zh)
    for row in 0..<rowsPerCourt {
      let month = row / measureCount
      let period = Period.month(2000 + month / 12, month % 12 + 1)
      let value = MeasureValue(
        period: period, measure: "bench_\(row % measureCount + 1)",
        value: Double(Int.random(in: 0...99_999, using: &generator)))
      workspace.measures.append(Located(value, at: SourceLocation(file: "measures.csv", line: row + 2)))
      reference +=
        "\(id),\(period),\(value.measure),\(Int(value.value)),\(index + 1),month,\(period.year),\(period.firstMonth),\(period.lastMonth)\n"
    }
    let bundle = BundleWriter.make(workspace, key: key, state: nil, now: benchClock, catalog: catalog)
    try bundle.data.write(to: folder.appendingPathComponent(bundle.fileName))
  }
  try trust.save()
  try Data(reference.utf8).write(to: directory.appendingPathComponent("reference.csv"))
  print("\(courts) bundles of \(rowsPerCourt) rows in \(folder.path)")

case "merge":
  try mergeAll(directory, trust: trustURL, catalog: catalog)

case "federation":
  let size = arguments[3]
  let courts = FederationSize(rawValue: size)?.courts ?? Int(size) ?? 20
  let seed = arguments.count > 4 ? UInt64(arguments[4]) ?? 1 : 1
  // Years of monthly figures, ending in 2025 (default five).
  let years = arguments.count > 5 ? max(1, Int(arguments[5]) ?? 5) : 5
  let federation = SyntheticFederation(courts: courts, years: (2026 - years)...2025, seed: seed)
  try? FileManager.default.removeItem(at: directory)
  let folder = directory.appendingPathComponent("bundles")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  try federation.trust(at: trustURL).save()
  _ = FileManager.default.createFile(atPath: directory.appendingPathComponent("reference.csv").path, contents: nil)
  let reference = try FileHandle(forWritingTo: directory.appendingPathComponent("reference.csv"))
  reference.write(Data("court,period,measure,value,bundle,kind,year,first_month,last_month\n".utf8))
  var rows = 0
  var signing = 0.0
  for index in federation.courts.indices {
    var made: ExportedBundle?
    signing += seconds { made = federation.bundle(index) }
    let bundle = made!
    try bundle.data.write(to: folder.appendingPathComponent(bundle.fileName))
    let id = federation.courts[index].id
    var text = ""
    for row in federation.workspace(index).measures.map(\.value) {
      let period = row.period
      text +=
        "\(id),\(period),\(row.measure),\(row.value),\(index + 1),\(period.kind.rawValue),\(period.year),\(period.firstMonth),\(period.lastMonth)\n"
      rows += 1
    }
    reference.write(Data(text.utf8))
  }
  try reference.close()
  print("federation_courts \(courts)")
  print("federation_rows \(rows)")
  print("export_seconds \(signing)")

case "cycle-export":
  // The month after the federation's five years: each court's workspace gains it, and the
  // court exports what changed since its first bundle (the new month, the quarters of
  // scores that changed, and the other party tables whole). Timed: making every bundle of changes in memory.
  let size = arguments[3]
  let courts = FederationSize(rawValue: size)?.courts ?? Int(size) ?? 20
  let federation = SyntheticFederation(courts: courts, seed: 1)
  let next = federation.adding(months: 1)
  let cycle = directory.appendingPathComponent("cycle")
  try? FileManager.default.removeItem(at: cycle)
  let folder = cycle.appendingPathComponent("bundles")
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  try federation.trust(at: cycle.appendingPathComponent("allowed_signers")).save()
  let reference = cycle.appendingPathComponent("reference.csv")
  _ = FileManager.default.createFile(atPath: reference.path, contents: nil)
  let handle = try FileHandle(forWritingTo: reference)
  handle.write(Data("court,period,measure,value,bundle,kind,year,first_month,last_month\n".utf8))
  let created = SyntheticFederation.created.addingTimeInterval(31 * 86_400)
  var exportSeconds = 0.0
  var rows = 0
  var periods = Set<Period>()
  for index in federation.courts.indices {
    let first = federation.bundle(index).state
    let workspace = next.workspace(index)
    let key = federation.key(index)
    var made: ExportedBundle?
    exportSeconds += seconds { made = BundleWriter.makeChanges(workspace, key: key, state: first, now: created) }
    guard let bundle = made else { throw BenchFailure("\(federation.courts[index].id): nothing changed") }
    try bundle.data.write(to: folder.appendingPathComponent(bundle.fileName))
    periods.formUnion(bundle.manifest.periods)
    let id = federation.courts[index].id
    var text = ""
    for row in workspace.measures.map(\.value) where bundle.manifest.periods.contains(row.period) {
      let period = row.period
      text +=
        "\(id),\(period),\(row.measure),\(row.value),\(courts + index + 1),\(period.kind.rawValue),\(period.year),\(period.firstMonth),\(period.lastMonth)\n"
      rows += 1
    }
    handle.write(Data(text.utf8))
  }
  try handle.close()
  print("cycle_rows \(rows)")
  print("cycle_periods \(periods.sorted().map(\.description).joined(separator: ","))")
  print("export_seconds \(exportSeconds)")

case "cycle-merge":
  try mergeAll(directory, trust: trustURL, catalog: .standard, fresh: false)

case "verify-all":
  // Every bundle of a federation, as `courtfed verify` checks it: two at once
  // (`BundleVerifier.workers`), in order.
  let folder = directory.appendingPathComponent("bundles")
  let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
  let verifier = BundleVerifier(trust: try TrustStore.load(trustURL))
  let elapsed = try seconds {
    try verifier.verifyAhead(
      files.map { folder.appendingPathComponent($0) }, keepRows: false, keepData: false,
      workers: BundleVerifier.workers
    ) { url, _, result in
      if case .failure(let error) = result { throw BenchFailure("\(url.lastPathComponent): \(error)") }
    }
  }
  print("verify_seconds \(elapsed)")
  print("verify_peak_bytes \(peakMemory())")

case "standard-merge":
  try mergeAll(directory, trust: trustURL, catalog: .standard)

case "query":
  // Each statement kind (or the one named), in-process: the median of 21 runs after one to
  // warm the cache; the answer alone (to compare with hand-written SQL), then with its
  // provenance.
  let reader = try StoreReader(url: URL(fileURLWithPath: arguments[2]))
  let only = arguments.count > 3 ? arguments[3] : nil
  let ranges = try benchRanges()
  for withProvenance in [false, true] {
    let engine = QueryEngine(
      reader: reader, withProvenance: withProvenance, ranges: ranges, rangesLocation: "bench-ranges.toml")
    for (kind, text) in benchQueries where only == nil || only == kind {
      let query = try engine.parse(text)
      _ = try engine.run(query)
      var times: [Double] = []
      var cpuTimes: [Double] = []
      for _ in 0..<21 {
        let cpuStart = threadCPUSeconds()
        times.append(try seconds { _ = try engine.run(query) })
        cpuTimes.append(threadCPUSeconds() - cpuStart)
      }
      print("query_\(kind)\(withProvenance ? "_provenance" : "") \(median(times) * 1000)")
      // The same runs' CPU time: what the answer costs when other work shares the cores.
      print("cpu_query_\(kind)\(withProvenance ? "_provenance" : "") \(median(cpuTimes) * 1000)")
    }
  }
  print("query_peak_bytes \(peakMemory())")

case "fuzz":
  exit(try runFuzz(arguments))

default:
  FileHandle.standardError.write(Data("unknown command \(arguments[1])\n".utf8))
  exit(64)
}
