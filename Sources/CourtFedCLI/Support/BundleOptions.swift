import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedStore
import Foundation

/// `--trust FILE`, shared by the commands that decide whom to believe.
struct TrustOption: ParsableArguments {
  @Option(
    name: .customLong("trust"),
    help: ArgumentHelp(
      "The trust store: an OpenSSH allowed_signers file; its revocation list is FILE.revoked.", valueName: "file"))
  var path: String = "allowed_signers"

  /// The trust store file, from the current folder of `context`.
  func url(in context: CommandContext) -> URL { context.url(path) }
}

/// The verifier's limits, each with a flag (defaults in Specs/bundle-format.md).
struct LimitOptions: ParsableArguments {
  @Option(help: ArgumentHelp("Largest bundle file accepted, in bytes.", valueName: "bytes"))
  var maxBundleBytes: Int = BundleLimits().bundleBytes

  @Option(help: ArgumentHelp("Largest manifest accepted, in bytes.", valueName: "bytes"))
  var maxManifestBytes: Int = BundleLimits().manifestBytes

  @Option(help: ArgumentHelp("Largest data member accepted once decompressed, in bytes.", valueName: "bytes"))
  var maxUncompressedBytes: Int = BundleLimits().uncompressedBytes

  @Option(help: ArgumentHelp("Most rows accepted in one table.", valueName: "rows"))
  var maxRows: Int = BundleLimits().rows

  @Option(help: ArgumentHelp("Longest text field accepted, in characters.", valueName: "chars"))
  var maxFieldLength: Int = BundleLimits().fieldLength

  var limits: BundleLimits {
    var limits = BundleLimits()
    limits.bundleBytes = maxBundleBytes
    limits.manifestBytes = maxManifestBytes
    limits.uncompressedBytes = maxUncompressedBytes
    limits.rows = maxRows
    limits.fieldLength = maxFieldLength
    return limits
  }
}

/// The bundle files named on the command line: files as given, folders expanded to the
/// `*.courtfed` files in them, in name order.
func bundleFiles(_ paths: [String], in context: CommandContext) -> [URL] {
  var files: [URL] = []
  for path in paths {
    let url = context.url(path)
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
      let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
      for name in names.sorted() where name.hasSuffix(".\(BundleFormat.fileExtension)") {
        files.append(url.appendingPathComponent(name))
      }
    } else {
      files.append(url)
    }
  }
  return files
}

/// `2020Q1–2021Q4 (8 periods)`.
func describePeriods(_ periods: [Period], in language: Language = .en) -> String {
  guard let first = periods.first, let last = periods.last else { return language == .zh ? "无期间" : "no periods" }
  if language == .zh {
    return periods.count == 1
      ? first.chineseDescription : "\(first.chineseDescription)至\(last.chineseDescription)(\(periods.count)个期间)"
  }
  return periods.count == 1 ? "\(first)" : "\(first)–\(last) (\(periods.count) periods)"
}

/// Opens an existing coordinator database, or says how to make one.
func openExistingStore(_ path: String, in context: CommandContext) throws(StoreError) -> CourtStore {
  let url = context.url(path)
  guard FileManager.default.fileExists(atPath: url.path) else {
    throw .cannotOpen(path: path, reason: .noSuchFile)
  }
  return try CourtStore(url: url)
}
