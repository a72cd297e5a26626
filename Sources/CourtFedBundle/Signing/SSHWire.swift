import Foundation

/// The SSH wire encoding (RFC 4251): a `string` is a big-endian uint32 length, then the bytes.
struct SSHWriter {
  private(set) var data = Data()

  mutating func uint32(_ value: UInt32) {
    data.append(contentsOf: [
      UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF),
    ])
  }

  mutating func string(_ bytes: some DataProtocol) {
    uint32(UInt32(bytes.count))
    data.append(contentsOf: bytes)
  }

  mutating func string(_ text: String) { string(Data(text.utf8)) }

  mutating func raw(_ bytes: some DataProtocol) { data.append(contentsOf: bytes) }
}

/// Reads the SSH wire encoding, refusing anything that runs past the end.
struct SSHReader {
  struct Truncated: Error {}

  private let bytes: [UInt8]
  private(set) var offset = 0

  init(_ data: some DataProtocol) { bytes = Array(data) }

  var isAtEnd: Bool { offset == bytes.count }
  var remaining: [UInt8] { Array(bytes[offset...]) }

  mutating func uint32() throws(Truncated) -> UInt32 {
    guard bytes.count - offset >= 4 else { throw Truncated() }
    defer { offset += 4 }
    return bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
  }

  mutating func string() throws(Truncated) -> [UInt8] {
    let length = Int(try uint32())
    guard bytes.count - offset >= length else { throw Truncated() }
    defer { offset += length }
    return Array(bytes[offset..<offset + length])
  }

  mutating func text() throws(Truncated) -> String {
    String(decoding: try string(), as: UTF8.self)
  }

  mutating func raw(_ count: Int) throws(Truncated) -> [UInt8] {
    guard bytes.count - offset >= count else { throw Truncated() }
    defer { offset += count }
    return Array(bytes[offset..<offset + count])
  }
}

/// PEM-style armour: `-----BEGIN X-----`, base64 wrapped at `width` columns, `-----END X-----`.
enum Armour {
  static func wrap(_ data: Data, label: String, width: Int) -> String {
    let base64 = data.base64EncodedString()
    var lines = ["-----BEGIN \(label)-----"]
    var index = base64.startIndex
    while index < base64.endIndex {
      let end = base64.index(index, offsetBy: width, limitedBy: base64.endIndex) ?? base64.endIndex
      lines.append(String(base64[index..<end]))
      index = end
    }
    lines.append("-----END \(label)-----")
    return lines.joined(separator: "\n") + "\n"
  }

  /// The bytes inside the armour, or nil when the text is not exactly one armoured block of
  /// `label` with valid base64 (extra lines before or after are refused).
  static func unwrap(_ text: String, label: String) -> Data? {
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    while lines.last == "" { lines.removeLast() }
    guard lines.count >= 3, lines.first == "-----BEGIN \(label)-----", lines.last == "-----END \(label)-----"
    else { return nil }
    let body = lines.dropFirst().dropLast()
    guard body.allSatisfy({ !$0.isEmpty && $0.count <= 76 && !$0.contains(" ") }) else { return nil }
    return Data(base64Encoded: body.joined())
  }
}
