import CourtFedFormats
import CourtFedModel
import Foundation

/// The office's reference ranges (区间参考值), per indicator and version of the indicator
/// system, read from `ranges.toml` beside the database (`Specs/reference-ranges.md`). The
/// SPC's own values are not public in our sources: the office sets them, and a file marked
/// `sample = true` makes every output that uses it say so (示例区间).
public struct ReferenceRanges: Sendable, Equatable {
  /// The file's name as shown (`ranges.toml`).
  package var file: String
  /// The values are samples, not an authority's: every output says so.
  package var isSample: Bool
  /// Where the values come from, as the file says (`source = "…"`), if it does.
  package var source: String?
  /// `version indicator kind` (`2024.01 closure_rate year`) → range.
  package var ranges: [String: ReferenceRange]

  /// The range of `indicator` in `version` for periods of `kind` (a year's closure rate and a
  /// quarter's are different figures), if the file sets one.
  package func range(_ indicator: String, version: String, kind: PeriodKind) -> ReferenceRange? {
    ranges[Self.key(indicator, version, kind)]
  }

  /// Whether the file sets any range for periods of `kind` in `version`.
  package func hasRanges(version: String, kind: PeriodKind) -> Bool {
    ranges.keys.contains { $0.hasPrefix(version + " ") && $0.hasSuffix(" " + kind.rawValue) }
  }

  static func key(_ indicator: String, _ version: String, _ kind: PeriodKind) -> String {
    "\(version) \(indicator) \(kind.rawValue)"
  }

  /// The name of the file beside a database: `ranges.toml`.
  public static let fileName = "ranges.toml"

  /// The largest ranges file read: a few hundred lines at most in practice.
  static let maximumBytes = 1 << 20

  /// Reads the ranges file at `url`; nil when there is none.
  ///
  /// - Throws: `RangesError` naming every problem with its line and column.
  public static func load(_ url: URL, catalog: MetricCatalog) throws(RangesError) -> ReferenceRanges? {
    guard FileManager.default.fileExists(atPath: url.path) else { return nil }
    let name = url.lastPathComponent
    let data: Data
    do {
      let handle = try FileHandle(forReadingFrom: url)
      defer { try? handle.close() }
      data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
    } catch {
      throw RangesError(file: name, problems: [RangesProblem(line: 0, column: 0, message: Self.unreadable)])
    }
    guard data.count <= maximumBytes else {
      throw RangesError(
        file: name,
        problems: [
          RangesProblem(
            line: 0, column: 0,
            message: LocalizedText(
              en: "the file is larger than 1 MB; a ranges file is a few lines", zh: "文件超过1 MB;区间文件只需几十行"))
        ])
    }
    guard var text = String(data: data, encoding: .utf8) else {
      throw RangesError(
        file: name,
        problems: [
          RangesProblem(
            line: 0, column: 0,
            message: LocalizedText(en: "the file is not UTF-8 text", zh: "文件不是 UTF-8 文本"),
            hint: LocalizedText(en: "save it as UTF-8", zh: "请另存为 UTF-8 编码"))
        ])
    }
    if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
    return try ReferenceRanges(parsing: text, file: name, catalog: catalog)
  }

  private static let unreadable = LocalizedText(en: "the file cannot be read", zh: "无法读取文件")

  /// Parses a ranges file's text.
  ///
  /// - Throws: `RangesError` with every problem found.
  package init(parsing text: String, file: String, catalog: MetricCatalog) throws(RangesError) {
    self.file = file
    let document: TOMLDocument
    do {
      document = try TOMLDocument(parsing: text)
    } catch {
      throw RangesError(
        file: file, problems: [RangesProblem(line: error.line, column: error.column, message: error.text)])
    }
    var problems: [RangesProblem] = []
    var isSample = false
    var source: String?
    var ranges: [String: ReferenceRange] = [:]
    var firstLine: [String: Int] = [:]
    let versions = catalog.indicatorSystems.map(\.version)
    for table in document.tables {
      switch table.name {
      case "":
        for key in table.keys {
          let entry = table[key]!
          switch key {
          case "sample":
            if case .boolean(let value) = entry.value {
              isSample = value
            } else {
              problems.append(
                RangesProblem(
                  line: entry.line, column: entry.column,
                  message: LocalizedText(en: "sample is true or false", zh: "sample 应为 true 或 false")))
            }
          case "source":
            if case .string(let value) = entry.value {
              source = value
            } else {
              problems.append(
                RangesProblem(
                  line: entry.line, column: entry.column,
                  message: LocalizedText(en: "source is text in quotes", zh: "source 应为带引号的文本")))
            }
          default:
            problems.append(
              RangesProblem(
                line: entry.line, column: entry.keyColumn,
                message: LocalizedText(en: "unknown key '\(key)'", zh: "未知的键“\(key)”"),
                hint: LocalizedText(
                  en: "before the first [[range]]: sample = true or false, source = \"…\"",
                  zh: "第一个 [[range]] 之前只能写 sample = true/false 和 source = \"…\"")))
          }
        }
      case "range":
        let read = Self.range(table, catalog: catalog, versions: versions, problems: &problems)
        guard let (indicator, version, kind, range) = read else { continue }
        let key = Self.key(indicator.key, version, kind)
        if let first = firstLine[key] {
          problems.append(
            RangesProblem(
              line: table.line, column: 1,
              message: LocalizedText(
                en:
                  "a second range for \(indicator.key) in \(version) for \(kind.rawValue)s (the first is on line \(first))",
                zh: "\(indicator.nameZh)在\(version)版中的\(kind.name(in: .zh))区间重复设置(第一处在第\(first)行)"),
              hint: LocalizedText(en: "keep one of them", zh: "请只保留一个")))
          continue
        }
        firstLine[key] = table.line
        ranges[key] = range
      default:
        problems.append(
          RangesProblem(
            line: table.line, column: 1,
            message: LocalizedText(en: "unknown table [\(table.name)]", zh: "未知的表 [\(table.name)]"),
            hint: LocalizedText(en: "each range is a [[range]] table", zh: "每个区间写作一个 [[range]] 表")))
      }
    }
    guard problems.isEmpty else {
      throw RangesError(file: file, problems: problems.sorted { ($0.line, $0.column) < ($1.line, $1.column) })
    }
    self.isSample = isSample
    self.source = source
    self.ranges = ranges
  }

  /// One `[[range]]` table, checked against the catalog; nil (with problems) when wrong.
  private static func range(
    _ table: TOMLTable, catalog: MetricCatalog, versions: [String], problems: inout [RangesProblem]
  ) -> (Indicator, String, PeriodKind, ReferenceRange)? {
    let before = problems.count
    func problem(
      _ entry: TOMLEntry?, key: Bool = false, _ en: String, _ zh: String, hintEn: String? = nil, hintZh: String? = nil
    ) {
      problems.append(
        RangesProblem(
          line: entry?.line ?? table.line, column: entry.map { key ? $0.keyColumn : $0.column } ?? 1,
          message: LocalizedText(en: en, zh: zh), hint: hintEn.map { LocalizedText(en: $0, zh: hintZh ?? $0) }))
    }
    let known = ["indicator", "version", "period", "low", "high", "low_inclusive", "high_inclusive"]
    for key in table.keys where !known.contains(key) {
      let suggestion = EditDistance.suggestions(for: key, among: known, count: 1).first
      problem(
        table[key], key: true, "unknown key '\(key)' in a range", "区间中有未知的键“\(key)”",
        hintEn: suggestion.map { "did you mean '\($0)'?" } ?? "a range has " + known.joined(separator: ", "),
        hintZh: suggestion.map { "您是不是要写“\($0)”?" } ?? "区间可写的键:" + known.joined(separator: "、"))
    }
    // The indicator, by key or by any of its names.
    var indicator: Indicator?
    if let entry = table["indicator"] {
      guard case .string(let name) = entry.value else {
        problem(entry, "indicator is a name in quotes", "indicator 应为带引号的指标名")
        return nil
      }
      switch catalog.metric(named: name) {
      case .indicator(let found)?: indicator = found
      case .measure(let measure)?:
        problem(
          entry, "'\(name)' is a measure courts report, not an indicator judged against a range",
          "“\(name)”是基础指标(由法院填报),不是按区间评判的计算指标",
          hintEn: "ranges are set for indicators such as closure_rate", hintZh: "区间针对计算指标,如 结案率")
        _ = measure
      case nil:
        let suggestions = catalog.suggestions(for: name)
        problem(
          entry, "unknown indicator '\(name)'", "未知指标“\(name)”",
          hintEn: suggestions.isEmpty
            ? "`courtfed catalog` lists the indicators"
            : "did you mean " + suggestions.map { "'\($0)'" }.joined(separator: " or ") + "?",
          hintZh: suggestions.isEmpty
            ? "`courtfed catalog --lang zh` 可列出全部指标"
            : "您是不是要写" + suggestions.map { "“\($0)”" }.joined(separator: "或") + "?")
      }
    } else {
      problem(
        nil, "a range needs indicator = \"…\"", "区间缺少 indicator = \"…\"", hintEn: "indicator = \"closure_rate\"",
        hintZh: "indicator = \"结案率\"")
    }
    // The version of the indicator system.
    var version: String?
    if let entry = table["version"] {
      let text: String? =
        switch entry.value {
        case .string(let text): text
        case .float: nil  // 2024.01 unquoted reads as 2024.1: refused, so no version is misread
        default: nil
        }
      if let text, versions.contains(text) {
        version = text
      } else if text == nil {
        problem(
          entry, "the version goes in quotes: \(entry.value.text) without them is a number",
          "版本号须加引号:不加引号的 \(entry.value.text) 是数字",
          hintEn: "version = \"\(versions.first ?? "2024.01")\"", hintZh: "version = \"\(versions.first ?? "2024.01")\""
        )
      } else {
        problem(
          entry, "unknown indicator-system version '\(entry.value.text)'", "未知的指标体系版本“\(entry.value.text)”",
          hintEn: "write one of " + versions.map { "\"\($0)\"" }.joined(separator: ", ") + " (in quotes)",
          hintZh: "请写 " + versions.map { "\"\($0)\"" }.joined(separator: "、") + " 之一(带引号)")
      }
    } else {
      problem(
        nil, "a range needs version = \"…\" (the indicator system it belongs to)", "区间缺少 version = \"…\"(所属指标体系版本)",
        hintEn: "version = \"\(versions.last ?? "2024.09")\"", hintZh: "version = \"\(versions.last ?? "2024.09")\"")
    }
    if let found = indicator, let version, !found.systems.contains(version) {
      let member = found.systems.isEmpty ? nil : found.systems.joined(separator: ", ")
      problem(
        table["indicator"], "\(found.key) (\(found.nameZh)) is not an indicator of system \(version)",
        "\(found.nameZh)不属于\(version)版指标体系",
        hintEn: member.map { "it belongs to \($0)" } ?? "it is in no version of the SPC's system, so it has no range",
        hintZh: member.map { "它属于\($0)版" } ?? "它不属于最高法院指标体系的任何版本,不设区间")
    }
    // The length of period it judges: a year unless it says otherwise.
    var kind = PeriodKind.year
    if let entry = table["period"] {
      if case .string(let text) = entry.value, let found = PeriodKind(rawValue: text) {
        kind = found
      } else {
        problem(
          entry, "period is \"year\", \"half\", \"quarter\" or \"month\"",
          "period 应为 \"year\"、\"half\"、\"quarter\" 或 \"month\"")
      }
    }
    // The bounds.
    func bound(_ key: String) -> (Double, TOMLEntry)? {
      guard let entry = table[key] else { return nil }
      guard let number = entry.value.number, number.isFinite else {
        problem(entry, "\(key) is a number", "\(key) 应为数字")
        return nil
      }
      return (number, entry)
    }
    func flag(_ key: String) -> Bool {
      guard let entry = table[key] else { return true }
      guard case .boolean(let value) = entry.value else {
        problem(entry, "\(key) is true or false", "\(key) 应为 true 或 false")
        return true
      }
      return value
    }
    let low = bound("low")
    let high = bound("high")
    let lowInclusive = flag("low_inclusive")
    let highInclusive = flag("high_inclusive")
    for (flagKey, boundKey, value) in [("low_inclusive", "low", low), ("high_inclusive", "high", high)]
    where table[flagKey] != nil && value == nil && table[boundKey] == nil {
      problem(table[flagKey], key: true, "\(flagKey) without \(boundKey)", "有 \(flagKey) 却没有 \(boundKey)")
    }
    if table["low"] == nil, table["high"] == nil {
      problem(nil, "a range needs low, high or both", "区间至少要有 low 或 high", hintEn: "low = 93", hintZh: "low = 93")
    }
    if let shape = indicator?.rangeShape {
      if !shape.hasLow, let (_, entry) = low {
        problem(
          entry, key: true, "\(indicator!.key)'s range has a high bound only (at most)", "\(indicator!.nameZh)的区间只有上限",
          hintEn: "use high", hintZh: "请用 high")
      }
      if !shape.hasHigh, let (_, entry) = high {
        problem(
          entry, key: true, "\(indicator!.key)'s range has a low bound only (at least)", "\(indicator!.nameZh)的区间只有下限",
          hintEn: "use low", hintZh: "请用 low")
      }
    } else if let found = indicator, found.systems.isEmpty {
      // Already said: not in the system.
    }
    if let (lowValue, _) = low, let (highValue, entry) = high,
      lowValue > highValue || (lowValue == highValue && !(lowInclusive && highInclusive))
    {
      problem(
        entry, "the range is empty: high \(entry.value.text) is below low \(table["low"]!.value.text)",
        "区间为空:上限 \(entry.value.text) 低于下限 \(table["low"]!.value.text)")
    }
    guard problems.count == before, let indicator, let version else { return nil }
    return (
      indicator, version, kind,
      ReferenceRange(low: low?.0, lowInclusive: lowInclusive, high: high?.0, highInclusive: highInclusive)
    )
  }
}

/// One problem in a ranges file.
package struct RangesProblem: Sendable, Equatable {
  /// 1-based; 0 for the file as a whole.
  package var line: Int
  package var column: Int
  package var message: LocalizedText
  package var hint: LocalizedText?

  package init(line: Int, column: Int, message: LocalizedText, hint: LocalizedText? = nil) {
    self.line = line
    self.column = column
    self.message = message
    self.hint = hint
  }
}

/// Why a ranges file was refused: every problem, as `ranges.toml:LINE:COLUMN: error: …` with
/// a hint, in both languages.
public struct RangesError: ExplainedError, Sendable, Equatable {
  package var file: String
  package var problems: [RangesProblem]

  package init(file: String, problems: [RangesProblem]) {
    self.file = file
    self.problems = problems
  }

  package var text: LocalizedText {
    LocalizedText(en: rendered(in: .en), zh: rendered(in: .zh))
  }

  func rendered(in language: Language) -> String {
    problems.map { problem in
      let place = problem.line > 0 ? "\(file):\(problem.line):\(problem.column)" : file
      var text = "\(place): error: " + problem.message.text(in: language)
      if let hint = problem.hint { text += "\n    " + (language == .zh ? "提示: " : "hint: ") + hint.text(in: language) }
      return text
    }.joined(separator: "\n")
  }
}
