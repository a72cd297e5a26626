import ArgumentParser
import CourtFedBundle
import Foundation

/// `courtfed verify BUNDLE... --trust FILE`.
struct VerifyCommand: ParsableCommand {
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

  func run() throws {
    let console = Console.standard
    let store: TrustStore
    do {
      store = try TrustStore.load(trust.url)
    } catch {
      console.errorLine("courtfed verify: \(console.safe(error.message))")
      throw ExitCode(ExitStatus.failure)
    }
    let verifier = BundleVerifier(trust: store, limits: limits.limits)
    let files = bundleFiles(bundles)
    var failures = 0
    for file in files {
      do {
        let bundle = try verifier.verify(contentsOf: file, keepRows: false)
        let manifest = bundle.manifest
        let rows = manifest.resources.map(\.rows).reduce(0, +)
        console.line(
          "\(console.styled("OK", .green))    \(console.safe(file.path))  \(manifest.court.id) #\(manifest.sequence), "
            + "\(describePeriods(manifest.periods)), \(rows) rows, signed by \(bundle.signerFingerprint)")
      } catch {
        failures += 1
        console.line("\(console.styled("FAIL", .red))  \(console.safe(file.path))  \(console.safe(error.message))")
      }
    }
    if files.isEmpty {
      console.errorLine("courtfed verify: no bundle files found in \(console.safe(bundles.joined(separator: " ")))")
    }
    if files.count > 1 { console.line("\(files.count - failures) of \(files.count) bundles verified.") }
    if failures > 0 || files.isEmpty { throw ExitCode(ExitStatus.failure) }
  }
}
