import Foundation

extension Period {
  /// Parses every period form in use in court reports.
  ///
  /// Accepted: `2024`, `2024H1`, `2024Q3`, `2024-06`, `2024-6`, `2024/06`, `2024M06`, and the
  /// Chinese `2024年`, `2024年上半年`, `2024年下半年`, `2024年第三季度`, `2024年三季度`,
  /// `2024年第3季度`, `2024年Q3`, `2024年6月`, `2024年06月`. Full-width digits and letters are
  /// folded first; case does not matter.
  ///
  /// - Throws: `ModelError.invalidPeriod` with the text and what was expected.
  package init(parsing text: String) throws {
    // Canonical ASCII forms (2024, 2024Q3, 2024-06) need no Unicode folding.
    if text.utf8.allSatisfy({ $0 > 32 && $0 < 127 && ($0 < 97 || $0 > 122) }), let period = Self.parse(text) {
      self = period
      return
    }
    let folded = text.precomposedStringWithCompatibilityMapping
      .trimmingCharacters(in: .whitespaces).uppercased()
    guard let period = Self.parse(folded) else {
      throw ModelError.invalidPeriod(text)
    }
    self = period
  }

  /// Parses the canonical form only (`2024`, `2024H1`, `2024Q3`, `2024-06`), byte by byte:
  /// the form bundles and the store hold, where any other spelling is an error. Nil for
  /// anything else, so `Period(canonical: p.description) == p` and nothing else parses.
  package init?(canonical text: String) {
    let bytes = text.utf8
    guard bytes.count == 4 || bytes.count == 6 || bytes.count == 7 else { return nil }
    // The digits before and after the marker at position 4 (H, Q or -), as numbers.
    var year = 0
    var number = 0
    var marker: UInt8 = 0
    for (position, byte) in bytes.enumerated() {
      switch (position, byte) {
      case (4, UInt8(ascii: "H")), (4, UInt8(ascii: "Q")), (4, UInt8(ascii: "-")): marker = byte
      case (0..<4, UInt8(ascii: "0")...UInt8(ascii: "9")): year = year * 10 + Int(byte - UInt8(ascii: "0"))
      case (5..., UInt8(ascii: "0")...UInt8(ascii: "9")): number = number * 10 + Int(byte - UInt8(ascii: "0"))
      default: return nil
      }
    }
    switch (marker, bytes.count) {
    case (0, 4): self.init(year: year, kind: .year)
    case (UInt8(ascii: "H"), 6): self.init(year: year, kind: .half, index: number)
    case (UInt8(ascii: "Q"), 6): self.init(year: year, kind: .quarter, index: number)
    case (UInt8(ascii: "-"), 7): self.init(year: year, kind: .month, index: number)
    default: return nil
    }
  }

  private static func parse(_ text: String) -> Period? {
    var scanner = Substring(text)
    guard let year = takeDigits(&scanner, exactly: 4) else { return nil }
    if scanner.first == "年" { scanner.removeFirst() }
    if scanner.isEmpty { return Period(year: year, kind: .year) }

    switch scanner {
    case "H1", "上半年": return Period(year: year, kind: .half, index: 1)
    case "H2", "下半年": return Period(year: year, kind: .half, index: 2)
    default: break
    }
    if let separator = scanner.first, separator == "-" || separator == "/" || separator == "M" {
      scanner.removeFirst()
      guard let month = takeDigits(&scanner, upTo: 2), scanner.isEmpty else { return nil }
      return Period(year: year, kind: .month, index: month)
    }
    if scanner.first == "Q" {
      scanner.removeFirst()
      guard let quarter = takeDigits(&scanner, exactly: 1), scanner.isEmpty else { return nil }
      return Period(year: year, kind: .quarter, index: quarter)
    }
    if scanner.hasSuffix("季度") {
      var number = scanner.dropLast(2)
      if number.first == "第" { number.removeFirst() }
      guard let quarter = chineseOrArabicNumber(number) else { return nil }
      return Period(year: year, kind: .quarter, index: quarter)
    }
    if scanner.hasSuffix("月") {
      guard let month = chineseOrArabicNumber(scanner.dropLast()) else { return nil }
      return Period(year: year, kind: .month, index: month)
    }
    return nil
  }

  private static func takeDigits(_ text: inout Substring, exactly count: Int) -> Int? {
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    guard digits.count == count else { return nil }
    text.removeFirst(count)
    return Int(digits)
  }

  private static func takeDigits(_ text: inout Substring, upTo count: Int) -> Int? {
    let digits = text.prefix { $0.isASCII && $0.isNumber }
    guard (1...count).contains(digits.count) else { return nil }
    text.removeFirst(digits.count)
    return Int(digits)
  }

  /// 1-12 written as digits or as Chinese numerals (一 … 十二).
  private static func chineseOrArabicNumber(_ text: Substring) -> Int? {
    if let value = Int(text) { return value }
    return ChineseNumeral.value(of: String(text))
  }
}

extension Period: Codable {
  /// Reads a period from a string in any form `init(parsing:)` accepts (`encode(to:)` writes
  /// the canonical `"2024Q3"`); throws `ModelError.invalidPeriod` when the string is not a
  /// period, or the decoder's error when the value is not a string.
  public init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    try self.init(parsing: text)
  }

  /// Writes the period as its canonical string (`"2024Q3"`), the form `init(from:)` reads.
  public func encode(to encoder: any Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }
}
