import Foundation

/// A JSON value as the manifest allows it: no fractions, no exponents.
package indirect enum JSONValue: Sendable, Equatable {
  case object([String: JSONValue])
  case array([JSONValue])
  case string(String)
  case integer(Int)
  case bool(Bool)
  case null
}

/// Canonical JSON: object keys sorted by their UTF-8 bytes, no whitespace, strings in UTF-8
/// with only `"`, `\` and control characters escaped, whole numbers only. The manifest is
/// signed in this form, and a manifest is accepted only if re-encoding what was parsed gives
/// back the signed bytes exactly, so two parsers can never read one manifest two ways.
package enum CanonicalJSON {
  /// The largest whole number allowed: 2^53 − 1, exact in every JSON parser.
  package static let maximumInteger = (1 << 53) - 1

  /// The canonical bytes of `value`.
  package static func encode(_ value: JSONValue) -> Data {
    var output: [UInt8] = []
    write(value, into: &output)
    return Data(output)
  }

  private static func write(_ value: JSONValue, into output: inout [UInt8]) {
    switch value {
    case .null: output.append(contentsOf: "null".utf8)
    case .bool(let flag): output.append(contentsOf: (flag ? "true" : "false").utf8)
    case .integer(let number): output.append(contentsOf: String(number).utf8)
    case .string(let text): writeString(text, into: &output)
    case .array(let items):
      output.append(UInt8(ascii: "["))
      for (index, item) in items.enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        write(item, into: &output)
      }
      output.append(UInt8(ascii: "]"))
    case .object(let members):
      output.append(UInt8(ascii: "{"))
      for (index, member) in members.sorted(by: { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }).enumerated() {
        if index > 0 { output.append(UInt8(ascii: ",")) }
        writeString(member.key, into: &output)
        output.append(UInt8(ascii: ":"))
        write(member.value, into: &output)
      }
      output.append(UInt8(ascii: "}"))
    }
  }

  private static func writeString(_ text: String, into output: inout [UInt8]) {
    output.append(UInt8(ascii: "\""))
    // Most strings need no escape: their bytes go as they are.
    if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
      output.append(contentsOf: text.utf8)
      output.append(UInt8(ascii: "\""))
      return
    }
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "\""): output.append(contentsOf: "\\\"".utf8)
      case UInt8(ascii: "\\"): output.append(contentsOf: "\\\\".utf8)
      case 0x0A: output.append(contentsOf: "\\n".utf8)
      case 0x0D: output.append(contentsOf: "\\r".utf8)
      case 0x09: output.append(contentsOf: "\\t".utf8)
      case 0x08: output.append(contentsOf: "\\b".utf8)
      case 0x0C: output.append(contentsOf: "\\f".utf8)
      case 0..<0x20: output.append(contentsOf: String(format: "\\u%04x", byte).utf8)
      default: output.append(byte)
      }
    }
    output.append(UInt8(ascii: "\""))
  }

  /// Parses `data` strictly: valid UTF-8, no duplicate keys, no NUL, no lone surrogates, whole
  /// numbers from −(2^53 − 1) to 2^53 − 1 only, nesting at most 16 deep, nothing after the
  /// value. Whitespace is allowed here; canonical form is checked by comparing bytes.
  package static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
    let bytes = [UInt8](data)
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw JSONSyntaxError(offset: firstInvalidUTF8(bytes), detail: "invalid UTF-8")
    }
    var parser = Parser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.offset == bytes.count else { throw parser.error("unexpected text after the JSON value") }
    return value
  }

  private static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int {
    var low = 0
    var high = bytes.count
    while low < high {
      let middle = (low + high) / 2
      if String(validating: bytes[..<middle], as: UTF8.self) != nil { low = middle + 1 } else { high = middle }
    }
    return max(0, low - 1)
  }

  private struct Parser {
    let bytes: [UInt8]
    var offset = 0

    func error(_ detail: String) -> JSONSyntaxError { JSONSyntaxError(offset: offset, detail: detail) }

    mutating func skipWhitespace() {
      while offset < bytes.count,
        bytes[offset] == 0x20 || bytes[offset] == 0x09 || bytes[offset] == 0x0A || bytes[offset] == 0x0D
      {
        offset += 1
      }
    }

    mutating func expect(_ literal: String) throws(JSONSyntaxError) {
      for byte in literal.utf8 {
        guard offset < bytes.count, bytes[offset] == byte else { throw error("expected \(literal)") }
        offset += 1
      }
    }

    mutating func value(depth: Int) throws(JSONSyntaxError) -> JSONValue {
      guard depth < 16 else { throw error("nested too deeply") }
      guard offset < bytes.count else { throw error("unexpected end of the document") }
      switch bytes[offset] {
      case UInt8(ascii: "{"): return try object(depth: depth)
      case UInt8(ascii: "["): return try array(depth: depth)
      case UInt8(ascii: "\""): return .string(try string())
      case UInt8(ascii: "t"):
        try expect("true")
        return .bool(true)
      case UInt8(ascii: "f"):
        try expect("false")
        return .bool(false)
      case UInt8(ascii: "n"):
        try expect("null")
        return .null
      case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .integer(try integer())
      default: throw error("unexpected character")
      }
    }

    mutating func object(depth: Int) throws(JSONSyntaxError) -> JSONValue {
      offset += 1
      var members: [String: JSONValue] = [:]
      skipWhitespace()
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "}") {
        offset += 1
        return .object(members)
      }
      while true {
        skipWhitespace()
        guard offset < bytes.count, bytes[offset] == UInt8(ascii: "\"") else { throw error("expected a key") }
        let keyOffset = offset
        let key = try string()
        guard members[key] == nil else {
          throw JSONSyntaxError(offset: keyOffset, detail: "the key \"\(key)\" appears twice")
        }
        skipWhitespace()
        try expect(":")
        skipWhitespace()
        members[key] = try value(depth: depth + 1)
        skipWhitespace()
        guard offset < bytes.count else { throw error("unexpected end of the document") }
        if bytes[offset] == UInt8(ascii: ",") {
          offset += 1
          continue
        }
        try expect("}")
        return .object(members)
      }
    }

    mutating func array(depth: Int) throws(JSONSyntaxError) -> JSONValue {
      offset += 1
      var items: [JSONValue] = []
      skipWhitespace()
      if offset < bytes.count, bytes[offset] == UInt8(ascii: "]") {
        offset += 1
        return .array(items)
      }
      while true {
        skipWhitespace()
        items.append(try value(depth: depth + 1))
        skipWhitespace()
        guard offset < bytes.count else { throw error("unexpected end of the document") }
        if bytes[offset] == UInt8(ascii: ",") {
          offset += 1
          continue
        }
        try expect("]")
        return .array(items)
      }
    }

    mutating func string() throws(JSONSyntaxError) -> String {
      offset += 1
      // Most strings have no escape: up to the closing quote, the bytes are the text (the
      // whole document was checked to be UTF-8 before parsing began).
      var end = offset
      while end < bytes.count, bytes[end] >= 0x20, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\") {
        end += 1
      }
      if end < bytes.count, bytes[end] == UInt8(ascii: "\"") {
        defer { offset = end + 1 }
        return String(decoding: bytes[offset..<end], as: UTF8.self)
      }
      var scalars = String.UnicodeScalarView()
      var raw: [UInt8] = []
      func flush() {
        if !raw.isEmpty {
          scalars.append(contentsOf: String(decoding: raw, as: UTF8.self).unicodeScalars)
          raw.removeAll()
        }
      }
      while offset < bytes.count {
        let byte = bytes[offset]
        switch byte {
        case UInt8(ascii: "\""):
          offset += 1
          flush()
          return String(scalars)
        case 0..<0x20:
          throw error(byte == 0 ? "a NUL character in a string" : "a control character in a string")
        case UInt8(ascii: "\\"):
          flush()
          offset += 1
          guard offset < bytes.count else { break }
          let escape = bytes[offset]
          offset += 1
          switch escape {
          case UInt8(ascii: "\""): scalars.append("\"")
          case UInt8(ascii: "\\"): scalars.append("\\")
          case UInt8(ascii: "/"): scalars.append("/")
          case UInt8(ascii: "b"): scalars.append("\u{08}")
          case UInt8(ascii: "f"): scalars.append("\u{0C}")
          case UInt8(ascii: "n"): scalars.append("\n")
          case UInt8(ascii: "r"): scalars.append("\r")
          case UInt8(ascii: "t"): scalars.append("\t")
          case UInt8(ascii: "u"):
            let unit = try hex4()
            guard unit != 0 else { throw error("a NUL character in a string") }
            if (0xD800...0xDBFF).contains(unit) {
              guard offset + 1 < bytes.count, bytes[offset] == UInt8(ascii: "\\"),
                bytes[offset + 1] == UInt8(ascii: "u")
              else { throw error("a lone surrogate in a string") }
              offset += 2
              let low = try hex4()
              guard (0xDC00...0xDFFF).contains(low) else { throw error("a lone surrogate in a string") }
              scalars.append(Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!)
            } else {
              guard let scalar = Unicode.Scalar(unit) else { throw error("a lone surrogate in a string") }
              scalars.append(scalar)
            }
          default: throw error("an unknown escape in a string")
          }
        default:
          raw.append(byte)
          offset += 1
        }
      }
      throw error("a string is never closed")
    }

    mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
      guard offset + 4 <= bytes.count,
        let value = UInt32(String(decoding: bytes[offset..<offset + 4], as: UTF8.self), radix: 16)
      else { throw error("a \\u escape needs four hex digits") }
      offset += 4
      return value
    }

    mutating func integer() throws(JSONSyntaxError) -> Int {
      let start = offset
      if bytes[offset] == UInt8(ascii: "-") { offset += 1 }
      let digitsStart = offset
      while offset < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[offset]) { offset += 1 }
      let digits = offset - digitsStart
      guard digits > 0 else { throw error("a number needs digits") }
      guard !(digits > 1 && bytes[digitsStart] == UInt8(ascii: "0")) else {
        throw error("a number with a leading zero")
      }
      if offset < bytes.count, [UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E")].contains(bytes[offset]) {
        throw error("numbers in the manifest are whole numbers")
      }
      guard digits <= 16, let value = Int(String(decoding: bytes[start..<offset], as: UTF8.self)),
        abs(value) <= CanonicalJSON.maximumInteger
      else { throw JSONSyntaxError(offset: start, detail: "a number above 2^53") }
      return value
    }
  }
}

/// Where a JSON document stops being the canonical JSON CourtFed reads, and why.
package struct JSONSyntaxError: Error, Sendable, Equatable {
  /// The byte offset of the problem.
  package var offset: Int
  /// What is wrong there, in English (callers translate the kinds they show).
  package var detail: String

  package init(offset: Int, detail: String) {
    self.offset = offset
    self.detail = detail
  }
}
