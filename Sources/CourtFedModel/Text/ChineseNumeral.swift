/// Chinese numerals from 0 to 99 in their common (一二三) and formal (壹贰叁) forms, with 两.
package enum ChineseNumeral {
  private static let digits: [Character: Int] = [
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
  ]
  private static let tens: Set<Character> = ["十", "拾"]

  /// Whether `character` can be part of a Chinese numeral.
  package static func isNumeralCharacter(_ character: Character) -> Bool {
    digits[character] != nil || tens.contains(character)
  }

  /// The value of `text` (三 → 3, 十二 → 12, 二十 → 20, 九十九 → 99), or nil.
  package static func value(of text: String) -> Int? {
    let characters = Array(text)
    switch characters.count {
    case 1:
      if tens.contains(characters[0]) { return 10 }
      return digits[characters[0]]
    case 2:
      if tens.contains(characters[0]), let unit = digits[characters[1]], unit > 0 {
        return 10 + unit
      }
      if let ten = digits[characters[0]], ten > 1, tens.contains(characters[1]) { return ten * 10 }
      return nil
    case 3:
      guard let ten = digits[characters[0]], ten > 1, tens.contains(characters[1]),
        let unit = digits[characters[2]], unit > 0
      else { return nil }
      return ten * 10 + unit
    default:
      return nil
    }
  }
}
