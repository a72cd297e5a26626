import ArgumentParser
import CourtFedModel
import CourtFedWorkspace
import Foundation

/// `courtfed validate DIR`: check a workspace, report every problem, change nothing.
struct ValidateCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "validate",
    abstract: "Check a court workspace against the metric catalog; change nothing.",
    discussion: """
      Reads every file (UTF-8, UTF-8 with BOM, UTF-16, or GB18030 as Excel and WPS save on a \
      Chinese Windows, detected by itself), or the workbook figures.xlsx, and checks every \
      catalog rule, and that every period has ended (as of now, or of SOURCE_DATE_EPOCH when \
      set). All problems are reported at once, one per line, as

        file:line:column: error: message
            hint: what to do

      or, in a workbook, figures.xlsx:指标数据!C12: error: message. The first 100 problems of \
      a file are shown and the rest counted.

      Exit status 1 when there is any error; 0 when there are only warnings or none. \
      Messages follow the workspace's language (court.toml) unless --lang says otherwise.
      """)

  @Argument(help: "The workspace folder.")
  var directory: String

  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }

  func run(in context: CommandContext) throws {
    let console = context.console
    let url = context.url(directory)
    let report = WorkspaceLoader(now: context.now()).load(url)
    let language = languageOption.language ?? report.workspace?.language ?? .en
    for diagnostic in report.diagnostics {
      var text = diagnostic.formatted(in: language)
      let label = "\(diagnostic.severity.rawValue):"
      text = text.replacingOccurrences(
        of: label, with: console.styled(label, diagnostic.severity == .error ? .red : .yellow),
        options: [], range: text.range(of: label))
      console.line("\(directory)/\(text)")
    }
    console.line(summary(report, language: language))
    if report.errorCount > 0 { throw ExitCode(ExitStatus.failure) }
  }

  private func summary(_ report: WorkspaceReport, language: Language) -> String {
    let errors = report.errorCount
    let warnings = report.warningCount
    guard let workspace = report.workspace else {
      return language == .zh
        ? "\(directory):\(errors)个错误,\(warnings)个警告;无法读取工作区。"
        : "\(directory): \(count(errors, "error")), \(count(warnings, "warning")); the workspace could not be read."
    }
    let periods = workspace.periods
    let span = periods.isEmpty ? "-" : periods.count == 1 ? "\(periods[0])" : "\(periods.first!)–\(periods.last!)"
    if language == .zh {
      let verdict = errors > 0 ? "\(errors)个错误,\(warnings)个警告" : warnings > 0 ? "无错误,\(warnings)个警告" : "未发现问题"
      return
        "\(workspace.court.shortName)(\(workspace.court.id)):指标数据\(workspace.measures.count)行(\(span)),党支部\(workspace.branches.count)个,党小组\(workspace.groups.count)个;\(verdict)。"
    }
    let verdict =
      errors > 0
      ? "\(count(errors, "error")), \(count(warnings, "warning"))"
      : warnings > 0 ? "no errors, \(count(warnings, "warning"))" : "no problems"
    let rows = count(workspace.measures.count, "measure row")
    let branches = count(workspace.branches.count, "branch", "branches")
    let groups = count(workspace.groups.count, "group")
    return
      "\(workspace.court.shortName) (\(workspace.court.id)): \(rows) (\(span)), \(branches), \(groups); \(verdict)."
  }

  /// "1 error", "2 errors".
  private func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
  }
}
