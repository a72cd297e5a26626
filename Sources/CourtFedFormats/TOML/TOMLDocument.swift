import CourtFedModel
import Foundation

/// A value in a TOML document.
package enum TOMLValue: Sendable, Equatable {
  case string(String)
  case integer(Int)
  case boolean(Bool)
  /// A number with a fraction or an exponent: `95.5`, `1e3`.
  case float(Double)

  /// The value as text, however it was written.
  package var text: String {
    switch self {
    case .string(let text): text
    case .integer(let value): String(value)
    case .boolean(let value): String(value)
    case .float(let value): String(value)
    }
  }

  /// The value as a number, whole or not; nil for text and booleans.
  package var number: Double? {
    switch self {
    case .integer(let value): Double(value)
    case .float(let value): value
    default: nil
    }
  }
}

/// One `key = value` line, with where it stands.
package struct TOMLEntry: Sendable, Equatable {
  package var value: TOMLValue
  package var line: Int
  /// The column of the value.
  package var column: Int
  /// The column of the key.
  package var keyColumn: Int = 1
}

/// A table of entries: `[name]` or one element of `[[name]]`.
package struct TOMLTable: Sendable, Equatable {
  package var name: String
  package var line: Int
  package var entries: [String: TOMLEntry] = [:]
  /// Keys in the order written.
  package var keys: [String] = []

  package subscript(key: String) -> TOMLEntry? { entries[key] }

  package init(name: String, line: Int) {
    self.name = name
    self.line = line
  }
}

/// A TOML syntax error, with where it happened.
package struct TOMLSyntaxError: ExplainedError, Sendable, Equatable {
  package var line: Int
  package var column: Int
  /// What is wrong, in both languages.
  package var text: LocalizedText

  package init(line: Int, column: Int, message: LocalizedText) {
    self.line = line
    self.column = column
    self.text = message
  }
}

/// The subset of TOML that CourtFed's own files use: comments, `[table]` and `[[array]]`
/// headers, and `key = value` lines whose value is a basic or literal string, an integer, a
/// decimal number (`95.5`) or a boolean. Anything else is a clear error, never a guess.
///
/// The TOML package on this machine (TOMLKit) depends on a package the machine lacks, and the
/// files are small and written by CourtFed's own templates, so a reader of the subset is
/// simpler than a dependency.
package struct TOMLDocument: Sendable {
  /// Tables in the order they appear; entries before any header go in a table named "".
  package private(set) var tables: [TOMLTable] = []

  /// The first table named `name`.
  package func table(_ name: String) -> TOMLTable? {
    tables.first { $0.name == name }
  }

  /// Every table named `name` (the elements of `[[name]]`).
  package func tables(named name: String) -> [TOMLTable] {
    tables.filter { $0.name == name }
  }

  /// Parses `text`.
  ///
  /// - Throws: the first line that is not in the subset that is not in the subset.
  package init(parsing text: String) throws(TOMLSyntaxError) {
    var current = TOMLTable(name: "", line: 1)
    var singleTables = Set<String>()
    for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false)
      .enumerated()
    {
      let line = offset + 1
      var scanner = Scanner(rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine, line: line)
      scanner.skipSpaces()
      if scanner.atEndOrComment { continue }
      if scanner.peek == "[" {
        let isArray = scanner.text.dropFirst(scanner.offset).starts(with: ["[", "["])
        scanner.advance(isArray ? 2 : 1)
        scanner.skipSpaces()
        let name = try scanner.bareKey()
        scanner.skipSpaces()
        try scanner.expect(isArray ? "]]" : "]")
        scanner.skipSpaces()
        guard scanner.atEndOrComment else { throw scanner.error("unexpected text after the table header", "表头后有多余内容") }
        if !current.keys.isEmpty || !current.name.isEmpty { tables.append(current) }
        if !isArray {
          guard singleTables.insert(name).inserted else {
            throw TOMLSyntaxError(
              line: line, column: 1,
              message: LocalizedText(en: "the table [\(name)] is defined twice", zh: "表 [\(name)] 重复定义"))
          }
        }
        current = TOMLTable(name: name, line: line)
        continue
      }
      let keyColumn = scanner.column
      let key = try scanner.bareKey()
      scanner.skipSpaces()
      try scanner.expect("=")
      scanner.skipSpaces()
      let valueColumn = scanner.column
      let value = try scanner.value()
      scanner.skipSpaces()
      guard scanner.atEndOrComment else {
        throw scanner.error("unexpected text after the value", "值后有多余内容;一行只写一个 键 = 值")
      }
      guard current.entries[key] == nil else {
        throw TOMLSyntaxError(
          line: line, column: keyColumn, message: LocalizedText(en: "the key \(key) is set twice", zh: "键 \(key) 重复设置"))
      }
      current.entries[key] = TOMLEntry(value: value, line: line, column: valueColumn, keyColumn: keyColumn)
      current.keys.append(key)
    }
    if !current.keys.isEmpty || !current.name.isEmpty { tables.append(current) }
  }
}

private struct Scanner {
  let text: [Character]
  let line: Int
  var offset = 0

  init(_ text: Substring, line: Int) {
    self.text = Array(text)
    self.line = line
  }

  var column: Int { offset + 1 }
  var peek: Character? { offset < text.count ? text[offset] : nil }
  var atEndOrComment: Bool { peek == nil || peek == "#" }

  mutating func advance(_ count: Int = 1) { offset += count }

  mutating func skipSpaces() {
    while let character = peek, character == " " || character == "\t" { offset += 1 }
  }

  func error(_ en: String, _ zh: String) -> TOMLSyntaxError {
    TOMLSyntaxError(line: line, column: column, message: LocalizedText(en: en, zh: zh))
  }

  mutating func expect(_ literal: String) throws(TOMLSyntaxError) {
    for character in literal {
      guard peek == character else { throw error("expected '\(literal)'", "此处应为“\(literal)”") }
      offset += 1
    }
  }

  mutating func bareKey() throws(TOMLSyntaxError) -> String {
    var key = ""
    while let character = peek,
      character.isASCII && (character.isLetter || character.isNumber) || character == "_"
        || character == "-"
    {
      key.append(character)
      offset += 1
    }
    guard !key.isEmpty else { throw error("expected a key of letters, digits, '_' or '-'", "此处应为由字母、数字、“_”或“-”组成的键名") }
    return key
  }

  mutating func value() throws(TOMLSyntaxError) -> TOMLValue {
    switch peek {
    case "\"": return .string(try basicString())
    case "'": return .string(try literalString())
    case "t", "f":
      let word = String(text[offset...].prefix { $0.isLetter })
      guard word == "true" || word == "false" else { break }
      offset += word.count
      return .boolean(word == "true")
    case let character? where character.isNumber || character == "-" || character == "+":
      let digits = String(
        text[offset...].prefix { $0.isASCII && ($0.isNumber || "-+_.eE".contains($0)) })
      let plain = digits.replacingOccurrences(of: "_", with: "")
      if let value = Int(plain) {
        offset += digits.count
        return .integer(value)
      }
      // A decimal: digits on both sides of the point, as TOML requires (`95.`, `.5` are not).
      let parts = plain.split(separator: ".", omittingEmptySubsequences: false)
      let wellFormed =
        parts.count <= 2 && parts.allSatisfy { part in part.contains { $0.isNumber } }
        && !(parts.count == 2 && (parts[0].last?.isNumber != true || parts[1].first?.isNumber != true))
      guard wellFormed, let value = Double(plain), value.isFinite else {
        throw error("'\(digits)' is not a number", "“\(digits)”不是数字")
      }
      offset += digits.count
      return .float(value)
    default: break
    }
    throw error("expected a value: a \"string\", a number, true or false", "此处应为值:带引号的\"文本\"、数字、true 或 false")
  }

  mutating func literalString() throws(TOMLSyntaxError) -> String {
    let start = column
    offset += 1
    var result = ""
    while let character = peek, character != "'" {
      result.append(character)
      offset += 1
    }
    guard peek == "'" else {
      throw TOMLSyntaxError(
        line: line, column: start, message: LocalizedText(en: "the string is never closed", zh: "文本缺少结尾的引号"))
    }
    offset += 1
    return result
  }

  mutating func basicString() throws(TOMLSyntaxError) -> String {
    let start = column
    offset += 1
    var result = ""
    while let character = peek, character != "\"" {
      offset += 1
      guard character == "\\" else {
        result.append(character)
        continue
      }
      guard let escaped = peek else { break }
      offset += 1
      switch escaped {
      case "\"": result.append("\"")
      case "\\": result.append("\\")
      case "n": result.append("\n")
      case "t": result.append("\t")
      case "r": result.append("\r")
      case "u", "U":
        let length = escaped == "u" ? 4 : 8
        let hex = String(text[offset...].prefix(length))
        guard hex.count == length, let value = UInt32(hex, radix: 16),
          let scalar = Unicode.Scalar(value)
        else { throw error("a \\\(escaped) escape needs \(length) hex digits", "转义 \\\(escaped) 需要\(length)位十六进制数字") }
        result.unicodeScalars.append(scalar)
        offset += length
      default:
        throw TOMLSyntaxError(
          line: line, column: column - 1,
          message: LocalizedText(en: "unknown escape \\\(escaped)", zh: "未知的转义 \\\(escaped)"))
      }
    }
    guard peek == "\"" else {
      throw TOMLSyntaxError(
        line: line, column: start, message: LocalizedText(en: "the string is never closed", zh: "文本缺少结尾的引号"))
    }
    offset += 1
    return result
  }
}

extension TOMLDocument {
  /// `text` as a TOML basic string, quoted and escaped.
  package static func quoted(_ text: String) -> String {
    var result = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\t": result += "\\t"
      case "\r": result += "\\r"
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
