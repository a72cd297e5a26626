import Foundation

/// One field of a CSV record, with where it starts in the file.
public struct CSVField: Sendable, Equatable {
  public var text: String
  /// 1-based physical line.
  public var line: Int
  /// 1-based column, counted in characters.
  public var column: Int
}

/// One CSV record (a row, which may span several physical lines when a field is quoted).
public struct CSVRecord: Sendable, Equatable {
  public var fields: [CSVField]
  /// The physical line the record starts on.
  public var line: Int
}

/// A CSV syntax error, with where it happened.
public struct CSVSyntaxError: Error, Sendable, Equatable {
  /// What is wrong.
  public enum Kind: Sendable, Equatable {
    /// A quoted field runs to the end of the file.
    case unterminatedQuote
    /// A double quote in the middle of a field that does not start with one.
    case quoteInUnquotedField
    /// Characters between a closing quote and the next comma or line end.
    case textAfterClosingQuote
  }
  public var line: Int
  public var column: Int
  public var kind: Kind

  public init(line: Int, column: Int, kind: Kind) {
    self.line = line
    self.column = column
    self.kind = kind
  }
}

/// An RFC 4180 reader that keeps the line and column of every field.
///
/// Fields are separated by commas, records by LF or CRLF; a field in double quotes may
/// contain commas, line breaks and doubled quotes. Blank lines, and lines of commas only
/// (Excel leaves them after deleted rows), are skipped. The CSV libraries on this machine
/// (SwiftCSV, CSV.swift) report no positions, which every validation message needs.
public enum CSVReader {
  /// Splits `text` into records.
  ///
  /// - Throws: `CSVSyntaxError` at an unterminated quoted field, a quote inside an unquoted
  ///   field, or text after a closing quote.
  public static func records(in text: String) throws -> [CSVRecord] {
    var records: [CSVRecord] = []
    var fields: [CSVField] = []
    var bytes: [UInt8] = []
    var line = 1
    var column = 1
    var fieldLine = 1
    var fieldColumn = 1
    var recordLine = 1
    var inQuotes = false
    var quoteLine = 1
    var quoteColumn = 1
    var afterClosingQuote = false
    var wasQuoted = false
    var recordHadQuotes = false

    let utf8 = Array(text.utf8)
    var index = 0

    func endField() {
      fields.append(
        CSVField(text: String(decoding: bytes, as: UTF8.self), line: fieldLine, column: fieldColumn))
      bytes.removeAll(keepingCapacity: true)
      afterClosingQuote = false
      wasQuoted = false
    }
    func endRecord() {
      endField()
      let blank = !recordHadQuotes && fields.allSatisfy { $0.text.isEmpty }
      if !blank { records.append(CSVRecord(fields: fields, line: recordLine)) }
      fields.removeAll(keepingCapacity: true)
      recordHadQuotes = false
    }

    while index < utf8.count {
      let byte = utf8[index]
      let isCharacterStart = byte & 0xC0 != 0x80
      if inQuotes {
        if byte == UInt8(ascii: "\"") {
          if index + 1 < utf8.count, utf8[index + 1] == UInt8(ascii: "\"") {
            bytes.append(byte)
            index += 2
            column += 2
            continue
          }
          inQuotes = false
          afterClosingQuote = true
        } else {
          bytes.append(byte)
          if byte == 0x0A {
            line += 1
            column = 0
          }
        }
        index += 1
        if isCharacterStart { column += 1 }
        continue
      }
      switch byte {
      case UInt8(ascii: ","):
        endField()
        index += 1
        column += 1
        fieldLine = line
        fieldColumn = column
      case 0x0D where index + 1 < utf8.count && utf8[index + 1] == 0x0A:
        index += 1
      case 0x0A:
        endRecord()
        index += 1
        line += 1
        column = 1
        fieldLine = line
        fieldColumn = 1
        recordLine = line
      case UInt8(ascii: "\""):
        guard bytes.isEmpty, !afterClosingQuote, !wasQuoted else {
          throw CSVSyntaxError(
            line: line, column: column, kind: .quoteInUnquotedField)
        }
        inQuotes = true
        wasQuoted = true
        recordHadQuotes = true
        quoteLine = line
        quoteColumn = column
        index += 1
        column += 1
      default:
        if afterClosingQuote {
          throw CSVSyntaxError(
            line: line, column: column, kind: .textAfterClosingQuote)
        }
        bytes.append(byte)
        index += 1
        if isCharacterStart { column += 1 }
      }
    }
    if inQuotes {
      throw CSVSyntaxError(
        line: quoteLine, column: quoteColumn, kind: .unterminatedQuote)
    }
    if !bytes.isEmpty || !fields.isEmpty || recordHadQuotes { endRecord() }
    return records
  }
}

/// Writes RFC 4180 CSV.
public enum CSVWriter {
  /// One record, with fields quoted when they contain a comma, a quote or a line break, and
  /// lines ending in CRLF as RFC 4180 says (Excel reads both).
  public static func line(_ fields: [String], lineEnding: String = "\r\n") -> String {
    fields.map(quoted).joined(separator: ",") + lineEnding
  }

  /// Appends one record's bytes to `output`, quoting as `line` does: the bundle writer's
  /// path, which writes millions of records without making strings.
  public static func append(_ fields: [String], to output: inout [UInt8]) {
    for (index, field) in fields.enumerated() {
      if index > 0 { output.append(UInt8(ascii: ",")) }
      if field.utf8.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
        output.append(34)
        for byte in field.utf8 {
          if byte == 34 { output.append(34) }
          output.append(byte)
        }
        output.append(34)
      } else {
        output.append(contentsOf: field.utf8)
      }
    }
    output.append(contentsOf: [13, 10])
  }

  /// A field quoted if it needs to be.
  public static func quoted(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
