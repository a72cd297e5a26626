import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedReport
import CourtFedWorkspace
import Foundation

/// `courtfed export WORKSPACE --key FILE [--out FILE]`.
struct ExportCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Check a workspace and export what changed as one signed, compressed bundle.",
    discussion: """
      Validates the workspace first and exports nothing if it has errors (the messages are \
      validate's). A bundle carries the periods whose figures changed since the court's last \
      export (new months, corrections to old ones), the quarters of group scores that \
      changed, and the other party tables whole; the first export, or --all, carries every \
      period and every score. The bundle is the court's full snapshot of the periods and \
      quarters it lists. Each export takes the next sequence number, kept in the workspace's \
      export-state.toml with a hash of each period's figures and each quarter's scores. With nothing changed, export \
      says so and writes nothing (exit 0); --all with nothing changed since a full export \
      writes that bundle again, byte for byte.

      The creation time is now, or SOURCE_DATE_EPOCH when set (for reproducible exports); \
      every period must have ended by then.
      """)

  @Argument(help: "The workspace folder.")
  var workspace: String

  @Option(help: ArgumentHelp("The court's private key (from `courtfed keygen`).", valueName: "file"))
  var key: String

  @Option(help: ArgumentHelp("The bundle file to write (default: COURT-SEQUENCE.courtfed here).", valueName: "file"))
  var out: String?

  @Flag(help: "Carry every period and every group score (a full snapshot), not only what changed.")
  var all = false

  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }

  func run(in context: CommandContext) throws {
    let console = context.console
    let directory = context.url(workspace)
    let now = context.now()
    let report = WorkspaceLoader(now: now).load(directory)
    let language = languageOption.language ?? report.workspace?.language ?? .en
    guard let loaded = report.workspace, report.isValid else {
      for diagnostic in report.diagnostics where diagnostic.severity == .error {
        console.errorLine("\(workspace)/\(diagnostic.formatted(in: language))")
      }
      throw ErrorInLanguage(error: BundleError.workspaceInvalid(errors: report.errorCount), language: language)
    }
    let result: Result<(ExportedBundle, CourtSigningKey)?, ExportFailure> = Result { () throws(ExportFailure) in
      try export(loaded, directory: directory, keyFile: context.url(key), out: context.url(out ?? ""), now: now)
    }
    guard case .success(let made) = result else {
      if case .failure(let failure) = result { throw ErrorInLanguage(error: failure, language: language) }
      throw ExitCode(ExitStatus.failure)
    }
    guard let (bundle, signingKey) = made else {
      // Nothing changed: nothing written, and not a failure (a monthly script goes on).
      let court = loaded.court
      let sequence = (try? ExportState.load(from: directory))??.sequence ?? 0
      console.line(
        LocalizedText(
          en: "Nothing changed since bundle \(sequence) of \(court.shortName) (\(court.id)): nothing to export, "
            + "nothing written. `export --all` writes a full snapshot.",
          zh: "自第\(sequence)号数据包以来,\(court.shortName)(\(court.id))的数据没有变化:无需导出,未写入任何文件。"
            + "如需完整快照,请用 `export --all`。"
        ).text(in: language))
      return
    }
    let manifest = bundle.manifest
    let path = out ?? bundle.fileName
    let court = "\(manifest.court.shortName) (\(manifest.court.id))"
    let courtZh = "\(manifest.court.shortName)(\(manifest.court.id))"
    let headline =
      if bundle.isRepeat {
        LocalizedText(
          en: "No change since bundle \(manifest.sequence) of \(court); wrote it again, unchanged.",
          zh: "自第\(manifest.sequence)号数据包以来,\(courtZh)的数据没有变化;已按原样重新写出。")
      } else if bundle.isFull {
        LocalizedText(
          en: "Exported bundle \(manifest.sequence) of \(court): every period.",
          zh: "已导出\(courtZh)第\(manifest.sequence)号数据包:全部期间。")
      } else {
        LocalizedText(
          en:
            "Exported bundle \(manifest.sequence) of \(court): the periods changed since bundle \(manifest.sequence - 1).",
          zh: "已导出\(courtZh)第\(manifest.sequence)号数据包:自第\(manifest.sequence - 1)号以来有变化的期间。")
      }
    console.line(headline.text(in: language))
    var table = TerminalTable(headers: ["", ""])
    // Changes are few and need not be contiguous (a new month, a corrected old one): named.
    table.rows.append([
      "periods",
      !bundle.isFull && (1...12).contains(manifest.periods.count)
        ? manifest.periods.map(\.description).joined(separator: ", ")
        : describePeriods(manifest.periods, in: language),
    ])
    if let quarters = manifest.scoreQuarters {
      // A bundle of changes names the quarters of group scores it carries.
      table.rows.append([
        "score quarters",
        quarters.isEmpty
          ? LocalizedText(en: "none changed", zh: "无变化").text(in: language)
          : quarters.map(\.description).joined(separator: ", "),
      ])
    }
    for resource in manifest.resources {
      table.rows.append([resource.table.rawValue, "\(resource.rows) rows"])
    }
    table.rows.append(["file", "\(path) (\(bundle.data.count) bytes)"])
    table.rows.append(["signed by", signingKey.publicKey.fingerprint])
    table.rows.append(["manifest", "sha256 \(bundle.manifestSHA256)"])
    console.line(table.renderRows(indent: "  "))
  }

  /// Why an export stopped: the bundle machinery's error, or a coordinator's refusal of the
  /// bundle just made (nothing written).
  enum ExportFailure: ExplainedError {
    case bundle(BundleError)
    case wouldBeRefused(BundleError)

    var text: LocalizedText {
      switch self {
      case .bundle(let error): error.text
      case .wouldBeRefused(let error):
        LocalizedText(
          en: "a coordinator would refuse this bundle: \(error.text.en); nothing was written",
          zh: "协调法院会拒收此数据包:\(error.text.zh);未写入任何文件")
      }
    }
  }

  /// Makes, checks and writes the bundle; nil when nothing changed (nothing written).
  private func export(_ workspace: Workspace, directory: URL, keyFile: URL, out: URL, now: Date) throws(ExportFailure)
    -> (ExportedBundle, CourtSigningKey)?
  {
    let made: (ExportedBundle?, CourtSigningKey)
    do throws(BundleError) {
      let signingKey = try CourtSigningKey.load(from: keyFile)
      let state = try ExportState.load(from: directory)
      made = (
        all
          ? BundleWriter.make(workspace, key: signingKey, state: state, now: now)
          : BundleWriter.makeChanges(workspace, key: signingKey, state: state, now: now),
        signingKey
      )
    } catch {
      throw .bundle(error)
    }
    guard let bundle = made.0 else { return nil }
    let signingKey = made.1
    if let refusal = Self.coordinatorRefusal(bundle, court: workspace.court.id, key: signingKey, now: now) {
      throw .wouldBeRefused(refusal)
    }
    do throws(BundleError) {
      let target = self.out == nil ? out.appendingPathComponent(bundle.fileName) : out
      try BundleWriter.write(bundle, to: target, workspace: directory)
    } catch {
      throw .bundle(error)
    }
    return (bundle, signingKey)
  }

  /// Verifies the bundle in memory exactly as a coordinator trusting this key would, before
  /// anything is written: the exporter applies the verifier's limits (a name too long for a
  /// manifest, a row the verifier refuses), so a bundle that every coordinator would refuse is
  /// never written nor given a sequence number.
  static func coordinatorRefusal(_ bundle: ExportedBundle, court: String, key: CourtSigningKey, now: Date)
    -> BundleError?
  {
    var trust = TrustStore(emptyAt: URL(fileURLWithPath: "allowed_signers"))
    do throws(BundleError) {
      try trust.add(court: court, key: key.publicKey)
      _ = try BundleVerifier(trust: trust, now: now).verify(bundle.data, keepRows: false)
      return nil
    } catch {
      return error
    }
  }
}
