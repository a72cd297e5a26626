import CourtFedModel
import CourtFedQuery
import Foundation

/// The formats a result can be written in.
package enum ResultFormat: String, Sendable, CaseIterable {
  case table, csv, md, json
}

/// Writes results for the terminal, spreadsheets, documents and programs. Every format
/// carries the classification line and the provenance above the table (the period, the
/// metric with its unit and direction, the city figure used, ties, which courts' figures are
/// complete and which are missing, revoked signers, the date of the data and the bundles it
/// came from), and lists under the table every court left out of it, with why.
///
/// Names come from bundles, so every format escapes them for its medium: the terminal shows
/// control characters as `\x1b`; Markdown escapes HTML and `|`; CSV guards cells that
/// spreadsheets would run as formulas; HTML escapes everything.
package struct ResultFormatter: Sendable {
  package var language: Language
  package var useColor = false
  /// The line above every table; empty for none. Court rankings are internal documents.
  package var classification: String
  /// CSV for Excel and WPS: UTF-8 with a byte-order mark, so Chinese opens correctly.
  package var excel = false

  /// The default classification line.
  package static let internalUse = "内部资料 / internal"

  package init(
    language: Language, useColor: Bool = false, classification: String = ResultFormatter.internalUse,
    excel: Bool = false
  ) {
    self.language = language
    self.useColor = useColor
    self.classification = classification
    self.excel = excel
  }

  /// `result` in `format`.
  package func format(_ result: QueryResult, as format: ResultFormat) -> String {
    switch format {
    case .table: table(result) + "\n"
    case .csv: csv(result)
    case .md: markdown(result)
    case .json: json(result)
    }
  }

  /// The text of one cell.
  package func text(_ value: ResultValue) -> String { value.text(in: language) }

  func words(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

  /// A copy with another classification line.
  func with(classification: String) -> ResultFormatter {
    var copy = self
    copy.classification = classification
    return copy
  }

  // MARK: Provenance

  /// The provenance as lines of text, in the formatter's language.
  package func provenanceLines(_ result: QueryResult) -> [String] {
    provenanceItems(result).map(\.text)
  }

  /// The provenance lines, each marked when it warns (courts missing or incomplete, revoked
  /// signers).
  package func provenanceItems(_ result: QueryResult) -> [(text: String, isWarning: Bool)] {
    let provenance = result.provenance
    var lines: [(text: String, isWarning: Bool)] = []
    var first: [String] = []
    if let period = provenance.periodText {
      var text = words("period ", "期间 ") + period.text(in: language)
      if let choice = provenance.periodChoice { text += words(" (\(choice.en))", "(\(choice.zh))") }
      first.append(text)
    }
    if let metric = provenance.metric {
      first.append(metric.text(in: language) + (provenance.unit.map { words(" (\($0.en))", "(\($0.zh))") } ?? ""))
    }
    if let direction = provenance.direction { first.append(direction.text(in: language)) }
    if provenance.ties { first.append(words("ties marked (tie)", "并列者标注“并列”")) }
    if !first.isEmpty { lines.append((first.joined(separator: " · "), false)) }
    if let city = provenance.cityFigure { lines.append((city.text.text(in: language), false)) }
    if let ranges = provenance.ranges { lines.append((rangesLine(ranges), ranges.isSample)) }
    if let courts = courtsLine(provenance) { lines.append(courts) }
    if provenance.includesIncomplete, !provenance.incompleteCourts.isEmpty {
      lines.append(
        (
          words(
            "incomplete figures are included, marked in the note column",
            "含不完整数据,已在备注中标注"), true
        ))
    }
    if !provenance.revokedCourts.isEmpty {
      let named = provenance.revokedCourts.map(\.name).joined(separator: words(", ", "、"))
      lines.append(
        (
          provenance.excludesRevoked
            ? words(
              "signer's key revoked: \(named); their figures are left out", "签名密钥已撤销:\(named);其数据已按要求排除")
            : words(
              "signer's key revoked: \(named); their figures are marked (--exclude-revoked leaves them out)",
              "签名密钥已撤销:\(named);其数据已标注(加 --exclude-revoked 可排除)"), true
        ))
    }
    if let asOf = provenance.dataAsOf {
      var line = words("data as of \(asOf) (latest merge)", "数据截至 \(asOf)(最近一次合并)")
      if !provenance.bundles.isEmpty { line += words("; bundles: ", ";数据包:") + bundleSummary(provenance.bundles) }
      if let trust = provenance.trustStore {
        line += words("; signers checked against \(trust)", ";签名人已对照 \(trust) 核验")
      }
      lines.append((line, false))
    }
    return lines
  }

  /// `区间参考值:ranges.toml(示例区间,非最高人民法院数值);指标体系2024.01版`.
  func rangesLine(_ ranges: Provenance.RangeUse) -> String {
    let origin =
      ranges.isSample
      ? words("sample ranges, not the SPC's", "示例区间,非最高人民法院数值")
      : (ranges.source ?? words("set by the office", "由本院设定"))
    return words(
      "reference ranges: \(ranges.file) (\(origin)); indicator system \(ranges.version)",
      "区间参考值:\(ranges.file)(\(origin));指标体系\(ranges.version)版")
  }

  /// `courts: 9 of 10 have complete figures; 海淀法院 lacks 2021Q4; no figures: 大兴法院`.
  func courtsLine(_ provenance: Provenance) -> (text: String, isWarning: Bool)? {
    let expected = provenance.courtsExpected
    guard expected > 0 else { return nil }
    let complete = provenance.courtsComplete
    if complete == expected {
      return (words("courts: all \(expected) have complete figures", "法院:\(expected)家数据均完整"), false)
    }
    var parts = [words("courts: \(complete) of \(expected) have complete figures", "法院:\(expected)家中\(complete)家数据完整")]
    for court in provenance.incompleteCourts.prefix(12) { parts.append(court.text(in: language)) }
    if provenance.incompleteCourts.count > 12 {
      parts.append(
        words(
          "and \(provenance.incompleteCourts.count - 12) more incomplete",
          "另有\(provenance.incompleteCourts.count - 12)家不完整"))
    }
    let missing = provenance.missingCourts
    if !missing.isEmpty {
      let named = missing.prefix(12).map(\.name).joined(separator: words(", ", "、"))
      let more = missing.count > 12 ? words(" and \(missing.count - 12) more", "等\(missing.count)家") : ""
      parts.append(words("no figures: \(named)\(more)", "无数据:\(named)\(more)"))
    }
    return (parts.joined(separator: words("; ", ";")), true)
  }

  /// Which bundle each court's figures come from, grouped: "8 courts #1, 西城法院 #1–2".
  package func bundleSummary(_ uses: [Provenance.BundleUse]) -> String {
    var groups: [(sequences: String, courts: [String])] = []
    for use in uses {
      let sequences = "#" + use.sequences.map(String.init).joined(separator: words(", #", "、#"))
      if let index = groups.firstIndex(where: { $0.sequences == sequences }) {
        groups[index].courts.append(use.courtName)
      } else {
        groups.append((sequences, [use.courtName]))
      }
    }
    return groups.map { group in
      group.courts.count > 3
        ? words("\(group.courts.count) courts \(group.sequences)", "\(group.courts.count)家 \(group.sequences)")
        : group.courts.map { "\($0) \(group.sequences)" }.joined(separator: words(", ", "、"))
    }.joined(separator: words("; ", ";"))
  }

  /// The lines under a table that account for the courts left out of it.
  package func excludedLines(_ result: QueryResult) -> [String] {
    guard !result.excluded.isEmpty else { return [] }
    let label = words("not in the table", "未列入表中")
    return result.excluded.map { "\(label): " + $0.text(in: language) }
  }

  // MARK: Terminal

  /// A terminal table: the classification and provenance above, columns aligned by display
  /// width (a CJK character is two columns), numbers on the right, the totals, the courts
  /// left out and the notes below.
  package func table(_ result: QueryResult) -> String {
    let numeric = Set(result.columns.indices.filter { result.columns[$0].isNumeric })
    let table = TerminalTable(
      headers: result.columns.map { $0.header.text(in: language) },
      rows: (result.rows + result.totals).map { $0.cells.map(text) }, rightAligned: numeric)
    var lines: [String] = []
    if !classification.isEmpty { lines.append(style(TerminalText.escaped(classification), "33")) }
    lines.append(style(TerminalText.escaped(result.title.text(in: language)), "1"))
    lines += provenanceItems(result).map { style(TerminalText.escaped($0.text), $0.isWarning ? "33" : "2") }
    var rendered = table.render().components(separatedBy: "\n")
    if !result.totals.isEmpty, let rule = rendered.dropFirst().first {
      rendered.insert(rule, at: rendered.count - result.totals.count)
    }
    lines += rendered
    if result.rows.isEmpty { lines.append(words("(no rows)", "(无结果)")) }
    lines += excludedLines(result).map { "  " + TerminalText.escaped($0) }
    lines += result.notes.map { "  " + TerminalText.escaped($0.text(in: language)) }
    return lines.joined(separator: "\n")
  }

  /// Wraps `text` in an ANSI style when colour is on (a terminal, `NO_COLOR` unset).
  private func style(_ text: String, _ code: String) -> String {
    useColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
  }
}
