import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace
import Crypto
import Foundation
import TestSupport

@testable import CourtFedBundle

/// Test keys, made from fixed seeds. TEST KEYS ONLY: never trust them for real figures.
enum TestKeys {
  static func key(_ court: String, seed: UInt8) -> CourtSigningKey {
    try! CourtSigningKey(seed: Data(repeating: seed, count: 32), comment: court)
  }
  static let xicheng = key("bj-xicheng", seed: 1)
  static let fengtai = key("bj-fengtai", seed: 2)
  static let stranger = key("bj-xicheng", seed: 3)
}

/// Makes good bundles from the Xicheng sample, and hostile ones from them, for the attack
/// list: every byte can be changed and the manifest re-signed.
struct BundleForge {
  static let now = Date(timeIntervalSince1970: 1_700_000_000)
  static let workspace: Workspace = {
    let report = WorkspaceLoader().load(ProjectPaths.sampleWorkspaces.appendingPathComponent("xicheng"))
    return report.workspace!
  }()

  var manifest: JSONValue
  var members: [TarMember]
  var key = TestKeys.xicheng
  var namespace = BundleFormat.namespace

  init() {
    let bundle = BundleWriter.make(Self.workspace, key: TestKeys.xicheng, state: nil, now: Self.now)
    manifest = bundle.manifest.json
    members = try! TarArchive.read(bundle.data, maximumMembers: 10).dropFirst(2).map { $0 }
  }

  /// A trust store with Xicheng's and Fengtai's test keys, for bundle namespaces.
  static func trust(
    validAfter: Date? = nil, validBefore: Date? = nil, revoke: Bool = false
  ) -> TrustStore {
    var store = TrustStore(emptyAt: URL(fileURLWithPath: "/nonexistent/allowed_signers"))
    try! store.add(
      court: "bj-xicheng", key: TestKeys.xicheng.publicKey, validAfter: validAfter, validBefore: validBefore)
    try! store.add(court: "bj-fengtai", key: TestKeys.fengtai.publicKey)
    if revoke { _ = try! store.revoke(court: "bj-xicheng", key: nil) }
    return store
  }

  static func verifier(_ trust: TrustStore = trust(), limits: BundleLimits = BundleLimits()) -> BundleVerifier {
    BundleVerifier(trust: trust, limits: limits, now: now)
  }

  /// The manifest bytes: canonical unless given.
  var manifestBytes: Data { CanonicalJSON.encode(manifest) }

  /// The bundle: manifest, signature (made now unless given), members.
  func bundle(manifestBytes: Data? = nil, signature: String? = nil, members: [TarMember]? = nil) -> Data {
    let bytes = manifestBytes ?? self.manifestBytes
    let signatureText = signature ?? SSHSignature.sign(bytes, namespace: namespace, with: key)
    return TarArchive.write(
      [
        TarMember(name: BundleFormat.manifestName, contents: bytes),
        TarMember(name: BundleFormat.signatureName, contents: Data(signatureText.utf8)),
      ] + (members ?? self.members))
  }

  /// The sample bundle listing `quarters` as its score quarters, in format version 2.
  static func withScoreQuarters(_ quarters: JSONValue) -> BundleForge {
    var forge = BundleForge()
    forge.set(["courtfed", "score_quarters"], quarters)
    forge.set(["courtfed", "format_version"], .integer(2))
    return forge
  }

  /// Sets the value at `path` in the manifest (object keys and array indices).
  mutating func set(_ path: [Any], _ value: JSONValue?) {
    manifest = Self.setting(manifest, path[...], value)
  }

  private static func setting(_ json: JSONValue, _ path: ArraySlice<Any>, _ value: JSONValue?) -> JSONValue {
    guard let head = path.first else { return value ?? .null }
    switch (json, head) {
    case (.object(var members), let key as String):
      if path.count == 1, value == nil {
        members[key] = nil
      } else {
        members[key] = setting(members[key] ?? .null, path.dropFirst(), value)
      }
      return .object(members)
    case (.array(var items), let index as Int):
      items[index] = setting(items[index], path.dropFirst(), value)
      return .array(items)
    default:
      fatalError("bad path \(path)")
    }
  }

  /// Replaces a data table's CSV and brings the manifest's length, hash, sizes and rows up
  /// to date, so only the rows themselves are wrong.
  mutating func replace(_ table: BundleFormat.Table, csv: String) {
    let data = Data(csv.utf8)
    let compressed = Gzip.compress(data)
    let index = BundleFormat.Table.allCases.firstIndex(of: table)!
    members[index] = TarMember(name: table.path, contents: compressed)
    set(["resources", index, "bytes"], .integer(compressed.count))
    set(["resources", index, "hash"], .string("sha256:" + BundleVerifier.hex(SHA256Shim.hash(compressed))))
    set(["resources", index, "courtfed_uncompressed_bytes"], .integer(data.count))
    set(["resources", index, "courtfed_rows"], .integer(csv.split(separator: "\r\n").count - 1))
  }

  /// A member's bytes swapped, manifest entry updated for length and hash only.
  mutating func replaceCompressed(_ table: BundleFormat.Table, with compressed: Data, declaredSize: Int) {
    let index = BundleFormat.Table.allCases.firstIndex(of: table)!
    members[index] = TarMember(name: table.path, contents: compressed)
    set(["resources", index, "bytes"], .integer(compressed.count))
    set(["resources", index, "hash"], .string("sha256:" + BundleVerifier.hex(SHA256Shim.hash(compressed))))
    set(["resources", index, "courtfed_uncompressed_bytes"], .integer(declaredSize))
  }

  /// The measures CSV with the value of (`period`, `measure`) set to `value` as written, and
  /// the line it is on (the header is line 1).
  func measures(setting period: String, _ measure: String, to value: String) -> (csv: String, line: Int) {
    var lines = measuresCSV.components(separatedBy: "\r\n")
    let prefix = "bj-xicheng,\(period),\(measure),"
    guard let index = lines.firstIndex(where: { $0.hasPrefix(prefix) }) else { fatalError("no \(prefix)") }
    lines[index] = prefix + value
    return (lines.joined(separator: "\r\n"), index + 1)
  }

  /// The measures table as the bundle has it, for editing.
  var measuresCSV: String {
    guard case .object(let top) = manifest, case .array(let resources)? = top["resources"],
      case .object(let first) = resources[0], case .integer(let size)? = first["courtfed_uncompressed_bytes"]
    else { fatalError("no measures resource") }
    return String(decoding: try! Gzip.decompress(members[0].contents, declaredSize: size), as: UTF8.self)
  }
}

enum SHA256Shim {
  static func hash(_ data: Data) -> [UInt8] { Array(SHA256.hash(data: data)) }
}
