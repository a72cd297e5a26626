import CourtFedModel
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
}
