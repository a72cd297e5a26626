import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedStore
import Crypto
import Foundation

/// `courtfed merge BUNDLE|DIR... --db FILE --trust FILE`.
struct MergeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "merge",
    abstract: "Verify bundles and merge them into the database, each wholly or not at all.",
    discussion: """
      Each bundle is verified exactly as `verify` does, then merged wholly or not at all: \
      it is the court's full snapshot of the periods it covers, so its values replace the \
      court's values for those periods (the old ones go to the audit log) and its branches \
      and groups replace the court's. Bundles are taken court by court in sequence order. \
      One line per bundle: merged (with what changed), already merged, or rejected with the \
      reason; rejections are also recorded in DB.rejections.jsonl for `courtfed status`.

      Sequence rules: the first bundle seen from a court sets the start; after that a \
      bundle must carry the next number and the previous manifest's hash. A lower number is \
      a rollback and the same number with other content an equivocation: both rejected. A \
      gap is rejected naming the missing numbers unless --accept-gap (recorded).

      Exit status 1 if any bundle was rejected; the good ones are merged all the same.
      """)

  @Argument(help: "Bundle files, or folders of *.courtfed files.")
  var bundles: [String]

  @Option(help: ArgumentHelp("The database file (created on first use).", valueName: "file"))
  var db: String

  @OptionGroup var trust: TrustOption

  @Flag(help: "Accept a bundle after missing sequence numbers, recording the gap.")
  var acceptGap = false

  @Flag(help: "Show what would change (new, replaced and removed values), writing nothing.")
  var dryRun = false

  @Option(
    help: ArgumentHelp(
      "Commit merged bundles together at most this often, in seconds; 0 commits each at once. Each bundle is wholly in or out either way.",
      valueName: "seconds"))
  var commitEvery: Double = 1

  @OptionGroup var limits: LimitOptions

  func run() throws {
    let console = Console.standard
    let store: CourtStore
    let trustStore: TrustStore
    do {
      trustStore = try TrustStore.load(trust.url)
      store = try CourtStore(url: URL(fileURLWithPath: db)) {
        console.writeError("waiting for another process to finish with \(db)...\n")
      }
    } catch {
      console.errorLine("courtfed merge: \((error as? StoreError)?.message ?? error.message)")
      throw ExitCode(ExitStatus.failure)
    }
    let verifier = BundleVerifier(trust: trustStore, limits: limits.limits)
    let log = RejectionLog(database: store.url)
    let files = Self.ordered(bundleFiles(bundles), limits: limits.limits)
    if files.isEmpty {
      console.errorLine("courtfed merge: no bundle files found in \(bundles.joined(separator: " "))")
      throw ExitCode(ExitStatus.failure)
    }
    var progress = ProgressBar(total: files.count, label: "bundles", console: console)
    let tally = Tally()
    // The next bundle is verified on the second core while this one merges; bundles are
    // committed in batches about once a second, and each line is printed once its bundle is
    // committed.
    progress.draw(console)
    do {
      try store.mergeBatch(dryRun: dryRun, commitEvery: max(0, commitEvery)) { batch in
        verifier.verifyAhead(files) { file, data, verification in
          mergeOne(file, data: data, verification: verification, batch: batch, log: log, tally: tally) { line in
            progress.clear(console)
            console.line(line)
            progress.advance(console: console)
          }
        }
      }
    } catch {
      progress.clear(console)
      console.errorLine("courtfed merge: \(error.message)")
      throw ExitCode(ExitStatus.failure)
    }
    progress.clear(console)
    let verb = dryRun ? "would be merged" : "merged"
    console.line(
      "\(tally.merged) \(verb), \(tally.already) already merged, \(tally.rejected) rejected"
        + (tally.rejected > 0 && !dryRun ? " (recorded; `courtfed status --db \(db)` lists them)" : "") + ".")
    if tally.rejected > 0 { throw ExitCode(ExitStatus.failure) }
  }

  /// Counts of what happened, filled in as bundles are committed.
  final class Tally {
    var merged = 0
    var already = 0
    var rejected = 0
  }

  /// Merges one bundle through `batch`; `print` gets its line once the batch is committed.
  private func mergeOne(
    _ file: URL, data: Data?, verification: Result<VerifiedBundle, BundleError>, batch: MergeBatch,
    log: RejectionLog, tally: Tally, print: @escaping (String) -> Void
  ) {
    let console = Console.standard
    let dryRun = dryRun
    guard let data else {
      batch.whenCommitted {
        tally.rejected += 1
        print("\(console.styled("REJECTED", .red))  \(file.path)  cannot read it")
      }
      return
    }
    let fileSHA256 = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    func reject(_ kind: String, _ reason: String, court: String?, sequence: Int?, manifest: String?) {
      tally.rejected += 1
      if !dryRun {
        try? log.append(
          Rejection(
            time: BundleManifest.timestamp(Date()), file: file.path, fileSHA256: fileSHA256, court: court,
            sequence: sequence, manifestSHA256: manifest, kind: kind, reason: reason))
      }
      print("\(console.styled("REJECTED", .red))  \(file.path)  \(reason)")
    }
    let bundle: VerifiedBundle
    switch verification {
    case .success(let verified):
      bundle = verified
    case .failure(let error):
      let claimed = try? BundleInspection(data)
      batch.whenCommitted {
        reject(
          "verification", error.message, court: claimed?.manifest.court.id, sequence: claimed?.manifest.sequence,
          manifest: claimed?.manifestSHA256)
      }
      return
    }
    let manifest = bundle.manifest
    batch.merge(
      bundle, from: BundleSource(fileName: file.lastPathComponent, fileSHA256: fileSHA256),
      options: MergeOptions(acceptGap: acceptGap, dryRun: dryRun)
    ) { result in
      switch result {
      case .success(.alreadyMerged(let court, let sequence)):
        tally.already += 1
        print("already   \(file.path)  \(court) #\(sequence) was merged before; nothing to do")
      case .success(.merged(let summary)):
        tally.merged += 1
        print("\(console.styled("merged", .green))    \(file.path)  \(Self.describe(summary))")
      case .success(.wouldMerge(let summary)):
        tally.merged += 1
        var lines = ["would merge  \(file.path)  \(Self.describe(summary))"]
        for change in summary.changes.prefix(20) {
          lines.append(
            "    \(change.period) \(change.measure): \(change.old.map(MeasureValue.format) ?? "(new)") → \(change.new.map(MeasureValue.format) ?? "(removed)")"
          )
        }
        if summary.changes.count > 20 { lines.append("    ... and \(summary.changes.count - 20) more changes") }
        print(lines.joined(separator: "\n"))
      case .failure(let error):
        let kind: String
        switch error {
        case .rollback: kind = "rollback"
        case .equivocation: kind = "equivocation"
        case .gap: kind = "gap"
        case .brokenChain: kind = "chain"
        default: kind = "database"
        }
        reject(
          kind, error.message, court: manifest.court.id, sequence: manifest.sequence, manifest: bundle.manifestSHA256)
      }
    }
  }

  static func describe(_ summary: MergeSummary) -> String {
    var text =
      "\(summary.court) #\(summary.sequence): \(summary.added) values new, \(summary.replaced) replaced, "
      + "\(summary.removed) removed, \(summary.unchanged) unchanged; \(summary.partyRows) party rows"
    if !summary.gapAccepted.isEmpty {
      text += "; gap accepted (missing \(summary.gapAccepted.map(String.init).joined(separator: ", ")))"
    }
    return text
  }

  /// The files in merge order: court by court, by sequence number (from each manifest, read
  /// without trusting it); files whose manifest cannot be read go last, to be rejected there.
  static func ordered(_ files: [URL], limits: BundleLimits) -> [URL] {
    let keyed = files.map { file -> (URL, String, Int) in
      guard let data = try? Data(contentsOf: file), let inspection = try? BundleInspection(data, limits: limits) else {
        return (file, "\u{10FFFF}", 0)
      }
      return (file, inspection.manifest.court.id, inspection.manifest.sequence)
    }
    return keyed.sorted { ($0.1, $0.2, $0.0.path) < ($1.1, $1.2, $1.0.path) }.map(\.0)
  }
}
