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
  /// GB18030 with its byte-order mark (84 31 95 33), what `iconv` makes of a UTF-8 file with a BOM.
  case gb18030WithBOM = "gb18030-bom"

  /// Foundation's encoding for GB18030 (kCFStringEncodingGB_18030_2000).
  static let foundationGB18030 = String.Encoding(
    rawValue: CFStringConvertEncodingToNSStringEncoding(0x0632))

  /// A name for messages.
  package var displayName: String {
    switch self {
    case .utf8: "UTF-8"
    case .utf8WithBOM: "UTF-8 with BOM"
    case .utf16LittleEndian: "UTF-16 LE"
    case .utf16BigEndian: "UTF-16 BE"
    case .gb18030: "GB18030"
    case .gb18030WithBOM: "GB18030 with BOM"
    }
  }

  /// Why a file's bytes are not text CourtFed reads.
  package enum DecodingFailure: Error, Sendable, Equatable {
    /// Neither UTF-8 nor GB18030 (nor decodable GB18030 without losing bytes); the line and
    /// column of the first byte that is not UTF-8.
    case notUTF8OrGB18030(line: Int, column: Int)
    /// UTF-16 with an odd number of bytes: the last character is cut in half. The last line.
    case oddUTF16Length(line: Int)
    /// UTF-16 with a broken surrogate pair, at this line.
    case invalidUTF16(line: Int)
  }

  /// Decodes `data` exactly or not at all, detecting its encoding: a byte-order mark in any
  /// of UTF-8, UTF-16 and GB18030 decides and is removed; otherwise valid UTF-8 is UTF-8, and
  /// anything else must be GB18030 that encodes back to the same bytes (a decoder that drops
  /// a broken character would silently change the text).
  package static func decodeExactly(_ data: Data) -> Result<(text: String, encoding: TextEncoding), DecodingFailure> {
    let bytes = [UInt8](data)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
      guard let text = String(validating: bytes.dropFirst(3), as: UTF8.self) else {
        let (line, column) = firstInvalidUTF8Position(in: data)
        return .failure(.notUTF8OrGB18030(line: line, column: column))
      }
      return .success((text, .utf8WithBOM))
    }
    if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
      let littleEndian = bytes[0] == 0xFF
      return decodeUTF16(bytes.dropFirst(2), littleEndian: littleEndian).map {
        ($0, littleEndian ? .utf16LittleEndian : .utf16BigEndian)
      }
    }
    if let text = String(validating: bytes, as: UTF8.self) {
      return .success((text, .utf8))
    }
    let hasMark = bytes.starts(with: [0x84, 0x31, 0x95, 0x33])
    if var text = String(data: data, encoding: foundationGB18030), !text.contains("\u{FFFD}"),
      text.data(using: foundationGB18030) == data
    {
      if hasMark, text.unicodeScalars.first == "\u{FEFF}" { text.unicodeScalars.removeFirst() }
      return .success((text, hasMark ? .gb18030WithBOM : .gb18030))
    }
    let (line, column) = firstInvalidUTF8Position(in: data)
    return .failure(.notUTF8OrGB18030(line: line, column: column))
  }

  /// UTF-16 code units to text, refusing an odd byte count and unpaired surrogates.
  private static func decodeUTF16(_ bytes: ArraySlice<UInt8>, littleEndian: Bool) -> Result<String, DecodingFailure> {
    var units: [UInt16] = []
    units.reserveCapacity(bytes.count / 2)
    var index = bytes.startIndex
    while index + 1 < bytes.endIndex {
      let (first, second) = (UInt16(bytes[index]), UInt16(bytes[index + 1]))
      units.append(littleEndian ? first | second << 8 : first << 8 | second)
      index += 2
    }
    func line(upTo count: Int) -> Int { 1 + units.prefix(count).lazy.filter { $0 == 0x0A }.count }
    if bytes.count % 2 != 0 { return .failure(.oddUTF16Length(line: line(upTo: units.count))) }
    guard let text = String(validating: units, as: UTF16.self) else {
      // The first unit that is not part of a valid pair.
      var position = 0
      var iterator = units.makeIterator()
      var parser = Unicode.UTF16.ForwardParser()
      loop: while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let scalar): position += scalar.count
        case .emptyInput, .error: break loop
        }
      }
      return .failure(.invalidUTF16(line: line(upTo: position)))
    }
    return .success(text)
  }

  /// Decodes `data`, detecting its encoding: a BOM decides; otherwise valid UTF-8 is UTF-8,
  /// and anything else must be valid GB18030.
  ///
  /// - Returns: the text without any BOM, and the encoding found; nil when the bytes are
  ///   neither valid UTF-8 nor valid GB18030.
  package static func decode(_ data: Data) -> (text: String, encoding: TextEncoding)? {
    try? decodeExactly(data).get()
  }

  /// Encodes `text` for writing: UTF-8 (with a BOM when asked, so Excel opens Chinese
  /// correctly) or GB18030.
  package static func encode(_ text: String, as encoding: TextEncoding) -> Data {
    switch encoding {
    case .utf8: Data(text.utf8)
    case .utf8WithBOM: Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8)
    case .utf16LittleEndian: Data([0xFF, 0xFE]) + (text.data(using: .utf16LittleEndian) ?? Data())
    case .utf16BigEndian: Data([0xFE, 0xFF]) + (text.data(using: .utf16BigEndian) ?? Data())
    case .gb18030: text.data(using: foundationGB18030) ?? Data(text.utf8)
    case .gb18030WithBOM: Data([0x84, 0x31, 0x95, 0x33]) + (text.data(using: foundationGB18030) ?? Data(text.utf8))
    }
  }

  /// The line and column of the first byte that is not valid UTF-8, for the error message
  /// when a file is neither UTF-8 nor GB18030.
  package static func firstInvalidUTF8Position(in data: Data) -> (line: Int, column: Int) {
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
