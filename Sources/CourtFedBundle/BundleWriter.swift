import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace
import Crypto
import Foundation

/// Where a court stands in its sequence of bundles, kept in the workspace as
/// `export-state.toml` by `export`. Its last export is reproduced byte for byte when nothing
/// changed; any change makes the next sequence number.
public struct ExportState: Sendable, Equatable {
  public var sequence: Int
  public var manifestSHA256: String
  public var previousManifestSHA256: String?
  /// SHA-256 of everything the bundle carries except the sequence fields and the time.
  public var contentSHA256: String
  public var created: String

  public static let fileName = "export-state.toml"

  public init(
    sequence: Int, manifestSHA256: String, previousManifestSHA256: String?, contentSHA256: String, created: String
  ) {
    self.sequence = sequence
    self.manifestSHA256 = manifestSHA256
    self.previousManifestSHA256 = previousManifestSHA256
    self.contentSHA256 = contentSHA256
    self.created = created
  }

  /// Reads the state of the workspace at `directory`; nil when it never exported.
  public static func load(from directory: URL) throws(BundleError) -> ExportState? {
    let url = directory.appendingPathComponent(fileName)
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    func damaged(_ detail: String) -> BundleError { .exportState(path: url.path, detail: detail) }
    guard let text = try? String(contentsOf: url, encoding: .utf8) else { throw damaged("it cannot be read") }
    guard let document = try? TOMLDocument(parsing: text), let table = document.table("export") else {
      throw damaged("there is no [export] table")
    }
    func string(_ key: String) throws(BundleError) -> String {
      guard case .string(let value)? = table[key]?.value else { throw damaged("\(key) is missing") }
      return value
    }
    guard case .integer(let sequence)? = table["sequence"]?.value, sequence >= 1 else {
      throw damaged("sequence is missing")
    }
    let previous = try? string("previous_manifest_sha256")
    return ExportState(
      sequence: sequence, manifestSHA256: try string("manifest_sha256"),
      previousManifestSHA256: previous?.isEmpty == false ? previous : nil, contentSHA256: try string("content_sha256"),
      created: try string("created"))
  }

  var text: String {
    """
    # Written by `courtfed export`: this court's place in its sequence of bundles.
    # Do not edit or delete it: the coordinator rejects a bundle whose sequence goes back.
    [export]
    sequence = \(sequence)
    manifest_sha256 = "\(manifestSHA256)"
    previous_manifest_sha256 = "\(previousManifestSHA256 ?? "")"
    content_sha256 = "\(contentSHA256)"
    created = "\(created)"

    """
  }

  func save(in directory: URL) throws(BundleError) {
    let url = directory.appendingPathComponent(Self.fileName)
    do {
      try Data(text.utf8).write(to: url, options: .atomic)
    } catch {
      throw .cannotWrite(path: url.path, reason: error.localizedDescription)
    }
  }
}

/// A bundle made from a workspace.
public struct ExportedBundle: Sendable {
  public var data: Data
  public var manifest: BundleManifest
  public var manifestSHA256: String
  /// The state to keep in the workspace after writing the bundle.
  public var state: ExportState
  /// True when nothing changed since the last export, which this bundle repeats exactly.
  public var isRepeat: Bool

  /// `bj-xicheng-000003.courtfed`.
  public var fileName: String {
    "\(manifest.court.id)-\(String(format: "%06d", manifest.sequence)).\(BundleFormat.fileExtension)"
  }
}

/// Makes a bundle from a checked workspace: five gzip members, the canonical manifest, its
/// SSHSIG signature, in a deterministic tar archive. The same workspace, state and key always
/// give the same bytes (Ed25519 signatures are deterministic).
public enum BundleWriter {
  public static func make(
    _ workspace: Workspace, key: CourtSigningKey, state: ExportState?, now: Date, catalog: MetricCatalog = .standard
  ) -> ExportedBundle {
    var tables = BundleTables()
    tables.measures = workspace.measures.map(\.value)
    tables.branches = workspace.branches.map(\.value)
    tables.groups = workspace.groups.map(\.value)
    tables.groupScores = workspace.groupScores.map(\.value)
    tables.branchRatings = workspace.branchRatings.map(\.value)
    tables.sort()
    let periods = Set(tables.measures.map(\.period)).sorted()

    var contents: [(BundleFormat.Table, Data)] = []
    var content = SHA256()
    for table in BundleFormat.Table.allCases {
      let csv = tables.csv(table, court: workspace.court.id)
      contents.append((table, csv))
      content.update(data: Data(SHA256.hash(data: csv)))
    }
    // The court's profile and the catalog version are content too.
    let draft = BundleManifest(
      court: workspace.court, sequence: 1, previousManifestSHA256: nil, created: "", periods: periods,
      catalogVersion: catalog.version, resources: [])
    content.update(data: CanonicalJSON.encode(draft.json))
    let contentSHA256 = BundleVerifier.hex(content.finalize())

    let isRepeat = state?.contentSHA256 == contentSHA256
    let sequence: Int
    let previous: String?
    let created: String
    if let state, isRepeat {
      (sequence, previous, created) = (state.sequence, state.previousManifestSHA256, state.created)
    } else {
      (sequence, previous, created) = ((state?.sequence ?? 0) + 1, state?.manifestSHA256, BundleManifest.timestamp(now))
    }

    var members: [TarMember] = []
    var resources: [BundleManifest.Resource] = []
    for (table, csv) in contents {
      let rows = rowCount(table, tables)
      let compressed = Gzip.compress(csv)
      resources.append(
        BundleManifest.Resource(
          table: table, bytes: compressed.count, sha256: BundleVerifier.hex(SHA256.hash(data: compressed)),
          uncompressedBytes: csv.count, rows: rows))
      members.append(TarMember(name: table.path, contents: compressed))
    }
    let manifest = BundleManifest(
      court: workspace.court, sequence: sequence, previousManifestSHA256: previous, created: created, periods: periods,
      catalogVersion: catalog.version, resources: resources)
    let manifestBytes = manifest.canonicalBytes
    let signature = SSHSignature.sign(manifestBytes, namespace: BundleFormat.namespace, with: key)
    let archive = TarArchive.write(
      [
        TarMember(name: BundleFormat.manifestName, contents: manifestBytes),
        TarMember(name: BundleFormat.signatureName, contents: Data(signature.utf8)),
      ] + members)
    let manifestSHA256 = BundleVerifier.hex(SHA256.hash(data: manifestBytes))
    let newState = ExportState(
      sequence: sequence, manifestSHA256: manifestSHA256, previousManifestSHA256: previous,
      contentSHA256: contentSHA256, created: created)
    return ExportedBundle(
      data: archive, manifest: manifest, manifestSHA256: manifestSHA256, state: newState, isRepeat: isRepeat)
  }

  private static func rowCount(_ table: BundleFormat.Table, _ tables: BundleTables) -> Int {
    switch table {
    case .measures: tables.measures.count
    case .branches: tables.branches.count
    case .groups: tables.groups.count
    case .groupScores: tables.groupScores.count
    case .branchRatings: tables.branchRatings.count
    }
  }

  /// Writes the export state into the workspace, then the bundle to `url` (atomically). The
  /// state goes first: if writing the bundle fails, exporting again makes the same bundle.
  public static func write(_ bundle: ExportedBundle, to url: URL, workspace: URL) throws(BundleError) {
    try bundle.state.save(in: workspace)
    do {
      try bundle.data.write(to: url, options: .atomic)
    } catch {
      throw .cannotWrite(path: url.path, reason: error.localizedDescription)
    }
  }
}
