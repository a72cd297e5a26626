import Foundation

/// How a figure is rounded for display, and therefore for ranking: the computed double times
/// 10^decimals, rounded half away from zero (C's `round`), divided back (96.125 → 96.13).
/// Ranks are counted on the rounded value, so two courts shown as 96.13 share a rank.
package enum DisplayRounding {
  /// 10⁰ … 10¹⁵, each exact: the powers a figure is rounded with, computed once (an answer at
  /// nation size rounds tens of thousands of figures).
  private static let scales: [Double] = (0...15).map { pow(10, Double($0)) }

  /// `value` rounded to `decimals` places, halves away from zero.
  package static func round(_ value: Double, decimals: Int) -> Double {
    guard value.isFinite else { return value }
    let places = max(0, decimals)
    let scale = places < scales.count ? scales[places] : pow(10, Double(places))
    return (value * scale).rounded(.toNearestOrAwayFromZero) / scale
  }

  /// `value` as text with `decimals` places, after rounding as above.
  package static func text(_ value: Double, decimals: Int) -> String {
    String(format: "%.\(max(0, decimals))f", round(value, decimals: decimals))
  }
}
