import Crypto
import Foundation

/// OpenSSH's SSHSIG signature format (openssh-portable's PROTOCOL.sshsig), Ed25519 over the
/// SHA-512 of the message, so `ssh-keygen -Y verify` checks what CourtFed signs.
package struct SSHSignature: Sendable, Equatable {
  /// The signer's public key, as the signature carries it (trust comes from elsewhere).
  package let publicKey: CourtPublicKey
  package let namespace: String
  /// The raw 64-byte Ed25519 signature.
  package let signature: Data

  static let magic = Data("SSHSIG".utf8)
  static let label = "SSH SIGNATURE"
  static let hashAlgorithm = "sha512"

  /// What is signed: "SSHSIG" ‖ string(namespace) ‖ string("") ‖ string("sha512") ‖ string(H(message)).
  static func signedData(message: some DataProtocol, namespace: String) -> Data {
    var writer = SSHWriter()
    writer.raw(magic)
    writer.string(namespace)
    writer.string(Data())
    writer.string(hashAlgorithm)
    writer.string(Data(SHA512.hash(data: Data(message))))
    return writer.data
  }

  /// Signs `message` in `namespace` and returns the armoured signature file.
  package static func sign(_ message: some DataProtocol, namespace: String, with key: CourtSigningKey) -> String {
    let raw = key.sign(signedData(message: message, namespace: namespace))
    var inner = SSHWriter()
    inner.string("ssh-ed25519")
    inner.string(raw)
    var blob = SSHWriter()
    blob.raw(magic)
    blob.uint32(1)
    blob.string(key.publicKey.blob)
    blob.string(namespace)
    blob.string(Data())
    blob.string(hashAlgorithm)
    blob.string(inner.data)
    return Armour.wrap(blob.data, label: label, width: 70)
  }

  /// Reads an armoured signature, strictly: one armoured block, version 1, an Ed25519 key,
  /// SHA-512, a 64-byte signature, and no extra bytes anywhere.
  package init(armoured text: String) throws(BundleError) {
    guard let data = Armour.unwrap(text, label: Self.label) else {
      throw .signatureMalformed(detail: "not one -----BEGIN SSH SIGNATURE----- block of valid base64")
    }
    guard data.starts(with: Self.magic) else { throw .signatureMalformed(detail: "the SSHSIG magic is missing") }
    var reader = SSHReader(data.dropFirst(Self.magic.count))
    do {
      guard try reader.uint32() == 1 else { throw BundleError.signatureMalformed(detail: "unsupported SSHSIG version") }
      let publicKey = try CourtPublicKey(blob: try reader.string())
      let namespace = try reader.text()
      guard try reader.string().isEmpty else {
        throw BundleError.signatureMalformed(detail: "the reserved field is not empty")
      }
      let hash = try reader.text()
      guard hash == Self.hashAlgorithm else {
        throw BundleError.signatureMalformed(detail: "hash \(hash) is not sha512")
      }
      var inner = SSHReader(try reader.string())
      guard try inner.text() == "ssh-ed25519" else {
        throw BundleError.signatureMalformed(detail: "not an Ed25519 signature")
      }
      let signature = try inner.string()
      guard signature.count == 64, inner.isAtEnd, reader.isAtEnd else {
        throw BundleError.signatureMalformed(detail: "wrong signature length or extra bytes")
      }
      self.publicKey = publicKey
      self.namespace = namespace
      self.signature = Data(signature)
    } catch let error as BundleError {
      throw error
    } catch {
      throw .signatureMalformed(detail: "the signature is truncated")
    }
  }

  /// Whether this signature signs `message` in its namespace with its key.
  package func isValid(for message: some DataProtocol) -> Bool {
    publicKey.isValidSignature(signature, for: Self.signedData(message: message, namespace: namespace))
  }
}
