import ArgumentParser
import CourtFedModel
import CourtFedWorkspace
import Foundation

/// `courtfed init DIR --court ID --name NAME`: a new workspace with template files.
struct InitCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "init",
    abstract: "Create a court workspace with template files a clerk can fill in.",
    discussion: """
      Writes court.toml (the court's profile), measures.csv listing every measure for the \
      last complete quarter with empty values, the party tables (branches, groups, group \
      scores, branch ratings) with their headers, and a README.txt describing each column. \
      With --xlsx the tables are the sheets of one Excel workbook, figures.xlsx, instead \
      (period and id columns formatted as text, drop-down lists, the instructions on the \
      first sheet). The folder must be new or empty: init never overwrites.

      Example:
        courtfed init xicheng --court bj-xicheng --name 北京市西城区人民法院 \\
          --parent bj-sample-intermediate --region 西城区 --xlsx
      """)

  @Argument(help: "The folder to create.")
  var directory: String

  @Option(help: "The court's id: lower-case letters, digits and hyphens, e.g. bj-xicheng.")
  var court: String

  @Option(help: "The court's full Chinese name, e.g. 北京市西城区人民法院.")
  var name: String

  @Option(help: "The short name for tables (default: derived from the name, e.g. 西城法院).")
  var shortName: String?

  @Option(help: "An English name, if the court uses one.")
  var englishName: String?

  @Option(help: "basic, intermediate or high.")
  var level: String = "basic"

  @Option(help: "The id of the court this one reports to.")
  var parent: String?

  @Option(help: "The region, e.g. 西城区.")
  var region: String?

  @Option(
    help: ArgumentHelp(
      "The quarter the measures template lists (default: the last complete quarter).",
      valueName: "2024Q3"))
  var period: String?

  @Flag(help: "Write the tables as one Excel workbook, figures.xlsx, instead of CSV files.")
  var xlsx = false

  @Option(
    name: .customLong("lang"),
    help: ArgumentHelp("Language of headers, template and messages.", valueName: "zh|en"))
  var language: Language = .zh
  var chosenLanguage: Language? { language }

  func validate() throws {
    guard Court.isValidID(court) else {
      throw ValidationError(WorkspaceWriteError.invalidCourtID(court).message(in: language))
    }
    if let parent, !Court.isValidID(parent) {
      throw ValidationError("--parent: " + WorkspaceWriteError.invalidCourtID(parent).message(in: language))
    }
    guard CourtLevel(parsing: level) != nil else {
      throw ValidationError("--level must be basic, intermediate or high, not '\(level)'")
    }
    if let period {
      guard let parsed = try? Period(parsing: period), parsed.kind == .quarter else {
        throw ValidationError("--period must be a quarter such as 2024Q3, not '\(period)'")
      }
    }
  }

  func run(in context: CommandContext) throws {
    let console = context.console
    let today = context.now()
    let quarter = try period.map { try Period(parsing: $0) } ?? Self.lastCompleteQuarter(before: today)
    let court = Court(
      id: court, name: name, shortName: shortName ?? Court.shortName(from: name),
      englishName: englishName, level: CourtLevel(parsing: level)!, parent: parent, region: region)
    let writer = WorkspaceWriter(language: language, workbook: xlsx)
    let catalog = MetricCatalog.standard
    let url = context.url(directory)
    try writer.create(writer.template(for: court, quarter: quarter, catalog: catalog), at: url, catalog: catalog)
    let files = writer.files(for: .init(court: court), catalog: catalog).map(\.0).sorted()
    let table = xlsx ? "\(Workspace.workbookFileName) (\(WorkspaceTable.measures.sheetName.en))" : "measures.csv"
    if language == .zh {
      console.line("已在 \(directory) 创建 \(court.shortName)(\(court.id))的工作区:")
      for file in files { console.line("  \(file)") }
      let zhTable = xlsx ? "\(Workspace.workbookFileName) 的“\(WorkspaceTable.measures.sheetName.zh)”表" : "measures.csv"
      console.line("\(zhTable)\(xlsx ? "" : " ")已列出 \(quarter.chineseDescription) 的全部指标,请填写数值;填好后运行:")
      console.line("  courtfed validate \(directory)")
    } else {
      console.line("Created a workspace for \(court.shortName) (\(court.id)) in \(directory):")
      for file in files { console.line("  \(file)") }
      console.line("\(table) lists every measure for \(quarter) with empty values; fill them in, then run:")
      console.line("  courtfed validate \(directory)")
    }
  }

  /// The last quarter that ended before `date`, in China Standard Time.
  static func lastCompleteQuarter(before date: Date) -> Period {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Asia/Shanghai") ?? .current
    let parts = calendar.dateComponents([.year, .month], from: date)
    let current = Period.quarter(parts.year!, (parts.month! - 1) / 3 + 1)
    return current.previous!
  }
}
