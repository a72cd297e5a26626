import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A court's Ed25519 public key, as OpenSSH writes it: `ssh-ed25519 AAAA... bj-xicheng`.
public struct CourtPublicKey: Sendable, Hashable {
  /// The 32 key bytes.
  package let rawRepresentation: Data

  package init(rawRepresentation: Data) throws(BundleError) {
    guard rawRepresentation.count == 32 else { throw .keyMalformed(detail: "an Ed25519 public key has 32 bytes") }
    self.rawRepresentation = rawRepresentation
  }

  /// The SSH public key blob: string("ssh-ed25519") ‖ string(key).
  package var blob: Data {
    var writer = SSHWriter()
    writer.string("ssh-ed25519")
    writer.string(rawRepresentation)
    return writer.data
  }

  /// OpenSSH's fingerprint: `SHA256:` and the unpadded base64 of the blob's SHA-256.
  package var fingerprint: String {
    let digest = Data(SHA256.hash(data: blob)).base64EncodedString()
    return "SHA256:" + digest.replacingOccurrences(of: "=", with: "")
  }

  /// `ssh-ed25519 <base64> <comment>`.
  package func openSSHLine(comment: String) -> String {
    "ssh-ed25519 \(blob.base64EncodedString())" + (comment.isEmpty ? "" : " \(comment)")
  }

  /// Reads a blob: string("ssh-ed25519") ‖ string(32 bytes), nothing more.
  package init(blob: some DataProtocol) throws(BundleError) {
    var reader = SSHReader(blob)
    guard let type = try? reader.text(), let key = try? reader.string(), reader.isAtEnd else {
      throw .keyMalformed(detail: "the key blob is truncated or has extra bytes")
    }
    guard type == "ssh-ed25519" else { throw .keyMalformed(detail: "only ssh-ed25519 keys are accepted, not \(type)") }
    try self.init(rawRepresentation: Data(key))
  }

  /// Reads the key type and base64 fields of an OpenSSH public key line (options and the
  /// comment are the caller's business).
  package init(type: String, base64: String) throws(BundleError) {
    guard type == "ssh-ed25519" else { throw .keyMalformed(detail: "only ssh-ed25519 keys are accepted, not \(type)") }
    guard let blob = Data(base64Encoded: base64) else { throw .keyMalformed(detail: "the key is not valid base64") }
    try self.init(blob: blob)
  }

  /// Reads `ssh-ed25519 AAAA... comment`.
  package init(openSSHLine line: String) throws(BundleError) {
    let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
    guard fields.count >= 2 else { throw .keyMalformed(detail: "expected 'ssh-ed25519 <base64> [comment]'") }
    try self.init(type: fields[0], base64: fields[1])
  }

  /// Whether `signature` is this key's Ed25519 signature of `message`.
  func isValidSignature(_ signature: some DataProtocol, for message: some DataProtocol) -> Bool {
    guard let key = try? Curve25519.Signing.PublicKey(rawRepresentation: rawRepresentation) else { return false }
    return key.isValidSignature(signature, for: message)
  }
}

/// A court's Ed25519 private key, stored as OpenSSH stores it (`openssh-key-v1`, unencrypted),
/// so `ssh-keygen -Y sign` can use a key CourtFed made and CourtFed a key `ssh-keygen` made.
public struct CourtSigningKey: Sendable {
  let key: Curve25519.Signing.PrivateKey
  /// The comment stored with the key; CourtFed writes the court id.
  package let comment: String

  /// The public half, which the coordinator's trust store pins for the court; giving it away is
  /// safe.
  public var publicKey: CourtPublicKey {
    // A Curve25519 public key is always 32 bytes.
    try! CourtPublicKey(rawRepresentation: key.publicKey.rawRepresentation)
  }

  /// A new random key.
  package static func generate(comment: String) -> CourtSigningKey {
    CourtSigningKey(key: Curve25519.Signing.PrivateKey(), comment: comment)
  }

  /// A key from its 32-byte seed (for test keys made deterministically).
  public init(seed: Data, comment: String) throws(BundleError) {
    guard let key = try? Curve25519.Signing.PrivateKey(rawRepresentation: seed) else {
      throw .keyMalformed(detail: "an Ed25519 seed has 32 bytes")
    }
    self.init(key: key, comment: comment)
  }

  init(key: Curve25519.Signing.PrivateKey, comment: String) {
    self.key = key
    self.comment = comment
  }

  /// Ed25519 signs deterministically: the same key and message give the same signature.
  func sign(_ message: some DataProtocol) -> Data {
    // swift-crypto signs Ed25519 deterministically (RFC 8032) through BoringSSL.
    try! key.signature(for: message)
  }

  // MARK: The OpenSSH private key file

  static let label = "OPENSSH PRIVATE KEY"
  static let magic = Data("openssh-key-v1\0".utf8)

  /// The key in OpenSSH's private key format, unencrypted. `checkWord` fills the two check
  /// integers (random in OpenSSH; any value is valid).
  package func openSSHPrivateKey(checkWord: UInt32 = 0) -> String {
    let publicBlob = publicKey.blob
    var secret = SSHWriter()
    secret.uint32(checkWord)
    secret.uint32(checkWord)
    secret.string("ssh-ed25519")
    secret.string(key.publicKey.rawRepresentation)
    secret.string(key.rawRepresentation + key.publicKey.rawRepresentation)
    secret.string(comment)
    var padding: UInt8 = 1
    while secret.data.count % 8 != 0 {
      secret.raw([padding])
      padding += 1
    }
    var file = SSHWriter()
    file.raw(Self.magic)
    file.string("none")
    file.string("none")
    file.string(Data())
    file.uint32(1)
    file.string(publicBlob)
    file.string(secret.data)
    return Armour.wrap(file.data, label: Self.label, width: 70)
  }

  /// Reads an unencrypted OpenSSH Ed25519 private key.
  package init(openSSHPrivateKey text: String) throws(BundleError) {
    guard let data = Armour.unwrap(text, label: Self.label), data.starts(with: Self.magic) else {
      throw .keyMalformed(detail: "not an OpenSSH private key (-----BEGIN OPENSSH PRIVATE KEY-----)")
    }
    var reader = SSHReader(data.dropFirst(Self.magic.count))
    do {
      let cipher = try reader.text()
      let kdf = try reader.text()
      _ = try reader.string()
      guard cipher == "none", kdf == "none" else { throw BundleError.keyEncrypted }
      guard try reader.uint32() == 1 else {
        throw BundleError.keyMalformed(detail: "the file must hold exactly one key")
      }
      let publicBlob = try reader.string()
      var secret = SSHReader(try reader.string())
      guard try secret.uint32() == secret.uint32() else {
        throw BundleError.keyMalformed(detail: "the check integers differ")
      }
      guard try secret.text() == "ssh-ed25519" else {
        throw BundleError.keyMalformed(detail: "only ssh-ed25519 keys are accepted")
      }
      let publicKey = try secret.string()
      let privateKey = try secret.string()
      let comment = try secret.text()
      guard privateKey.count == 64, Array(privateKey[32...]) == publicKey else {
        throw BundleError.keyMalformed(detail: "the private key does not hold its public key")
      }
      let key = try Curve25519.Signing.PrivateKey(rawRepresentation: privateKey[..<32])
      guard key.publicKey.rawRepresentation == Data(publicKey),
        try CourtPublicKey(blob: publicBlob).rawRepresentation == Data(publicKey)
      else { throw BundleError.keyMalformed(detail: "the public key does not match the private key") }
      self.init(key: key, comment: comment)
    } catch let error as BundleError {
      throw error
    } catch {
      throw .keyMalformed(detail: "the key data is truncated")
    }
  }

  /// Reads the private key at `url`, refusing a file that others can read, as ssh does.
  public static func load(from url: URL) throws(BundleError) -> CourtSigningKey {
    var info = stat()
    guard stat(url.path, &info) == 0 else {
      throw .keyFileUnreadable(path: url.path, reason: String(cString: strerror(errno)))
    }
    let mode = Int(info.st_mode) & 0o777
    guard mode & 0o077 == 0 else { throw .keyPermissionsTooOpen(path: url.path, mode: mode) }
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw .keyFileUnreadable(path: url.path, reason: error.localizedDescription)
    }
    do {
      return try CourtSigningKey(openSSHPrivateKey: text)
    } catch .keyMalformed(let detail) {
      throw .keyMalformed(detail: "\(url.path): \(detail)")
    }
  }

  /// Writes the private key to `url` with mode 0600 and the public key to `url.pub`; refuses
  /// to overwrite either.
  public func write(to url: URL) throws(BundleError) {
    let publicURL = URL(fileURLWithPath: url.path + ".pub")
    for path in [url.path, publicURL.path] where FileManager.default.fileExists(atPath: path) {
      throw .keyFileExists(path: path)
    }
    try Self.createExclusive(
      url, contents: Data(openSSHPrivateKey(checkWord: UInt32.random(in: 0...UInt32.max)).utf8), mode: 0o600)
    do {
      try Self.createExclusive(
        publicURL, contents: Data((publicKey.openSSHLine(comment: comment) + "\n").utf8), mode: 0o644)
    } catch {
      try? FileManager.default.removeItem(at: url)
      throw error
    }
  }

  /// Creates a new file with `mode` from the start (never a moment with looser permissions),
  /// failing if it exists.
  static func createExclusive(_ url: URL, contents: Data, mode: mode_t) throws(BundleError) {
    let descriptor = open(url.path, O_WRONLY | O_CREAT | O_EXCL, mode)
    guard descriptor >= 0 else {
      if errno == EEXIST { throw .keyFileExists(path: url.path) }
      throw .cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
    }
    defer { close(descriptor) }
    let written = contents.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
    guard written == contents.count else {
      throw .cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
    }
  }
}
