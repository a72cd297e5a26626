import CourtFedModel
import CourtFedQuery
import Foundation

/// A horizontal bar chart of a result, drawn as SVG: bars in rank order, the city figure as a
/// line for results versus the city, changes as signed bars from zero. The axis always starts
/// at zero, so bar lengths compare honestly.
public struct BarChart: Sendable, Equatable {
  public struct Bar: Sendable, Equatable {
    public var label: String
    /// Nil: no value (no data for the same period); the row is kept, without a bar.
    public var value: Double?
    public var text: String
  }

  public var bars: [Bar]
  /// The city figure, drawn as a line across the bars.
  public var reference: (value: Double, label: String)?
  /// Bars may be negative (changes).
  public var signed: Bool
  /// Rows left out to keep the chart readable.
  public var omitted: Int

  public static func == (a: BarChart, b: BarChart) -> Bool {
    a.bars == b.bars && a.reference?.value == b.reference?.value && a.reference?.label == b.reference?.label
      && a.signed == b.signed && a.omitted == b.omitted
  }

  /// At most this many bars; the rest are counted in the caption.
  public static let maximumBars = 30

  /// The chart for `result`, or nil when it has no figure to chart (lists, discovery).
  public init?(_ result: QueryResult, formatter: ResultFormatter) {
    // Several metrics side by side have no one figure to draw.
    guard result.kind != .severalMetrics else { return nil }
    let keys = result.columns.map(\.key)
    guard let court = keys.firstIndex(of: "court") else { return nil }
    let valueKey = ["change", "value", "score"].first { keys.contains($0) }
    guard let valueKey, let column = keys.firstIndex(of: valueKey) else { return nil }
    let group = keys.firstIndex(of: "group")
    var bars: [Bar] = []
    for row in result.rows.prefix(Self.maximumBars) {
      var label = formatter.text(row.cells[court])
      if let group { label += " " + formatter.text(row.cells[group]) }
      bars.append(Bar(label: label, value: row.cells[column].number, text: formatter.text(row.cells[column])))
    }
    guard !bars.isEmpty else { return nil }
    self.bars = bars
    omitted = max(0, result.rows.count - Self.maximumBars)
    signed = valueKey == "change"
    reference = nil
    if keys.contains("city"), let city = result.provenance.cityFigure, let figure = city.value {
      reference = (
        figure,
        "\(city.scope.text(in: formatter.language)) \(DisplayRounding.text(figure, decimals: city.precision))"
      )
    }
  }

  /// The SVG element: 170 mm wide at print, one 6 mm row per bar.
  public func svg(title: String) -> String {
    let width = 640.0
    let labelWidth = 170.0
    let valueWidth = 64.0
    let rowHeight = 22.0
    let top = reference == nil ? 8.0 : 24.0
    let height = top + Double(bars.count) * rowHeight + 8
    let values = bars.compactMap(\.value) + (reference.map { [$0.value] } ?? [])
    let low = signed ? min(0, values.min() ?? 0) : 0
    let high = max(values.max() ?? 1, signed ? 0 : 1e-9)
    let span = high - low == 0 ? 1 : high - low
    // Negative bars need room for their value labels on the left, positive ones on the right.
    let plotStart = labelWidth + (low < 0 ? valueWidth : 0)
    let plot = width - plotStart - valueWidth
    func x(_ value: Double) -> Double { plotStart + (value - low) / span * plot }
    func number(_ value: Double) -> String { String(format: "%.1f", value) }
    var parts: [String] = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" "
        + "width=\"100%\" role=\"img\" aria-label=\"\(HTML.escape(title))\">",
      "<title>\(HTML.escape(title))</title>",
    ]
    let zero = x(0)
    for (index, bar) in bars.enumerated() {
      let y = top + Double(index) * rowHeight
      parts.append(
        "<text x=\"\(number(labelWidth - 6))\" y=\"\(number(y + 15))\" font-size=\"12\" text-anchor=\"end\">"
          + "\(HTML.escape(bar.label))</text>")
      guard let value = bar.value else {
        parts.append(
          "<text x=\"\(number(zero + 4))\" y=\"\(number(y + 15))\" font-size=\"11\" fill=\"#777\">"
            + "\(HTML.escape(bar.text))</text>")
        continue
      }
      let start = min(zero, x(value))
      let length = max(abs(x(value) - zero), 0.5)
      let colour = value < 0 ? "#b8860b" : "#8b1a1a"
      parts.append(
        "<rect x=\"\(number(start))\" y=\"\(number(y + 4))\" width=\"\(number(length))\" height=\"\(number(rowHeight - 8))\" "
          + "fill=\"\(colour)\"/>")
      let labelX = value < 0 ? start - 4 : start + length + 4
      parts.append(
        "<text x=\"\(number(labelX))\" y=\"\(number(y + 15))\" font-size=\"11\" "
          + "text-anchor=\"\(value < 0 ? "end" : "start")\">\(HTML.escape(bar.text))</text>")
    }
    if signed || low < 0 {
      parts.append(
        "<line x1=\"\(number(zero))\" y1=\"\(number(top))\" x2=\"\(number(zero))\" y2=\"\(number(height - 4))\" "
          + "stroke=\"#333\" stroke-width=\"1\"/>")
    }
    if let reference {
      let line = x(reference.value)
      parts.append(
        "<line x1=\"\(number(line))\" y1=\"\(number(top - 4))\" x2=\"\(number(line))\" y2=\"\(number(height - 4))\" "
          + "stroke=\"#1f4e99\" stroke-width=\"1.5\" stroke-dasharray=\"5 3\"/>")
      parts.append(
        "<text x=\"\(number(line))\" y=\"\(number(top - 8))\" font-size=\"11\" fill=\"#1f4e99\" text-anchor=\"middle\">"
          + "\(HTML.escape(reference.label))</text>")
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }
}
