import CourtFedFormats
import CourtFedModel
import Foundation

/// Everything `validate` can find wrong in a workspace. Every case has a message a court clerk
/// can act on, in English and Chinese, and most have a hint saying what to do.
package enum WorkspaceProblem: Sendable, Equatable {
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
  case tomlSyntax(LocalizedText)
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
  case unknownReference(table: LocalizedText, id: String, definedIn: String)
  /// A whole number outside its range.
  case outOfRange(column: String, value: String, range: ClosedRange<Double>)
  /// A whole number was expected.
  case notAWholeNumber(column: String, value: String)
  /// A party group kind that is not one of the three.
  case unknownGroupKind(String)
  /// A court id that is not well formed.
  case invalidCourtID(String)
  /// A path where a file belongs is something else: a folder, a pipe, a device.
  case notAFile(name: String, kind: FileKind, expected: LocalizedText)
  /// A file larger than any workspace file can be.
  case fileTooLarge(name: String, size: Int, limit: Int)
  /// UTF-16 with an odd number of bytes: the file was cut short.
  case truncatedUTF16
  /// UTF-16 with a broken surrogate pair.
  case invalidUTF16
  /// A number in scientific notation (`1.677E+08`), which Excel's General format saves and
  /// which may have lost digits.
  case scientificNotation(String)
  /// A date (`2024/6/1`, `Jun-24`, or a workbook cell formatted as a date) where a period belongs.
  case dateForPeriod(String)
  /// A percent sign on a score (`96.3%` for the satisfaction score).
  case percentForScore(String, measure: LocalizedText)
  /// An equality rule broken for one period, with the values of its left side's terms.
  case balanceBroken(ValidationRule, period: String, terms: [Double], left: Double, right: Double)
  /// A count of branches or groups reported in the figures that differs from the rows of
  /// its party table.
  case partyCountMismatch(measure: LocalizedText, period: String, reported: Double, listed: Int, table: String)
  /// Party members reported in the figures that differ from the sum of the branches' members.
  case partyMembersMismatch(period: String, reported: Double, total: Int, table: String)
  /// A text longer than a coordinator accepts.
  case textTooLong(field: String, length: Int, limit: Int)
  /// A text with a control, line-break or direction character, named by code point.
  case forbiddenCharacter(field: String, scalar: String)
  /// More findings in one file than are shown.
  case moreProblems(errors: Int, warnings: Int)
  /// Both CSV tables and a workbook in one workspace: which one is the court's?
  case bothFormats(csvFiles: [String], workbook: String)
  /// The workbook cannot be read as an .xlsx workbook; says why.
  case unreadableWorkbook(LocalizedText)
  /// A workbook part whose path leaves the workbook (`..`, an absolute path).
  case unsafeWorkbookPath(String)
  /// A workbook that links to other files (external links), whose values could change.
  case externalLink(String)
  /// A formula cell with no saved value.
  case formulaWithoutValue(String)
  /// A formula cell whose saved value is an error (`#DIV/0!`).
  case formulaError(String)
  /// A sheet the workbook needs is missing.
  case missingSheet(WorkspaceTable)
  /// A sheet CourtFed does not read.
  case unknownSheet(String, suggestions: [String])

  /// What a path is, when it is not a regular file.
  package enum FileKind: String, Sendable, Equatable {
    case folder, pipe, device, socket, other

    var name: LocalizedText {
      switch self {
      case .folder: LocalizedText(en: "a folder", zh: "一个文件夹")
      case .pipe: LocalizedText(en: "a named pipe (FIFO)", zh: "一个命名管道(FIFO)")
      case .device: LocalizedText(en: "a device", zh: "一个设备")
      case .socket: LocalizedText(en: "a socket", zh: "一个套接字")
      case .other: LocalizedText(en: "not a regular file", zh: "不是普通文件")
      }
    }

    var shortName: LocalizedText {
      switch self {
      case .folder: LocalizedText(en: "folder", zh: "文件夹")
      case .pipe: LocalizedText(en: "pipe", zh: "管道")
      case .device: LocalizedText(en: "device", zh: "设备")
      case .socket: LocalizedText(en: "socket", zh: "套接字")
      case .other: LocalizedText(en: "item", zh: "项目")
      }
    }
  }
  /// A period that has not ended yet: its figures cannot be final.
  case periodNotEnded(Period)

  /// The message, in both languages.
  package var message: LocalizedText {
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
    case .csvSyntax(.tooManyFields(let limit)):
      return LocalizedText(
        en: "the row has more than \(limit) fields; the rest of the line is not read", zh: "该行超过\(limit)个字段;该行其余部分不读取")
    case .csvSyntax(.fieldTooLong(let limit)):
      return LocalizedText(en: "the field is longer than \(limit) characters", zh: "字段超过\(limit)个字符")
    case .tomlSyntax(let detail):
      return LocalizedText(en: detail.en, zh: "court.toml 格式错误:\(detail.zh)")
    case .missingProfileKey(let table, let key):
      return LocalizedText(en: "[\(table)] has no \(key)", zh: "[\(table)] 缺少 \(key)")
    case .invalidProfileValue(let key, let value, _):
      return LocalizedText(en: "\(key) = \"\(value)\" is not allowed", zh: "\(key) = \"\(value)\" 无效")
    case .unknownProfileKey(let key, _):
      return LocalizedText(en: "unknown key \(key)", zh: "未知的键 \(key)")
    case .unknownColumn(let header, _):
      let header = Self.visible(header)
      return LocalizedText(en: "unknown column '\(header)'", zh: "未知的列“\(header)”")
    case .duplicateColumn(let header):
      let header = Self.visible(header)
      return LocalizedText(en: "the column '\(header)' appears twice", zh: "列“\(header)”重复出现")
    case .missingColumn(let column):
      return LocalizedText(en: "the required column '\(column.key)' is missing", zh: "缺少必需的列“\(column.nameZh)”")
    case .extraFields(let found, let expected):
      return LocalizedText(
        en: "the row has \(found) fields but the header has \(expected)", zh: "该行有\(found)个字段,表头只有\(expected)列")
    case .emptyField(let column):
      return LocalizedText(en: "'\(column)' is empty", zh: "“\(column)”为空")
    case .invalidPeriod(let text):
      let text = Self.visible(text)
      return LocalizedText(en: "'\(text)' is not a period", zh: "“\(text)”不是有效的期间")
    case .wrongPeriodKind(let period, let expected):
      return LocalizedText(
        en: "\(period) is not a \(expected.name(in: .en))", zh: "\(period) 不是\(expected.name(in: .zh))期间")
    case .unknownMeasure(let name, _):
      let name = Self.visible(name)
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
      let (text, column) = (Self.visible(text), Self.visible(column))
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
      let id = Self.visible(id)
      return LocalizedText(
        en: "\(table.en) '\(id)' is not defined in \(definedIn)", zh: "\(definedIn) 中没有编号为“\(id)”的\(table.zh)")
    case .outOfRange(let column, let value, let range):
      return LocalizedText(
        en:
          "\(column) = \(value) is outside \(MeasureValue.format(range.lowerBound))-\(MeasureValue.format(range.upperBound))",
        zh:
          "\(column) = \(value) 超出 \(MeasureValue.format(range.lowerBound))-\(MeasureValue.format(range.upperBound)) 的范围"
      )
    case .notAWholeNumber(let column, let value):
      let (column, value) = (Self.visible(column), Self.visible(value))
      return LocalizedText(en: "\(column) = '\(value)' is not a whole number", zh: "\(column) =“\(value)”不是整数")
    case .unknownGroupKind(let text):
      let text = Self.visible(text)
      return LocalizedText(en: "'\(text)' is not a group kind", zh: "“\(text)”不是党小组类别")
    case .invalidCourtID(let id):
      let id = Self.visible(id)
      return LocalizedText(en: "'\(id)' is not a valid court id", zh: "“\(id)”不是有效的法院编号")
    case .notAFile(let name, let kind, _):
      return LocalizedText(
        en: "\(name) is \(kind.name.en), not a file", zh: "\(name) 是\(kind.name.zh),不是文件")
    case .fileTooLarge(let name, let size, let limit):
      return LocalizedText(
        en: "\(name) is \(size) bytes, over the limit of \(limit)", zh: "\(name) 有\(size)字节,超过\(limit)字节的上限")
    case .truncatedUTF16:
      return LocalizedText(
        en: "the file is UTF-16 but ends in half a character (an odd number of bytes): it was cut short",
        zh: "文件为 UTF-16 编码,但以半个字符结尾(字节数为奇数):文件不完整")
    case .invalidUTF16:
      return LocalizedText(
        en: "the file is UTF-16 but has a broken character on this line", zh: "文件为 UTF-16 编码,但此行有损坏的字符")
    case .scientificNotation(let text):
      let text = Self.visible(text)
      return LocalizedText(
        en: "'\(text)' is in scientific notation: digits may have been lost", zh: "“\(text)”是科学记数法,可能已丢失数字")
    case .dateForPeriod(let text):
      let text = Self.visible(text)
      return LocalizedText(en: "'\(text)' is a date, not a period", zh: "“\(text)”是日期,不是期间")
    case .percentForScore(let text, let measure):
      let text = Self.visible(text)
      return LocalizedText(
        en: "'\(text)' has a percent sign, but \(measure.en) is a score in points",
        zh: "“\(text)”带有百分号,但\(measure.zh)是分数")
    case .balanceBroken(let rule, let period, let terms, let left, let right):
      let arithmetic = "\(rule.arithmetic(terms)) = \(MeasureValue.format(left)) ≠ \(MeasureValue.format(right))"
      return LocalizedText(
        en: "\(period): \(rule.message.en) (\(arithmetic))", zh: "\(period):\(rule.message.zh)(\(arithmetic))")
    case .partyCountMismatch(let measure, let period, let reported, let listed, let table):
      return LocalizedText(
        en: "\(period): \(measure.en) is \(MeasureValue.format(reported)) but \(table) lists \(listed)",
        zh: "\(period) 的\(measure.zh)为\(MeasureValue.format(reported)),但 \(table) 中有\(listed)个")
    case .partyMembersMismatch(let period, let reported, let total, let table):
      return LocalizedText(
        en:
          "\(period): party members is \(MeasureValue.format(reported)) but the branches in \(table) have \(total) members in all",
        zh: "\(period) 的党员人数为\(MeasureValue.format(reported)),但 \(table) 中各党支部党员人数合计为\(total)")
    case .textTooLong(let field, let length, let limit):
      return LocalizedText(
        en: "\(field) is \(length) characters long; the limit is \(limit)",
        zh: "\(field) 长\(length)个字符,超过\(limit)个字符的上限")
    case .forbiddenCharacter(let field, let scalar):
      return LocalizedText(
        en: "\(field) contains \(scalar), a control or direction character", zh: "\(field) 含有控制或方向字符 \(scalar)")
    case .moreProblems(let errors, let warnings):
      return LocalizedText(
        en: "\(errors + warnings) more problems in this file (\(errors) errors, \(warnings) warnings) are not shown",
        zh: "此文件另有\(errors + warnings)个问题未显示(错误\(errors)个,警告\(warnings)个)")
    case .bothFormats(let csvFiles, let workbook):
      let files = csvFiles.joined(separator: ", ")
      return LocalizedText(
        en: "the workspace has both \(workbook) and CSV tables (\(files)); a workspace is one or the other",
        zh: "工作区中同时有 \(workbook) 和 CSV 表格(\(csvFiles.joined(separator: "、")));工作区只能是其中一种")
    case .unreadableWorkbook(let reason):
      return LocalizedText(
        en: "the workbook cannot be read: \(reason.en)", zh: "无法读取工作簿:\(reason.zh)")
    case .unsafeWorkbookPath(let path):
      let path = Self.visible(path)
      return LocalizedText(
        en: "the workbook has a part named '\(path)', which points outside the workbook",
        zh: "工作簿中有名为“\(path)”的部件,指向工作簿之外")
    case .externalLink(let target):
      let target = Self.visible(target)
      return LocalizedText(
        en: "the workbook links to another file (\(target)); its values could change without this workbook changing",
        zh: "工作簿链接了其他文件(\(target));其数值可能在本工作簿不变的情况下改变")
    case .formulaWithoutValue(let formula):
      let formula = Self.visible(formula)
      return LocalizedText(
        en: "the cell has a formula (=\(formula)) but no saved value; the row is left out",
        zh: "单元格有公式(=\(formula))但没有保存计算结果;该行不导出")
    case .formulaError(let value):
      let value = Self.visible(value)
      return LocalizedText(
        en: "the cell's formula gives \(value); the row is left out", zh: "单元格的公式结果为 \(value);该行不导出")
    case .missingSheet(let table):
      return LocalizedText(
        en: "the workbook has no sheet '\(table.sheetName.zh)' (\(table.title.en))",
        zh: "工作簿中没有“\(table.sheetName.zh)”工作表(\(table.title.zh))")
    case .unknownSheet(let name, _):
      let name = Self.visible(name)
      return LocalizedText(
        en: "the sheet '\(name)' is not one CourtFed reads; nothing in it is exported",
        zh: "工作表“\(name)”不是 CourtFed 读取的表,其中内容不会导出")
    case .periodNotEnded(let period):
      return LocalizedText(en: "\(period) has not ended yet", zh: "\(period.chineseDescription)尚未结束")
    }
  }

  /// What to do about it, when there is something to say.
  package var hint: LocalizedText? {
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
    case .csvSyntax(.tooManyFields):
      return LocalizedText(
        en: "delete the extra columns (select them, right-click, Delete) and save again", zh: "请删除多余的列(选中后右键“删除”)再保存")
    case .csvSyntax(.fieldTooLong):
      return LocalizedText(
        en: "a value or name this long is a mistake: check the cell, or a quote that was never closed",
        zh: "如此长的数值或名称必有错误:请检查该单元格,或是否有未关闭的引号")
    case .notAFile(let name, let kind, let expected):
      return LocalizedText(
        en: "\(name) should be \(expected.en); move the \(kind.shortName.en) away",
        zh: "\(name) 应是\(expected.zh);请移走该\(kind.shortName.zh)")
    case .fileTooLarge:
      return LocalizedText(
        en: "a court's figures are far smaller: check that this is the right file", zh: "法院数据远小于此:请确认文件是否正确")
    case .truncatedUTF16, .invalidUTF16:
      return LocalizedText(
        en: "save it again from Excel; a figure near the end may be incomplete", zh: "请从 Excel 重新保存;末尾的数据可能不完整")
    case .scientificNotation:
      return LocalizedText(
        en:
          "format the column as a number with two decimals (Format Cells → Number) and save again; Excel's General format saves large amounts as 1.677E+08",
        zh: "请将该列设置为保留两位小数的数值格式(设置单元格格式 → 数值)后重新保存;Excel 的“常规”格式会把大金额保存为 1.677E+08")
    case .dateForPeriod:
      return LocalizedText(
        en:
          "format the period column as text (Format Cells → Text) and type the period again, e.g. 2024-06 or 2024年6月: Excel turns 2024-06 into a date",
        zh: "请将期间列设置为文本格式(设置单元格格式 → 文本)后重新填写,如 2024-06 或 2024年6月;Excel 会把 2024-06 自动变成日期")
    case .percentForScore(let text, _):
      let plain = Self.visible(text).filter { $0 != "%" && $0 != "％" }.trimmingCharacters(in: .whitespaces)
      return LocalizedText(en: "write \(plain)", zh: "请写 \(plain)")
    case .balanceBroken:
      return LocalizedText(
        en: "check the four figures: cases pending are counted at the end of the period", zh: "请核对这四个数:未结案件按期末统计")
    case .partyCountMismatch, .partyMembersMismatch:
      return LocalizedText(
        en: "correct the figure or the table: both describe the court's party organisation", zh: "请更正数字或表格:二者描述的是同一个党组织"
      )
    case .textTooLong(let field, _, _) where field == "name" || field == "short_name" || field == "english_name":
      return LocalizedText(
        en: "write the court's name as it is officially written; coordinators refuse longer names",
        zh: "请按正式名称填写;协调法院不接受更长的名称")
    case .textTooLong:
      return LocalizedText(en: "shorten it; coordinators refuse longer text", zh: "请缩短;协调法院不接受更长的文字")
    case .forbiddenCharacter:
      return LocalizedText(
        en: "retype the text without it; such characters can hide or reorder what a table shows",
        zh: "请删除该字符后重新输入;此类字符会隐藏或打乱表格的显示")
    case .moreProblems:
      return LocalizedText(en: "correct the ones above and validate again", zh: "请先更正以上问题,再重新检查")
    case .bothFormats(_, let workbook):
      return LocalizedText(
        en: "keep \(workbook) and move the CSV files to another folder, or the other way round",
        zh: "请保留 \(workbook) 并把 CSV 文件移到别的文件夹,或者反过来")
    case .unreadableWorkbook:
      return LocalizedText(
        en: "open it in Excel or WPS and save it again as an Excel workbook (.xlsx)",
        zh: "请用 Excel 或 WPS 打开,并另存为 Excel 工作簿(.xlsx)")
    case .unsafeWorkbookPath:
      return LocalizedText(
        en: "this is not how Excel or WPS save a workbook: save it again from one of them",
        zh: "Excel 和 WPS 不会这样保存工作簿:请用其中之一重新保存")
    case .externalLink:
      return LocalizedText(
        en: "copy the values in (Paste Special → Values) and break the link (Data → Edit Links → Break Link)",
        zh: "请以“选择性粘贴 → 数值”粘贴数值,并断开链接(数据 → 编辑链接 → 断开链接)")
    case .formulaWithoutValue:
      return LocalizedText(
        en: "open the workbook in Excel or WPS and save it, so the formula's value is saved with it",
        zh: "请用 Excel 或 WPS 打开工作簿并保存,使公式结果一并保存")
    case .formulaError:
      return LocalizedText(en: "correct the formula or type the figure", zh: "请更正公式,或直接填写数字")
    case .missingSheet:
      return LocalizedText(
        en: "`courtfed init DIR --xlsx` writes a workbook with every sheet; copy the sheet from it",
        zh: "`courtfed init 目录 --xlsx` 会生成含全部工作表的工作簿,可从中复制")
    case .unknownSheet(_, let suggestions):
      return Self.didYouMean(suggestions)
    default:
      return nil
    }
  }

  /// `text` with every invisible character (controls, format characters such as the
  /// byte-order mark and zero-width space, line and paragraph separators, spaces other than
  /// the plain and the ideographic one) named by its code point: `<U+FEFF>期间`.
  static func visible(_ text: String) -> String {
    guard text.unicodeScalars.contains(where: isInvisible) else { return text }
    var result = ""
    for scalar in text.unicodeScalars {
      if isInvisible(scalar) {
        result += "<U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4) + ">"
      } else {
        result.unicodeScalars.append(scalar)
      }
    }
    return result
  }

  static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.properties.generalCategory {
    case .control, .format, .lineSeparator, .paragraphSeparator, .unassigned, .privateUse, .surrogate: true
    case .spaceSeparator: scalar != " " && scalar != "\u{3000}"
    default: false
    }
  }

  static func didYouMean(_ suggestions: [String]) -> LocalizedText? {
    guard !suggestions.isEmpty else { return nil }
    let en = suggestions.map { "'\($0)'" }.joined(separator: " or ")
    let zh = suggestions.map { "“\($0)”" }.joined(separator: "或")
    return LocalizedText(en: "did you mean \(en)?", zh: "您是不是要写\(zh)?")
  }
}

extension String {
  /// Zeros in front up to `width` characters: "FEFF", "00A0".
  fileprivate func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: "0", count: width - count) + self
  }
}
