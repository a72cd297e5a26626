import CourtFedFormats
import CourtFedModel
import Foundation
import Testing

@testable import CourtFedBundle

/// The attack list of shared/reference/bundle-security.md: each hostile bundle is rejected
/// with its own message, and nothing is written.
@Suite("Hostile bundles")
struct AttackTests {
  func rejection(_ data: Data, _ verifier: BundleVerifier = BundleForge.verifier()) -> BundleError? {
    do {
      _ = try verifier.verify(data)
      return nil
    } catch {
      return error
    }
  }

  @Test("the good bundle verifies, with its rows")
  func good() throws {
    let forge = BundleForge()
    let bundle = try BundleForge.verifier().verify(forge.bundle())
    #expect(bundle.manifest.court.id == "bj-xicheng")
    #expect(bundle.tables.measures.count == 242)
    #expect(bundle.tables.groups.count == 7)
    #expect(bundle.signerFingerprint == TestKeys.xicheng.publicKey.fingerprint)
  }

  // MARK: Signature and keys

  @Test("any changed byte of the manifest breaks the signature")
  func changedByte() {
    let forge = BundleForge()
    var bytes = forge.manifestBytes
    let signature = SSHSignature.sign(bytes, namespace: BundleFormat.namespace, with: TestKeys.xicheng)
    let index = bytes.firstRange(of: Data("\"rows\"".utf8)).map { $0.lowerBound } ?? bytes.count / 2
    bytes[index + 1] ^= 0x01
    #expect(rejection(forge.bundle(manifestBytes: bytes, signature: signature)) == .signatureInvalid)
    // Every position, not just one: flip each byte of a short stretch.
    for offset in stride(from: 0, to: forge.manifestBytes.count, by: 97) {
      var changed = forge.manifestBytes
      changed[offset] ^= 0x20
      #expect(rejection(forge.bundle(manifestBytes: changed, signature: signature)) != nil)
    }
  }

  @Test("an unknown key, another court's key, a revoked key, a key outside its window")
  func keys() {
    var forge = BundleForge()
    forge.key = TestKeys.stranger
    #expect(rejection(forge.bundle()) == .signerUnknown(fingerprint: TestKeys.stranger.publicKey.fingerprint))

    forge.key = TestKeys.fengtai
    #expect(
      rejection(forge.bundle())
        == .signerWrongCourt(
          fingerprint: TestKeys.fengtai.publicKey.fingerprint, trustedFor: ["bj-fengtai"], claimed: "bj-xicheng"))

    forge.key = TestKeys.xicheng
    let fingerprint = TestKeys.xicheng.publicKey.fingerprint
    #expect(
      rejection(forge.bundle(), BundleForge.verifier(BundleForge.trust(revoke: true)))
        == .signerRevoked(fingerprint: fingerprint))

    let later = BundleForge.trust(validAfter: BundleForge.now.addingTimeInterval(86_400))
    guard case .signerOutsideValidity(let who, let window)? = rejection(forge.bundle(), BundleForge.verifier(later))
    else {
      Issue.record("a key not yet valid was accepted")
      return
    }
    #expect(who == fingerprint)
    #expect(window.hasPrefix("from 2023-11-15"))
    let expired = BundleForge.trust(validBefore: BundleForge.now.addingTimeInterval(-1))
    #expect(
      rejection(forge.bundle(), BundleForge.verifier(expired))
        == .signerOutsideValidity(fingerprint: fingerprint, window: expired.entries[0].window))
  }

  @Test("a signature for another namespace")
  func namespace() {
    var forge = BundleForge()
    forge.namespace = "file"
    #expect(rejection(forge.bundle()) == .signatureWrongNamespace(found: "file", expected: BundleFormat.namespace))
  }

  @Test(
    "malformed armour: bad base64, wrong lengths, extra lines, oversize",
    arguments: [
      (
        "-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n",
        "not one -----BEGIN SSH SIGNATURE----- block of valid base64"
      ),
      ("-----BEGIN SSH SIGNATURE-----\nU1NIU0lHAAAAAQ==\n-----END SSH SIGNATURE-----\n", "the signature is truncated"),
      (
        "hello\n-----BEGIN SSH SIGNATURE-----\nU1NIU0lH\n-----END SSH SIGNATURE-----\n",
        "not one -----BEGIN SSH SIGNATURE----- block of valid base64"
      ),
      ("-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n", "the SSHSIG magic is missing"),
    ])
  func armour(signature: String, detail: String) {
    #expect(rejection(BundleForge().bundle(signature: signature)) == .signatureMalformed(detail: detail))
  }

  @Test("a signature with extra bytes or a short Ed25519 signature is refused")
  func signatureLengths() {
    let forge = BundleForge()
    let good = SSHSignature.sign(forge.manifestBytes, namespace: BundleFormat.namespace, with: TestKeys.xicheng)
    var blob = Armour.unwrap(good, label: "SSH SIGNATURE")!
    blob.append(0)
    let extra = Armour.wrap(blob, label: "SSH SIGNATURE", width: 70)
    #expect(
      rejection(forge.bundle(signature: extra)) == .signatureMalformed(detail: "wrong signature length or extra bytes"))
    let huge = String(repeating: "A", count: 9000)
    #expect(
      rejection(forge.bundle(signature: huge)) == .memberTooLarge(name: "datapackage.json.sig", size: 9000, limit: 8192)
    )
  }

  // MARK: Manifest

  /// The manifest text with a field spliced in by hand, re-signed.
  func signedText(_ text: String) -> Data {
    BundleForge().bundle(manifestBytes: Data(text.utf8))
  }

  @Test("duplicate JSON keys are refused, whichever copy a parser would keep")
  func duplicateKeys() {
    let text = String(decoding: BundleForge().manifestBytes, as: UTF8.self)
    let duplicated = text.replacingOccurrences(of: "{\"courtfed\":", with: "{\"name\":\"x\",\"courtfed\":")
    guard case .manifestSyntax(_, let detail)? = rejection(signedText(duplicated)) else {
      Issue.record("duplicate keys accepted")
      return
    }
    #expect(detail == "the key \"name\" appears twice")
  }

  @Test("unknown and missing fields")
  func fields() {
    var forge = BundleForge()
    forge.set(["courtfed", "approved_by"], .string("me"))
    #expect(
      rejection(forge.bundle())
        == .manifestField(path: "courtfed.approved_by", problem: "is not a field CourtFed knows"))
    forge = BundleForge()
    forge.set(["courtfed", "sequence"], nil)
    #expect(rejection(forge.bundle()) == .manifestField(path: "courtfed.sequence", problem: "is missing"))
    forge = BundleForge()
    forge.set(["resources", 2, "schema", "fields", 0, "type"], .string("integer"))
    #expect(
      rejection(forge.bundle())
        == .manifestField(path: "resources[2].schema", problem: "is not CourtFed's schema for groups"))
  }

  @Test("non-canonical JSON: whitespace, or keys out of order")
  func canonical() {
    let text = String(decoding: BundleForge().manifestBytes, as: UTF8.self)
    #expect(
      rejection(signedText(text.replacingOccurrences(of: ",\"name\":", with: ", \"name\":"))) == .manifestNotCanonical)
    #expect(rejection(signedText(text + "\n")) == .manifestNotCanonical)
  }

  @Test("numbers above 2^53, negative, fractional")
  func numbers() {
    var forge = BundleForge()
    let text = String(decoding: forge.manifestBytes, as: UTF8.self)
    let big = text.replacingOccurrences(of: "\"sequence\":1", with: "\"sequence\":9007199254740993")
    guard case .manifestSyntax(_, "a number above 2^53")? = rejection(signedText(big)) else {
      Issue.record("a number above 2^53 was accepted")
      return
    }
    forge.set(["resources", 0, "courtfed_rows"], .integer(-5))
    #expect(
      rejection(forge.bundle()) == .manifestField(path: "resources[0].courtfed_rows", problem: "must not be negative"))
    let fraction = text.replacingOccurrences(of: "\"sequence\":1", with: "\"sequence\":1.0")
    guard case .manifestSyntax(_, "numbers in the manifest are whole numbers")? = rejection(signedText(fraction)) else {
      Issue.record("a fraction was accepted")
      return
    }
  }

  @Test("invalid UTF-8 and NUL characters")
  func encodingAttacks() {
    var bytes = BundleForge().manifestBytes
    bytes.insert(contentsOf: [0xC3, 0x28], at: bytes.count - 2)
    guard case .manifestSyntax(_, "invalid UTF-8")? = rejection(BundleForge().bundle(manifestBytes: bytes)) else {
      Issue.record("invalid UTF-8 accepted")
      return
    }
    let text = String(decoding: BundleForge().manifestBytes, as: UTF8.self)
    let nul = text.replacingOccurrences(of: "\"catalog_version\":\"", with: "\"catalog_version\":\"\\u0000")
    guard case .manifestSyntax(_, "a NUL character in a string")? = rejection(signedText(nul)) else {
      Issue.record("NUL accepted")
      return
    }
  }

  @Test("an oversize manifest is refused before it is parsed")
  func oversizeManifest() {
    var limits = BundleLimits()
    limits.manifestBytes = 1000
    let forge = BundleForge()
    #expect(
      rejection(forge.bundle(), BundleForge.verifier(limits: limits))
        == .memberTooLarge(name: "datapackage.json", size: forge.manifestBytes.count, limit: 1000))
  }

  @Test("an unsupported format version")
  func version() {
    var forge = BundleForge()
    forge.set(["courtfed", "format_version"], .integer(3))
    #expect(rejection(forge.bundle()) == .unsupportedVersion(3))
    // Version 2 is version 1 with score_quarters: each needs the other.
    forge.set(["courtfed", "format_version"], .integer(2))
    #expect(
      rejection(forge.bundle())
        == .manifestField(path: "courtfed.format_version", problem: "must be 2 with score_quarters and 1 without"))
    forge = BundleForge()
    forge.set(["courtfed", "score_quarters"], .array([]))
    #expect(
      rejection(forge.bundle())
        == .manifestField(path: "courtfed.format_version", problem: "must be 2 with score_quarters and 1 without"))
  }

  @Test(
    "resource paths: .., absolute, backslash, empty, odd Unicode",
    arguments: [
      ("../data/measures.csv.gz", "'../data/measures.csv.gz' climbs out with '..'"),
      ("/etc/passwd", "'/etc/passwd' is absolute"),
      ("data\\measures.csv.gz", "'data\\measures.csv.gz' has a backslash"),
      ("", "is empty"),
      ("data/measures.csv.gz\u{202E}", "'data/measures.csv.gz\u{202E}' has characters other than plain ASCII"),
      ("data/ｍeasures.csv.gz", "'data/ｍeasures.csv.gz' has characters other than plain ASCII"),
    ])
  func paths(path: String, problem: String) {
    var forge = BundleForge()
    forge.set(["resources", 0, "path"], .string(path))
    #expect(rejection(forge.bundle()) == .manifestField(path: "resources[0].path", problem: problem))
  }

  @Test("duplicate resource names")
  func duplicateResources() {
    var forge = BundleForge()
    forge.set(["resources", 1, "name"], .string("measures"))
    #expect(rejection(forge.bundle()) == .manifestField(path: "resources[1].name", problem: "repeats 'measures'"))
  }

  @Test("a manifest created far in the future")
  func future() {
    var forge = BundleForge()
    forge.set(["courtfed", "created"], .string("2099-01-01T00:00:00Z"))
    #expect(rejection(forge.bundle()) == .createdInFuture(created: "2099-01-01T00:00:00Z"))
  }

  // MARK: Score quarters

  /// The sample's score quarters, in order, as the manifest would list them.
  static var sampleScoreQuarters: [Period] {
    Set(BundleForge.workspace.groupScores.map(\.value.period)).sorted()
  }

  @Test(
    "score_quarters: not a list, not a quarter, out of order or repeated is refused naming the entry",
    arguments: [
      (JSONValue.string("2020Q1"), "courtfed.score_quarters", "must be a list"),
      (.array([.string("2020-03")]), "courtfed.score_quarters[0]", "is not a quarter (2021Q4)"),
      (.array([.string("2020Q2"), .string("2020Q1")]), "courtfed.score_quarters[1]", "is out of order or repeated"),
      (.array([.string("2020Q1"), .string("2020Q1")]), "courtfed.score_quarters[1]", "is out of order or repeated"),
      (.array([.integer(2020)]), "courtfed.score_quarters[0]", "is not a period in canonical form (2021Q4)"),
    ])
  func scoreQuarterList(list: JSONValue, path: String, problem: String) {
    let forge = BundleForge.withScoreQuarters(list)
    #expect(rejection(forge.bundle()) == .manifestField(path: path, problem: problem))
  }

  @Test("a listed score quarter that has not ended by the bundle's creation is refused")
  func scoreQuarterNotEnded() {
    let quarters = Self.sampleScoreQuarters + [.quarter(2030, 1)]
    let forge = BundleForge.withScoreQuarters(.array(quarters.map { .string($0.description) }))
    #expect(
      rejection(forge.bundle())
        == .periodNotEnded(
          path: "courtfed.score_quarters[\(quarters.count - 1)]", period: .quarter(2030, 1),
          created: BundleManifest.timestamp(BundleForge.now)))
  }

  @Test("a score row outside the listed quarters is refused naming its line; inside them the bundle verifies")
  func scoreRowOutsideQuarters() throws {
    let all = Self.sampleScoreQuarters
    // Every quarter but the first listed: the first row (line 2, after the header) is g01's
    // first quarter, as the rows are sorted by group then quarter.
    var forge = BundleForge.withScoreQuarters(.array(all.dropFirst().map { .string($0.description) }))
    #expect(
      rejection(forge.bundle())
        == .row(
          member: "data/group_scores.csv.gz", line: 2,
          problem: "the quarter \(all[0]) is not among the quarters the manifest lists (score_quarters)"))
    forge = BundleForge.withScoreQuarters(.array(all.map { .string($0.description) }))
    let bundle = try BundleForge.verifier().verify(forge.bundle())
    #expect(bundle.manifest.scoreQuarters == all)
    #expect(bundle.tables.groupScores.count == BundleForge.workspace.groupScores.count)
  }

  // MARK: Archive

  /// A tar header for `name` with type flag `type`, checksum right.
  static func header(_ name: String, type: UInt8, size: Int = 0) -> Data {
    var block = [UInt8](TarArchive.write([TarMember(name: name, contents: Data(count: size))]).prefix(512))
    block[156] = type
    for index in 148..<156 { block[index] = 32 }
    let sum = block.reduce(0) { $0 + Int($1) }
    let octal = Array(String(format: "%06o", sum).utf8) + [0, 32]
    block.replaceSubrange(148..<156, with: octal)
    return Data(block)
  }

  @Test(
    "links, devices, directories and extension headers are refused",
    arguments: [
      ("2", "link"), ("1", "hard link"), ("3", "device"), ("4", "device"), ("5", "directory"), ("x", "PAX"),
      ("g", "PAX"), ("L", "GNU"),
    ])
  func memberTypes(type: String, what: String) {
    let forge = BundleForge()
    let good = forge.bundle()
    // The first member becomes a link (or device, ...) named like the manifest.
    let evil = Self.header("datapackage.json", type: UInt8(ascii: Unicode.Scalar(type)!)) + Data(count: 1024)
    #expect(rejection(evil) == .archive(.notARegularFile(name: "datapackage.json", type: Character(type))))
    #expect(rejection(good) == nil)
  }

  @Test("member names with .. or /, duplicates, extra and missing members")
  func memberSets() {
    let forge = BundleForge()
    var members = forge.members
    members[0].name = "../measures.csv.gz"
    #expect(
      rejection(forge.bundle(members: members))
        == .unexpectedMember(name: "../measures.csv.gz", expected: "data/measures.csv.gz"))
    members = forge.members
    members[1] = members[0]
    #expect(
      rejection(forge.bundle(members: members))
        == .unexpectedMember(name: "data/measures.csv.gz", expected: "data/branches.csv.gz"))
    var roomy = BundleLimits()
    roomy.members = 8
    #expect(
      rejection(
        forge.bundle(members: forge.members + [TarMember(name: "data/extra.csv.gz", contents: Data())]),
        BundleForge.verifier(limits: roomy))
        == .unexpectedMember(name: "data/extra.csv.gz", expected: "no more members"))
    #expect(
      rejection(forge.bundle(members: Array(forge.members.dropLast())))
        == .missingMember(name: "data/branch_ratings.csv.gz"))
    let manifestFirst = TarArchive.write([TarMember(name: "/datapackage.json", contents: forge.manifestBytes)])
    #expect(rejection(manifestFirst) == .unexpectedMember(name: "/datapackage.json", expected: "datapackage.json"))
  }

  @Test("bad header checksum, truncation, trailing data, too many members, too many bytes")
  func archiveShape() {
    let good = BundleForge().bundle()
    var corrupt = good
    corrupt[101] ^= 0x01  // the mode field of the first header
    #expect(rejection(corrupt) == .archive(.badChecksum(member: 0)))
    #expect(rejection(good.prefix(3000)) == .archive(.truncated))
    #expect(rejection(good + Data("garbage".utf8)) == .archive(.trailingData))
    var withGarbage = good
    withGarbage[good.count - 10] = 1
    #expect(rejection(withGarbage) == .archive(.trailingData))
    let forge = BundleForge()
    let many = forge.bundle(members: forge.members + [TarMember(name: "x", contents: Data())])
    #expect(rejection(many) == .archive(.tooManyMembers(limit: 7)))
    var limits = BundleLimits()
    limits.bundleBytes = 10_000
    #expect(rejection(good, BundleForge.verifier(limits: limits)) == .bundleTooLarge(size: good.count, limit: 10_000))
  }

  // MARK: Compression

  @Test("a decompression bomb stops at the declared size without allocating the rest")
  func bomb() {
    var forge = BundleForge()
    let zeros = Gzip.compress(Data(count: 200 << 20), level: 9)
    #expect(zeros.count < 400_000)
    forge.replaceCompressed(.branches, with: zeros, declaredSize: 1000)
    #expect(rejection(forge.bundle()) == .decompression(name: "data/branches.csv.gz", .largerThanDeclared(1000)))
    // Declaring the true size is refused by the limit, before any allocation.
    var limits = BundleLimits()
    limits.uncompressedBytes = 100 << 20
    forge.replaceCompressed(.branches, with: zeros, declaredSize: 200 << 20)
    #expect(
      rejection(forge.bundle(), BundleForge.verifier(limits: limits))
        == .memberTooLarge(name: "data/branches.csv.gz", size: 200 << 20, limit: 100 << 20))
  }

  @Test("shorter than declared, several members, trailing garbage, bad CRC")
  func compression() {
    var forge = BundleForge()
    let csv = Data("court,id,name,division,secretary,members,brand\r\n".utf8)
    let gz = Gzip.compress(csv)
    forge.replaceCompressed(.branches, with: gz, declaredSize: csv.count + 10)
    #expect(
      rejection(forge.bundle())
        == .decompression(
          name: "data/branches.csv.gz", .smallerThanDeclared(declared: csv.count + 10, actual: csv.count)))
    forge.replaceCompressed(.branches, with: gz + gz, declaredSize: csv.count)
    #expect(rejection(forge.bundle()) == .decompression(name: "data/branches.csv.gz", .trailingData))
    forge.replaceCompressed(.branches, with: gz + Data("junk".utf8), declaredSize: csv.count)
    #expect(rejection(forge.bundle()) == .decompression(name: "data/branches.csv.gz", .trailingData))
    var badCRC = gz
    badCRC[badCRC.count - 6] ^= 0xFF
    forge.replaceCompressed(.branches, with: badCRC, declaredSize: csv.count)
    #expect(rejection(forge.bundle()) == .decompression(name: "data/branches.csv.gz", .corrupt("incorrect data check")))
  }

  @Test("a changed member is caught by its hash before anything is decompressed")
  func hashFirst() {
    let forge = BundleForge()
    var members = forge.members
    var bytes = members[0].contents
    bytes[bytes.count / 2] ^= 0xFF
    members[0].contents = bytes
    #expect(rejection(forge.bundle(members: members)) == .memberHash(name: "data/measures.csv.gz"))
    members[0].contents = bytes + Data([0])
    #expect(
      rejection(forge.bundle(members: members))
        == .memberLength(name: "data/measures.csv.gz", declared: bytes.count, actual: bytes.count + 1))
  }

  // MARK: Rows

  @Test(
    "bad rows: another court, duplicates, wrong types, NaN, unknown measure, period not listed",
    arguments: [
      ("bj-fengtai,2021Q4,cases_closed,5", "is for court 'bj-fengtai', but the bundle is bj-xicheng's"),
      ("bj-xicheng,2021Q4,cases_closed,abc", "the value 'abc' is not a number"),
      ("bj-xicheng,2021Q4,cases_closed,NaN", "the value 'NaN' is not a number"),
      ("bj-xicheng,2021Q4,cases_closed,1e5", "the value '1e5' is not a number"),
      ("bj-xicheng,2021Q4,cases_closed,-1", "cases_closed = -1: the value is below the minimum 0"),
      ("bj-xicheng,2021Q4,closure_rate,95", "'closure_rate' is not a base measure of the catalog"),
      ("bj-xicheng,2022Q1,cases_closed,5", "the period 2022Q1 is not among the periods the manifest lists"),
      ("bj-xicheng,2021年第四季度,cases_closed,5", "'2021年第四季度' is not a period in canonical form (2021Q4)"),
      ("bj-xicheng,2021Q4,cases_closed", "has 3 fields; the schema has 4"),
    ])
  func rows(row: String, problem: String) {
    var forge = BundleForge()
    let csv = forge.measuresCSV
    forge.replace(.measures, csv: csv + row + "\r\n")
    #expect(
      rejection(forge.bundle())
        == .row(member: "data/measures.csv.gz", line: csv.split(separator: "\r\n").count + 1, problem: problem))
  }

  @Test("a duplicate (period, measure) row rejects the bundle")
  func duplicateRow() {
    var forge = BundleForge()
    let csv = forge.measuresCSV
    let lines = csv.split(separator: "\r\n")
    forge.replace(.measures, csv: csv + lines[5] + "\r\n")
    let measure = lines[5].split(separator: ",")[2]
    let period = lines[5].split(separator: ",")[1]
    #expect(
      rejection(forge.bundle())
        == .row(
          member: "data/measures.csv.gz", line: lines.count + 1, problem: "\(measure) for \(period) appears twice"))
  }

  @Test("oversize strings are refused by the field limit")
  func oversize() {
    var forge = BundleForge()
    let long = String(repeating: "党", count: 1200)
    forge.replace(.branches, csv: "court,id,name,division,secretary,members,brand\r\nbj-xicheng,b01,\(long),d,s,3,\r\n")
    #expect(
      rejection(forge.bundle())
        == .limitExceeded(member: "data/branches.csv.gz", what: "name on line 2 longer than allowed", limit: 1000))
  }

  @Test("a row count different from the manifest's")
  func rowCount() {
    var forge = BundleForge()
    forge.set(["resources", 0, "courtfed_rows"], .integer(241))
    #expect(
      rejection(forge.bundle())
        == .row(member: "data/measures.csv.gz", line: 0, problem: "has 242 rows; the manifest says 241"))
  }

  @Test("text that looks like SQL or a spreadsheet formula is kept as data, unchanged")
  func formulaText() throws {
    var forge = BundleForge()
    let name = "=HYPERLINK(\"http://x\",\"点击\")"
    let sql = "'); DROP TABLE bundles; --"
    forge.replace(
      .branches,
      csv:
        "court,id,name,division,secretary,members,brand\r\nbj-xicheng,b01,\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\",\(sql),s,3,\r\n"
    )
    forge.replace(
      .groups, csv: "court,id,branch,name,team,kind,leader,leader_age,leader_party_years,leader_court_years,members\r\n"
    )
    forge.replace(.groupScores, csv: "court,group,period,basic,bonus,deduction\r\n")
    forge.replace(.branchRatings, csv: "court,branch,year,stars\r\n")
    let bundle = try BundleForge.verifier().verify(forge.bundle())
    #expect(bundle.tables.branches.first?.name == name)
    #expect(bundle.tables.branches.first?.division == sql)
  }
}
