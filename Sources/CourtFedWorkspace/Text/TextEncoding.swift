import CoreFoundation
import Foundation

/// The text encodings a workspace file may arrive in.
///
/// Excel and WPS on a Chinese Windows save "CSV" as GB18030 (GBK) without a byte-order mark;
/// "CSV UTF-8" adds a BOM; other tools write plain UTF-8; Excel's "Unicode text" is UTF-16
/// with a BOM. The encoding is detected, never asked for.
public enum TextEncoding: String, Sendable, Equatable {
  case utf8
  case utf8WithBOM = "utf8-bom"
  case utf16LittleEndian = "utf16le"
  case utf16BigEndian = "utf16be"
  case gb18030

  /// Foundation's encoding for GB18030 (kCFStringEncodingGB_18030_2000).
  static let foundationGB18030 = String.Encoding(
    rawValue: CFStringConvertEncodingToNSStringEncoding(0x0632))

  /// A name for messages.
  public var displayName: String {
    switch self {
    case .utf8: "UTF-8"
    case .utf8WithBOM: "UTF-8 with BOM"
    case .utf16LittleEndian: "UTF-16 LE"
    case .utf16BigEndian: "UTF-16 BE"
    case .gb18030: "GB18030"
    }
  }

  /// Decodes `data`, detecting its encoding: a BOM decides; otherwise valid UTF-8 is UTF-8,
  /// and anything else must be valid GB18030.
  ///
  /// - Returns: the text without any BOM, and the encoding found; nil when the bytes are
  ///   neither valid UTF-8 nor valid GB18030.
  public static func decode(_ data: Data) -> (text: String, encoding: TextEncoding)? {
    let bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else { return nil }
      return (text, .utf8WithBOM)
    }
    if bytes.starts(with: [0xFF, 0xFE]) {
      guard let text = String(data: data.dropFirst(2), encoding: .utf16LittleEndian) else {
        return nil
      }
      return (text, .utf16LittleEndian)
    }
    if bytes.starts(with: [0xFE, 0xFF]) {
      guard let text = String(data: data.dropFirst(2), encoding: .utf16BigEndian) else {
        return nil
      }
      return (text, .utf16BigEndian)
    }
    if let text = String(validating: bytes, as: UTF8.self) {
      return (text, .utf8)
    }
    if let text = String(data: data, encoding: foundationGB18030), !text.contains("\u{FFFD}") {
      return (text, .gb18030)
    }
    return nil
  }

  /// Encodes `text` for writing: UTF-8 (with a BOM when asked, so Excel opens Chinese
  /// correctly) or GB18030.
  public static func encode(_ text: String, as encoding: TextEncoding) -> Data {
    switch encoding {
    case .utf8: Data(text.utf8)
    case .utf8WithBOM: Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    case .utf16LittleEndian: Data([0xFF, 0xFE]) + (text.data(using: .utf16LittleEndian) ?? Data())
    case .utf16BigEndian: Data([0xFE, 0xFF]) + (text.data(using: .utf16BigEndian) ?? Data())
    case .gb18030: text.data(using: foundationGB18030) ?? Data(text.utf8)
    }
  }

  /// The line and column of the first byte that is not valid UTF-8, for the error message
  /// when a file is neither UTF-8 nor GB18030.
  public static func firstInvalidUTF8Position(in data: Data) -> (line: Int, column: Int) {
    var line = 1
    var lineStart = data.startIndex
    var index = data.startIndex
    while index < data.endIndex {
      let byte = data[index]
      let length: Int
      switch byte {
      case 0x00...0x7F: length = 1
      case 0xC2...0xDF: length = 2
      case 0xE0...0xEF: length = 3
      case 0xF0...0xF4: length = 4
      default: length = 0
      }
      let end = index + length
      if length == 0 || end > data.endIndex
        || String(validating: data[index..<end], as: UTF8.self) == nil
      {
        let prefix = String(decoding: data[lineStart..<index], as: UTF8.self)
        return (line, prefix.count + 1)
      }
      if byte == 0x0A {
        line += 1
        lineStart = end
      }
      index = end
    }
    return (line, 1)
  }
}
