import CourtFedModel
import Foundation

/// Everything that can go wrong making, reading or trusting a bundle. Each case says what is
/// wrong and, where there is something to do, what.
public enum BundleError: ExplainedError, Sendable, Equatable {
  // Keys
  /// `keygen` found a file where the key was to go.
  case keyFileExists(path: String)
  /// A key file could not be read.
  case keyFileUnreadable(path: String, reason: String)
  /// A private key that group or others can read.
  case keyPermissionsTooOpen(path: String, mode: Int)
  /// A key file or key line that is not an Ed25519 key in OpenSSH's format.
  case keyMalformed(detail: String)
  /// A passphrase-protected private key.
  case keyEncrypted

  // Signature and signer
  /// The signature file is not a well-formed SSHSIG.
  case signatureMalformed(detail: String)
  /// The signature was made for another namespace (another purpose).
  case signatureWrongNamespace(found: String, expected: String)
  /// The signature does not verify: the manifest or the signature was changed.
  case signatureInvalid
  /// No trusted key matches the signer.
  case signerUnknown(fingerprint: String)
  /// The signer's key is on the revocation list.
  case signerRevoked(fingerprint: String)
  /// The signer's key is not valid at this time.
  case signerOutsideValidity(fingerprint: String, window: String)
  /// The trust entry for the key does not allow the bundle namespace.
  case signerNamespaceNotAllowed(fingerprint: String)
  /// The key is trusted for other courts, not the one the manifest names.
  case signerWrongCourt(fingerprint: String, trustedFor: [String], claimed: String)

  // Archive and members
  /// The bundle file is larger than the limit.
  case bundleTooLarge(size: Int, limit: Int)
  /// The bundle file could not be read.
  case unreadable(path: String, reason: String)
  /// The path is not a regular file (a folder, a FIFO, a device): refused before reading.
  case notARegularFile(path: String, kind: String)
  /// The tar archive is malformed.
  case archive(TarArchive.Failure)
  /// The members are not exactly the manifest, its signature and the listed data members, in
  /// that order.
  case unexpectedMember(name: String, expected: String)
  /// A member the manifest lists is missing.
  case missingMember(name: String)
  /// A member is larger than the limit for its kind.
  case memberTooLarge(name: String, size: Int, limit: Int)

  // Manifest
  /// The manifest is not valid JSON; carries the byte offset and what is wrong.
  case manifestSyntax(offset: Int, detail: String)
  /// The manifest is valid JSON but not in the canonical form that was signed.
  case manifestNotCanonical
  /// A field is missing, unknown, of the wrong type or out of range; carries its path.
  case manifestField(path: String, problem: String)
  /// The format version is not one this CourtFed reads.
  case unsupportedVersion(Int)
  /// The manifest says it was created in the future.
  case createdInFuture(created: String)
  /// A name in the manifest (the court's name, short name, English name or region) breaks
  /// the rules for names; carries the field's path and what is wrong.
  case manifestName(path: String, problem: NameProblem)
  /// The bundle was checked against a metric catalog this coordinator does not know.
  case catalogUnknown(found: String, expected: String)
  /// A period the manifest lists had not ended when the bundle was made; carries the field's
  /// path, the period and the creation time.
  case periodNotEnded(path: String, period: Period, created: String)
  /// The sequence number is beyond any a court could reach.
  case sequenceTooLarge(Int, limit: Int)

  // Data
  /// A data member's length differs from the manifest's.
  case memberLength(name: String, declared: Int, actual: Int)
  /// A data member's SHA-256 differs from the manifest's (checked before decompressing).
  case memberHash(name: String)
  /// A data member does not decompress to its declared size.
  case decompression(name: String, Gzip.Failure)
  /// A row of a data member breaks the schema or the catalog; one bad row rejects the bundle.
  case row(member: String, line: Int, problem: String)
  /// A table has more rows, or a field more characters, than allowed.
  case limitExceeded(member: String, what: String, limit: Int)
  /// A name field of a row (a branch's, group's or person's name, an id) breaks the rules
  /// for names.
  case rowName(member: String, line: Int, field: String, problem: NameProblem)
  /// A number written with more digits than a double keeps exactly: it would be stored as
  /// another number.
  case inexactNumber(member: String, line: Int, field: String, text: String)
  /// The rows break a check `validate` runs on a workspace (a catalog rule, a total against
  /// its parts, a period not ended, a reference between the party tables): the same checks,
  /// run again on what arrived.
  case validation(member: String, line: Int, problem: LocalizedText)

  // Trust store
  /// A line of the trust file (allowed_signers) or the revocation list is malformed.
  case trustFile(path: String, line: Int, detail: String)
  /// A trust operation that makes no sense (a key already trusted, a court not found).
  case trustOperation(String)
  /// The trust file trusts one key for several courts, on one line (`firstLine` is `line`)
  /// or on two: a key signs for one court only.
  case trustKeyForSeveralCourts(path: String, line: Int, courts: [String], firstLine: Int)

  // Export
  /// The workspace has errors; export refuses (validate lists them).
  case workspaceInvalid(errors: Int)
  /// A file could not be written.
  case cannotWrite(path: String, reason: String)
  /// The workspace's export state file is damaged.
  case exportState(path: String, detail: String)

  /// The message for the user.
  package var message: String {
    switch self {
    case .keyFileExists(let path):
      "\(path) already exists; keys are never overwritten (move it away or choose another --out)"
    case .keyFileUnreadable(let path, let reason):
      "cannot read the key \(path): \(reason)"
    case .keyPermissionsTooOpen(let path, let mode):
      "permissions \(String(format: "%04o", mode)) for \(path) are too open: a private key must be readable by its owner only (chmod 600 \(path))"
    case .keyMalformed(let detail):
      "not a usable key: \(detail)"
    case .keyEncrypted:
      "the private key has a passphrase; CourtFed signs with unencrypted keys (make one with `courtfed keygen` or `ssh-keygen -t ed25519 -N ''`)"
    case .signatureMalformed(let detail):
      "the signature is malformed: \(detail)"
    case .signatureWrongNamespace(let found, let expected):
      "the signature is for namespace '\(found)', not '\(expected)'"
    case .signatureInvalid:
      "the signature does not match the manifest: the bundle was changed after signing"
    case .signerUnknown(let fingerprint):
      "the signing key \(fingerprint) is not in the trust store (add it with `courtfed trust add COURT KEYFILE`)"
    case .signerRevoked(let fingerprint):
      "the signing key \(fingerprint) has been revoked"
    case .signerOutsideValidity(let fingerprint, let window):
      "the signing key \(fingerprint) is not valid now (trusted \(window))"
    case .signerNamespaceNotAllowed(let fingerprint):
      "the trust entry for \(fingerprint) does not allow signing bundles"
    case .signerWrongCourt(let fingerprint, let trustedFor, let claimed):
      "the signing key \(fingerprint) is trusted for \(trustedFor.joined(separator: ", ")), not for \(claimed), the court the manifest names"
    case .bundleTooLarge(let size, let limit):
      "the bundle is \(size) bytes, over the limit of \(limit) (raise it with --max-bundle-bytes if this court is really that large)"
    case .unreadable(let path, let reason):
      "cannot read \(path): \(reason)"
    case .notARegularFile(let path, let kind):
      "\(path) is \(kind), not a bundle file; a bundle is a regular file named COURT-SEQUENCE.courtfed"
    case .archive(let failure):
      switch failure {
      case .badChecksum(let member): "the archive is corrupt: header \(member + 1) has a bad checksum"
      case .notARegularFile(let name, let type):
        "the archive member \(name) is not a regular file (type '\(type)'): links, devices, directories and extension headers are refused"
      case .malformedHeader(let member, let field):
        "the archive is malformed: header \(member + 1) has a bad \(field) field"
      case .truncated: "the archive is truncated"
      case .trailingData: "the archive has data after its end marker"
      case .tooManyMembers(let limit): "the archive has more than \(limit) members"
      }
    case .unexpectedMember(let name, let expected):
      "the archive member '\(name)' is not expected here (expected \(expected))"
    case .missingMember(let name):
      "the member \(name) listed in the manifest is missing"
    case .memberTooLarge(let name, let size, let limit):
      "\(name) is \(size) bytes, over the limit of \(limit)"
    case .manifestSyntax(let offset, let detail):
      "datapackage.json is not valid JSON at byte \(offset): \(detail)"
    case .manifestNotCanonical:
      "datapackage.json is not in canonical form (sorted keys, no whitespace): it was not written by CourtFed or was altered"
    case .manifestField(let path, let problem):
      "datapackage.json: \(path) \(problem)"
    case .unsupportedVersion(let version):
      "bundle format version \(version) is not supported (this CourtFed reads versions \(BundleFormat.version) and \(BundleFormat.scoreQuartersVersion)): upgrade CourtFed"
    case .createdInFuture(let created):
      "the manifest says it was created at \(created), in the future; check the sending computer's clock"
    case .manifestName(let path, let problem):
      "datapackage.json: \(path) \(problem.message.en); correct it in the court's court.toml and export again"
    case .catalogUnknown(let found, let expected):
      "the bundle was checked against metric catalog \(found), which this coordinator does not know (it uses \(expected)); the court must export with the same CourtFed version as the coordinator"
    case .periodNotEnded(let path, let period, let created):
      "datapackage.json: \(path) is \(period), which had not ended when the bundle was made (\(created)); a period is reported once it has ended"
    case .sequenceTooLarge(let sequence, let limit):
      "datapackage.json: courtfed.sequence is \(sequence), beyond any court's (at most \(limit))"
    case .memberLength(let name, let declared, let actual):
      "\(name) is \(actual) bytes but the manifest says \(declared)"
    case .memberHash(let name):
      "\(name) does not match its SHA-256 in the manifest: the data was changed"
    case .decompression(let name, let failure):
      switch failure {
      case .largerThanDeclared(let size): "\(name) decompresses to more than its declared \(size) bytes"
      case .smallerThanDeclared(let declared, let actual):
        "\(name) decompresses to \(actual) bytes, not the declared \(declared)"
      case .trailingData: "\(name) has data after its gzip member (several members or garbage)"
      case .corrupt(let detail): "\(name) is not valid gzip: \(detail)"
      case .largerThanPossible(let declared):
        "\(name) declares \(declared) bytes decompressed, more than its compressed bytes can hold"
      }
    case .row(let member, let line, let problem):
      "\(member) line \(line): \(problem)"
    case .limitExceeded(let member, let what, let limit):
      "\(member): \(what) over the limit of \(limit)"
    case .rowName(let member, let line, let field, let problem):
      "\(member) line \(line): \(field) \(problem.message.en)"
    case .inexactNumber(let member, let line, let field, let text):
      "\(member) line \(line): \(field) '\(text)' has more significant digits than CourtFed keeps exactly (15)"
    case .validation(let member, let line, let problem):
      "\(member) line \(line): \(problem.en)"
    case .trustFile(let path, let line, let detail):
      "\(path):\(line): \(detail)"
    case .trustOperation(let detail):
      detail
    case .trustKeyForSeveralCourts(let path, let line, let courts, let firstLine):
      "\(path):\(line): one key is trusted for several courts (\(courts.joined(separator: ", "))\(firstLine == line ? "" : ", the first on line \(firstLine)")); a key signs for one court only: give each court its own key and line (`courtfed trust add COURT KEYFILE`)"
    case .workspaceInvalid(let errors):
      "the workspace has \(errors) error\(errors == 1 ? "" : "s"); nothing was exported (fix them; `courtfed validate` lists them)"
    case .cannotWrite(let path, let reason):
      "cannot write \(path): \(reason)"
    case .exportState(let path, let detail):
      "the export state \(path) is damaged: \(detail)"
    }
  }
}
