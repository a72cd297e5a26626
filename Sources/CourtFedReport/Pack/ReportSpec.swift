import CourtFedFormats
import CourtFedModel
import Foundation

/// A meeting pack's specification, a small TOML file (Specs/report-spec.md):
///
///     title = "2021年度审判质效排名通报"
///     date = "2022-01-20"
///     period = "2021"                  # for every query that names none
///     classification = "内部资料 / internal"
///     language = "zh"
///
///     [[section]]
///     heading = "结案率"
///     query = "结案率 排名"
package struct ReportSpec: Sendable, Equatable {
  /// One `[[section]]` of the spec: a heading and the question whose answer goes under it.
  package struct Section: Sendable, Equatable {
    package var heading: String
    package var query: String
    /// The section's own period, for its query when the query names none (else the spec's).
    package var period: Period?
    /// Where the section starts in the file, for messages.
    package var line: Int
  }

  package var title: String
  package var date: String?
  package var period: Period?
  package var classification: String?
  package var language: Language?
  /// The reference ranges the pack's health-check sections judge by (`ranges = "…"`, a path
  /// relative to the spec's folder), when the spec names them.
  package var ranges: String?
  package var sections: [Section]

  /// Reads a spec; `file` names it in messages.
  ///
  /// - Throws: `ReportSpecError` naming the file, line and key, and what to write instead.
  package init(parsing text: String, file: String) throws(ReportSpecError) {
    let document: TOMLDocument
    do {
      document = try TOMLDocument(parsing: text)
    } catch {
      throw ReportSpecError(file: file, line: error.line, column: error.column, message: error.text)
    }
    let top = document.table("") ?? TOMLTable(name: "", line: 1)
    func string(_ table: TOMLTable, _ key: String) throws(ReportSpecError) -> String? {
      guard let entry = table[key] else { return nil }
      guard case .string(let text) = entry.value else {
        throw ReportSpecError(
          file: file, line: entry.line, column: entry.column,
          message: LocalizedText(
            en: "\(key) must be text in quotes, e.g. \(key) = \"…\"", zh: "\(key) 应为带引号的文本,例如 \(key) = \"…\""))
      }
      return text
    }
    guard let title = try string(top, "title"), !title.isEmpty else {
      throw ReportSpecError(
        file: file, line: 1, column: 1,
        message: LocalizedText(
          en: "the spec needs a title, e.g. title = \"2021年度排名通报\"", zh: "缺少标题,例如 title = \"2021年度排名通报\""))
    }
    self.title = title
    date = try string(top, "date")
    classification = try string(top, "classification")
    func periodValue(_ table: TOMLTable) throws(ReportSpecError) -> Period? {
      guard let text = try string(table, "period") else { return nil }
      guard let parsed = try? Period(parsing: text) else {
        let entry = table["period"]!
        throw ReportSpecError(
          file: file, line: entry.line, column: entry.column,
          message: LocalizedText(
            en: "'\(text)' is not a period; write e.g. \"2021\", \"2021Q4\", \"2021H1\" or \"2021年第四季度\"",
            zh: "“\(text)”不是有效期间;请写 \"2021年\"、\"2021年第四季度\"、\"2021年上半年\" 或 \"2021Q4\""))
      }
      return parsed
    }
    period = try periodValue(top)
    language = nil
    ranges = try string(top, "ranges")
    if let text = try string(top, "language") {
      guard let parsed = Language(rawValue: text) else {
        let entry = top["language"]!
        throw ReportSpecError(
          file: file, line: entry.line, column: entry.column,
          message: LocalizedText(
            en: "language must be \"zh\" or \"en\", not '\(text)'", zh: "language 只能是 \"zh\" 或 \"en\",不能是“\(text)”"))
      }
      language = parsed
    }
    for key in top.keys where !["title", "date", "period", "classification", "language", "ranges"].contains(key) {
      let entry = top[key]!
      throw ReportSpecError(
        file: file, line: entry.line, column: entry.column,
        message: LocalizedText(
          en:
            "unknown key '\(key)'; the keys are title, date, period, classification, language, ranges and [[section]]",
          zh: "未知的键“\(key)”;可用的键为 title、date、period、classification、language、ranges 和 [[section]]"))
    }
    var sections: [Section] = []
    for table in document.tables where table.name != "" {
      guard table.name == "section" else {
        throw ReportSpecError(
          file: file, line: table.line, column: 1,
          message: LocalizedText(
            en: "unknown table [\(table.name)]; sections are [[section]]", zh: "未知的表 [\(table.name)];各部分请写作 [[section]]"
          ))
      }
      for key in table.keys where !["heading", "query", "period"].contains(key) {
        let entry = table[key]!
        throw ReportSpecError(
          file: file, line: entry.line, column: entry.column,
          message: LocalizedText(
            en: "unknown key '\(key)' in [[section]]; a section has heading, query and period",
            zh: "[[section]] 中未知的键“\(key)”;每部分可有 heading、query 和 period"))
      }
      guard let heading = try string(table, "heading"), let query = try string(table, "query") else {
        throw ReportSpecError(
          file: file, line: table.line, column: 1,
          message: LocalizedText(
            en: "each [[section]] needs heading = \"…\" and query = \"…\"",
            zh: "每个 [[section]] 都需要 heading = \"…\" 和 query = \"…\""))
      }
      sections.append(Section(heading: heading, query: query, period: try periodValue(table), line: table.line))
    }
    guard !sections.isEmpty else {
      throw ReportSpecError(
        file: file, line: 1, column: 1,
        message: LocalizedText(
          en: "the spec has no sections; add [[section]] with heading = \"…\" and query = \"…\"",
          zh: "没有任何部分;请添加 [[section]],写明 heading = \"…\" 和 query = \"…\""))
    }
    self.sections = sections
  }
}

/// A problem in a report spec, as `file:line:column: error: message`.
package struct ReportSpecError: ExplainedError, Sendable, Equatable, CustomStringConvertible {
  package var file: String
  package var line: Int
  package var column: Int
  /// What is wrong and what to write instead.
  package var message: LocalizedText

  /// `file:line:column: error: message` in both languages.
  package var text: LocalizedText {
    LocalizedText(
      en: "\(file):\(line):\(column): error: \(message.en)", zh: "\(file):\(line):\(column): 错误:\(message.zh)")
  }

  package var description: String { text.en }
}
