import ArgumentParser
import CourtFedBundle
import CourtFedModel
import Foundation

/// `courtfed verify BUNDLE... --trust FILE`.
struct VerifyCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Verify bundles against the trust store, changing nothing.",
    discussion: """
      One line per bundle: OK with what it holds, or FAIL with the reason. Checks, in order: \
      size limits, the archive, the signature and its signer (trusted, not revoked, in its \
      validity window, for the court the manifest names), the canonical manifest, the exact \
      member set, each member's length and SHA-256 before any decompression, decompression \
      bounded by the declared size, then every row against the schema and the catalog. \
      Folders are searched for *.courtfed files. Exit status 1 if any bundle fails.
      """)

  @Argument(help: "Bundle files or folders of them.")
  var bundles: [String]

  @OptionGroup var trust: TrustOption
  @OptionGroup var limits: LimitOptions
  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }

  func run(in context: CommandContext) throws {
    let console = context.console
    let store = try TrustStore.load(trust.url(in: context))
    let verifier = BundleVerifier(trust: store, limits: limits.limits)
    let files = bundleFiles(bundles, in: context)
    let language = context.language(or: defaultLanguage)
    var failures = 0
    // Bundles are checked two at once on two cores; their lines come in order.
    verifier.verifyAhead(files, keepRows: false, keepData: false, workers: BundleVerifier.workers) {
      file, _, result in
      do throws(BundleError) {
        let bundle = try result.get()
        let manifest = bundle.manifest
        let rows = manifest.resources.map(\.rows).reduce(0, +)
        let held = LocalizedText(
          en: "\(manifest.court.id) #\(manifest.sequence), \(describePeriods(manifest.periods)), \(rows) rows, "
            + "signed by \(bundle.signerFingerprint)",
          zh: "\(manifest.court.id) 第\(manifest.sequence)号,\(describePeriods(manifest.periods, in: .zh)),\(rows)行,"
            + "签名密钥 \(bundle.signerFingerprint)")
        console.line(
          "\(console.styled("OK", .green))    \(console.safe(file.path))  \(console.safe(held.text(in: language)))")
      } catch {
        failures += 1
        console.line(
          "\(console.styled("FAIL", .red))  \(console.safe(file.path))  \(console.safe(error.text.text(in: language)))")
      }
    }
    if files.isEmpty { throw CommandError.noBundles(paths: bundles) }
    if files.count > 1 {
      console.line(
        LocalizedText(
          en: "\(files.count - failures) of \(files.count) bundles verified.",
          zh: "\(files.count)个数据包中\(files.count - failures)个验证通过。"
        ).text(in: language))
    }
    if failures > 0 { throw ExitCode(ExitStatus.failure) }
  }
}
