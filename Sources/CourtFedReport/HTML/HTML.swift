import CourtFedModel
import CourtFedQuery
import Foundation

/// Small helpers for writing HTML by hand: everything from the data is escaped.
enum HTML {
  /// `text` with the five characters HTML gives meaning to escaped.
  static func escape(_ text: String) -> String {
    var escaped = ""
    escaped.reserveCapacity(text.utf8.count)
    for character in text {
      switch character {
      case "&": escaped += "&amp;"
      case "<": escaped += "&lt;"
      case ">": escaped += "&gt;"
      case "\"": escaped += "&quot;"
      case "'": escaped += "&#39;"
      default: escaped.append(character)
      }
    }
    return escaped
  }

  /// Fonts with Chinese glyphs on Windows, macOS and Linux, then the generic family.
  static let fonts =
    "\"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \"Microsoft YaHei\", \"WenQuanYi Micro Hei\", "
    + "\"SimHei\", \"Noto Sans\", \"Helvetica Neue\", Arial, sans-serif"

  /// The style sheet: screen and A4 print, no external resources.
  static let style = """
    @page { size: A4; margin: 16mm 14mm 18mm 14mm; }
    * { box-sizing: border-box; }
    body { font-family: \(fonts); color: #1a1a1a; margin: 0 auto; max-width: 182mm; padding: 8mm 0;
           font-size: 10.5pt; line-height: 1.45; }
    .classification { color: #9a1c1c; font-weight: 600; letter-spacing: 0.05em; border: 1px solid #9a1c1c;
                      display: inline-block; padding: 1px 8px; font-size: 9pt; }
    h1 { font-size: 20pt; margin: 10mm 0 4mm; }
    h2 { font-size: 14pt; margin: 0 0 2mm; border-bottom: 2px solid #8b1a1a; padding-bottom: 1mm; }
    h3 { font-size: 11pt; margin: 0 0 1mm; }
    .provenance { color: #444; font-size: 9pt; margin: 1mm 0 3mm; padding: 0; list-style: none; }
    .provenance li { margin: 0; }
    .missing { color: #9a1c1c; font-weight: 600; }
    table { border-collapse: collapse; width: 100%; margin: 2mm 0; font-size: 9.5pt; }
    th, td { border-bottom: 1px solid #ddd; padding: 1.2mm 2mm; text-align: left; vertical-align: top; }
    th { background: #f3efe8; border-bottom: 1.5px solid #8b1a1a; font-weight: 600; }
    td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
    tr { break-inside: avoid; }
    .tie { color: #8b5a00; }
    .notes { color: #555; font-size: 8.5pt; margin: 1mm 0 0; padding-left: 5mm; }
    .excluded { color: #9a1c1c; font-size: 9pt; margin: 1mm 0 0; padding-left: 5mm; }
    tr.flagged td { background: #fbf3e4; }
    table.wide { font-size: 8pt; }
    table.wide th, table.wide td { padding: 1mm 1mm; }
    table.wide th.number, table.wide td.number { white-space: normal; }
    table.wide td:first-child, table.wide th:first-child { white-space: nowrap; }
    td.verdict-high, td.verdict-low { color: #8b1a1a; font-weight: 600; }
    span.verdict { white-space: nowrap; }
    tfoot td { font-weight: 600; border-top: 1.5px solid #8b1a1a; }
    figure { margin: 3mm 0; break-inside: avoid; }
    figcaption { font-size: 8.5pt; color: #555; }
    svg text { font-family: \(fonts); }
    section.result { margin: 0 0 8mm; }
    section.pack-section { break-before: page; }
    .cover { min-height: 230mm; }
    .cover dl { display: grid; grid-template-columns: 32mm 1fr; gap: 1.5mm 4mm; margin: 8mm 0; }
    .cover dt { color: #555; }
    .cover dd { margin: 0; }
    .sources td { font-size: 8.5pt; word-break: break-all; }
    .sources td:nth-child(-n+3) { white-space: nowrap; word-break: normal; }
    footer { margin-top: 8mm; font-size: 8pt; color: #777; }
    @media print { body { padding: 0; max-width: none; } }
    """

  /// A whole document: `body` inside a page with the style sheet; no scripts, nothing fetched.
  static func document(title: String, language: Language, body: String) -> String {
    """
    <!DOCTYPE html>
    <html lang="\(language == .zh ? "zh-CN" : "en")">
    <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <meta name="generator" content="CourtFed">
    <title>\(escape(title))</title>
    <style>
    \(style)
    </style>
    </head>
    <body>
    \(body)
    </body>
    </html>

    """
  }
}
