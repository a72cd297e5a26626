/// Errors of the domain model.
package enum ModelError: Error, Sendable, Equatable {
  /// A period written in no form CourtFed knows. Carries the text as written.
  case invalidPeriod(String)
  /// The metric catalog could not be read; carries what is wrong with it.
  case invalidCatalog(String)

  /// A message a court clerk can act on.
  package func message(in language: Language) -> String {
    switch (self, language) {
    case (.invalidPeriod(let text), .en):
      "'\(text)' is not a period; write a year 2024, a half 2024H1, a quarter 2024Q3 or a month 2024-06 (or 2024年第三季度)"
    case (.invalidPeriod(let text), .zh):
      "“\(text)”不是有效期间;请写年度 2024年、半年 2024年上半年、季度 2024年第三季度或月份 2024年6月(或 2024Q3)"
    case (.invalidCatalog(let detail), .en):
      "the metric catalog is not valid: \(detail)"
    case (.invalidCatalog(let detail), .zh):
      "指标目录无效:\(detail)"
    }
  }
}
