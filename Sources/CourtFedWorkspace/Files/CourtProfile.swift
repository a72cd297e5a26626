import CourtFedFormats
import CourtFedModel
import Foundation

/// Reads and writes `court.toml`, the court's profile.
///
///     [court]
///     id = "bj-xicheng"
///     name = "北京市西城区人民法院"
///     short_name = "西城法院"
///     level = "basic"
///     parent = "bj-sample-intermediate"
///
///     [workspace]
///     language = "zh"
enum CourtProfile {
  static let courtKeys = ["id", "name", "short_name", "english_name", "level", "parent", "region"]
  static let workspaceKeys = ["language"]

  /// The court and language, or nil when a required key is missing or invalid; findings go
  /// to `diagnostics`.
  static func read(_ document: TOMLDocument, file: String, diagnostics: inout DiagnosticList)
    -> (Court, Language)?
  {
    for table in document.tables where !["court", "workspace"].contains(table.name) {
      diagnostics.append(
        Diagnostic(
          .warning,
          .unknownProfileKey(
            table.name.isEmpty ? table.keys.first ?? "" : "[\(table.name)]",
            suggestions: EditDistance.suggestions(for: table.name, among: ["court", "workspace"])),
          at: SourceLocation(file: file, line: table.line)))
    }
    guard let court = document.table("court") else {
      diagnostics.append(
        Diagnostic(.error, .missingProfileKey(table: "court", key: "id"), at: SourceLocation(file: file, line: 1)))
      return nil
    }
    let workspace = document.table("workspace")
    for (table, known) in [(court, courtKeys), (workspace, workspaceKeys)] {
      guard let table else { continue }
      for key in table.keys where !known.contains(key) {
        let entry = table.entries[key]!
        diagnostics.append(
          Diagnostic(
            .warning, .unknownProfileKey(key, suggestions: EditDistance.suggestions(for: key, among: known)),
            at: SourceLocation(file: file, line: entry.line, column: 1)))
      }
    }

    func location(_ entry: TOMLEntry) -> SourceLocation {
      SourceLocation(file: file, line: entry.line, column: entry.column)
    }
    func required(_ key: String) -> TOMLEntry? {
      guard let entry = court[key], !entry.value.text.trimmingCharacters(in: .whitespaces).isEmpty
      else {
        diagnostics.append(
          Diagnostic(
            .error, .missingProfileKey(table: "court", key: key), at: SourceLocation(file: file, line: court.line)))
        return nil
      }
      return entry
    }
    func optional(_ key: String) -> String? {
      guard let text = court[key]?.value.text.trimmingCharacters(in: .whitespaces), !text.isEmpty
      else { return nil }
      return text
    }

    var valid = true
    let idEntry = required("id")
    let nameEntry = required("name")
    // Names leave the court in every bundle: the coordinator's limits apply here first.
    for key in ["name", "short_name", "english_name", "region"] {
      guard let entry = court[key], case .string(let text) = entry.value,
        let problem = NameText.problem(text, field: key, limit: Workspace.nameLimit)
      else { continue }
      diagnostics.append(Diagnostic(.error, problem, at: location(entry)))
      valid = false
    }
    let levelEntry = required("level")
    if let idEntry, !Court.isValidID(idEntry.value.text) {
      diagnostics.append(Diagnostic(.error, .invalidCourtID(idEntry.value.text), at: location(idEntry)))
      valid = false
    }
    if let parent = court["parent"], !parent.value.text.isEmpty, !Court.isValidID(parent.value.text) {
      diagnostics.append(Diagnostic(.error, .invalidCourtID(parent.value.text), at: location(parent)))
      valid = false
    }
    var level: CourtLevel?
    if let levelEntry {
      level = CourtLevel(parsing: levelEntry.value.text)
      if level == nil {
        diagnostics.append(
          Diagnostic(
            .error,
            .invalidProfileValue(
              key: "level", value: levelEntry.value.text,
              expected: LocalizedText(
                en: "write basic, intermediate or high", zh: "请写 basic(基层)、intermediate(中级)或 high(高级)")),
            at: location(levelEntry)))
      }
    }
    var language = Language.en
    if let entry = workspace?["language"] {
      if let value = Language(rawValue: entry.value.text) {
        language = value
      } else {
        diagnostics.append(
          Diagnostic(
            .error,
            .invalidProfileValue(
              key: "language", value: entry.value.text,
              expected: LocalizedText(en: "write zh or en", zh: "请写 zh 或 en")),
            at: location(entry)))
      }
    }
    guard valid, let idEntry, let nameEntry, let level else { return nil }
    let name = nameEntry.value.text.trimmingCharacters(in: .whitespaces).precomposedStringWithCanonicalMapping
    let result = Court(
      id: idEntry.value.text, name: name,
      shortName: optional("short_name")?.precomposedStringWithCanonicalMapping ?? Court.shortName(from: name),
      englishName: optional("english_name")?.precomposedStringWithCanonicalMapping, level: level,
      parent: optional("parent"), region: optional("region")?.precomposedStringWithCanonicalMapping)
    return (result, language)
  }

  /// The text of a court.toml for `court`, with comments a clerk can follow.
  static func text(for court: Court, language: Language) -> String {
    var lines: [String] = []
    if language == .zh {
      lines.append("# CourtFed 法院基本信息。id 一经确定不得更改;修改后请运行 courtfed validate 检查。")
    } else {
      lines.append(
        "# CourtFed court profile. The id never changes once bundles are sent; run `courtfed validate` after editing.")
    }
    lines.append("[court]")
    lines.append("id = \(TOMLDocument.quoted(court.id))")
    lines.append("name = \(TOMLDocument.quoted(court.name))")
    lines.append("short_name = \(TOMLDocument.quoted(court.shortName))")
    if let english = court.englishName { lines.append("english_name = \(TOMLDocument.quoted(english))") }
    lines.append(
      "level = \(TOMLDocument.quoted(court.level.rawValue))"
        + (language == .zh ? "  # basic 基层, intermediate 中级, high 高级" : "  # basic, intermediate or high"))
    if let parent = court.parent { lines.append("parent = \(TOMLDocument.quoted(parent))") }
    if let region = court.region { lines.append("region = \(TOMLDocument.quoted(region))") }
    lines.append("")
    lines.append("[workspace]")
    lines.append(
      "language = \(TOMLDocument.quoted(language.rawValue))"
        + (language == .zh ? "  # 模板与提示语言: zh 或 en" : "  # language of templates and messages: en or zh"))
    return lines.joined(separator: "\n") + "\n"
  }
}
