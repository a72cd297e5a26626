import Foundation

/// One field of a CSV record, with where it starts in the file.
package struct CSVField: Sendable, Equatable {
  package var text: String
  /// 1-based physical line.
  package var line: Int
  /// 1-based column, counted in characters.
  package var column: Int

  package init(text: String, line: Int, column: Int) {
    self.text = text
    self.line = line
    self.column = column
  }
}

/// One CSV record (a row, which may span several physical lines when a field is quoted).
package struct CSVRecord: Sendable, Equatable {
  package var fields: [CSVField]
  /// The physical line the record starts on.
  package var line: Int
  /// The dates workbook cells show, by field index, for cells formatted as dates (their text
  /// is the cell's number); empty for text files.
  package var displayedDates: [Int: String] = [:]

  package init(fields: [CSVField], line: Int) {
    self.fields = fields
    self.line = line
  }
}

/// A CSV syntax error, with where it happened.
package struct CSVSyntaxError: Error, Sendable, Equatable {
  /// What is wrong.
  package enum Kind: Sendable, Equatable {
    /// A quoted field is never closed (by the end of the file, or within the field length limit).
    case unterminatedQuote
    /// A double quote in the middle of a field that does not start with one.
    case quoteInUnquotedField
    /// Characters between a closing quote and the next delimiter or line end.
    case textAfterClosingQuote
    /// A row with more fields than any table has columns (a row of commas, a runaway header).
    case tooManyFields(limit: Int)
    /// A field longer than any value or name can be.
    case fieldTooLong(limit: Int)
  }
  package var line: Int
  package var column: Int
  package var kind: Kind

  package init(line: Int, column: Int, kind: Kind) {
    self.line = line
    self.column = column
    self.kind = kind
  }
}

/// Bounds on what one CSV file may hold, so that a hostile or broken file costs time and
/// memory in proportion to its size and never more.
package struct CSVLimits: Sendable, Equatable {
  /// Fields in one record. The widest table has 10 columns; spreadsheets leave a few empty
  /// ones after them.
  package var fields = 256
  /// Characters in one field.
  package var fieldLength = 10_000
  /// Syntax errors kept (the rest are counted).
  package var keptErrors = 1_000

  package init() {}
}

/// The records of a CSV text and the syntax errors found on the way. A record with an error
/// is left out and reading goes on at the next line, so one bad row is one error.
package struct CSVParse: Sendable, Equatable {
  package var records: [CSVRecord] = []
  /// The first `CSVLimits.keptErrors` errors, in file order.
  package var errors: [CSVSyntaxError] = []
  /// Every error, kept or not.
  package var errorCount = 0
  /// The field delimiter found in the first line.
  package var delimiter: Character = ","
}

/// An RFC 4180 reader that keeps the line and column of every field.
///
/// Fields are separated by commas, or by tabs when the first line has more tabs than commas
/// (Excel's "Unicode text"); records by LF or CRLF; a field in double quotes may contain
/// delimiters, line breaks and doubled quotes. Blank lines, and lines of delimiters only
/// (Excel leaves them after deleted rows), are skipped. The CSV libraries on this machine
/// (SwiftCSV, CSV.swift) report no positions, which every validation message needs.
package enum CSVReader {
  /// Splits `text` into records, stopping at the first syntax error.
  ///
  /// - Throws: `CSVSyntaxError`, the first one in the text.
  package static func records(in text: String) throws -> [CSVRecord] {
    let parse = self.parse(text)
    if let error = parse.errors.first { throw error }
    return parse.records
  }

  /// Splits `text` into records within `limits`, collecting every syntax error and reading on
  /// after each: a record with an error is dropped and reading resumes at the next line (for
  /// an unclosed quote, the line after the quote's own).
  package static func parse(_ text: String, limits: CSVLimits = CSVLimits()) -> CSVParse {
    var text = text
    return text.withUTF8 { parse($0, limits: limits) }
  }

  private static func parse(_ utf8: UnsafeBufferPointer<UInt8>, limits: CSVLimits) -> CSVParse {
    var result = CSVParse()
    let quote = UInt8(ascii: "\"")
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")
    let delimiter = detectDelimiter(utf8)
    result.delimiter = Character(Unicode.Scalar(delimiter))

    var records: [CSVRecord] = []
    var fields: [CSVField] = []
    var quoted: [UInt8] = []
    var index = 0
    var line = 1
    var column = 1
    var recordLine = 1
    // A record of empty fields with quotes (`""`) is a real row, not a blank line.
    var recordHadQuotes = false

    func fail(_ kind: CSVSyntaxError.Kind, line: Int, column: Int) {
      result.errorCount += 1
      if result.errors.count < limits.keptErrors {
        result.errors.append(CSVSyntaxError(line: line, column: column, kind: kind))
      }
    }
    /// Drops the record and moves past the end of the current physical line.
    func skipLine() {
      while index < utf8.count, utf8[index] != newline { index += 1 }
      index += 1
      line += 1
      column = 1
      recordLine = line
      recordHadQuotes = false
      fields.removeAll(keepingCapacity: true)
    }

    recordLoop: while index < utf8.count {
      // One field per pass.
      let fieldLine = line
      let fieldColumn = column
      var text: String
      var wasQuoted = false
      if utf8[index] == quote {
        wasQuoted = true
        let quoteLine = line
        let quoteColumn = column
        var lineEndAfterQuote: Int? = nil
        index += 1
        column += 1
        quoted.removeAll(keepingCapacity: true)
        var characters = 0
        var closed = false
        while index < utf8.count {
          let byte = utf8[index]
          if byte == quote {
            if index + 1 < utf8.count, utf8[index + 1] == quote {
              quoted.append(quote)
              index += 2
              column += 2
              characters += 1
              continue
            }
            index += 1
            column += 1
            closed = true
            break
          }
          if byte == newline {
            if lineEndAfterQuote == nil { lineEndAfterQuote = index }
            line += 1
            column = 0
          }
          if byte & 0xC0 != 0x80 {
            column += 1
            characters += 1
            if characters > limits.fieldLength { break }
          }
          quoted.append(byte)
          index += 1
        }
        guard closed else {
          // Never closed (or runaway): one error at the quote; read on from the line after it.
          fail(
            characters > limits.fieldLength ? .fieldTooLong(limit: limits.fieldLength) : .unterminatedQuote,
            line: quoteLine, column: quoteColumn)
          if characters > limits.fieldLength, lineEndAfterQuote == nil {
            line = quoteLine
            skipLine()
            continue recordLoop
          }
          index = (lineEndAfterQuote ?? utf8.count) + 1
          line = quoteLine + 1
          column = 1
          recordLine = line
          recordHadQuotes = false
          fields.removeAll(keepingCapacity: true)
          continue recordLoop
        }
        text = String(decoding: quoted, as: UTF8.self)
        // After the closing quote: a delimiter, a line end or the end of the text.
        if index < utf8.count {
          let next = utf8[index]
          let endsLine =
            next == newline || (next == carriageReturn && index + 1 < utf8.count && utf8[index + 1] == newline)
          if next != delimiter && !endsLine {
            fail(.textAfterClosingQuote, line: line, column: column)
            skipLine()
            continue recordLoop
          }
        }
      } else {
        let start = index
        var characters = 0
        while index < utf8.count {
          let byte = utf8[index]
          if byte == delimiter || byte == newline { break }
          if byte == carriageReturn, index + 1 < utf8.count, utf8[index + 1] == newline { break }
          if byte == quote {
            fail(.quoteInUnquotedField, line: line, column: column)
            skipLine()
            continue recordLoop
          }
          if byte & 0xC0 != 0x80 {
            column += 1
            characters += 1
            if characters > limits.fieldLength {
              fail(.fieldTooLong(limit: limits.fieldLength), line: fieldLine, column: fieldColumn)
              skipLine()
              continue recordLoop
            }
          }
          index += 1
        }
        text = String(decoding: UnsafeBufferPointer(rebasing: utf8[start..<index]), as: UTF8.self)
      }

      if fields.count == limits.fields {
        fail(.tooManyFields(limit: limits.fields), line: recordLine, column: 1)
        skipLine()
        continue recordLoop
      }
      fields.append(CSVField(text: text, line: fieldLine, column: fieldColumn))
      recordHadQuotes = recordHadQuotes || wasQuoted

      // The end of the field: a delimiter, a line end, or the end of the text.
      if index < utf8.count, utf8[index] == delimiter {
        index += 1
        column += 1
        // A delimiter at the very end of the text ends the record with an empty field.
        if index == utf8.count { fields.append(CSVField(text: "", line: line, column: column)) }
        continue recordLoop
      }
      if index < utf8.count, utf8[index] == carriageReturn { index += 1 }
      if index < utf8.count { index += 1 }  // the newline
      let blank = !recordHadQuotes && fields.allSatisfy { $0.text.isEmpty }
      if !blank { records.append(CSVRecord(fields: fields, line: recordLine)) }
      fields.removeAll(keepingCapacity: true)
      recordHadQuotes = false
      line += 1
      column = 1
      recordLine = line
    }
    if !fields.isEmpty, recordHadQuotes || !fields.allSatisfy({ $0.text.isEmpty }) {
      records.append(CSVRecord(fields: fields, line: recordLine))
    }
    result.records = records
    return result
  }

  /// A tab when the first line has more tabs than commas outside quotes; otherwise a comma.
  static func detectDelimiter(_ utf8: UnsafeBufferPointer<UInt8>) -> UInt8 {
    var commas = 0
    var tabs = 0
    var inQuotes = false
    for byte in utf8 {
      if byte == UInt8(ascii: "\"") { inQuotes.toggle() }
      if inQuotes { continue }
      if byte == UInt8(ascii: "\n") { break }
      if byte == UInt8(ascii: ",") { commas += 1 }
      if byte == UInt8(ascii: "\t") { tabs += 1 }
    }
    return tabs > commas ? UInt8(ascii: "\t") : UInt8(ascii: ",")
  }
}
