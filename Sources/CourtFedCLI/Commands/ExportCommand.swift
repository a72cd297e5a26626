import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedReport
import CourtFedWorkspace
import Foundation

/// `courtfed export WORKSPACE --key FILE [--out FILE]`.
struct ExportCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "export",
    abstract: "Check a workspace and export it as one signed, compressed bundle.",
    discussion: """
      Validates the workspace first and exports nothing if it has errors (the messages are \
      validate's). The bundle is the court's full snapshot of the periods it covers. Each \
      export with changes takes the next sequence number, kept in the workspace's \
      export-state.toml; exporting again with no change writes the same bundle, byte for byte.

      The creation time is now, or SOURCE_DATE_EPOCH when set (for reproducible exports); \
      every period must have ended by then.
      """)

  @Argument(help: "The workspace folder.")
  var workspace: String

  @Option(help: ArgumentHelp("The court's private key (from `courtfed keygen`).", valueName: "file"))
  var key: String

  @Option(help: ArgumentHelp("The bundle file to write (default: COURT-SEQUENCE.courtfed here).", valueName: "file"))
  var out: String?

  @OptionGroup var languageOption: LanguageOption

  func run() throws {
    let console = Console.standard
    let directory = URL(fileURLWithPath: workspace)
    let report = WorkspaceLoader(now: currentTime()).load(directory)
    let language = languageOption.language ?? report.workspace?.language ?? .en
    guard let loaded = report.workspace, report.isValid else {
      for diagnostic in report.diagnostics where diagnostic.severity == .error {
        console.errorLine("\(workspace)/\(diagnostic.formatted(in: language))")
      }
      let errors = report.errorCount
      console.errorLine("courtfed export: \(BundleError.workspaceInvalid(errors: errors).message)")
      throw ExitCode(ExitStatus.failure)
    }
    let result: Result<(ExportedBundle, CourtSigningKey), ExportFailure> = Result { () throws(ExportFailure) in
      try export(loaded, directory: directory)
    }
    guard case .success(let (bundle, signingKey)) = result else {
      if case .failure(let failure) = result { console.errorLine("courtfed export: \(failure.message(in: language))") }
      throw ExitCode(ExitStatus.failure)
    }
    let manifest = bundle.manifest
    let path = out ?? bundle.fileName
    console.line(
      bundle.isRepeat
        ? "No change since bundle \(manifest.sequence) of \(manifest.court.shortName) (\(manifest.court.id)); wrote it again, unchanged."
        : "Exported bundle \(manifest.sequence) of \(manifest.court.shortName) (\(manifest.court.id)).")
    var table = TerminalTable(headers: ["", ""])
    table.rows.append(["periods", describePeriods(manifest.periods)])
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
  enum ExportFailure: Error {
    case bundle(BundleError)
    case wouldBeRefused(BundleError)

    func message(in language: Language) -> String {
      switch (self, language) {
      case (.bundle(let error), _): error.message
      case (.wouldBeRefused(let error), .zh): "协调法院会拒收此数据包:\(error.message);未写入任何文件"
      case (.wouldBeRefused(let error), .en):
        "a coordinator would refuse this bundle: \(error.message); nothing was written"
      }
    }
  }

  private func export(_ workspace: Workspace, directory: URL) throws(ExportFailure) -> (ExportedBundle, CourtSigningKey)
  {
    let made: (ExportedBundle, CourtSigningKey, Date)
    do throws(BundleError) {
      let signingKey = try CourtSigningKey.load(from: URL(fileURLWithPath: key))
      let state = try ExportState.load(from: directory)
      let now = currentTime()
      made = (BundleWriter.make(workspace, key: signingKey, state: state, now: now), signingKey, now)
    } catch {
      throw .bundle(error)
    }
    let (bundle, signingKey, now) = made
    if let refusal = Self.coordinatorRefusal(bundle, court: workspace.court.id, key: signingKey, now: now) {
      throw .wouldBeRefused(refusal)
    }
    do throws(BundleError) {
      try BundleWriter.write(bundle, to: URL(fileURLWithPath: out ?? bundle.fileName), workspace: directory)
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
