import CourtFedModel
import CourtFedQuery
import Testing

/// Every refusal a question can get says what is wrong in English and in Chinese.
@Suite("Query problems in both languages")
struct ProblemLanguageTests {
  func check(_ text: LocalizedText, _ name: String) {
    #expect(!text.en.isEmpty && !text.zh.isEmpty, "\(name)")
    #expect(text.en != text.zh, "\(name): the same text in both languages: \(text.en)")
    #expect(text.zh.unicodeScalars.contains { $0.properties.isIdeographic }, "\(name): no Chinese in \(text.zh)")
  }

  @Test(
    "refused questions: every problem and suggestion in both languages",
    arguments: [
      "结按率 前三", "closure rate top", "closure rate top 0", "closure rate in 2021Q9", "closure rate 2021 2020",
      "clsoure rate top 3", "closure rate where level = nowhere", "closure rate vs nonsense", "前三",
      "closure rate yoy vs average",
      "cases closed pooled", "信息工作 前三 前五", "reversed and remanded pooled", String(repeating: "结案率 ", count: 400),
      "closure rate where court = 无此法院", "",
    ])
  func queryProblems(question: String) throws {
    let engine = Federation.engine
    do {
      _ = try engine.answer(question)
      Issue.record("'\(question)' was answered; it should be refused")
    } catch {
      #expect(!error.problems.isEmpty)
      check(error.text, question)
      for problem in error.problems {
        check(problem.message, question)
        if let suggestion = problem.suggestion { #expect(!suggestion.en.isEmpty && !suggestion.zh.isEmpty) }
      }
    }
  }

}
