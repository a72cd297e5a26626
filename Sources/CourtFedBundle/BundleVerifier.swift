import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace
import Crypto
import Foundation

/// A bundle that passed every check, with its rows.
public struct VerifiedBundle: Sendable {
  /// The manifest, parsed from `manifestBytes`.
  public var manifest: BundleManifest
  /// The signed manifest bytes, exactly as received.
  package var manifestBytes: Data
  /// Lower-case hex SHA-256 of `manifestBytes`: the bundle's identity.
  public var manifestSHA256: String
  /// The signer's key fingerprint, `SHA256:...`.
  package var signerFingerprint: String
  /// The rows; empty when the verifier was asked not to keep them.
  public var tables: BundleTables
  /// The bundle file's size.
  package var size: Int
}

/// Checks a bundle against the coordinator's trust store, in the order of
/// Specs/bundle-format.md: size, archive, signature and signer, canonical manifest, court
/// binding, exact member set, each member's length and hash before any decompression,
/// decompression bounded by the declared size, then every row. Nothing is written anywhere.
public struct BundleVerifier: Sendable {
  package var trust: TrustStore
  package var limits: BundleLimits
  package var catalog: MetricCatalog
  /// The time keys' validity is checked at.
  package var now: Date
  /// How far in the future a manifest's creation time may be (clocks drift).
  package var allowedClockSkew: TimeInterval = 24 * 3600

  /// A verifier that accepts only bundles signed by a key `trust` holds for the bundle's court,
  /// within `limits`, with figures valid against `catalog`, and checks key validity and manifest
  /// times against `now`.
  public init(
    trust: TrustStore, limits: BundleLimits = BundleLimits(), catalog: MetricCatalog = .standard, now: Date = Date()
  ) {
    self.trust = trust
    self.limits = limits
    self.catalog = catalog
    self.now = now
  }

  /// Verifies the bundle file at `url`, checking that it is a regular file within the size
  /// limit before reading it (`BundleFile.read`). With `keepRows: false` the rows are checked
  /// but not kept (`VerifiedBundle.tables` is empty), which saves memory when only the verdict
  /// matters.
  ///
  /// - Throws: `BundleError` naming the first check the bundle fails; nothing is written.
  public func verify(contentsOf url: URL, keepRows: Bool = true) throws(BundleError) -> VerifiedBundle {
    try verify(try BundleFile.read(url, limit: limits.bundleBytes), keepRows: keepRows)
  }

  /// Verifies a bundle held in memory, with the same checks and `keepRows` as
  /// `verify(contentsOf:keepRows:)`.
  ///
  /// - Throws: `BundleError` naming the first check the bundle fails.
  public func verify(_ data: Data, keepRows: Bool = true) throws(BundleError) -> VerifiedBundle {
    guard data.count <= limits.bundleBytes else { throw .bundleTooLarge(size: data.count, limit: limits.bundleBytes) }
    let envelope = try Envelope(data, limits: limits)

    // The signature, and a first look at the signer before anything else is trusted.
    let signature = envelope.signature
    guard signature.namespace == BundleFormat.namespace else {
      throw .signatureWrongNamespace(found: signature.namespace, expected: BundleFormat.namespace)
    }
    guard signature.isValid(for: envelope.manifestBytes) else { throw .signatureInvalid }
    if trust.isRevoked(signature.publicKey) { throw .signerRevoked(fingerprint: signature.publicKey.fingerprint) }
    guard trust.lists(signature.publicKey) else {
      throw .signerUnknown(fingerprint: signature.publicKey.fingerprint)
    }

    // The manifest: strict, canonical, and not from the future.
    let manifest = try envelope.manifest()
    if let created = BundleManifest.date(fromTimestamp: manifest.created),
      created > now.addingTimeInterval(allowedClockSkew)
    {
      throw .createdInFuture(created: manifest.created)
    }
    // The key must be trusted for the court the manifest names, now.
    _ = try trust.authorize(signature, court: manifest.court.id, at: now)
    // What the court says about itself, checked as the coordinator's own rules say.
    let created = BundleManifest.date(fromTimestamp: manifest.created) ?? now
    try checkClaims(manifest, created: created)

    // Exactly the listed members, in order; lengths and hashes before decompressing.
    let members = envelope.dataMembers
    for (index, resource) in manifest.resources.enumerated() {
      guard index < members.count else { throw .missingMember(name: resource.table.path) }
      guard members[index].name == resource.table.path else {
        throw .unexpectedMember(name: members[index].name, expected: resource.table.path)
      }
    }
    if members.count > manifest.resources.count {
      throw .unexpectedMember(name: members[manifest.resources.count].name, expected: "no more members")
    }
    for (member, resource) in zip(members, manifest.resources) {
      guard member.contents.count == resource.bytes else {
        throw .memberLength(name: member.name, declared: resource.bytes, actual: member.contents.count)
      }
      guard Self.hex(SHA256.hash(data: member.contents)) == resource.sha256 else {
        throw .memberHash(name: member.name)
      }
      guard resource.uncompressedBytes <= limits.uncompressedBytes else {
        throw .memberTooLarge(name: member.name, size: resource.uncompressedBytes, limit: limits.uncompressedBytes)
      }
      // Deflate expands at most 1032 to 1: a larger declared size is a lie, refused before a
      // buffer of that size is made.
      guard resource.uncompressedBytes <= Gzip.largestExpansion(of: member.contents.count) else {
        throw .decompression(name: member.name, .largerThanPossible(declared: resource.uncompressedBytes))
      }
      guard resource.rows <= limits.rows else {
        throw .limitExceeded(member: member.name, what: "\(resource.rows) rows declared", limit: limits.rows)
      }
    }

    // Decompress each member, bounded by its declared size, and check every row.
    let checker = { (name: String) in
      TableChecker(
        member: name, court: manifest.court.id, periods: manifest.periods, catalog: catalog, limits: limits,
        created: created)
    }
    func inflate(_ index: Int) throws(BundleError) -> Data {
      let resource = manifest.resources[index]
      do {
        return try Gzip.decompress(members[index].contents, declaredSize: resource.uncompressedBytes)
      } catch {
        throw .decompression(name: members[index].name, error)
      }
    }
    var tables = BundleTables()
    let resources = manifest.resources
    tables.measures = try checker(members[0].name).measures(
      try inflate(0), declaredRows: resources[0].rows, keep: keepRows)
    let branches = try checker(members[1].name).branches(try inflate(1), declaredRows: resources[1].rows)
    let groups = try checker(members[2].name).groups(try inflate(2), declaredRows: resources[2].rows)
    let scores = try checker(members[3].name).groupScores(
      try inflate(3), declaredRows: resources[3].rows, quarters: manifest.scoreQuarters.map(Set.init))
    let ratings = try checker(members[4].name).branchRatings(try inflate(4), declaredRows: resources[4].rows)
    // The checks across the party tables are validate's own.
    var validator = WorkspaceValidator(
      catalog: catalog, now: created, branchFile: members[1].name, groupFile: members[2].name)
    validator.check(branches: branches, groups: groups, scores: scores, ratings: ratings)
    if let first = validator.diagnostics.sorted.first(where: { $0.severity == .error }) {
      throw .validation(member: first.location.file, line: first.location.line, problem: first.problem.message)
    }
    if keepRows {
      tables.branches = branches.map(\.value)
      tables.groups = groups.map(\.value)
      tables.groupScores = scores.map(\.value)
      tables.branchRatings = ratings.map(\.value)
    } else {
      tables = BundleTables()
    }

    return VerifiedBundle(
      manifest: manifest, manifestBytes: envelope.manifestBytes,
      manifestSHA256: Self.hex(SHA256.hash(data: envelope.manifestBytes)),
      signerFingerprint: signature.publicKey.fingerprint, tables: tables, size: data.count)
  }

  /// The court's profile, sequence, catalog and periods as the coordinator's rules say:
  /// every name acceptable (Specs/bundle-format.md, "Names"), a sane sequence number, a known
  /// catalog, and every period over by the time the bundle was made.
  func checkClaims(_ manifest: BundleManifest, created: Date) throws(BundleError) {
    guard manifest.sequence <= BundleFormat.largestSequence else {
      throw .sequenceTooLarge(manifest.sequence, limit: BundleFormat.largestSequence)
    }
    let court = manifest.court
    let names: [(String, String?, Int)] = [
      ("name", court.name, NameRules.nameLimit), ("short_name", court.shortName, NameRules.shortNameLimit),
      ("english_name", court.englishName, NameRules.nameLimit), ("region", court.region, NameRules.nameLimit),
    ]
    for case (let field, let value?, let limit) in names {
      if let problem = NameRules.problem(in: value, limit: limit) {
        throw .manifestName(path: "courtfed.court.\(field)", problem: problem)
      }
    }
    if let parent = court.parent, !Court.isValidID(parent) {
      throw .manifestField(path: "courtfed.court.parent", problem: "is not a valid court id")
    }
    guard catalog.reads(version: manifest.catalogVersion) else {
      throw .catalogUnknown(found: manifest.catalogVersion, expected: catalog.version)
    }
    let allEnded = Period.latestEnding(manifest.periods)?.hasEnded(asOf: created) ?? true
    for (index, period) in manifest.periods.enumerated() where !allEnded && !period.hasEnded(asOf: created) {
      throw .periodNotEnded(path: "courtfed.periods[\(index)]", period: period, created: manifest.created)
    }
    for (index, quarter) in (manifest.scoreQuarters ?? []).enumerated() where !quarter.hasEnded(asOf: created) {
      throw .periodNotEnded(path: "courtfed.score_quarters[\(index)]", period: quarter, created: manifest.created)
    }
  }

  static func hex(_ digest: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var bytes: [UInt8] = []
    bytes.reserveCapacity(64)
    for byte in digest {
      bytes.append(digits[Int(byte >> 4)])
      bytes.append(digits[Int(byte & 0x0F)])
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}

/// The outer layer of a bundle: the archive read strictly, the manifest and its signature in
/// their places. Shared by `verify` and `inspect`.
struct Envelope {
  let manifestBytes: Data
  let signature: SSHSignature
  let dataMembers: [TarMember]

  init(_ data: Data, limits: BundleLimits) throws(BundleError) {
    let members: [TarMember]
    do {
      members = try TarArchive.read(data, maximumMembers: limits.members)
    } catch {
      throw .archive(error)
    }
    guard let first = members.first else { throw .missingMember(name: BundleFormat.manifestName) }
    guard first.name == BundleFormat.manifestName else {
      throw .unexpectedMember(name: first.name, expected: BundleFormat.manifestName)
    }
    guard first.contents.count <= limits.manifestBytes else {
      throw .memberTooLarge(name: first.name, size: first.contents.count, limit: limits.manifestBytes)
    }
    guard members.count > 1 else { throw .missingMember(name: BundleFormat.signatureName) }
    guard members[1].name == BundleFormat.signatureName else {
      throw .unexpectedMember(name: members[1].name, expected: BundleFormat.signatureName)
    }
    let signatureBytes = members[1].contents
    guard signatureBytes.count <= 8192 else {
      throw .memberTooLarge(name: BundleFormat.signatureName, size: signatureBytes.count, limit: 8192)
    }
    guard let text = String(data: signatureBytes, encoding: .utf8) else {
      throw .signatureMalformed(detail: "the signature file is not text")
    }
    manifestBytes = first.contents
    signature = try SSHSignature(armoured: text)
    dataMembers = Array(members.dropFirst(2))
  }

  /// The manifest, read strictly and required to be in canonical form.
  func manifest() throws(BundleError) -> BundleManifest {
    let manifest = try BundleManifest(json: try BundleManifest.json(manifestBytes))
    guard manifest.canonicalBytes == manifestBytes else { throw .manifestNotCanonical }
    return manifest
  }
}

/// What `inspect` shows: the manifest and who signed it, with no trust store. Never trusted.
package struct BundleInspection: Sendable {
  package var manifest: BundleManifest
  package var manifestSHA256: String
  package var signerFingerprint: String
  /// Whether the signature matches the manifest with the key it carries (not whether that key
  /// is trusted: only `verify` says that).
  package var signatureMatches: Bool
  package var members: [(name: String, size: Int)]

  /// Reads `data` as far as the manifest, without a trust store.
  package init(_ data: Data, limits: BundleLimits = BundleLimits()) throws(BundleError) {
    guard data.count <= limits.bundleBytes else { throw .bundleTooLarge(size: data.count, limit: limits.bundleBytes) }
    let envelope = try Envelope(data, limits: limits)
    manifest = try envelope.manifest()
    manifestSHA256 = BundleVerifier.hex(SHA256.hash(data: envelope.manifestBytes))
    signerFingerprint = envelope.signature.publicKey.fingerprint
    signatureMatches =
      envelope.signature.namespace == BundleFormat.namespace && envelope.signature.isValid(for: envelope.manifestBytes)
    members = envelope.dataMembers.map { ($0.name, $0.contents.count) }
  }
}
