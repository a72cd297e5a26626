import CourtFedModel
import CourtFedQuery
import Foundation

/// Query results as HTML: one self-contained file (no scripts, nothing fetched), printable on
/// A4, with the classification line, the provenance above the table, and a bar chart drawn
/// by `BarChart`.
package struct ResultHTML: Sendable {
  package var formatter: ResultFormatter

  package init(formatter: ResultFormatter) {
    self.formatter = formatter
  }

  /// A whole document for one result.
  package func document(_ result: QueryResult) -> String {
    var body = ""
    if !formatter.classification.isEmpty {
      body += "<p class=\"classification\">\(HTML.escape(formatter.classification))</p>\n"
    }
    body += section(result, heading: nil)
    body += footer()
    return HTML.document(title: result.title.text(in: formatter.language), language: formatter.language, body: body)
  }

  /// One result: its heading (or title), provenance, chart, table and notes.
  package func section(_ result: QueryResult, heading: String?, level: Int = 2) -> String {
    let title = result.title.text(in: formatter.language)
    var html = "<section class=\"result\">\n"
    if let heading {
      html += "<h\(level)>\(HTML.escape(heading))</h\(level)>\n<h\(level + 1)>\(HTML.escape(title))</h\(level + 1)>\n"
    } else {
      html += "<h1>\(HTML.escape(title))</h1>\n"
    }
    let lines = formatter.provenanceItems(result)
    if !lines.isEmpty {
      html += "<ul class=\"provenance\">\n"
      for line in lines {
        html += "<li\(line.isWarning ? " class=\"missing\"" : "")>\(HTML.escape(line.text))</li>\n"
      }
      html += "</ul>\n"
    }
    if let chart = LineChart(result, formatter: formatter) {
      html += "<figure>\n\(chart.svg(title: title))\n"
      if chart.omitted > 0 {
        // Which courts are drawn, by name, and that the others are in the table.
        let drawn = chart.series.map(\.label)
        let caption =
          formatter.language == .zh
          ? "图中画出表中前\(drawn.count)家法院:\(drawn.joined(separator: "、"));另有\(chart.omitted)家未画出,见下表"
          : "the chart draws the table's first \(drawn.count) courts: \(drawn.joined(separator: ", ")); "
            + "\(chart.omitted) more are not drawn, see the table"
        html += "<figcaption>\(HTML.escape(caption))</figcaption>\n"
      }
      html += "</figure>\n"
    } else if let chart = BarChart(result, formatter: formatter) {
      html += "<figure>\n\(chart.svg(title: title))\n"
      if chart.omitted > 0 {
        let shown = chart.bars.count
        let caption =
          formatter.language == .zh
          ? "图中列出前\(shown)行,另有\(chart.omitted)行见下表"
          : "the chart shows the first \(shown) rows; \(chart.omitted) more in the table"
        html += "<figcaption>\(HTML.escape(caption))</figcaption>\n"
      }
      html += "</figure>\n"
    }
    html += table(result)
    let excluded = formatter.excludedLines(result)
    if !excluded.isEmpty {
      html += "<ul class=\"excluded\">\n"
      for line in excluded { html += "<li>\(HTML.escape(line))</li>\n" }
      html += "</ul>\n"
    }
    if !result.notes.isEmpty {
      html += "<ul class=\"notes\">\n"
      for note in result.notes { html += "<li>\(HTML.escape(note.text(in: formatter.language)))</li>\n" }
      html += "</ul>\n"
    }
    return html + "</section>\n"
  }

  /// The table, numbers right-aligned, tied ranks marked.
  package func table(_ result: QueryResult) -> String {
    // A health-check summary has a column per indicator: smaller type, names on one line.
    var html = result.columns.count > 8 ? "<table class=\"wide\">\n<thead><tr>" : "<table>\n<thead><tr>"
    for column in result.columns {
      html +=
        "<th\(column.isNumeric ? " class=\"number\"" : "")>\(HTML.escape(column.header.text(in: formatter.language)))</th>"
    }
    html += "</tr></thead>\n<tbody>\n"
    for row in result.rows {
      let flagged = !row.isComplete || row.signerRevoked
      html += flagged ? "<tr class=\"flagged\">" : "<tr>"
      for (index, cell) in row.cells.enumerated() {
        let text = formatter.text(cell)
        var classes: [String] = []
        if result.columns[index].isNumeric { classes.append("number") }
        if case .rank(_, true) = cell { classes.append("tie") }
        // A verdict outside the range stands out in words and weight, not colour alone.
        if case .judged(_, _, let verdict) = cell, verdict == .high || verdict == .low {
          classes.append("verdict-\(verdict.rawValue)")
        }
        let attribute = classes.isEmpty ? "" : " class=\"\(classes.joined(separator: " "))\""
        html += "<td\(attribute)>\(content(cell, text))</td>"
      }
      html += "</tr>\n"
    }
    if !result.totals.isEmpty {
      html += "</tbody>\n<tfoot>\n"
      for row in result.totals {
        html += "<tr>"
        for (index, cell) in row.cells.enumerated() {
          let numeric = index < result.columns.count && result.columns[index].isNumeric
          html += "<td\(numeric ? " class=\"number\"" : "")>\(content(cell, formatter.text(cell)))</td>"
        }
        html += "</tr>\n"
      }
      return html + "</tfoot>\n</table>\n"
    }
    if result.rows.isEmpty {
      html +=
        "<tr><td colspan=\"\(result.columns.count)\">\(formatter.language == .zh ? "(无结果)" : "(no rows)")</td></tr>\n"
    }
    return html + "</tbody>\n</table>\n"
  }

  /// A cell's HTML: its text escaped; a judged figure as the value with its verdict on a line
  /// of its own (never split).
  func content(_ cell: ResultValue, _ text: String) -> String {
    guard case .judged(let value?, let precision, let verdict) = cell else { return HTML.escape(text) }
    let number = DisplayRounding.text(value, decimals: precision)
    return HTML.escape(number) + "<br><span class=\"verdict\">"
      + HTML.escape(verdict.text.text(in: formatter.language)) + "</span>"
  }

  func footer() -> String {
    let text =
      formatter.language == .zh
      ? "由 CourtFed 根据已验证签名的数据包生成。" : "Made by CourtFed from signed, verified bundles."
    return "<footer>\(HTML.escape(text))</footer>\n"
  }
}
