import CourtFedModel
import CourtFedQuery
import Foundation

/// A chart of a result, drawn as SVG, that shows what the question is about:
///
/// - counts, amounts and scores: bars from zero, so their lengths compare honestly;
/// - rates: a dot per court on an axis that says it does not start at zero (ten bars of
///   94–96% from zero look equal), with the reference range as a shaded band;
/// - rates versus the city: bars either side of the city line, the difference in points;
/// - changes: bars either side of zero, sorted by the change, coloured and named by whether
///   it is better or worse in the metric's direction (改善 / 退步), never "up is good".
///
/// Court names stand in a column on the left, values in a column on the right and the one
/// reference label in a band above the rows, so no label ever overprints another.
package struct BarChart: Sendable, Equatable {
  /// How the figures are drawn.
  package enum Style: Sendable, Equatable {
    case bars, dots, deviation, change
  }

  /// One row of the chart: its label (a court or a period), its value and the text shown for it.
  package struct Bar: Sendable, Equatable {
    package var label: String
    /// Nil: no value (no data for the same period); the row is kept, without a mark.
    package var value: Double?
    package var text: String
    /// Whether the value is better (true) or worse (false) in the metric's direction, for a
    /// change or a difference from the city; nil when neither (neutral metrics, plain values).
    package var better: Bool?
    /// Outside the reference range: the dot is drawn filled.
    package var outside = false
  }

  package var style: Style
  package var bars: [Bar]
  /// The city figure: a dashed line across the bars (for a deviation chart, the centre line).
  package var reference: (value: Double, label: String)?
  /// The reference range, shaded.
  package var band: ReferenceRange?
  /// Bars may be negative (changes, differences).
  package var signed: Bool
  /// Rows left out to keep the chart readable.
  package var omitted: Int
  /// Lines of words under the chart: the legend, what the axis starts at.
  package var legend: [(swatch: String?, text: String)]

  /// Written out because tuples are not `Equatable`: the reference is compared by value and
  /// label, the legend by its texts only (not its swatches).
  package static func == (a: BarChart, b: BarChart) -> Bool {
    a.style == b.style && a.bars == b.bars && a.reference?.value == b.reference?.value
      && a.reference?.label == b.reference?.label && a.band == b.band && a.signed == b.signed
      && a.omitted == b.omitted && a.legend.map(\.text) == b.legend.map(\.text)
  }

  /// At most this many bars; the rest are counted in the caption.
  package static let maximumBars = 30

  /// Better and worse, in colours that do not say "up is good" (blue and orange).
  package static let betterColour = "#2b6a99"
  package static let worseColour = "#c0661a"
  package static let plainColour = "#8b1a1a"
  package static let bandColour = "#e3efe3"

  /// The chart for `result`, or nil when it has no figure to chart (lists, discovery, a
  /// health check's table of indicators).
  package init?(_ result: QueryResult, formatter: ResultFormatter) {
    // Several metrics side by side have no one figure to draw.
    guard result.kind != .severalMetrics else { return nil }
    let zh = formatter.language == .zh
    let keys = result.columns.map(\.key)
    guard let court = keys.firstIndex(of: "court") else { return nil }
    let traits = result.provenance.traits
    let isRate = traits?.isRate == true
    let direction = traits?.direction ?? .neutral
    var valueKey = ["change", "value", "score"].first { keys.contains($0) }
    var style = Style.bars
    if valueKey == "change" {
      style = .change
    } else if isRate, result.kind == .versus, keys.contains("difference") {
      style = .deviation
      valueKey = "difference"
    } else if isRate, valueKey == "value" {
      style = .dots
    }
    guard let valueKey, let column = keys.firstIndex(of: valueKey) else { return nil }
    let group = keys.firstIndex(of: "group")
    let range = traits?.range
    var bars: [Bar] = []
    for row in result.rows {
      var label = formatter.text(row.cells[court])
      if let group { label += " " + formatter.text(row.cells[group]) }
      let value = row.cells[column].number
      var bar = Bar(label: label, value: value, text: formatter.text(row.cells[column]))
      if style == .change || style == .deviation, let value, value != 0, direction != .neutral {
        bar.better = (value > 0) == (direction == .higher)
      }
      if let range, let value, style == .dots || style == .bars {
        bar.outside = range.judge(value).verdict != .met
      }
      bars.append(bar)
    }
    // A change chart is sorted by the change, the most improved first; no change last.
    if style == .change {
      let sign: Double = direction == .lower ? -1 : 1
      bars = bars.enumerated().sorted { left, right in
        switch (left.element.value, right.element.value) {
        case (let a?, let b?): a * sign != b * sign ? a * sign > b * sign : left.offset < right.offset
        case (_?, nil): true
        case (nil, _?): false
        case (nil, nil): left.offset < right.offset
        }
      }.map(\.element)
    }
    guard !bars.isEmpty else { return nil }
    self.style = style
    self.bars = Array(bars.prefix(Self.maximumBars))
    omitted = max(0, bars.count - Self.maximumBars)
    signed = style == .change || style == .deviation
    band = style == .dots || style == .bars ? range : nil
    reference = nil
    if keys.contains("city"), let city = result.provenance.cityFigure, let figure = city.value {
      let label = "\(city.scope.text(in: formatter.language)) \(DisplayRounding.text(figure, decimals: city.precision))"
      reference = (style == .deviation ? 0 : figure, label)
    }
    var legend: [(swatch: String?, text: String)] = []
    switch style {
    case .dots:
      legend.append(
        (nil, zh ? "比率:每点为一家法院的数值;坐标轴不从0开始" : "rates: a dot per court; the axis does not start at zero"))
    case .deviation:
      legend.append(
        (
          nil,
          zh
            ? "条形为与\(reference?.label ?? "全市数")之差(百分点),中线为全市数"
            : "bars: the difference from \(reference?.label ?? "the city figure") in points; the centre line is the city figure"
        ))
    case .change:
      legend.append(
        (nil, zh ? "按变化排序,改善最多者在上" : "sorted by the change, the most improved first"))
    case .bars:
      break
    }
    if style == .change || style == .deviation {
      let versus = style == .deviation
      switch direction {
      case .higher:
        legend.append(
          (
            Self.betterColour,
            zh ? (versus ? "优于全市(更高)" : "改善(上升)") : (versus ? "better than the city (higher)" : "better (up)")
          ))
        legend.append(
          (
            Self.worseColour,
            zh ? (versus ? "差于全市(更低)" : "退步(下降)") : (versus ? "worse than the city (lower)" : "worse (down)")
          ))
      case .lower:
        legend.append(
          (
            Self.betterColour,
            zh ? (versus ? "优于全市(更低)" : "改善(下降)") : (versus ? "better than the city (lower)" : "better (down)")
          ))
        legend.append(
          (
            Self.worseColour,
            zh ? (versus ? "差于全市(更高)" : "退步(上升)") : (versus ? "worse than the city (higher)" : "worse (up)")
          ))
      case .neutral:
        legend.append((Self.plainColour, zh ? "数值不分好坏:只示升降" : "neither way is better: up or down only"))
      }
    }
    if let band {
      legend.append(
        (
          Self.bandColour,
          zh ? "阴影:区间参考值 \(band.text);实心点为区间外" : "shaded: the reference range \(band.text); filled dots lie outside"
        ))
    }
    self.legend = legend
  }

  /// Tick marks for an axis from `low` to `high`: a step of 1, 2 or 5 × 10^k, about five.
  static func ticks(_ low: Double, _ high: Double) -> (low: Double, high: Double, step: Double) {
    let span = max(high - low, 1e-9)
    let raw = span / 5
    let power = pow(10, floor(log10(raw)))
    let step = [1.0, 2, 5, 10].map { $0 * power }.first { $0 >= raw } ?? 10 * power
    return ((low / step).rounded(.down) * step, (high / step).rounded(.up) * step, step)
  }

  /// The SVG element: 170 mm wide at print, one 6 mm row per bar.
  package func svg(title: String) -> String {
    let width = 640.0
    let labelWidth = 170.0
    let valueWidth = 78.0
    let rowHeight = 22.0
    let hasTopLabel = reference != nil
    let top = hasTopLabel ? 24.0 : 8.0
    let rowsHeight = Double(bars.count) * rowHeight
    let axisHeight = style == .dots ? 26.0 : 0
    let legendTop = top + rowsHeight + axisHeight + 6
    let height = legendTop + Double(legend.count) * 16 + 4
    let plotStart = labelWidth + 10
    let plotEnd = width - valueWidth - 10
    let values = bars.compactMap(\.value)
    var low: Double
    var high: Double
    var step = 0.0
    switch style {
    case .dots:
      var points = values + (reference.map { [$0.value] } ?? [])
      if let band { points += [band.low, band.high].compactMap { $0 } }
      let lowest = points.min() ?? 0
      let highest = points.max() ?? 1
      let pad = max((highest - lowest) * 0.08, 0.05)
      (low, high, step) = Self.ticks(lowest - pad, highest + pad)
    case .bars:
      low = 0
      high = max(([values.max() ?? 0] + (reference.map { [$0.value] } ?? []) + [band?.high ?? 0]).max()!, 1e-9)
      if let band, band.high == nil, let bandLow = band.low { high = max(high, bandLow) }
    case .change, .deviation:
      low = min(0, values.min() ?? 0)
      high = max(0, values.max() ?? 0)
      if low == high { high = 1 }
    }
    let span = high - low == 0 ? 1 : high - low
    func x(_ value: Double) -> Double { plotStart + (min(max(value, low), high) - low) / span * (plotEnd - plotStart) }
    func number(_ value: Double) -> String { String(format: "%.1f", value) }
    func text(_ content: String, x: Double, y: Double, anchor: String, size: Int = 11, fill: String? = nil) -> String {
      "<text x=\"\(number(x))\" y=\"\(number(y))\" font-size=\"\(size)\" text-anchor=\"\(anchor)\""
        + (fill.map { " fill=\"\($0)\"" } ?? "") + ">\(HTML.escape(content))</text>"
    }
    var parts: [String] = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" "
        + "width=\"100%\" role=\"img\" aria-label=\"\(HTML.escape(title))\">",
      "<title>\(HTML.escape(title))</title>",
    ]
    let bottom = top + rowsHeight
    // The reference range, shaded behind everything.
    if let band {
      let from = x(band.low ?? low)
      let to = x(band.high ?? high)
      parts.append(
        "<rect x=\"\(number(from))\" y=\"\(number(top))\" width=\"\(number(max(to - from, 0.5)))\" "
          + "height=\"\(number(rowsHeight))\" fill=\"\(Self.bandColour)\"/>")
    }
    // The axis of a dot plot: grid lines and tick labels at its foot.
    if style == .dots, step > 0 {
      var tick = low
      while tick <= high + step / 2 {
        parts.append(
          "<line x1=\"\(number(x(tick)))\" y1=\"\(number(top))\" x2=\"\(number(x(tick)))\" y2=\"\(number(bottom + 4))\" "
            + "stroke=\"#ddd\" stroke-width=\"1\"/>")
        let decimals = step >= 1 ? 0 : Int(ceil(-log10(step)))
        parts.append(
          text(DisplayRounding.text(tick, decimals: decimals), x: x(tick), y: bottom + 16, anchor: "middle", size: 10))
        tick += step
      }
      parts.append(
        "<line x1=\"\(number(plotStart))\" y1=\"\(number(bottom + 4))\" x2=\"\(number(plotEnd))\" y2=\"\(number(bottom + 4))\" "
          + "stroke=\"#333\" stroke-width=\"1\"/>")
    }
    let zero = x(0)
    for (index, bar) in bars.enumerated() {
      let y = top + Double(index) * rowHeight
      parts.append(text(bar.label, x: labelWidth - 6, y: y + 15, anchor: "end", size: 12))
      // Every value in the right-hand column: never under a line or another label.
      let fill = bar.value == nil ? "#777" : nil
      parts.append(text(bar.text, x: width - 4, y: y + 15, anchor: "end", fill: fill))
      guard let value = bar.value else { continue }
      switch style {
      case .dots:
        let colour = Self.plainColour
        parts.append(
          "<line x1=\"\(number(plotStart))\" y1=\"\(number(y + 11))\" x2=\"\(number(plotEnd))\" y2=\"\(number(y + 11))\" "
            + "stroke=\"#eee\" stroke-width=\"1\"/>")
        parts.append(
          "<circle cx=\"\(number(x(value)))\" cy=\"\(number(y + 11))\" r=\"4.5\" stroke=\"\(colour)\" stroke-width=\"1.5\" "
            + "fill=\"\(band == nil || bar.outside ? colour : "#fff")\"/>")
      case .bars, .change, .deviation:
        let start = min(zero, x(value))
        let length = max(abs(x(value) - zero), 0.5)
        let colour =
          switch bar.better {
          case true?: Self.betterColour
          case false?: Self.worseColour
          case nil: style == .bars ? Self.plainColour : Self.plainColour
          }
        parts.append(
          "<rect x=\"\(number(start))\" y=\"\(number(y + 4))\" width=\"\(number(length))\" height=\"\(number(rowHeight - 8))\" "
            + "fill=\"\(colour)\"" + (bar.outside ? " stroke=\"#000\" stroke-width=\"1.5\"" : "") + "/>")
      }
    }
    if signed, reference == nil {
      parts.append(
        "<line x1=\"\(number(zero))\" y1=\"\(number(top))\" x2=\"\(number(zero))\" y2=\"\(number(bottom + 2))\" "
          + "stroke=\"#333\" stroke-width=\"1\"/>")
    }
    if let reference {
      let line = x(reference.value)
      parts.append(
        "<line x1=\"\(number(line))\" y1=\"\(number(top - 4))\" x2=\"\(number(line))\" y2=\"\(number(bottom + 2))\" "
          + "stroke=\"#1f4e99\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>")
      // The label in the band above the rows, kept inside the plot.
      let half = Double(reference.label.count) * 3.5
      let centre = min(max(line, plotStart + half), plotEnd - half)
      parts.append(text(reference.label, x: centre, y: top - 8, anchor: "middle", fill: "#1f4e99"))
    }
    for (index, item) in legend.enumerated() {
      let y = legendTop + Double(index) * 16
      var left = 8.0
      if let swatch = item.swatch {
        parts.append(
          "<rect x=\"8\" y=\"\(number(y + 2))\" width=\"12\" height=\"10\" fill=\"\(swatch)\" stroke=\"#999\" stroke-width=\"0.5\"/>"
        )
        left = 26
      }
      parts.append(text(item.text, x: left, y: y + 11, anchor: "start", size: 10, fill: "#444"))
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }
}
