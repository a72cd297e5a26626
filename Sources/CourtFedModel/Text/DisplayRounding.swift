import Foundation

/// How a figure is rounded for display, and therefore for ranking: the computed double times
/// 10^decimals, rounded half away from zero (C's `round`), divided back (96.125 → 96.13).
/// Ranks are counted on the rounded value, so two courts shown as 96.13 share a rank.
package enum DisplayRounding {
  /// `value` rounded to `decimals` places, halves away from zero.
  package static func round(_ value: Double, decimals: Int) -> Double {
    guard value.isFinite else { return value }
    let scale = pow(10, Double(max(0, decimals)))
    return (value * scale).rounded(.toNearestOrAwayFromZero) / scale
  }

  /// `value` as text with `decimals` places, after rounding as above.
  package static func text(_ value: Double, decimals: Int) -> String {
    String(format: "%.\(max(0, decimals))f", round(value, decimals: decimals))
  }
}
