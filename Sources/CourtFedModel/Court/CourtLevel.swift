/// Where a court stands in the hierarchy: basic courts report to an intermediate court,
/// intermediate courts to a high court.
public enum CourtLevel: String, Sendable, CaseIterable, Codable {
  case basic
  case intermediate
  case high

  /// The name in `language`: "basic" / "基层".
  package func name(in language: Language) -> String {
    switch (self, language) {
    case (.basic, .en): "basic"
    case (.intermediate, .en): "intermediate"
    case (.high, .en): "high"
    case (.basic, .zh): "基层"
    case (.intermediate, .zh): "中级"
    case (.high, .zh): "高级"
    }
  }

  /// Reads `basic`, `基层`, `基层法院` and the like.
  package init?(parsing text: String) {
    switch TextNormalization.fold(text) {
    case "basic", "基层", "基层法院", "基层人民法院": self = .basic
    case "intermediate", "中级", "中院", "中级法院", "中级人民法院": self = .intermediate
    case "high", "高级", "高院", "高级法院", "高级人民法院": self = .high
    default: return nil
    }
  }
}
