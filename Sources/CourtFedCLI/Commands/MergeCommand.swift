import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedStore
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

      Names: a court's names (full, short, English, region) are pinned at its first merge; \
      a later bundle that changes them is rejected unless --accept-rename (the change is \
      recorded and `status` lists it). Two courts never share a short name or a full name.

      Exit status 1 if any bundle was rejected; the good ones are merged all the same.
      """)

  @Argument(help: "Bundle files, or folders of *.courtfed files.")
  var bundles: [String]

  @Option(help: ArgumentHelp("The database file (created on first use).", valueName: "file"))
  var db: String

  @OptionGroup var trust: TrustOption

  @Flag(help: "Accept a bundle after missing sequence numbers, recording the gap.")
  var acceptGap = false

  @Flag(help: "Accept a bundle that changes its court's names (pinned at its first merge), recording the change.")
  var acceptRename = false

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
        console.writeError("waiting for another process to finish with \(console.safe(db))...\n")
      }
    } catch {
      console.errorLine("courtfed merge: \(console.safe((error as? StoreError)?.message ?? error.message))")
      throw ExitCode(ExitStatus.failure)
    }
    let intake = BundleIntake(
      store: store, verifier: BundleVerifier(trust: trustStore, limits: limits.limits),
      options: MergeOptions(acceptGap: acceptGap, acceptRename: acceptRename, dryRun: dryRun), commitEvery: commitEvery)
    // A path that does not exist is a slip on the command line, not a bundle to reject and
    // record: said, and the rest merged.
    let missing = bundles.filter { !FileManager.default.fileExists(atPath: $0) }
    for path in missing { console.errorLine("courtfed merge: no such file or folder: \(console.safe(path))") }
    let inputs = intake.ordered(
      bundleFiles(bundles.filter { !missing.contains($0) }).map(BundleInput.file))
    if inputs.isEmpty {
      console.errorLine("courtfed merge: no bundle files found in \(console.safe(bundles.joined(separator: " ")))")
      throw ExitCode(ExitStatus.failure)
    }
    var progress = ProgressBar(total: inputs.count, label: "bundles", console: console)
    var tally = Tally()
    // The next bundle is verified on the second core while this one merges; bundles are
    // committed in batches about once a second, and each line is printed once its bundle is
    // committed.
    progress.draw(console)
    do {
      try intake.run(inputs) { report in
        tally.count(report.outcome)
        progress.clear(console)
        console.line(Self.line(report, console: console))
        progress.advance(console: console)
      }
    } catch {
      progress.clear(console)
      console.errorLine("courtfed merge: \(console.safe(error.message))")
      throw ExitCode(ExitStatus.failure)
    }
    progress.clear(console)
    console.line(tally.summary(dryRun: dryRun, database: console.safe(db)))
    if tally.rejected > 0 || !missing.isEmpty { throw ExitCode(ExitStatus.failure) }
  }

  /// Counts of what happened, as bundles are reported.
  struct Tally {
    var merged = 0
    var already = 0
    var rejected = 0
    /// Rejections the log could not take, and the first reason.
    var notRecorded = 0
    var recordFailure: StoreError?

    mutating func count(_ outcome: IntakeOutcome) {
      switch outcome {
      case .merged, .wouldMerge: merged += 1
      case .alreadyMerged: already += 1
      case .rejected(_, let record):
        rejected += 1
        if case .notRecorded(let error) = record {
          notRecorded += 1
          recordFailure = recordFailure ?? error
        }
      }
    }

    /// `9 merged, 0 already merged, 1 rejected (recorded; ...).`
    func summary(dryRun: Bool, database: String) -> String {
      var text = "\(merged) \(dryRun ? "would be merged" : "merged"), \(already) already merged, \(rejected) rejected"
      if rejected > 0 && !dryRun {
        if notRecorded == 0 {
          text += " (recorded; `courtfed status --db \(database)` lists them)"
        } else {
          let recorded = rejected - notRecorded
          text +=
            " (\(notRecorded) could not be recorded: \(recordFailure.map { TerminalText.escaped($0.message) } ?? "")"
            + (recorded > 0 ? "; \(recorded) recorded" : "") + ")"
        }
      }
      return text + "."
    }
  }

  /// The line for one bundle: merged, already merged, would merge (with its changes), or
  /// rejected with the reason, saying when the rejection could not be recorded. Everything
  /// from outside (the file name, the reason quoting the bundle) is escaped for the terminal.
  static func line(_ report: IntakeReport, console: Console) -> String {
    let file = console.safe(report.input.name)
    switch report.outcome {
    case .merged(let summary):
      return "\(console.styled("merged", .green))    \(file)  \(console.safe(describe(summary)))"
    case .alreadyMerged(let court, let sequence):
      return "already   \(file)  \(court) #\(sequence) was merged before; nothing to do"
    case .wouldMerge(let summary):
      var lines = ["would merge  \(file)  \(console.safe(describe(summary)))"]
      for change in summary.changes.prefix(20) {
        lines.append(
          "    \(change.period) \(change.measure): \(change.old.map(MeasureValue.format) ?? "(new)") → \(change.new.map(MeasureValue.format) ?? "(removed)")"
        )
      }
      if summary.changes.count > 20 { lines.append("    ... and \(summary.changes.count - 20) more changes") }
      return lines.joined(separator: "\n")
    case .rejected(let rejection, let record):
      var text = "\(console.styled("REJECTED", .red))  \(file)  \(console.safe(rejection.reason))"
      if case .notRecorded(let error) = record {
        text += " (NOT RECORDED: \(console.safe(error.message)))"
      }
      return text
    }
  }

  static func describe(_ summary: MergeSummary) -> String {
    var text =
      "\(summary.court) #\(summary.sequence): \(summary.added) values new, \(summary.replaced) replaced, "
      + "\(summary.removed) removed, \(summary.unchanged) unchanged; \(summary.partyRows) party rows"
    if let gap = summary.gapAccepted {
      text += "; gap accepted (missing \(gap.count == 1 ? "\(gap.lowerBound)" : "\(gap.lowerBound)-\(gap.upperBound)"))"
    }
    if !summary.renamed.isEmpty {
      text += "; renamed: \(summary.renamed.map(\.description).joined(separator: ", "))"
    }
    return text
  }
}
