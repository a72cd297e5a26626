/// A CSV record splitter over bytes that allocates nothing per field: it hands back the byte
/// ranges of a record's fields, reusing one array. Used for the bundle's data members, which
/// can hold millions of rows; the workspace reader (`CSVReader`) keeps columns for messages
/// instead.
package struct ByteCSV {
  package let bytes: UnsafeBufferPointer<UInt8>
  package private(set) var offset = 0
  /// The line the next record starts on.
  package private(set) var line = 1

  /// A field's bytes, and whether it was quoted (its text then needs `""` undoubled).
  package struct Field {
    package var range: Range<Int>
    package var quoted: Bool
  }

  /// Malformed CSV: the 1-based line of the record it was found in, and what is wrong, in
  /// English (the caller turns it into a diagnostic).
  package struct SyntaxError: Error {
    package let line: Int
    package let detail: String
  }

  package init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

  package var isAtEnd: Bool { offset >= bytes.count }

  /// Splits the next record into `fields`; returns false at the end of the data.
  package mutating func next(into fields: inout [Field]) throws(SyntaxError) -> Bool {
    fields.removeAll(keepingCapacity: true)
    guard offset < bytes.count else { return false }
    let comma = UInt8(ascii: ",")
    let quote = UInt8(ascii: "\"")
    while true {
      if offset < bytes.count, bytes[offset] == quote {
        let start = offset + 1
        var index = start
        while true {
          guard index < bytes.count else { throw SyntaxError(line: line, detail: "a quoted field is never closed") }
          if bytes[index] == quote {
            if index + 1 < bytes.count, bytes[index + 1] == quote {
              index += 2
              continue
            }
            break
          }
          if bytes[index] == 0x0A { line += 1 }
          index += 1
        }
        fields.append(Field(range: start..<index, quoted: true))
        offset = index + 1
      } else {
        let start = offset
        var index = start
        while index < bytes.count {
          let byte = bytes[index]
          if byte == comma || byte == 0x0A || byte == 0x0D { break }
          if byte == quote { throw SyntaxError(line: line, detail: "a quote inside an unquoted field") }
          index += 1
        }
        fields.append(Field(range: start..<index, quoted: false))
        offset = index
      }
      guard offset < bytes.count else { return true }
      switch bytes[offset] {
      case comma:
        offset += 1
      case 0x0D:
        guard offset + 1 < bytes.count, bytes[offset + 1] == 0x0A else {
          throw SyntaxError(line: line, detail: "a carriage return without a line feed")
        }
        offset += 2
        line += 1
        return true
      case 0x0A:
        offset += 1
        line += 1
        return true
      default:
        throw SyntaxError(line: line, detail: "text after a closing quote")
      }
    }
  }

  /// The text of `field`, with doubled quotes undone; nil when it is not valid UTF-8.
  package func text(_ field: Field) -> String? {
    let slice = UnsafeBufferPointer(rebasing: bytes[field.range])
    guard let text = String(validating: slice, as: UTF8.self) else { return nil }
    return field.quoted ? text.replacingOccurrences(of: "\"\"", with: "\"") : text
  }

  /// Whether `field` holds exactly `expected`.
  package func equals(_ field: Field, _ expected: [UInt8]) -> Bool {
    !field.quoted && field.range.count == expected.count
      && expected.withUnsafeBufferPointer {
        memcmp($0.baseAddress!, bytes.baseAddress! + field.range.lowerBound, expected.count) == 0
      }
  }

  /// A hash of the field's bytes (FNV-1a), for looking names up without making strings.
  package func hash(_ field: Field) -> UInt64 {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for index in field.range {
      hash = (hash ^ UInt64(bytes[index])) &* 0x0100_0000_01B3
    }
    return hash
  }

  /// A plain decimal number (`-12`, `3302`, `167700503.39`) parsed exactly as `Double(text)`
  /// would, with the count of its decimals; nil for anything else (NaN, exponents, spaces).
  package func decimal(_ field: Field) -> (value: Double, decimals: Int)? {
    var index = field.range.lowerBound
    let end = field.range.upperBound
    guard index < end, !field.quoted else { return nil }
    var negative = false
    if bytes[index] == UInt8(ascii: "-") {
      negative = true
      index += 1
    }
    var mantissa: UInt64 = 0
    var digits = 0
    var decimals = -1
    while index < end {
      let byte = bytes[index]
      if byte == UInt8(ascii: ".") {
        guard decimals < 0 else { return nil }
        decimals = 0
      } else if byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") {
        guard digits < 17 else { return fallback(field) }
        mantissa = mantissa &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
        digits += 1
        if decimals >= 0 { decimals += 1 }
      } else {
        return nil
      }
      index += 1
    }
    guard digits > 0, decimals != 0 else { return nil }
    let places = max(decimals, 0)
    guard mantissa < 1 << 53 else { return fallback(field) }
    // Both operands are exact, and IEEE division rounds correctly: the same as Double(text).
    var value = Double(mantissa)
    if places > 0 { value /= Self.powersOfTen[places] }
    return (negative ? -value : value, places)
  }

  /// The digits of a plain decimal that carry its value: all of them but leading zeros
  /// (`0.0012` has 2, `100.50` has 5).
  package func significantDigits(_ field: Field) -> Int {
    var count = 0
    for index in field.range {
      let byte = bytes[index]
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { continue }
      if count > 0 || byte != UInt8(ascii: "0") { count += 1 }
    }
    return count
  }

  private func fallback(_ field: Field) -> (value: Double, decimals: Int)? {
    guard let text = text(field), let value = Double(text), value.isFinite else { return nil }
    let decimals = text.firstIndex(of: ".").map { text.distance(from: $0, to: text.endIndex) - 1 } ?? 0
    return (value, decimals)
  }

  private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
