import Foundation

/// What is wrong with a name: a court's names and region, a branch's or group's names and
/// ids, a person's name. Names reach every table, terminal and meeting pack, so a name that
/// could clear a screen, reverse a row or pass for another is refused where it enters.
public enum NameProblem: Sendable, Equatable {
  /// The name is empty (or only spaces).
  case empty
  /// Longer than the limit, in Unicode scalars.
  case tooLong(limit: Int)
  /// A control character (ESC, BEL, NUL, DEL, C1 controls), by its code point.
  case controlCharacter(UInt32)
  /// A line break (LF, CR, NEL, U+2028, U+2029), which would split a table row.
  case lineBreak(UInt32)
  /// A bidirectional override or isolate (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
  /// U+061C), which reverses the text around it.
  case bidiControl(UInt32)
  /// An invisible formatting character (a zero-width space or joiner, a byte-order mark,
  /// a soft hyphen), which makes two names look the same.
  case invisibleCharacter(UInt32)
  /// Spaces at the start or the end.
  case surroundingSpace
  /// Not in Unicode's composed normal form (NFC): the same text can be spelt with other code
  /// points, which would make two names compare different that look the same.
  case notNormalized

  /// A sentence for the clerk, naming the character by its code point (never printing it).
  package var message: LocalizedText {
    switch self {
    case .empty:
      LocalizedText(en: "is empty", zh: "为空")
    case .tooLong(let limit):
      LocalizedText(en: "is longer than \(limit) characters", zh: "超过\(limit)个字符")
    case .controlCharacter(let value):
      LocalizedText(
        en: "has the control character \(Self.codePoint(value))", zh: "含有控制字符 \(Self.codePoint(value))")
    case .lineBreak(let value):
      LocalizedText(en: "has a line break (\(Self.codePoint(value)))", zh: "含有换行符(\(Self.codePoint(value)))")
    case .bidiControl(let value):
      LocalizedText(
        en: "has the text-direction control \(Self.codePoint(value)), which reverses the text around it",
        zh: "含有文字方向控制符 \(Self.codePoint(value)),会颠倒其前后文字的显示顺序")
    case .invisibleCharacter(let value):
      LocalizedText(
        en: "has the invisible character \(Self.codePoint(value))", zh: "含有不可见字符 \(Self.codePoint(value))")
    case .surroundingSpace:
      LocalizedText(en: "starts or ends with a space", zh: "首尾有空格")
    case .notNormalized:
      LocalizedText(
        en: "is not in Unicode's composed form (NFC); retype it", zh: "不是 Unicode 标准组合形式(NFC),请重新输入")
    }
  }

  /// `U+001B`.
  static func codePoint(_ value: UInt32) -> String {
    let hex = String(value, radix: 16, uppercase: true)
    return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
  }
}

/// The rules every name in a bundle follows (Specs/bundle-format.md, "Names").
package enum NameRules {
  /// A court's full or English name, its region, a branch's, group's or person's name.
  package static let nameLimit = 100
  /// A court's short name, shown in every table's court column.
  package static let shortNameLimit = 32
  /// An id: a branch's or a group's.
  package static let idLimit = 64

  /// Why `name` is not an acceptable name of at most `limit` scalars, or nil when it is.
  package static func problem(in name: String, limit: Int = nameLimit) -> NameProblem? {
    // Plain printable ASCII, the common case for ids, needs no Unicode tables.
    if name.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
      guard let first = name.utf8.first, let last = name.utf8.last else { return .empty }
      if first == 0x20 || last == 0x20 { return name.utf8.allSatisfy { $0 == 0x20 } ? .empty : .surroundingSpace }
      return name.utf8.count > limit ? .tooLong(limit: limit) : nil
    }
    var count = 0
    for scalar in name.unicodeScalars {
      count += 1
      if let problem = problem(with: scalar) { return problem }
    }
    if name.allSatisfy(\.isWhitespace) { return .empty }
    if name.first!.isWhitespace || name.last!.isWhitespace { return .surroundingSpace }
    if count > limit { return .tooLong(limit: limit) }
    if !name.unicodeScalars.allSatisfy(isComposedStarter)
      && !name.unicodeScalars.elementsEqual(name.precomposedStringWithCanonicalMapping.unicodeScalars)
    {
      return .notNormalized
    }
    return nil
  }

  /// Whether `scalar` is in a block whose every character is unchanged by canonical
  /// decomposition and combines with no neighbour (NFC_Quick_Check = Yes, combining class 0,
  /// no canonical composition with a following character): a name of only these is in NFC
  /// without asking Foundation, which a bundle of 30,000 party names would do 30,000 times.
  /// Printable ASCII, CJK symbols and punctuation (but 〪-〯, which are combining), CJK
  /// ideographs (the unified block and extension A; the compatibility ideographs decompose)
  /// and the fullwidth ASCII forms.
  package static func isComposedStarter(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x20...0x7E, 0x3000...0x3029, 0x3030...0x303F, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xFF01...0xFF5E: true
    default: false
    }
  }

  /// What is wrong with one character of a name, if anything.
  static func problem(with scalar: Unicode.Scalar) -> NameProblem? {
    let value = scalar.value
    switch value {
    case 0x0A, 0x0D, 0x85, 0x2028, 0x2029: return .lineBreak(value)
    case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return .bidiControl(value)
    default: break
    }
    switch scalar.properties.generalCategory {
    case .control: return .controlCharacter(value)
    case .format, .lineSeparator, .paragraphSeparator: return .invisibleCharacter(value)
    default: return nil
    }
  }
}
