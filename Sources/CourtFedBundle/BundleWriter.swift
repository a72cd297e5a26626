import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace
import Crypto
import Foundation

/// Where a court stands in its sequence of bundles, kept in the workspace as
/// `export-state.toml` by `export`: the sequence, and a SHA-256 of each period's figures and
/// of the rest (profile, catalog version, party tables) as last exported, so the next
/// export carries only what changed. A full export (`--all`) with nothing changed since a
/// full export reproduces it byte for byte; any change makes the next sequence number.
public struct ExportState: Sendable, Equatable {
  package var sequence: Int
  package var manifestSHA256: String
  package var previousManifestSHA256: String?
  /// SHA-256 of everything the bundle carries except the sequence fields and the time.
  package var contentSHA256: String
  package var created: String
  /// SHA-256 of each period's measure rows in the workspace when it was exported (every
  /// period the coordinator has from this court); empty in a state written before CourtFed
  /// kept them, when the next export carries every period.
  package var periodSHA256: [Period: String]
  /// SHA-256 of each quarter's group scores when they were exported (the group_scores member
  /// of that quarter's rows alone); nil in a state written before CourtFed kept them, when
  /// the next export carries the scores whole.
  package var scoreSHA256: [Period: String]?
  /// SHA-256 of the court's profile, the catalog version and the party tables at the last
  /// export; nil in an older state.
  package var restSHA256: String?

  package static let fileName = "export-state.toml"

  package init(
    sequence: Int, manifestSHA256: String, previousManifestSHA256: String?, contentSHA256: String, created: String,
    periodSHA256: [Period: String] = [:], scoreSHA256: [Period: String]? = nil, restSHA256: String? = nil
  ) {
    self.sequence = sequence
    self.manifestSHA256 = manifestSHA256
    self.previousManifestSHA256 = previousManifestSHA256
    self.contentSHA256 = contentSHA256
    self.created = created
    self.periodSHA256 = periodSHA256
    self.scoreSHA256 = scoreSHA256
    self.restSHA256 = restSHA256
  }

  /// Reads the state of the workspace at `directory`; nil when it never exported.
  package static func load(from directory: URL) throws(BundleError) -> ExportState? {
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
    let rest = try? string("rest_sha256")
    func hashes(_ name: String, of kind: PeriodKind? = nil) throws(BundleError) -> [Period: String]? {
      guard let table = document.table(name) else { return nil }
      var hashes: [Period: String] = [:]
      for key in table.keys {
        guard let period = try? Period(parsing: key), period.description == key, kind == nil || period.kind == kind,
          case .string(let hash)? = table[key]?.value, hash.count == 64, hash.allSatisfy(\.isHexDigit)
        else { throw damaged("[\(name)] has a line \(key) that is not a \(kind?.rawValue ?? "period") and a SHA-256") }
        hashes[period] = hash
      }
      return hashes
    }
    let periods = try hashes("periods") ?? [:]
    let scores = try hashes("score_quarters", of: .quarter)
    return ExportState(
      sequence: sequence, manifestSHA256: try string("manifest_sha256"),
      previousManifestSHA256: previous?.isEmpty == false ? previous : nil, contentSHA256: try string("content_sha256"),
      created: try string("created"), periodSHA256: periods, scoreSHA256: scores,
      restSHA256: rest?.isEmpty == false ? rest : nil)
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
    rest_sha256 = "\(restSHA256 ?? "")"

    # SHA-256 of each period's figures as last exported: the next export carries only the
    # periods whose figures differ (or are new).
    [periods]

    """ + Self.lines(periodSHA256)
      + (scoreSHA256.map {
        """

        # SHA-256 of each quarter's group scores as last exported: the next export carries only
        # the quarters whose scores differ (or are new, or gone).
        [score_quarters]

        """ + Self.lines($0)
      } ?? "")
  }

  /// `2021Q4 = "…"` for each period, in order.
  private static func lines(_ hashes: [Period: String]) -> String {
    hashes.sorted { $0.key < $1.key }.map { "\($0.key) = \"\($0.value)\"\n" }.joined()
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
  /// The bundle file's bytes, to be written as `<court>-<sequence>.courtfed`.
  public var data: Data
  /// The manifest signed into the bundle.
  public var manifest: BundleManifest
  /// Lower-case hex SHA-256 of the signed manifest bytes: the bundle's identity.
  public var manifestSHA256: String
  /// The state to keep in the workspace after writing the bundle.
  public var state: ExportState
  /// True when nothing changed since the last export, which this bundle repeats exactly.
  package var isRepeat: Bool
  /// True when the bundle carries every period of the workspace (`export --all`, or a
  /// court's first export); false when it carries only the periods that changed.
  package var isFull: Bool

  /// `bj-xicheng-000003.courtfed`.
  public var fileName: String {
    "\(manifest.court.id)-\(String(format: "%06d", manifest.sequence)).\(BundleFormat.fileExtension)"
  }
}

/// Makes a bundle from a checked workspace: five gzip members, the canonical manifest, its
/// SSHSIG signature, in a deterministic tar archive. The same workspace, state and key always
/// give the same bytes (Ed25519 signatures are deterministic).
///
/// `make` writes a full snapshot of every period; `makeChanges` (what `export` does by
/// default) only the periods whose figures changed since the state's export and the quarters
/// whose group scores changed, with the other party tables whole, or nothing when nothing
/// changed.
public enum BundleWriter {
  /// A full snapshot: every period of the workspace (`export --all`).
  public static func make(
    _ workspace: Workspace, key: CourtSigningKey, state: ExportState?, now: Date, catalog: MetricCatalog = .standard
  ) -> ExportedBundle {
    build(workspace, key: key, state: state, now: now, catalog: catalog, changesOnly: false)!
  }

  /// The periods whose figures differ from the state's (new periods, corrections), every
  /// period when there is no state or it predates per-period hashes; nil when no period
  /// changed and neither did the profile, the catalog version or the party tables.
  public static func makeChanges(
    _ workspace: Workspace, key: CourtSigningKey, state: ExportState?, now: Date, catalog: MetricCatalog = .standard
  ) -> ExportedBundle? {
    build(workspace, key: key, state: state, now: now, catalog: catalog, changesOnly: true)
  }

  /// SHA-256 of each quarter's group scores: the group_scores member (uncompressed) of that
  /// quarter's rows alone, as a bundle writes it.
  static func scoreHashes(_ scores: [GroupScore], court: String) -> [Period: String] {
    var byQuarter: [Period: BundleTables] = [:]
    for row in scores { byQuarter[row.period, default: BundleTables()].groupScores.append(row) }
    return byQuarter.mapValues { quarter in
      var quarter = quarter
      quarter.sort()
      return BundleVerifier.hex(SHA256.hash(data: quarter.csv(.groupScores, court: court)))
    }
  }

  /// SHA-256 of each period's measure rows (sorted by measure): key, NUL, the value as the
  /// bundle writes it, LF. `measures` come in the bundle's order (by period, then measure), so
  /// each period is one run of rows, its bytes hashed at once.
  static func periodHashes(_ measures: [MeasureValue]) -> [Period: String] {
    var hashes: [Period: String] = [:]
    var bytes: [UInt8] = []
    var start = 0
    while start < measures.count {
      let period = measures[start].period
      var end = start
      bytes.removeAll(keepingCapacity: true)
      while end < measures.count && measures[end].period == period {
        bytes.append(contentsOf: measures[end].measure.utf8)
        bytes.append(0)
        bytes.append(contentsOf: MeasureValue.format(measures[end].value).utf8)
        bytes.append(10)
        end += 1
      }
      hashes[period] = BundleVerifier.hex(SHA256.hash(data: bytes))
      start = end
    }
    return hashes
  }

  private static func build(
    _ workspace: Workspace, key: CourtSigningKey, state: ExportState?, now: Date, catalog: MetricCatalog,
    changesOnly: Bool
  ) -> ExportedBundle? {
    var tables = BundleTables()
    // In the bundle's order (by period, then measure) from here on: the period hashes walk it
    // in runs, and sorting the rows again below finds them sorted.
    var allMeasures = workspace.measures.map(\.value)
    allMeasures.sort(by: BundleTables.measureOrder)
    tables.branches = workspace.branches.map(\.value)
    tables.groups = workspace.groups.map(\.value)
    tables.groupScores = workspace.groupScores.map(\.value)
    tables.branchRatings = workspace.branchRatings.map(\.value)
    let hashes = periodHashes(allMeasures)
    let scoreHashes = scoreHashes(tables.groupScores, court: workspace.court.id)
    // The rest: the profile, the catalog version and the party tables.
    var restHash = SHA256()
    for table in BundleFormat.Table.allCases where table != .measures {
      restHash.update(data: Data(SHA256.hash(data: tables.csv(table, court: workspace.court.id))))
    }
    restHash.update(
      data: CanonicalJSON.encode(
        BundleManifest(
          court: workspace.court, sequence: 1, previousManifestSHA256: nil, created: "", periods: [],
          catalogVersion: catalog.version, resources: []
        ).json))
    let restSHA256 = BundleVerifier.hex(restHash.finalize())
    let isFull = !changesOnly || state == nil || state?.periodSHA256.isEmpty == true
    // Nil: the scores whole (a full snapshot, or a state that kept no hashes of them).
    var scoreQuarters: [Period]?
    if isFull {
      tables.measures = allMeasures
    } else if let state {
      let changed = Set(hashes.filter { state.periodSHA256[$0.key] != $0.value }.map(\.key))
      if changed.isEmpty && state.restSHA256 == restSHA256 { return nil }
      tables.measures = allMeasures.filter { changed.contains($0.period) }
      if let exported = state.scoreSHA256 {
        // New, changed and gone quarters: a quarter listed with no rows removes its scores.
        let quarters = Set(scoreHashes.keys).union(exported.keys).filter { scoreHashes[$0] != exported[$0] }
        scoreQuarters = quarters.sorted()
        tables.groupScores = tables.groupScores.filter { quarters.contains($0.period) }
      }
    }
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
      scoreQuarters: scoreQuarters, catalogVersion: catalog.version, resources: [])
    content.update(data: CanonicalJSON.encode(draft.json))
    let contentSHA256 = BundleVerifier.hex(content.finalize())

    // Only a full snapshot repeats the last bundle: a bundle of changes always has new content.
    let isRepeat = !changesOnly && state?.contentSHA256 == contentSHA256
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
      scoreQuarters: scoreQuarters, catalogVersion: catalog.version, resources: resources)
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
      contentSHA256: contentSHA256, created: created, periodSHA256: hashes, scoreSHA256: scoreHashes,
      restSHA256: restSHA256)
    return ExportedBundle(
      data: archive, manifest: manifest, manifestSHA256: manifestSHA256, state: newState, isRepeat: isRepeat,
      isFull: isFull)
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
  package static func write(_ bundle: ExportedBundle, to url: URL, workspace: URL) throws(BundleError) {
    try bundle.state.save(in: workspace)
    do {
      try bundle.data.write(to: url, options: .atomic)
    } catch {
      throw .cannotWrite(path: url.path, reason: error.localizedDescription)
    }
  }
}
