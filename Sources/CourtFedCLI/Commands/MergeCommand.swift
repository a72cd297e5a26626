import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedStore
import Foundation

/// `courtfed merge BUNDLE|DIR... --db FILE --trust FILE`.
struct MergeCommand: ContextCommand {
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
  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }

  func run(in context: CommandContext) throws {
    let console = context.console
    let trustStore = try TrustStore.load(trust.url(in: context))
    let store = try CourtStore(url: context.url(db)) {
      let waiting = LocalizedText(
        en: "waiting for another process to finish with \(db)...", zh: "正在等待另一进程用完 \(db)……")
      console.writeError(console.safe(waiting.text(in: context.language(or: .en))) + "\n")
    }
    let intake = BundleIntake(
      store: store, verifier: BundleVerifier(trust: trustStore, limits: limits.limits),
      options: MergeOptions(acceptGap: acceptGap, acceptRename: acceptRename, dryRun: dryRun), commitEvery: commitEvery)
    // A path that does not exist is a slip on the command line, not a bundle to reject and
    // record: said, and the rest merged.
    let missing = bundles.filter { !FileManager.default.fileExists(atPath: context.url($0).path) }
    let language = context.language(or: defaultLanguage)
    for path in missing {
      console.errorLine("\(Self.messagePrefix): \(console.safe(CommandError.noSuchPath(path).text.text(in: language)))")
    }
    let inputs = intake.ordered(
      bundleFiles(bundles.filter { !missing.contains($0) }, in: context).map(BundleInput.file))
    if inputs.isEmpty { throw CommandError.noBundles(paths: bundles) }
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
        console.line(Self.line(report, console: console, language: language))
        progress.advance(console: console)
      }
    } catch {
      progress.clear(console)
      throw error
    }
    progress.clear(console)
    console.line(tally.summary(dryRun: dryRun, database: console.safe(db), language: language))
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
    func summary(dryRun: Bool, database: String, language: Language) -> String {
      if language == .zh {
        var text = "\(dryRun ? "将合并" : "已合并")\(merged)个,此前已合并\(already)个,拒收\(rejected)个"
        if rejected > 0 && !dryRun {
          if notRecorded == 0 {
            text += "(已记录;`courtfed status --db \(database)` 可列出)"
          } else {
            let recorded = rejected - notRecorded
            text +=
              "(\(notRecorded)个未能记录:\(recordFailure.map { TerminalText.escaped($0.text.zh) } ?? "")"
              + (recorded > 0 ? ";\(recorded)个已记录" : "") + ")"
          }
        }
        return text + "。"
      }
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
  static func line(_ report: IntakeReport, console: Console, language: Language = .en) -> String {
    let file = console.safe(report.input.name)
    let zh = language == .zh
    switch report.outcome {
    case .merged(let summary):
      return
        "\(console.styled(zh ? "已合并" : "merged", .green))    \(file)  \(console.safe(describe(summary, in: language)))"
    case .alreadyMerged(let court, let sequence):
      return zh
        ? "此前已合并  \(file)  \(court) 第\(sequence)号此前已合并,无需操作"
        : "already   \(file)  \(court) #\(sequence) was merged before; nothing to do"
    case .wouldMerge(let summary):
      var lines = ["\(zh ? "将合并" : "would merge")  \(file)  \(console.safe(describe(summary, in: language)))"]
      for change in summary.changes.prefix(20) {
        lines.append(
          "    \(change.period) \(change.measure): \(change.old.map(MeasureValue.format) ?? "(new)") → \(change.new.map(MeasureValue.format) ?? "(removed)")"
        )
      }
      if summary.changes.count > 20 {
        lines.append(
          zh ? "    ……另有\(summary.changes.count - 20)处变动" : "    ... and \(summary.changes.count - 20) more changes")
      }
      return lines.joined(separator: "\n")
    case .rejected(let rejection, let record):
      var text =
        "\(console.styled(zh ? "拒收" : "REJECTED", .red))  \(file)  \(console.safe(rejection.reasonText.text(in: language)))"
      if case .notRecorded(let error) = record {
        text += zh ? "(未能记录:\(console.safe(error.text.zh)))" : " (NOT RECORDED: \(console.safe(error.message)))"
      }
      return text
    }
  }

  static func describe(_ summary: MergeSummary, in language: Language = .en) -> String {
    if language == .zh {
      var text =
        "\(summary.court) 第\(summary.sequence)号:新增\(summary.added)个数值,替换\(summary.replaced)个,"
        + "删除\(summary.removed)个,未变\(summary.unchanged)个;党组织数据\(summary.partyRows)行"
      if let gap = summary.gapAccepted {
        text += ";已接受序号缺口(缺 \(gap.count == 1 ? "\(gap.lowerBound)" : "\(gap.lowerBound)-\(gap.upperBound)"))"
      }
      if !summary.renamed.isEmpty { text += ";更名:\(summary.renamed.map(\.description).joined(separator: ","))" }
      return text
    }
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
