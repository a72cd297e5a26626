/// Text from bundles and users made safe to print: control characters (ESC, BEL, CR, LF ...),
/// bidirectional overrides and isolates, and line separators are shown as escapes (`\x1b`,
/// `\u{202E}`) instead of acting on the terminal, the table row or the line.
package enum TerminalText {
  /// Whether a terminal, a table row or a line would act on `scalar` instead of showing it.
  package static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x00...0x1F, 0x7F...0x9F: true
    // Bidirectional marks, embeddings, overrides and isolates.
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
    // Line and paragraph separators.
    case 0x2028, 0x2029: true
    default: false
    }
  }

  /// `text` with every unsafe scalar written as an escape.
  package static func escaped(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isUnsafe) else { return text }
    var result = ""
    for scalar in text.unicodeScalars { result += escaped(scalar) }
    return result
  }

  /// One character, escaped when unsafe.
  package static func escaped(_ character: Character) -> String {
    character.unicodeScalars.map(escaped).joined()
  }

  private static func escaped(_ scalar: Unicode.Scalar) -> String {
    guard isUnsafe(scalar) else { return String(scalar) }
    let hex = String(scalar.value, radix: 16)
    return scalar.value <= 0xFF
      ? "\\x" + String(repeating: "0", count: 2 - hex.count) + hex : "\\u{" + hex.uppercased() + "}"
  }
}
