/// A reference range (区间参考值): a figure inside it meets the standard (达标). Bounds are
/// in the indicator's unit (percent for rates); either may be open-ended.
package struct ReferenceRange: Sendable, Hashable, Codable {
  package var low: Double?
  package var lowInclusive: Bool
  package var high: Double?
  package var highInclusive: Bool

  package init(low: Double?, lowInclusive: Bool = true, high: Double?, highInclusive: Bool = true) {
    self.low = low
    self.lowInclusive = lowInclusive
    self.high = high
    self.highInclusive = highInclusive
  }

  /// The verdict on `value` (already rounded to the decimals shown, so the verdict agrees
  /// with the figure a reader sees), with the bound missed and by how much.
  package func judge(_ value: Double) -> RangeJudgement {
    if let low, value < low || (value == low && !lowInclusive) {
      return RangeJudgement(verdict: .low, bound: low, distance: low - value)
    }
    if let high, value > high || (value == high && !highInclusive) {
      return RangeJudgement(verdict: .high, bound: high, distance: value - high)
    }
    return RangeJudgement(verdict: .met, bound: nil, distance: nil)
  }

  /// The decimals `value` is written with, up to six (`99.5` has one), to show a bound as set.
  package static func decimals(_ value: Double) -> Int {
    (0...6).first { DisplayRounding.round(value, decimals: $0) == value } ?? 6
  }

  /// `[93, 99.5]`, `≥ 90`, `< 5`, `(0, 1.5]`: each bound as written (up to six decimals).
  package var text: String {
    func number(_ value: Double) -> String {
      var text = DisplayRounding.text(value, decimals: 6)
      if text.contains(".") {
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
      }
      return text
    }
    switch (low, high) {
    case (let low?, let high?):
      return "\(lowInclusive ? "[" : "(")\(number(low)), \(number(high))\(highInclusive ? "]" : ")")"
    case (let low?, nil): return "\(lowInclusive ? "≥" : ">") \(number(low))"
    case (nil, let high?): return "\(highInclusive ? "≤" : "<") \(number(high))"
    case (nil, nil): return "–"
    }
  }
}

/// A figure against its reference range.
package enum RangeVerdict: String, Sendable, Hashable, Codable {
  /// Inside the range (达标).
  case met
  /// Above its high bound (偏高).
  case high
  /// Below its low bound (偏低).
  case low
  /// The ranges file sets no range for the indicator in this version (未设区间).
  case noRange = "no_range"

  /// 达标 / met, 偏高 / too high, 偏低 / too low, 未设区间 / no range.
  package var text: LocalizedText {
    switch self {
    case .met: LocalizedText(en: "met", zh: "达标")
    case .high: LocalizedText(en: "too high", zh: "偏高")
    case .low: LocalizedText(en: "too low", zh: "偏低")
    case .noRange: LocalizedText(en: "no range", zh: "未设区间")
    }
  }
}

/// A verdict with the bound missed and the distance from it (nil when met).
package struct RangeJudgement: Sendable, Hashable {
  package let verdict: RangeVerdict
  package let bound: Double?
  /// How far outside the bound, in the indicator's unit (points for rates), positive.
  package let distance: Double?
}
