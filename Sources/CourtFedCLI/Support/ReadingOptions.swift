import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedStore
import Foundation

/// `--db FILE`, `--trust FILE` and `--exclude-revoked`: how `query` and `report` open the
/// database (read-only, never writing a byte of it) and check who signed its figures.
struct ReadingOptions: ParsableArguments {
  @Option(help: ArgumentHelp("The database file (opened read-only).", valueName: "file"))
  var db: String

  @Option(
    name: .customLong("trust"),
    help: ArgumentHelp(
      "The trust store (allowed_signers; revocations in FILE.revoked): figures signed by a revoked key are flagged, and its courts count as expected. Default: allowed_signers beside the database, if there is one.",
      valueName: "file"))
  var trust: String?

  @Flag(help: "Leave out figures whose signer's key is revoked in the trust store.")
  var excludeRevoked = false

  @Option(
    help: ArgumentHelp(
      "The reference ranges (Specs/reference-ranges.md). Default: ranges.toml beside the database, if there is one.",
      valueName: "file"))
  var ranges: String?

  /// Where the ranges file is: the one named with --ranges, else the one a report spec
  /// names (`fromSpec`), else `ranges.toml` beside the database.
  func rangesURL(in context: CommandContext, fromSpec: URL? = nil) -> URL {
    if let ranges { return context.url(ranges) }
    if let fromSpec { return fromSpec }
    return context.url(db).deletingLastPathComponent().appendingPathComponent(ReferenceRanges.fileName)
  }

  /// The reference ranges, or nil when there is no file (a named file must exist).
  func referenceRanges(in context: CommandContext, fromSpec: URL? = nil) throws(RangesError) -> ReferenceRanges? {
    let url = rangesURL(in: context, fromSpec: fromSpec)
    guard let found = try ReferenceRanges.load(url, catalog: .standard) else {
      if ranges != nil || fromSpec != nil {
        throw RangesError(
          file: url.path,
          problems: [
            RangesProblem(line: 0, column: 0, message: LocalizedText(en: "no such file", zh: "文件不存在"))
          ])
      }
      return nil
    }
    return found
  }

  /// The trust store named, or the `allowed_signers` beside the database; nil when neither.
  func trustStore(in context: CommandContext) throws(BundleError) -> TrustStore? {
    if let trust { return try TrustStore.load(context.url(trust)) }
    let beside = context.url(db).deletingLastPathComponent().appendingPathComponent("allowed_signers")
    guard FileManager.default.fileExists(atPath: beside.path) else { return nil }
    return try TrustStore.load(beside)
  }

  /// The query engine over the database, read-only.
  func engine(trustStore: TrustStore?, in context: CommandContext, rangesFromSpec: URL? = nil) throws -> QueryEngine {
    let ranges = try referenceRanges(in: context, fromSpec: rangesFromSpec)
    let reader = try StoreReader(url: context.url(db))
    return QueryEngine(
      reader: reader, now: context.now(), revokedSigners: Set(trustStore?.revoked.map(\.fingerprint) ?? []),
      trustStore: trustStore.map { $0.url.lastPathComponent }, excludeRevoked: excludeRevoked, ranges: ranges,
      rangesLocation: rangesURL(in: context, fromSpec: rangesFromSpec).path)
  }

  func validate() throws {
    if excludeRevoked, trust == nil,
      !FileManager.default.fileExists(
        atPath: URL(fileURLWithPath: db).deletingLastPathComponent().appendingPathComponent("allowed_signers").path)
    {
      throw ValidationError("--exclude-revoked needs the trust store: add --trust FILE")
    }
  }
}
