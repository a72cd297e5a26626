import CourtFedModel
import CourtFedQuery
import Foundation

/// A line chart of a trend, drawn as SVG: one line per court over the periods, the city
/// figure as a dashed reference line. One court: its points are labelled with their values.
/// Several: each line is labelled at its end, labels pushed apart so none overprints another.
/// The value axis is labelled with its ticks and says when it does not start at zero.
package struct LineChart: Sendable, Equatable {
  /// One line: its label (a court, or the city), its figure per period and the text shown for each.
  package struct Series: Sendable, Equatable {
    package var label: String
    /// One per period; nil where the court has no figure to draw (no data, incomplete).
    package var values: [Double?]
    package var texts: [String]
  }

  package var periods: [String]
  package var series: [Series]
  package var city: Series?
  /// Courts left out of the chart to keep it readable (they are in the table).
  package var omitted: Int
  package var language: Language

  /// At most this many lines; the rest are in the table.
  package static let maximumLines = 12

  /// The chart for a trend, or nil for any other result.
  package init?(_ result: QueryResult, formatter: ResultFormatter) {
    guard result.kind == .trend, let court = result.columns.firstIndex(where: { $0.key == "court" }) else { return nil }
    let columns = result.columns.indices.filter { $0 != court && result.columns[$0].isNumeric }
    guard columns.count >= 1 else { return nil }
    periods = columns.map { result.columns[$0].header.text(in: formatter.language) }
    func series(_ row: ResultRow) -> Series {
      Series(
        label: formatter.text(row.cells[court]), values: columns.map { row.cells[$0].number },
        texts: columns.map { formatter.text(row.cells[$0]) })
    }
    self.series = result.rows.prefix(Self.maximumLines).map(series)
    omitted = max(0, result.rows.count - Self.maximumLines)
    city = result.totals.first.map(series)
    language = formatter.language
    guard !(self.series + (city.map { [$0] } ?? [])).flatMap(\.values).compactMap({ $0 }).isEmpty else { return nil }
  }

  static let colours = [
    "#8b1a1a", "#1b6e3a", "#6a3d9a", "#b15928", "#1f78b4", "#33a02c", "#e31a1c", "#ff7f00", "#6a51a3", "#525252",
    "#a6761d", "#e7298a",
  ]

  /// Nice tick values covering `low...high`.
  static func ticks(_ low: Double, _ high: Double) -> [Double] {
    let span = max(high - low, 1e-9)
    let rough = span / 5
    let magnitude = pow(10, floor(log10(rough)))
    let step = [1.0, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= rough } ?? rough
    var ticks: [Double] = []
    var value = floor(low / step) * step
    while value <= high + step * 0.001 {
      ticks.append(value)
      value += step
    }
    return ticks
  }

  /// Label positions for `wanted` y positions, at least `gap` apart, kept inside `range`.
  package static func spread(_ wanted: [Double], gap: Double, range: ClosedRange<Double>) -> [Double] {
    let order = wanted.indices.sorted { wanted[$0] < wanted[$1] }
    var placed = [Double](repeating: 0, count: wanted.count)
    var last = -Double.infinity
    for index in order {
      let y = max(wanted[index], last + gap, range.lowerBound)
      placed[index] = y
      last = y
    }
    // Pushed past the bottom: shift the run back up.
    if let maximum = placed.max(), maximum > range.upperBound {
      var next = range.upperBound + gap
      for index in order.reversed() {
        let y = min(placed[index], next - gap)
        placed[index] = y
        next = y
      }
    }
    return placed
  }

  /// The chart as one self-contained `<svg>` element; `title` is its accessible name
  /// (`aria-label` and `<title>`), escaped here.
  package func svg(title: String) -> String {
    let width = 640.0
    let left = 56.0
    let labelWidth = 130.0
    let top = 16.0
    let plotHeight = 220.0
    let bottom = top + plotHeight
    let height = bottom + 40
    let all = (series + (city.map { [$0] } ?? [])).flatMap(\.values).compactMap { $0 }
    var low = all.min() ?? 0
    var high = all.max() ?? 1
    let pad = max((high - low) * 0.1, abs(high) * 0.01, 1e-6)
    low -= pad
    high += pad
    let ticks = Self.ticks(low, high)
    low = min(low, ticks.first ?? low)
    high = max(high, ticks.last ?? high)
    let plotWidth = width - left - labelWidth - 8
    func x(_ index: Int) -> Double {
      periods.count == 1
        ? left + plotWidth / 2 : left + 12 + Double(index) / Double(periods.count - 1) * (plotWidth - 24)
    }
    func y(_ value: Double) -> Double { bottom - (value - low) / (high - low) * plotHeight }
    func number(_ value: Double) -> String { String(format: "%.1f", value) }
    var parts: [String] = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(number(width)) \(number(height))\" "
        + "width=\"100%\" role=\"img\" aria-label=\"\(HTML.escape(title))\">",
      "<title>\(HTML.escape(title))</title>",
    ]
    // Axis, ticks and grid.
    for tick in ticks {
      let ty = y(tick)
      parts.append(
        "<line x1=\"\(number(left))\" y1=\"\(number(ty))\" x2=\"\(number(left + plotWidth))\" y2=\"\(number(ty))\" stroke=\"#ddd\" stroke-width=\"0.5\"/>"
      )
      parts.append(
        "<text x=\"\(number(left - 4))\" y=\"\(number(ty + 4))\" font-size=\"10\" text-anchor=\"end\" fill=\"#555\">"
          + "\(HTML.escape(Self.tickText(tick, ticks)))</text>")
    }
    parts.append(
      "<line x1=\"\(number(left))\" y1=\"\(number(top))\" x2=\"\(number(left))\" y2=\"\(number(bottom))\" stroke=\"#333\" stroke-width=\"1\"/>"
    )
    for (index, period) in periods.enumerated() {
      parts.append(
        "<text x=\"\(number(x(index)))\" y=\"\(number(bottom + 16))\" font-size=\"11\" text-anchor=\"middle\">"
          + "\(HTML.escape(period))</text>")
    }
    if low > 0 {
      let note = language == .zh ? "纵轴不从0开始" : "the value axis does not start at 0"
      parts.append(
        "<text x=\"\(number(left))\" y=\"\(number(bottom + 34))\" font-size=\"10\" fill=\"#555\">\(HTML.escape(note))</text>"
      )
    }
    // Lines, the city's dashed; end labels spread apart.
    var ends: [(label: String, y: Double, colour: String)] = []
    let lines =
      series.enumerated().map { ($0.element, Self.colours[$0.offset % Self.colours.count], false) }
      + (city.map { [($0, "#1f4e99", true)] } ?? [])
    for (line, colour, dashed) in lines {
      var path = ""
      var lastPoint: (Int, Double)?
      for (index, value) in line.values.enumerated() {
        guard let value else {
          lastPoint = nil
          continue
        }
        path += (lastPoint == nil ? "M" : " L") + "\(number(x(index))) \(number(y(value)))"
        lastPoint = (index, value)
      }
      if !path.isEmpty {
        parts.append(
          "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"\(dashed ? "1.5" : "2")\""
            + (dashed ? " stroke-dasharray=\"5 3\"" : "") + "/>")
      }
      for (index, value) in line.values.enumerated() {
        guard let value else { continue }
        parts.append(
          "<circle cx=\"\(number(x(index)))\" cy=\"\(number(y(value)))\" r=\"\(dashed ? 2 : 3)\" fill=\"\(colour)\"/>")
      }
      if let last = line.values.lastIndex(where: { $0 != nil }), let value = line.values[last] {
        ends.append(("\(line.label) \(line.texts[last])", y(value), colour))
      }
    }
    if series.count == 1, let only = series.first {
      // One court: every point labelled with its value, above its line (below when the city's
      // point is just above it); the last in the label at the line's end, spread apart from
      // the city's, so the two never overprint each other.
      let lastOwn = only.values.lastIndex { $0 != nil }
      for (index, value) in only.values.enumerated() where index != lastOwn {
        guard let value else { continue }
        var labelY = y(value) - 8
        if let cityValue = city?.values[index], abs(y(cityValue) - labelY) < 10, y(cityValue) < y(value) {
          labelY = y(value) + 16
        }
        // The first point's label starts at it, clear of the value axis.
        let anchor = index == 0 && periods.count > 1 ? "start\" dx=\"-4" : "middle"
        parts.append(
          "<text x=\"\(number(x(index)))\" y=\"\(number(labelY))\" font-size=\"11\" text-anchor=\"\(anchor)\" "
            + "fill=\"\(Self.colours[0])\">\(HTML.escape(only.texts[index]))</text>")
      }
      // The city's values below its points.
      if let city {
        let lastCity = city.values.lastIndex { $0 != nil }
        for (index, value) in city.values.enumerated() where index != lastCity {
          guard let value else { continue }
          var labelY = y(value) + 14
          if let own = only.values[index], abs(y(own) - 8 - labelY) < 12 { labelY = y(value) - 8 }
          parts.append(
            "<text x=\"\(number(x(index) + 10))\" y=\"\(number(labelY))\" font-size=\"10\" text-anchor=\"start\" "
              + "fill=\"#1f4e99\">\(HTML.escape(city.texts[index]))</text>")
        }
      }
    }
    let placed = Self.spread(ends.map { $0.y + 4 }, gap: 13, range: (top + 4)...(bottom + 4))
    let endX = x(periods.count - 1) + 8
    for (index, end) in ends.enumerated() {
      let label = end.label
      parts.append(
        "<text x=\"\(number(endX))\" y=\"\(number(placed[index]))\" font-size=\"11\" fill=\"\(end.colour)\">"
          + "\(HTML.escape(label))</text>")
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }

  /// A tick as text: as many decimals as the step needs.
  static func tickText(_ value: Double, _ ticks: [Double]) -> String {
    let step = ticks.count > 1 ? ticks[1] - ticks[0] : 1
    let decimals = step >= 1 ? 0 : min(3, Int(ceil(-log10(step))))
    return DisplayRounding.text(value, decimals: decimals)
  }
}
