import CourtFedModel
import Foundation
import Testing

@Suite("Text helpers")
struct TextTests {
  @Test("display width counts CJK as two columns")
  func width() {
    #expect(DisplayWidth.of("abc") == 3)
    #expect(DisplayWidth.of("结案率") == 6)
    #expect(DisplayWidth.of("西城法院 88.13%") == 15)
    #expect(DisplayWidth.of("Ｑ３") == 4)
    #expect(DisplayWidth.pad("结案率", to: 8) == "结案率  ")
    #expect(DisplayWidth.pad("7", to: 3, alignRight: true) == "  7")
  }

  @Test("edit distance counts characters, not bytes")
  func distance() {
    #expect(EditDistance.between("结按率", "结案率") == 1)
    #expect(EditDistance.between("clearence rate", "clearance rate") == 1)
    #expect(EditDistance.between("", "abc") == 3)
    #expect(EditDistance.between("kitten", "sitting") == 3)
  }

  @Test("folding: width, case, spacing and underscores")
  func fold() {
    #expect(TextNormalization.fold("  Closure__Rate ") == "closure rate")
    #expect(TextNormalization.fold("ＣＬＯＳＵＲＥ　ＲＡＴＥ") == "closure rate")
    #expect(TextNormalization.fold("结案率") == "结案率")
  }

  @Test("court ids and short names")
  func courts() {
    #expect(Court.isValidID("bj-xicheng"))
    #expect(!Court.isValidID("BJ-Xicheng"))
    #expect(!Court.isValidID("-x"))
    #expect(!Court.isValidID("bj-"))
    #expect(!Court.isValidID("1bj"))
    #expect(!Court.isValidID("bj xicheng"))
    #expect(Court.shortName(from: "北京市西城区人民法院") == "西城法院")
    #expect(Court.shortName(from: "张掖市中级人民法院") == "张掖市中级法院")
    // Derived only from a name ending in 人民法院; any other name is kept as it is.
    #expect(Court.shortName(from: "测试法院") == "测试法院")
    #expect(Court.shortName(from: "Yanqing") == "Yanqing")
    #expect(Court.shortName(from: "北京市延庆区法院") == "北京市延庆区法院")
  }

  @Test("names: the sample names pass; every class of hostile character is named by its code point")
  func names() {
    for name in ["北京市西城区人民法院", "西城法院", "Xicheng District People's Court of Beijing", "审管办(研究室)党支部", "b01", "𠀀"] {
      #expect(NameRules.problem(in: name) == nil, "\(name)")
    }
    #expect(NameRules.problem(in: "a\u{1B}b") == .controlCharacter(0x1B))
    #expect(NameRules.problem(in: "a\u{0}b") == .controlCharacter(0))
    #expect(NameRules.problem(in: "a\tb") == .controlCharacter(0x09))
    #expect(NameRules.problem(in: "a\u{85}b") == .lineBreak(0x85))
    #expect(NameRules.problem(in: "a\u{2029}b") == .lineBreak(0x2029))
    #expect(NameRules.problem(in: "a\u{202A}b") == .bidiControl(0x202A))
    #expect(NameRules.problem(in: "a\u{2066}b") == .bidiControl(0x2066))
    #expect(NameRules.problem(in: "a\u{61C}b") == .bidiControl(0x61C))
    #expect(NameRules.problem(in: "a\u{AD}b") == .invisibleCharacter(0xAD))
    #expect(NameRules.problem(in: "a\u{E0041}b") == .invisibleCharacter(0xE0041))
    #expect(NameRules.problem(in: "\u{FF21}", limit: 1) == nil)
    #expect(NameRules.problem(in: "abc", limit: 2) == .tooLong(limit: 2))
    #expect(NameRules.problem(in: "法法法", limit: 2) == .tooLong(limit: 2))
    #expect(NameRules.problem(in: "e\u{301}") == .notNormalized)
    #expect(NameRules.problem(in: "\u{E9}") == nil)
    #expect(NameRules.problem(in: "\u{F900}") == .notNormalized)  // a CJK compatibility ideograph
    #expect(NameProblem.controlCharacter(0x1B).message.en == "has the control character U+001B")
    #expect(NameProblem.bidiControl(0xE0041).message.zh.contains("U+E0041"))
  }

  @Test("every character the name check takes as NFC without Foundation is, by Foundation, alone and before another")
  func composedStarters() {
    let starters = (0...0x10FFFF).compactMap(Unicode.Scalar.init).filter(NameRules.isComposedStarter)
    #expect(starters.count == 95 + 42 + 16 + 6_592 + 20_992 + 94)  // the blocks, counted by hand
    for scalar in starters {
      let text = String(Character(scalar))
      #expect(text.precomposedStringWithCanonicalMapping == text, "U+\(String(scalar.value, radix: 16))")
      #expect(scalar.properties.canonicalCombiningClass == .notReordered)
    }
    // Nothing composes with a following starter: each next to a sample of the others.
    for (index, first) in starters.enumerated() where index % 97 == 0 {
      for second in starters where second.value % 89 == 0 {
        let text = String(String.UnicodeScalarView([first, second]))
        #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.count == 2)
      }
    }
    // And the cases the check exists for still fail.
    #expect(NameRules.problem(in: "法e\u{301}") == .notNormalized)
    #expect(NameRules.problem(in: "法院\u{F900}") == .notNormalized)
  }

  @Test("terminal text: control, bidirectional and line-separator characters are escaped, the rest kept")
  func terminal() {
    #expect(TerminalText.escaped("西城法院 OK") == "西城法院 OK")
    #expect(TerminalText.escaped("a\u{1B}[2Jb") == "a\\x1b[2Jb")
    #expect(TerminalText.escaped("\u{7}\u{0}\u{7F}\u{9B}") == "\\x07\\x00\\x7f\\x9b")
    #expect(TerminalText.escaped("ok\r\nOK    forged") == "ok\\x0d\\x0aOK    forged")
    #expect(TerminalText.escaped("a\u{202E}b\u{2066}c\u{2028}d") == "a\\u{202E}b\\u{2066}c\\u{2028}d")
  }
}
