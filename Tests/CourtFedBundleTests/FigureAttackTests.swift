import CourtFedModel
import Foundation
import TestSupport
import Testing

@testable import CourtFedBundle

/// Issue 16, "the coordinator trusts the court's validation": validly signed bundles whose
/// figures break the catalog. A signature proves who sent a bundle, not that its figures are
/// sound, so `verify` runs every check `validate` runs, and more. Expected values come from
/// the sample workspace's measures.csv (bundles/workspaces/xicheng) by hand.
@Suite("Hostile bundles: figures the catalog refuses")
struct FigureAttackTests {
  /// The message a verifier refuses `data` with, or nil when it accepts it.
  func refusal(_ data: Data, _ verifier: BundleVerifier = BundleForge.verifier()) -> String? {
    do {
      _ = try verifier.verify(data)
      return nil
    } catch {
      return error.message
    }
  }

  /// The Xicheng bundle with one measure value changed.
  func bundle(setting period: String, _ measure: String, to value: String) -> (data: Data, line: Int) {
    var forge = BundleForge()
    let (csv, line) = forge.measures(setting: period, measure, to: value)
    forge.replace(.measures, csv: csv)
    return (forge.bundle(), line)
  }

  @Test("cases closed above carried over plus new (999999 > 3007 + 10755)")
  func closedAboveCaseload() {
    let (data, line) = bundle(setting: "2021Q4", "cases_closed", to: "999999")
    // Two rules break: the case balance (on the carried-over row, the line before) comes first.
    #expect(
      refusal(data)
        == "data/measures.csv.gz line \(line - 1): 2021Q4: cases carried over + new − closed must equal cases pending at the period's end (3007 + 10755 − 999999 = -986237 ≠ 1879)"
    )
  }

  @Test("cases closed in time above cases closed (11884 > 11883)")
  func inTimeAboveClosed() {
    let (data, line) = bundle(setting: "2021Q4", "cases_closed_in_time", to: "11884")
    #expect(
      refusal(data)
        == "data/measures.csv.gz line \(line): 2021Q4: cases closed within the time limit cannot exceed cases closed (11884 > 11883)"
    )
  }

  @Test("a reported year that disagrees with its quarters (9710 + 10077 + 10334 + 10755 = 40876)")
  func yearAgainstQuarters() {
    var forge = BundleForge()
    let csv = forge.measuresCSV
    let rows = csv.split(separator: "\r\n").count
    forge.replace(.measures, csv: csv + "bj-xicheng,2021,cases_new,40000\r\n")
    #expect(
      refusal(forge.bundle())
        == "data/measures.csv.gz line \(rows + 1): new cases for 2021 is 40000 but 2021Q1+2021Q2+2021Q3+2021Q4 give 40876"
    )
    // The right total is accepted.
    forge.replace(.measures, csv: csv + "bj-xicheng,2021,cases_new,40876\r\n")
    #expect(refusal(forge.bundle()) == nil)
  }

  @Test(
    "numbers that cannot be kept exactly: 2^53 + 1, 10^308, 1.797e308 in plain digits, an amount past its bound",
    arguments: [
      ("cases_new", "9007199254740993", "at most 9007199254740991"),
      ("cases_new", "9007199254740992", "at most 9007199254740991"),
      ("cases_new", "1" + String(repeating: "0", count: 308), "at most 9007199254740991"),
      ("case_days_total", "1797" + String(repeating: "0", count: 305), "at most 9007199254740991"),
      ("amount_applied", "10000000000000.01", "at most 10000000000000"),
    ])
  func inexact(measure: String, value: String, limit: String) {
    let (data, line) = bundle(setting: "2021Q4", measure, to: value)
    #expect(
      refusal(data)
        == "data/measures.csv.gz line \(line): \(measure) = \(value): the value is larger than CourtFed can keep exactly (\(limit))"
    )
  }

  @Test("the largest exact count, 2^53 − 1, is kept exactly")
  func largestCount() throws {
    // Carried over is an opening stock with no rule above it in the catalog but closed ≤
    // carried over + new, which a larger caseload only loosens.
    // Pending set to keep the case balance: 9007199254740991 + 10755 − 11883.
    var forge = BundleForge()
    var (csv, _) = forge.measures(setting: "2021Q4", "cases_carried_over", to: "9007199254740991")
    let prefix = "bj-xicheng,2021Q4,cases_pending,"
    csv = csv.components(separatedBy: "\r\n").map { $0.hasPrefix(prefix) ? prefix + "9007199254739863" : $0 }
      .joined(separator: "\r\n")
    forge.replace(.measures, csv: csv)
    let bundle = try BundleForge.verifier().verify(forge.bundle())
    let value = bundle.tables.measures.first { $0.period == .quarter(2021, 4) && $0.measure == "cases_carried_over" }
    #expect(value?.value == 9_007_199_254_740_991)
  }

  @Test("two quarters of 1.797e308, whose year would be infinite, are refused")
  func infiniteRollUp() {
    var forge = BundleForge()
    let huge = "1797" + String(repeating: "0", count: 305)
    var (csv, _) = forge.measures(setting: "2021Q3", "case_days_total", to: huge)
    forge.replace(.measures, csv: csv)
    (csv, _) = forge.measures(setting: "2021Q4", "case_days_total", to: huge)
    forge.replace(.measures, csv: csv)
    #expect(refusal(forge.bundle())?.contains("the value is larger than CourtFed can keep exactly") == true)
  }

  @Test("more significant digits than a double keeps: the figure would change silently")
  func tooManyDigits() {
    let (data, line) = bundle(setting: "2021Q4", "satisfaction_score", to: "97.5900000000000001")
    #expect(
      refusal(data)
        == "data/measures.csv.gz line \(line): value '97.5900000000000001' has more significant digits than CourtFed keeps exactly (15)"
    )
    // Fifteen are fine, however many zeros lead.
    #expect(refusal(bundle(setting: "2021Q4", "satisfaction_score", to: "0097.5900000000000").data) == nil)
  }

  @Test("an amount with three decimals")
  func amountDecimals() {
    let (data, line) = bundle(setting: "2021Q4", "amount_recovered", to: "265886655.951")
    #expect(
      refusal(data)
        == "data/measures.csv.gz line \(line): amount_recovered = 265886655.951: an amount has at most 2 decimals")
  }

  @Test("periods after the bundle's creation time: 2027Q1, 2999 (the bundle was made 2023-11-14)")
  func futurePeriods() {
    for (period, index) in [("2027Q1", 10), ("2999", 10)] {
      var forge = BundleForge()
      guard case .object(let top) = forge.manifest, case .object(let courtfed)? = top["courtfed"],
        case .array(var periods)? = courtfed["periods"]
      else {
        Issue.record("no periods")
        return
      }
      periods.append(.string(period))
      forge.set(["courtfed", "periods"], .array(periods))
      forge.replace(.measures, csv: forge.measuresCSV + "bj-xicheng,\(period),cases_new,5\r\n")
      #expect(
        refusal(forge.bundle())
          == "datapackage.json: courtfed.periods[\(index)] is \(period), which had not ended when the bundle was made (2023-11-14T22:13:20Z); a period is reported once it has ended"
      )
    }
  }

  @Test("the period 2023Q4 had not ended at 2023-11-14, and 2023Q3 had")
  func periodEnds() {
    var forge = BundleForge()
    forge.set(["courtfed", "periods", 9], .string("2023Q3"))
    var csv = forge.measuresCSV.replacingOccurrences(of: ",2021Q4,", with: ",2023Q3,")
    forge.replace(.measures, csv: csv)
    #expect(refusal(forge.bundle()) == nil)
    forge.set(["courtfed", "periods", 9], .string("2023Q4"))
    csv = csv.replacingOccurrences(of: ",2023Q3,", with: ",2023Q4,")
    forge.replace(.measures, csv: csv)
    #expect(
      refusal(forge.bundle())?.hasPrefix("datapackage.json: courtfed.periods[9] is 2023Q4, which had not ended") == true
    )
  }

  @Test("created more than a day after the verifier's clock is refused; less is allowed")
  func createdAhead() {
    var forge = BundleForge()
    forge.set(
      ["courtfed", "created"], .string(BundleManifest.timestamp(BundleForge.now.addingTimeInterval(23 * 3_600))))
    #expect(refusal(forge.bundle()) == nil)
    let late = BundleManifest.timestamp(BundleForge.now.addingTimeInterval(25 * 3_600))
    forge.set(["courtfed", "created"], .string(late))
    #expect(
      refusal(forge.bundle())
        == "the manifest says it was created at \(late), in the future; check the sending computer's clock")
  }

  @Test("years before 1949 are refused, in the manifest and in the ratings")
  func before1949() {
    var forge = BundleForge()
    forge.set(["courtfed", "periods", 0], .string("1948"))
    #expect(
      refusal(forge.bundle())
        == "datapackage.json: courtfed.periods[0] is in 1948, outside the years CourtFed accepts (1949-2999)")
    forge = BundleForge()
    forge.replace(.branchRatings, csv: "court,branch,year,stars\r\nbj-xicheng,b01,1948,4\r\n")
    #expect(
      refusal(forge.bundle()) == "data/branch_ratings.csv.gz line 2: year must be a whole number from 1949 to 2999")
  }

  @Test("group scores and ratings for periods not ended when the bundle was made")
  func futureParty() {
    var forge = BundleForge()
    forge.replace(
      .groupScores, csv: "court,group,period,basic,bonus,deduction\r\nbj-xicheng,g01,2023Q4,80,1,0\r\n")
    #expect(refusal(forge.bundle()) == "data/group_scores.csv.gz line 2: 2023Q4 has not ended yet")
    forge = BundleForge()
    forge.replace(.branchRatings, csv: "court,branch,year,stars\r\nbj-xicheng,b01,2023,5\r\n")
    #expect(refusal(forge.bundle()) == "data/branch_ratings.csv.gz line 2: 2023 has not ended yet")
  }

  @Test("an unknown catalog version is refused; the coordinator's own is read")
  func catalogVersion() {
    var forge = BundleForge()
    forge.set(["courtfed", "catalog_version"], .string("9999.1"))
    #expect(
      refusal(forge.bundle())
        == "the bundle was checked against metric catalog 9999.1, which this coordinator does not know (it uses 2026.1); the court must export with the same CourtFed version as the coordinator"
    )
  }

  @Test("a catalog that lists an earlier version as compatible reads its bundles")
  func compatibleCatalog() throws {
    var json = String(
      decoding: try Data(contentsOf: ProjectPaths.specs.appendingPathComponent("metric-catalog.json")), as: UTF8.self)
    json = json.replacingOccurrences(
      of: "\"catalog_version\": \"2026.1\"",
      with: "\"catalog_version\": \"2026.2\", \"compatible_versions\": [\"2026.1\"]")
    let newer = try MetricCatalog(json: Data(json.utf8))
    #expect(newer.version == "2026.2")
    let verifier = BundleVerifier(trust: BundleForge.trust(), catalog: newer, now: BundleForge.now)
    #expect(refusal(BundleForge().bundle(), verifier) == nil)
  }

  @Test("a rule added to the catalog applies to verify at once: the checks are validate's own")
  func newRuleApplies() throws {
    // A made-up rule the sample breaks in 2021Q4: cases mediated (2339) ≤ cases withdrawn (1136).
    var json = String(
      decoding: try Data(contentsOf: ProjectPaths.specs.appendingPathComponent("metric-catalog.json")), as: UTF8.self)
    let rule = """
      "rules": [
          {"id": "test_rule", "left": ["cases_mediated"], "operator": "<=", "right": ["cases_withdrawn"],
           "severity": "error", "message_en": "test rule broken", "message_zh": "测试规则"},
      """
    json = json.replacingOccurrences(of: "\"rules\": [", with: rule)
    let catalog = try MetricCatalog(json: Data(json.utf8))
    let verifier = BundleVerifier(trust: BundleForge.trust(), catalog: catalog, now: BundleForge.now)
    let csv = BundleForge().measuresCSV.components(separatedBy: "\r\n")
    // The first period in the bundle where mediated > withdrawn, found by hand in the CSV.
    let line = try #require(csv.firstIndex { $0.contains(",cases_mediated,") }) + 1
    let message = try #require(refusal(BundleForge().bundle(), verifier))
    #expect(message.hasPrefix("data/measures.csv.gz line \(line): 2020Q1: test rule broken ("))
  }
}

/// Issue 16, "denial of service through sequence numbers and files": nothing a bundle claims
/// makes the verifier allocate in proportion to it, and a file is judged by stat before a byte
/// of it is read.
@Suite("Hostile bundles: sizes and numbers that cost")
struct CostAttackTests {
  func refusal(_ data: Data) -> String? {
    do {
      _ = try BundleForge.verifier().verify(data)
      return nil
    } catch {
      return error.message
    }
  }

  @Test("a sequence of 2^53 − 1, or of 1,000,001, is refused; 1,000,000 is the largest")
  func sequence() {
    for sequence in [9_007_199_254_740_991, 1_000_001] {
      var forge = BundleForge()
      forge.set(["courtfed", "sequence"], .integer(sequence))
      forge.set(["courtfed", "previous_manifest_sha256"], .string(String(repeating: "a", count: 64)))
      forge.set(["name"], .string("courtfed-bj-xicheng-\(sequence)"))
      #expect(
        refusal(forge.bundle())
          == "datapackage.json: courtfed.sequence is \(sequence), beyond any court's (at most 1000000)")
    }
    var forge = BundleForge()
    forge.set(["courtfed", "sequence"], .integer(1_000_000))
    forge.set(["courtfed", "previous_manifest_sha256"], .string(String(repeating: "a", count: 64)))
    forge.set(["name"], .string("courtfed-bj-xicheng-1000000"))
    #expect(refusal(forge.bundle()) == nil)
  }

  @Test("a declared decompressed size more than deflate can produce (1032 to 1) is refused before decompressing")
  func impossibleSize() {
    var forge = BundleForge()
    let compressed = forge.members[1].contents
    forge.replaceCompressed(.branches, with: compressed, declaredSize: compressed.count * 1032 + 1025)
    #expect(
      refusal(forge.bundle())
        == "data/branches.csv.gz declares \(compressed.count * 1032 + 1025) bytes decompressed, more than its compressed bytes can hold"
    )
  }

  @Test("20 million rows declared for 242 is refused by the count, not by running out of memory")
  func declaredRows() {
    var forge = BundleForge()
    forge.set(["resources", 0, "courtfed_rows"], .integer(20_000_000))
    #expect(refusal(forge.bundle()) == "data/measures.csv.gz line 0: has 242 rows; the manifest says 20000000")
  }

  /// A new empty folder.
  func folder() -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("bundlefile-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  @Test("a sparse 3 GiB file is refused by its size before a byte is read")
  func sparse() throws {
    let directory = folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("bj-xicheng-000001.courtfed")
    #expect(FileManager.default.createFile(atPath: url.path, contents: nil))
    let handle = try FileHandle(forWritingTo: url)
    try handle.truncate(atOffset: 3 << 30)
    try handle.close()
    let start = Date()
    #expect(throws: BundleError.bundleTooLarge(size: 3 << 30, limit: 256 << 20)) {
      try BundleFile.read(url, limit: BundleLimits().bundleBytes)
    }
    // Reading 3 GiB, even of holes, takes seconds; stat takes microseconds.
    #expect(Date().timeIntervalSince(start) < 1)
  }

  @Test("a folder, a FIFO and /dev/zero named as bundles are refused for what they are, without waiting")
  func notFiles() throws {
    let directory = folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let fifo = directory.appendingPathComponent("pipe.courtfed")
    #expect(mkfifo(fifo.path, 0o644) == 0)
    #expect(throws: BundleError.notARegularFile(path: fifo.path, kind: "a named pipe (FIFO)")) {
      try BundleFile.read(fifo, limit: 1 << 20)
    }
    #expect(throws: BundleError.notARegularFile(path: directory.path, kind: "a folder")) {
      try BundleFile.read(directory, limit: 1 << 20)
    }
    #expect(throws: BundleError.notARegularFile(path: "/dev/zero", kind: "a character device")) {
      try BundleFile.read(URL(fileURLWithPath: "/dev/zero"), limit: 1 << 20)
    }
    #expect(BundleFile.peekManifest(fifo, limits: BundleLimits()) == nil)
  }

  @Test("the manifest is read from the start of a file alone, for ordering an inbox")
  func peek() throws {
    let directory = folder()
    defer { try? FileManager.default.removeItem(at: directory) }
    let url = directory.appendingPathComponent("b.courtfed")
    let forge = BundleForge()
    try forge.bundle().write(to: url)
    #expect(BundleFile.peekManifest(url, limits: BundleLimits())?.court.id == "bj-xicheng")
    var small = BundleLimits()
    small.manifestBytes = 100
    #expect(BundleFile.peekManifest(url, limits: small) == nil)
  }
}
