import CourtFedBundle
import CourtFedModel
import Foundation

/// A bundle offered to the coordinator: a file (in an inbox, or named on the command line), or
/// bytes that arrived some other way (an upload), with the name to record them under.
package enum BundleInput: Sendable, Hashable {
  case file(URL)
  case bytes(name: String, data: Data)

  /// The name shown and recorded: the file's path, or the upload's name.
  package var name: String {
    switch self {
    case .file(let url): url.path
    case .bytes(let name, _): name
    }
  }

  /// The file name alone, for provenance (`bundles.file_name`).
  var fileName: String {
    switch self {
    case .file(let url): url.lastPathComponent
    case .bytes(let name, _): (name as NSString).lastPathComponent
    }
  }
}

/// What became of one bundle offered to the coordinator.
package enum IntakeOutcome: Sendable, Equatable {
  /// Merged and committed.
  case merged(MergeSummary)
  /// A dry run: what merging would do.
  case wouldMerge(MergeSummary)
  /// The identical bundle was merged before.
  case alreadyMerged(court: String, sequence: Int)
  /// Rejected; `record` says whether the rejection log has it.
  case rejected(Rejection, record: RecordResult)

  /// Whether a rejection reached the rejection log.
  package enum RecordResult: Sendable, Equatable {
    case recorded
    /// The log could not be written (a full disk, say): the rejection is known only from
    /// this report, and the user must be told so.
    case notRecorded(StoreError)
    /// A dry run records nothing.
    case dryRun
  }
}

/// A bundle's outcome, with the input it came from.
package struct IntakeReport: Sendable, Equatable {
  package var input: BundleInput
  package var outcome: IntakeOutcome
}

/// The coordinator's intake: bundles, from an inbox or an upload, verified and merged wholly
/// or not at all, and each rejection recorded. `merge`, `demo` and any future front door share
/// this one path:
///
/// 1. order the inputs court by court, by sequence (`ordered`), reading only the start of
///    each file (its manifest, within the manifest limit);
/// 2. read each file once, after checking it is a regular file within the size limit
///    (`BundleFile.read`), and hash it;
/// 3. verify it (the next few small ones on another thread while this one merges) and merge
///    it in batches committed about once a second;
/// 4. map a failure to its `RejectionKind` and append it to the rejection log, saying when
///    it could not be recorded;
/// 5. report each outcome once it is final, in order.
package struct BundleIntake: Sendable {
  package let store: CourtStore
  package let verifier: BundleVerifier
  package var options: MergeOptions
  /// How often a batch of merged bundles is committed, in seconds; 0 commits each at once.
  package var commitEvery: TimeInterval
  /// Where rejections are recorded: `DATABASE.rejections.jsonl`.
  package var log: RejectionLog

  package init(
    store: CourtStore, verifier: BundleVerifier, options: MergeOptions = MergeOptions(), commitEvery: TimeInterval = 1
  ) {
    self.store = store
    self.verifier = verifier
    self.options = options
    self.commitEvery = max(0, commitEvery)
    log = RejectionLog(database: store.url)
  }

  /// The inputs in merge order: court by court, by sequence number, each read from its
  /// manifest without trusting it (for a file, from the start of the file alone); inputs
  /// whose manifest cannot be read go last, to be rejected there.
  package func ordered(_ inputs: [BundleInput]) -> [BundleInput] {
    let limits = verifier.limits
    let keyed = inputs.map { input -> (BundleInput, String, Int) in
      let manifest: BundleManifest?
      switch input {
      case .file(let url): manifest = BundleFile.peekManifest(url, limits: limits)
      case .bytes(_, let data): manifest = try? BundleInspection(data, limits: limits).manifest
      }
      guard let manifest else { return (input, "\u{10FFFF}", 0) }
      return (input, manifest.court.id, manifest.sequence)
    }
    return keyed.sorted { ($0.1, $0.2, $0.0.name) < ($1.1, $1.2, $1.0.name) }.map(\.0)
  }

  /// Verifies and merges `inputs` in the order given (see `ordered`), calling `report` once
  /// for each, in order, when its outcome is final: merged bundles once committed.
  ///
  /// - Throws: `StoreError` when the database itself fails (the bundles reported before are
  ///   committed; the rest are not).
  package func run(_ inputs: [BundleInput], report: @escaping (IntakeReport) -> Void) throws(StoreError) {
    let options = options
    let log = log
    try store.mergeBatch(dryRun: options.dryRun, commitEvery: commitEvery) { batch in
      verifier.verifyAhead(
        inputs, keepRows: true, lookahead: .merge, size: Self.size(of:),
        load: { input, most in Self.load(input, limit: most) }
      ) {
        input, data, verification in
        Self.take(input, data: data, verification: verification, batch: batch, options: options, log: log) {
          report(IntakeReport(input: input, outcome: $0))
        }
      }
    }
  }

  /// The size of `input` in bytes (a file's as it is now), for verifying ahead.
  static func size(of input: BundleInput) -> Int {
    switch input {
    case .file(let url): Lookahead.size(of: url)
    case .bytes(_, let data): data.count
    }
  }

  /// The bytes of `input`: a file read as `BundleFile.read` reads it (size checked first,
  /// read once), an upload checked against the same limit.
  static func load(_ input: BundleInput, limit: Int) -> Result<Data, BundleError> {
    switch input {
    case .file(let url):
      return Result { () throws(BundleError) in try BundleFile.read(url, limit: limit) }
    case .bytes(_, let data):
      return data.count <= limit ? .success(data) : .failure(.bundleTooLarge(size: data.count, limit: limit))
    }
  }

  /// One input through the batch: rejected with its kind and recorded, or merged.
  private static func take(
    _ input: BundleInput, data: Data?, verification: Result<VerifiedBundle, BundleError>, batch: MergeBatch,
    options: MergeOptions, log: RejectionLog, report: @escaping (IntakeOutcome) -> Void
  ) {
    let fileSHA256 = data.map(BundleFile.sha256) ?? ""
    func reject(_ kind: RejectionKind, _ reason: LocalizedText, court: String?, sequence: Int?, manifest: String?) {
      let rejection = Rejection(
        time: BundleManifest.timestamp(Date()), file: input.name, fileSHA256: fileSHA256, court: court,
        sequence: sequence, manifestSHA256: manifest, kind: kind, reason: reason)
      var record = IntakeOutcome.RecordResult.dryRun
      if !options.dryRun {
        do {
          try log.append(rejection)
          record = .recorded
        } catch {
          record = .notRecorded(error)
        }
      }
      report(.rejected(rejection, record: record))
    }
    let bundle: VerifiedBundle
    switch verification {
    case .success(let verified):
      bundle = verified
    case .failure(let error):
      // What the bundle claims, unverified, for the record.
      let claimed = data.flatMap { try? BundleInspection($0) }
      batch.whenCommitted {
        reject(
          .verification, error.text, court: claimed?.manifest.court.id, sequence: claimed?.manifest.sequence,
          manifest: claimed?.manifestSHA256)
      }
      return
    }
    let manifest = bundle.manifest
    batch.merge(bundle, from: BundleSource(fileName: input.fileName, fileSHA256: fileSHA256), options: options) {
      result in
      switch result {
      case .success(.merged(let summary)): report(.merged(summary))
      case .success(.wouldMerge(let summary)): report(.wouldMerge(summary))
      case .success(.alreadyMerged(let court, let sequence)): report(.alreadyMerged(court: court, sequence: sequence))
      case .failure(let error):
        reject(
          RejectionKind(error), error.text, court: manifest.court.id, sequence: manifest.sequence,
          manifest: bundle.manifestSHA256)
      }
    }
  }
}
