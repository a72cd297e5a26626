import CourtFedModel

/// Everything `validate` can find wrong in a workspace. Every case has a message a court clerk
/// can act on, in English and Chinese, and most have a hint saying what to do.
public enum WorkspaceProblem: Sendable, Equatable {
  /// The workspace folder does not exist or is not a folder.
  case notAWorkspace(path: String)
  /// A required file is missing.
  case missingFile(String)
  /// An optional table is missing; the bundle will carry none of its rows.
  case missingOptionalFile(String)
  /// A file could not be read from disk.
  case unreadableFile(reason: String)
  /// The bytes are neither UTF-8 nor GB18030.
  case unknownEncoding
  /// A CSV syntax error.
  case csvSyntax(CSVSyntaxError.Kind)
  /// A syntax error in court.toml.
  case tomlSyntax(String)
  /// court.toml lacks a required key.
  case missingProfileKey(table: String, key: String)
  /// A court.toml key has a value that is not allowed.
  case invalidProfileValue(key: String, value: String, expected: LocalizedText)
  /// court.toml has a key CourtFed does not know.
  case unknownProfileKey(String, suggestions: [String])
  /// A header names no column of the table.
  case unknownColumn(String, suggestions: [String])
  /// Two headers name the same column.
  case duplicateColumn(String)
  /// A required column is missing from the header.
  case missingColumn(WorkspaceColumn)
  /// A row has more fields than the header.
  case extraFields(found: Int, expected: Int)
  /// A required field is empty.
  case emptyField(column: String)
  /// A period in no known form.
  case invalidPeriod(String)
  /// A period of the wrong length for this table (a group score for a whole year).
  case wrongPeriodKind(period: String, expected: PeriodKind)
  /// A measure name that is in the catalog under no name.
  case unknownMeasure(String, suggestions: [String])
  /// An indicator (a rate) given where its counts belong.
  case indicatorGiven(name: String, inputs: [String])
  /// A value written as a percentage.
  case percentGiven(String)
  /// A value with thousands separators.
  case thousandsSeparator(String)
  /// A value with a Chinese unit (万元, 亿, 件).
  case unitInValue(String)
  /// A value that is not a number at all.
  case notANumber(String, column: String)
  /// A value outside what the measure allows.
  case invalidValue(measure: LocalizedText, value: String, ValueProblem)
  /// A measure row with an empty value: not reported yet.
  case valueMissing(measure: LocalizedText, period: String)
  /// A measure reported for a period shorter than it allows.
  case tooFrequent(measure: LocalizedText, period: String, periodicity: PeriodKind)
  /// The same key twice in a table.
  case duplicateRow(what: LocalizedText, firstLine: Int)
  /// A catalog rule broken for one period.
  case ruleBroken(ValidationRule, period: String, left: Double, right: Double)
  /// A longer period's value disagrees with its reported sub-periods.
  case inconsistentTotal(measure: LocalizedText, period: String, value: Double, fromParts: Double, parts: String)
  /// A reference to a branch or group id that is not defined.
  case unknownReference(table: String, id: String, definedIn: String)
  /// A whole number outside its range.
  case outOfRange(column: String, value: String, range: ClosedRange<Double>)
  /// A whole number was expected.
  case notAWholeNumber(column: String, value: String)
  /// A party group kind that is not one of the three.
  case unknownGroupKind(String)
  /// A court id that is not well formed.
  case invalidCourtID(String)
  /// A period that has not ended yet: its figures cannot be final.
  case periodNotEnded(Period)

  /// The message, in both languages.
  public var message: LocalizedText {
    switch self {
    case .notAWorkspace(let path):
      return LocalizedText(en: "\(path) is not a court workspace folder", zh: "\(path) 不是法院工作区文件夹")
    case .missingFile(let name):
      return LocalizedText(en: "the required file \(name) is missing", zh: "缺少必需文件 \(name)")
    case .missingOptionalFile(let name):
      return LocalizedText(en: "there is no \(name); the bundle will carry none of its rows", zh: "没有 \(name),数据包将不含该表")
    case .unreadableFile(let reason):
      return LocalizedText(en: "the file cannot be read: \(reason)", zh: "无法读取文件:\(reason)")
    case .unknownEncoding:
      return LocalizedText(en: "the file is neither UTF-8 nor GB18030 text", zh: "文件既不是 UTF-8 也不是 GB18030 编码的文本")
    case .csvSyntax(.unterminatedQuote):
      return LocalizedText(en: "a quoted field is never closed", zh: "带引号的字段没有结束引号")
    case .csvSyntax(.quoteInUnquotedField):
      return LocalizedText(en: "a double quote inside a field that does not start with one", zh: "未加引号的字段中出现了双引号")
    case .csvSyntax(.textAfterClosingQuote):
      return LocalizedText(en: "text after the closing quote of a field", zh: "字段结束引号之后还有文字")
    case .tomlSyntax(let detail):
      return LocalizedText(en: detail, zh: "court.toml 格式错误:\(detail)")
    case .missingProfileKey(let table, let key):
      return LocalizedText(en: "[\(table)] has no \(key)", zh: "[\(table)] 缺少 \(key)")
    case .invalidProfileValue(let key, let value, _):
      return LocalizedText(en: "\(key) = \"\(value)\" is not allowed", zh: "\(key) = \"\(value)\" 无效")
    case .unknownProfileKey(let key, _):
      return LocalizedText(en: "unknown key \(key)", zh: "未知的键 \(key)")
    case .unknownColumn(let header, _):
      return LocalizedText(en: "unknown column '\(header)'", zh: "未知的列“\(header)”")
    case .duplicateColumn(let header):
      return LocalizedText(en: "the column '\(header)' appears twice", zh: "列“\(header)”重复出现")
    case .missingColumn(let column):
      return LocalizedText(en: "the required column '\(column.key)' is missing", zh: "缺少必需的列“\(column.nameZh)”")
    case .extraFields(let found, let expected):
      return LocalizedText(
        en: "the row has \(found) fields but the header has \(expected)", zh: "该行有\(found)个字段,表头只有\(expected)列")
    case .emptyField(let column):
      return LocalizedText(en: "'\(column)' is empty", zh: "“\(column)”为空")
    case .invalidPeriod(let text):
      return LocalizedText(en: "'\(text)' is not a period", zh: "“\(text)”不是有效的期间")
    case .wrongPeriodKind(let period, let expected):
      return LocalizedText(
        en: "\(period) is not a \(expected.name(in: .en))", zh: "\(period) 不是\(expected.name(in: .zh))期间")
    case .unknownMeasure(let name, _):
      return LocalizedText(en: "unknown measure '\(name)'", zh: "未知指标“\(name)”")
    case .indicatorGiven(let name, _):
      return LocalizedText(
        en: "'\(name)' is a derived indicator, not a reported figure", zh: "“\(name)”是计算得出的指标,不能直接填报")
    case .percentGiven(let text):
      return LocalizedText(
        en: "'\(text)' is a percentage; a measure is reported as a count, amount or score",
        zh: "“\(text)”是百分比;基础指标应填写件数、金额或分数")
    case .thousandsSeparator(let text):
      return LocalizedText(en: "'\(text)' has thousands separators", zh: "“\(text)”含有千位分隔符")
    case .unitInValue(let text):
      return LocalizedText(en: "'\(text)' has a unit in it", zh: "“\(text)”含有单位")
    case .notANumber(let text, let column):
      return LocalizedText(en: "'\(text)' in \(column) is not a number", zh: "“\(column)”中的“\(text)”不是数字")
    case .invalidValue(let measure, let value, let problem):
      return LocalizedText(
        en: "\(measure.en) = \(value): \(problem.message.en)", zh: "\(measure.zh) = \(value):\(problem.message.zh)")
    case .valueMissing(let measure, let period):
      return LocalizedText(
        en: "\(measure.en) for \(period) has no value yet; the row is left out",
        zh: "\(period) 的\(measure.zh)尚未填写数值,该行不导出")
    case .tooFrequent(let measure, let period, let periodicity):
      return LocalizedText(
        en: "\(measure.en) is reported once a \(periodicity.name(in: .en)), not for \(period)",
        zh: "\(measure.zh)按\(periodicity.name(in: .zh))填报,不能填报 \(period)")
    case .duplicateRow(let what, let firstLine):
      return LocalizedText(
        en: "\(what.en) is given twice; first on line \(firstLine)", zh: "\(what.zh) 重复填报,首次出现在第\(firstLine)行")
    case .ruleBroken(let rule, let period, let left, let right):
      return LocalizedText(
        en: "\(period): \(rule.message.en) (\(MeasureValue.format(left)) > \(MeasureValue.format(right)))",
        zh: "\(period):\(rule.message.zh)(\(MeasureValue.format(left)) > \(MeasureValue.format(right)))")
    case .inconsistentTotal(let measure, let period, let value, let fromParts, let parts):
      return LocalizedText(
        en:
          "\(measure.en) for \(period) is \(MeasureValue.format(value)) but \(parts) give \(MeasureValue.format(fromParts))",
        zh: "\(period) 的\(measure.zh)为\(MeasureValue.format(value)),但按 \(parts) 汇总为\(MeasureValue.format(fromParts))")
    case .unknownReference(let table, let id, let definedIn):
      return LocalizedText(
        en: "\(table) '\(id)' is not defined in \(definedIn)", zh: "\(definedIn) 中没有编号为“\(id)”的\(table)")
    case .outOfRange(let column, let value, let range):
      return LocalizedText(
        en:
          "\(column) = \(value) is outside \(MeasureValue.format(range.lowerBound))-\(MeasureValue.format(range.upperBound))",
        zh:
          "\(column) = \(value) 超出 \(MeasureValue.format(range.lowerBound))-\(MeasureValue.format(range.upperBound)) 的范围"
      )
    case .notAWholeNumber(let column, let value):
      return LocalizedText(en: "\(column) = '\(value)' is not a whole number", zh: "\(column) =“\(value)”不是整数")
    case .unknownGroupKind(let text):
      return LocalizedText(en: "'\(text)' is not a group kind", zh: "“\(text)”不是党小组类别")
    case .invalidCourtID(let id):
      return LocalizedText(en: "'\(id)' is not a valid court id", zh: "“\(id)”不是有效的法院编号")
    case .periodNotEnded(let period):
      return LocalizedText(en: "\(period) has not ended yet", zh: "\(period.chineseDescription)尚未结束")
    }
  }

  /// What to do about it, when there is something to say.
  public var hint: LocalizedText? {
    switch self {
    case .notAWorkspace:
      return LocalizedText(
        en: "create one with `courtfed init DIR --court ID --name NAME`",
        zh: "可用 `courtfed init 目录 --court 编号 --name 名称` 新建")
    case .missingFile(let name) where name == "court.toml":
      return LocalizedText(
        en: "`courtfed init` writes a court.toml to fill in", zh: "`courtfed init` 会生成待填写的 court.toml")
    case .missingFile:
      return LocalizedText(en: "`courtfed init` writes the template files", zh: "`courtfed init` 会生成模板文件")
    case .unknownEncoding:
      return LocalizedText(
        en: "save the file again as \"CSV UTF-8\" (Excel) or as CSV from WPS",
        zh: "请在 Excel 中另存为“CSV UTF-8”,或用 WPS 另存为 CSV")
    case .csvSyntax(.unterminatedQuote):
      return LocalizedText(en: "add the closing double quote, or remove the opening one", zh: "补上结束的双引号,或删除开头的双引号")
    case .csvSyntax(.quoteInUnquotedField):
      return LocalizedText(
        en: "put the whole field in double quotes and double the quote inside (\"\")",
        zh: "将整个字段放入双引号,字段内的双引号写成两个(\"\")")
    case .csvSyntax(.textAfterClosingQuote):
      return LocalizedText(en: "a quoted field must end at a comma or the end of the line", zh: "带引号的字段必须以逗号或行尾结束")
    case .invalidProfileValue(_, _, let expected):
      return expected
    case .unknownProfileKey(_, let suggestions), .unknownColumn(_, let suggestions):
      return Self.didYouMean(suggestions)
    case .missingColumn(let column):
      return LocalizedText(
        en: "add a column headed '\(column.key)' or '\(column.nameZh)': \(column.description.en)",
        zh: "请增加表头为“\(column.nameZh)”或“\(column.key)”的列:\(column.description.zh)")
    case .extraFields:
      return LocalizedText(en: "a comma inside a value needs the value in double quotes", zh: "数值中含逗号时,需用双引号括起")
    case .invalidPeriod:
      return LocalizedText(
        en: "write 2024, 2024H1, 2024Q3, 2024-06 or 2024年第三季度", zh: "请写 2024年、2024年上半年、2024年第三季度、2024年6月 或 2024Q3")
    case .wrongPeriodKind(_, let expected):
      return expected == .quarter
        ? LocalizedText(en: "write a quarter such as 2024Q3", zh: "请写季度,如 2024年第三季度")
        : LocalizedText(en: "write a year such as 2024", zh: "请写年度,如 2024")
    case .unknownMeasure(_, let suggestions):
      return Self.didYouMean(suggestions)
        ?? LocalizedText(en: "`courtfed catalog` lists every measure", zh: "`courtfed catalog` 可列出全部指标")
    case .indicatorGiven(_, let inputs):
      return LocalizedText(
        en: "report the counts it is computed from instead: \(inputs.joined(separator: ", "))",
        zh: "请改为填报计算它所需的基础数据:\(inputs.joined(separator: "、"))")
    case .percentGiven:
      return LocalizedText(
        en: "report the numerator and denominator counts; CourtFed computes the rate", zh: "请填报分子和分母的件数,由系统计算比率")
    case .thousandsSeparator(let text):
      return LocalizedText(
        en: "write \(text.filter { $0 != "," && $0 != "，" })", zh: "请写成 \(text.filter { $0 != "," && $0 != "，" })")
    case .unitInValue:
      return LocalizedText(
        en: "write the plain figure in the measure's unit, e.g. 600000000 for 6亿元", zh: "请按指标单位只写数字,如 6亿元 写成 600000000")
    case .valueMissing:
      return LocalizedText(en: "fill in the value, or delete the row", zh: "请填写数值,或删除该行")
    case .duplicateRow:
      return LocalizedText(en: "keep one row and delete the other", zh: "请保留一行,删除另一行")
    case .inconsistentTotal:
      return LocalizedText(en: "correct one of them, or report only the shorter periods", zh: "请更正其一,或只填报较短期间的数据")
    case .unknownReference(_, _, let definedIn):
      return LocalizedText(en: "add it to \(definedIn) or correct the id", zh: "请在 \(definedIn) 中增加,或更正编号")
    case .unknownGroupKind:
      return LocalizedText(en: "write trial, administrative or support (审判执行, 综合行政, 审判辅助)", zh: "请写 审判执行、综合行政 或 审判辅助")
    case .invalidCourtID:
      return LocalizedText(
        en: "use 2-64 lower-case letters, digits and hyphens, starting with a letter: bj-xicheng",
        zh: "请用2-64位小写字母、数字和连字符,以字母开头,如 bj-xicheng")
    case .periodNotEnded(let period):
      let (year, month) = period.lastMonth == 12 ? (period.year + 1, 1) : (period.year, period.lastMonth + 1)
      return LocalizedText(
        en: "report it once it has ended, from \(year)-\(month < 10 ? "0" : "")\(month)-01 (Beijing time)",
        zh: "请在该期间结束后(\(year)年\(month)月1日起)再填报")
    case .tooFrequent(_, _, let periodicity):
      return LocalizedText(
        en: "report it for a whole \(periodicity.name(in: .en))", zh: "请按\(periodicity.name(in: .zh))填报")
    default:
      return nil
    }
  }

  private static func didYouMean(_ suggestions: [String]) -> LocalizedText? {
    guard !suggestions.isEmpty else { return nil }
    let en = suggestions.map { "'\($0)'" }.joined(separator: " or ")
    let zh = suggestions.map { "“\($0)”" }.joined(separator: "或")
    return LocalizedText(en: "did you mean \(en)?", zh: "您是不是要写\(zh)?")
  }
}
