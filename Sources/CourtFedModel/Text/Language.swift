/// The two languages CourtFed speaks: court staff read Chinese, the code and some analysts English.
public enum Language: String, Sendable, CaseIterable, Codable {
  case en
  case zh
}

/// A sentence in both languages, picked at the point of display.
public struct LocalizedText: Sendable, Hashable, Codable {
  package var en: String
  package var zh: String

  package init(en: String, zh: String) {
    self.en = en
    self.zh = zh
  }

  /// The text in `language`.
  package func text(in language: Language) -> String {
    language == .zh ? zh : en
  }
}

extension Language {
  /// The language `text` is written in: Chinese when it has any Chinese character.
  package static func of(_ text: String) -> Language {
    text.unicodeScalars.contains { $0.value >= 0x3400 && $0.value <= 0x9FFF } ? .zh : .en
  }
}
