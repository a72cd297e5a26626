import CourtFedFormats
import Foundation
import TestSupport
import Testing

@testable import CourtFedBundle

@Suite("Bundle format pieces")
struct FormatTests {
  @Test("tar: what is written reads back, padded to a 10240-byte record")
  func tar() throws {
    let members = [
      TarMember(name: "datapackage.json", contents: Data("{}".utf8)),
      TarMember(name: "data/measures.csv.gz", contents: Data(count: 513)),
      TarMember(name: "empty", contents: Data()),
    ]
    let archive = TarArchive.write(members)
    #expect(archive.count % 10_240 == 0)
    #expect(try TarArchive.read(archive, maximumMembers: 10) == members)
    #expect(TarArchive.write(members) == archive)
  }

  @Test("gzip: round trip, no timestamp, the same bytes every time")
  func gzip() throws {
    let text = Data(String(repeating: "bj-xicheng,2021Q4,cases_closed,2954\r\n", count: 1000).utf8)
    let compressed = Gzip.compress(text)
    #expect(compressed.prefix(3) == Data([0x1F, 0x8B, 0x08]))
    #expect(compressed[4..<8] == Data([0, 0, 0, 0]))
    #expect(Gzip.compress(text) == compressed)
    #expect(try Gzip.decompress(compressed, declaredSize: text.count) == text)
    #expect(try Gzip.decompress(Gzip.compress(Data()), declaredSize: 0) == Data())
  }

  @Test("canonical JSON: sorted keys, no whitespace, minimal escapes, UTF-8 kept")
  func canonical() throws {
    let value = JSONValue.object([
      "b": .array([.integer(-3), .bool(true), .null]), "a": .string("西城\"\\\n\u{01}"),
      "A": .integer(9_007_199_254_740_991),
    ])
    let bytes = CanonicalJSON.encode(value)
    #expect(
      String(decoding: bytes, as: UTF8.self)
        == "{\"A\":9007199254740991,\"a\":\"西城\\\"\\\\\\n\\u0001\",\"b\":[-3,true,null]}")
    #expect(try CanonicalJSON.parse(bytes) == value)
    #expect(
      try CanonicalJSON.parse(Data(" { \"x\" : [ 1 , 2 ] } ".utf8))
        == .object(["x": .array([.integer(1), .integer(2)])]))
    #expect(try CanonicalJSON.parse(Data("\"\\ud83d\\ude00\"".utf8)) == .string("😀"))
  }

  @Test(
    "strict JSON errors",
    arguments: [
      ("{\"a\":1,\"a\":2}", "the key \"a\" appears twice"), ("[01]", "a number with a leading zero"),
      ("[1e3]", "numbers in the manifest are whole numbers"), ("\"\\ud800\"", "a lone surrogate in a string"),
      ("{\"a\":1} x", "unexpected text after the JSON value"), ("\"a\u{01}\"", "a control character in a string"),
      (String(repeating: "[", count: 20) + String(repeating: "]", count: 20), "nested too deeply"),
    ])
  func strict(text: String, detail: String) {
    do {
      _ = try CanonicalJSON.parse(Data(text.utf8))
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.detail == detail)
    }
  }

  @Test("keys: the OpenSSH private key round-trips, the public line parses, fingerprints are OpenSSH's")
  func keys() throws {
    let key = try CourtSigningKey(seed: Data(repeating: 9, count: 32), comment: "bj-test")
    let text = key.openSSHPrivateKey(checkWord: 42)
    #expect(text.hasPrefix("-----BEGIN OPENSSH PRIVATE KEY-----\n"))
    let read = try CourtSigningKey(openSSHPrivateKey: text)
    #expect(read.publicKey == key.publicKey)
    #expect(read.comment == "bj-test")
    let line = key.publicKey.openSSHLine(comment: "bj-test")
    #expect(try CourtPublicKey(openSSHLine: line) == key.publicKey)
    #expect(key.publicKey.fingerprint.hasPrefix("SHA256:"))
    #expect(key.publicKey.fingerprint.count == 50)
    #expect(throws: BundleError.keyMalformed(detail: "only ssh-ed25519 keys are accepted, not ssh-rsa")) {
      try CourtPublicKey(openSSHLine: "ssh-rsa AAAAB3NzaC1yc2E= x")
    }
  }

  @Test("SSHSIG: signs, verifies, and fails on a changed message")
  func signatures() throws {
    let key = try CourtSigningKey(seed: Data(repeating: 5, count: 32), comment: "c")
    let armoured = SSHSignature.sign(Data("manifest".utf8), namespace: "courtfed-bundle-v1", with: key)
    let signature = try SSHSignature(armoured: armoured)
    #expect(signature.namespace == "courtfed-bundle-v1")
    #expect(signature.publicKey == key.publicKey)
    #expect(signature.isValid(for: Data("manifest".utf8)))
    #expect(!signature.isValid(for: Data("manifesT".utf8)))
    #expect(SSHSignature.sign(Data("manifest".utf8), namespace: "courtfed-bundle-v1", with: key) == armoured)
  }

  @Test("trust file: OpenSSH options, quoted values, validity times, and clear errors")
  func trustFile() throws {
    let key = try CourtSigningKey(seed: Data(repeating: 4, count: 32), comment: "c").publicKey
    let entry = try TrustStore.parseEntry(
      "bj-xicheng namespaces=\"courtfed-bundle-v1,file\",valid-after=\"20260101\",valid-before=\"20270101120000Z\" \(key.openSSHLine(comment: "note"))",
      number: 3, path: "allowed_signers")
    #expect(entry.courts == ["bj-xicheng"])
    #expect(entry.namespaces == ["courtfed-bundle-v1", "file"])
    #expect(entry.validAfter == Date(timeIntervalSince1970: 1_767_225_600))
    #expect(entry.validBefore == Date(timeIntervalSince1970: 1_798_804_800))
    #expect(entry.key == key)
    for (line, detail) in [
      ("* \(key.openSSHLine(comment: ""))", "'*' is a pattern; a key is trusted for named courts only"),
      (
        "bj-x cert-authority \(key.openSSHLine(comment: ""))",
        "certificate authorities are not supported; list each court's key"
      ),
      (
        "bj-x valid-after=\"tomorrow\" \(key.openSSHLine(comment: ""))",
        "valid-after=\"tomorrow\" is not a time like 20240101 or 20240101120000Z"
      ),
      ("bj-x", "expected a key: ssh-ed25519 AAAA..."),
    ] {
      #expect(throws: BundleError.trustFile(path: "allowed_signers", line: 7, detail: detail)) {
        try TrustStore.parseEntry(line, number: 7, path: "allowed_signers")
      }
    }
  }
}

/// Issue 16, "identity": a trust line naming several courts for one key let one key sign for
/// two courts. The store refuses to load it, saying why; `trust add` never writes one.
@Suite("Trust: one court per key")
struct TrustIdentityTests {
  static let key = try! CourtSigningKey(seed: Data(repeating: 4, count: 32), comment: "c").publicKey
  static let other = try! CourtSigningKey(seed: Data(repeating: 6, count: 32), comment: "c").publicKey

  /// The trust file with `lines`, loaded.
  func load(_ lines: [String]) throws -> TrustStore {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("trust-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    let url = folder.appendingPathComponent("allowed_signers")
    try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
    return try TrustStore.load(url)
  }

  @Test("a line naming two courts for one key is refused, saying why")
  func twoPrincipals() throws {
    let line = "bj-xicheng,bj-haidian namespaces=\"courtfed-bundle-v1\" \(Self.key.openSSHLine(comment: ""))"
    #expect(
      throws: BundleError.trustKeyForSeveralCourts(
        path: "allowed_signers", line: 3, courts: ["bj-xicheng", "bj-haidian"], firstLine: 3)
    ) {
      try TrustStore.parseEntry(line, number: 3, path: "allowed_signers")
    }
    #expect(
      BundleError.trustKeyForSeveralCourts(
        path: "allowed_signers", line: 3, courts: ["bj-xicheng", "bj-haidian"], firstLine: 3
      ).message
        == "allowed_signers:3: one key is trusted for several courts (bj-xicheng, bj-haidian); a key signs for one court only: give each court its own key and line (`courtfed trust add COURT KEYFILE`)"
    )
  }

  @Test("the same key on two lines for two courts is refused; once per court is fine")
  func twoLines() throws {
    let lines = [
      "# comment", "bj-xicheng \(Self.key.openSSHLine(comment: ""))",
      "bj-fengtai \(Self.other.openSSHLine(comment: ""))",
      "bj-haidian \(Self.key.openSSHLine(comment: ""))",
    ]
    do {
      _ = try load(lines)
      Issue.record("a key trusted for two courts was loaded")
    } catch let error as BundleError {
      guard case .trustKeyForSeveralCourts(_, 4, ["bj-xicheng", "bj-haidian"], 2) = error else {
        return #expect(Bool(false), "\(error)")
      }
    }
    #expect(try load(Array(lines.prefix(3))).entries.map(\.courts) == [["bj-xicheng"], ["bj-fengtai"]])
  }

  @Test("a principal that is not a court id is refused")
  func principal() {
    #expect(
      throws: BundleError.trustFile(
        path: "f", line: 1, detail: "'bj-x\u{1B}[2J' is not a court id (2-64 of a-z, 0-9 and -, starting with a letter)"
      )
    ) {
      try TrustStore.parseEntry("bj-x\u{1B}[2J \(Self.key.openSSHLine(comment: ""))", number: 1, path: "f")
    }
  }

  @Test("trust add writes one court per line, and refuses a key trusted for another court")
  func add() throws {
    var store = TrustStore(emptyAt: URL(fileURLWithPath: "/nonexistent/allowed_signers"))
    try store.add(court: "bj-xicheng", key: Self.key)
    #expect(throws: BundleError.self) { try store.add(court: "bj-haidian", key: Self.key) }
    let line = store.allowedSignersText.split(separator: "\n").last.map(String.init) ?? ""
    #expect(line.hasPrefix("bj-xicheng namespaces="))
    #expect(try TrustStore.parseEntry(line, number: 1, path: "f").courts == ["bj-xicheng"])
  }
}

@Suite("Manifest timestamps")
struct TimestampTests {
  @Test("timestamps are written and read as ISO 8601 writes them, and nothing else is read")
  func roundTrip() throws {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime]
    var rng = SplitMix(seed: SplitMix.seed("timestamps", fallback: 1_970))
    for _ in 0..<2_000 {
      let date = Date(timeIntervalSince1970: Double(rng.int(-2_000_000_000...8_000_000_000)))
      let text = BundleManifest.timestamp(date)
      #expect(text == formatter.string(from: date))
      #expect(BundleManifest.date(fromTimestamp: text) == date)
    }
    for bad in [
      "2026-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01 00:00:00Z",
      "2024-01-01T00:00:00+00:00", "2024-1-01T00:00:00Z", "２０２４-01-01T00:00:00Z",
    ] {
      #expect(BundleManifest.date(fromTimestamp: bad) == nil, "\(bad)")
    }
    #expect(BundleManifest.date(fromTimestamp: "2024-02-29T23:59:59Z") != nil)
  }
}
