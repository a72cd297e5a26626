import Foundation

/// Writes RFC 4180 CSV.
package enum CSVWriter {
  /// One record, with fields quoted when they contain a comma, a quote or a line break, and
  /// lines ending in CRLF as RFC 4180 says (Excel reads both).
  package static func line(_ fields: [String], lineEnding: String = "\r\n") -> String {
    fields.map(quoted).joined(separator: ",") + lineEnding
  }

  /// Appends one record's bytes to `output`, quoting as `line` does: the bundle writer's
  /// path, which writes millions of records without making strings.
  package static func append(_ fields: [String], to output: inout [UInt8]) {
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
  package static func quoted(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else {
      return field
    }
    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }
}
