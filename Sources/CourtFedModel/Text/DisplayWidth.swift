/// Terminal column widths: a CJK character takes two columns, a combining mark none.
package enum DisplayWidth {
  /// The number of terminal columns `text` occupies.
  package static func of(_ text: some StringProtocol) -> Int {
    text.unicodeScalars.reduce(0) { $0 + of($1) }
  }

  /// The number of terminal columns one scalar occupies: 0, 1 or 2.
  package static func of(_ scalar: Unicode.Scalar) -> Int {
    let value = scalar.value
    if value == 0 || (0x300...0x36F).contains(value) || (0x200B...0x200F).contains(value)
      || value == 0xFE0F
    {
      return 0
    }
    return isWide(value) ? 2 : 1
  }

  /// East Asian Wide and Fullwidth ranges (Unicode TR 11), the ones court text meets.
  private static func isWide(_ value: UInt32) -> Bool {
    switch value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
      return true
    default:
      return false
    }
  }

  /// `text` padded with spaces to `width` columns, on the right (`alignRight` false) or left.
  package static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
    let padding = String(repeating: " ", count: max(0, width - of(text)))
    return alignRight ? padding + text : text + padding
  }

  /// `text` cut to at most `width` columns, ending in `…` when cut.
  package static func truncated(_ text: String, to width: Int) -> String {
    guard of(text) > width, width > 1 else { return text }
    var result = ""
    var used = 0
    for character in text {
      let characterWidth = of(String(character))
      if used + characterWidth > width - 1 { break }
      result.append(character)
      used += characterWidth
    }
    return result + "…"
  }
}
