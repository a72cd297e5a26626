import ArgumentParser
import CourtFedBundle
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

  /// The trust store named, or the `allowed_signers` beside the database; nil when neither.
  func trustStore(in context: CommandContext) throws(BundleError) -> TrustStore? {
    if let trust { return try TrustStore.load(context.url(trust)) }
    let beside = context.url(db).deletingLastPathComponent().appendingPathComponent("allowed_signers")
    guard FileManager.default.fileExists(atPath: beside.path) else { return nil }
    return try TrustStore.load(beside)
  }

  /// The query engine over the database, read-only.
  func engine(trustStore: TrustStore?, in context: CommandContext) throws(StoreError) -> QueryEngine {
    let reader = try StoreReader(url: context.url(db))
    return QueryEngine(
      reader: reader, now: context.now(), revokedSigners: Set(trustStore?.revoked.map(\.fingerprint) ?? []),
      trustStore: trustStore.map { $0.url.lastPathComponent }, excludeRevoked: excludeRevoked)
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
