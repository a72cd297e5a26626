import CourtFedFormats
import CourtFedModel
import Foundation

/// Errors writing a workspace.
package enum WorkspaceWriteError: ExplainedError, Sendable, Equatable {
  /// The folder exists and has files in it; `init` never overwrites.
  case directoryNotEmpty(String)
  /// The court id is not well formed.
  case invalidCourtID(String)
  /// The file system refused; carries the path and the reason.
  case cannotWrite(path: String, reason: String)

  /// The message in both languages.
  package var text: LocalizedText { LocalizedText(en: message(in: .en), zh: message(in: .zh)) }

  /// A message the user can act on.
  package func message(in language: Language) -> String {
    switch (self, language) {
    case (.directoryNotEmpty(let path), .en):
      "\(path) already exists and is not empty; choose a new folder (nothing was written)"
    case (.directoryNotEmpty(let path), .zh):
      "\(path) 已存在且不为空;请换一个新文件夹(未写入任何文件)"
    case (.invalidCourtID(let id), _):
      WorkspaceProblem.invalidCourtID(id).message.text(in: language) + "; "
        + WorkspaceProblem.invalidCourtID(id).hint!.text(in: language)
    case (.cannotWrite(let path, let reason), .en):
      "cannot write \(path): \(reason)"
    case (.cannotWrite(let path, let reason), .zh):
      "无法写入 \(path):\(reason)"
    }
  }
}

/// Writes workspace files: the templates of `courtfed init`, and whole workspaces (the
/// sample generator). Tables are CSV files, UTF-8 with a BOM by default, which Excel and WPS
/// open correctly, lines ending in CRLF; or one `.xlsx` workbook (`figures.xlsx`).
public struct WorkspaceWriter: Sendable {
  package var language: Language
  package var encoding: TextEncoding
  /// Whether the tables go in one workbook instead of CSV files.
  package var workbook: Bool

  /// A writer of templates and workspaces in `language` (headers, instructions): tables as CSV
  /// files in `encoding`, or as one `.xlsx` workbook when `workbook` is true. court.toml and a
  /// workbook are always UTF-8.
  public init(language: Language, encoding: TextEncoding = .utf8WithBOM, workbook: Bool = false) {
    self.language = language
    self.encoding = encoding
    self.workbook = workbook
  }

  /// The contents of a workspace, without the locations a read one carries.
  public struct Contents: Sendable {
    package var court: Court
    /// Measure rows; a nil value writes an empty cell for the clerk to fill in.
    public var measures: [(period: Period, measure: String, value: Double?)] = []
    /// Party branch rows (`branches.csv`).
    public var branches: [PartyBranch] = []
    /// Party group rows (`groups.csv`).
    public var groups: [PartyGroup] = []
    /// Quarterly party group score rows (`group_scores.csv`).
    public var groupScores: [GroupScore] = []
    /// Yearly branch star rating rows (`branch_ratings.csv`).
    public var branchRatings: [BranchRating] = []

    /// Contents for `court` with every table empty; append rows to the tables before writing.
    public init(court: Court) {
      self.court = court
    }
  }

  /// The template `courtfed init` writes: the profile, a measures table listing every
  /// measure for `quarter` (and the yearly ones for its year) with empty values, and the
  /// party tables with their headers only.
  package func template(for court: Court, quarter: Period, catalog: MetricCatalog) -> Contents {
    var contents = Contents(court: court)
    for measure in catalog.measures {
      let period = measure.periodicity <= .quarter ? quarter : quarter.enclosing(measure.periodicity)!
      contents.measures.append((period, measure.key, nil))
    }
    return contents
  }

  /// Writes `contents` into `directory`, which must not exist or be empty.
  ///
  /// - Throws: `WorkspaceWriteError`; nothing is left behind on failure.
  public func create(_ contents: Contents, at directory: URL, catalog: MetricCatalog) throws {
    guard Court.isValidID(contents.court.id) else {
      throw WorkspaceWriteError.invalidCourtID(contents.court.id)
    }
    let manager = FileManager.default
    if let existing = try? manager.contentsOfDirectory(atPath: directory.path), !existing.isEmpty {
      throw WorkspaceWriteError.directoryNotEmpty(directory.path)
    }
    let existed = manager.fileExists(atPath: directory.path)
    var written: [URL] = []
    do {
      try manager.createDirectory(at: directory, withIntermediateDirectories: true)
      for (name, data) in files(for: contents, catalog: catalog) {
        let url = directory.appendingPathComponent(name)
        try data.write(to: url, options: .withoutOverwriting)
        written.append(url)
      }
    } catch {
      // Nothing is left behind: the files written so far, and the folder if init made it.
      for url in written { try? manager.removeItem(at: url) }
      if !existed { try? manager.removeItem(at: directory) }
      throw WorkspaceWriteError.cannotWrite(path: directory.path, reason: error.localizedDescription)
    }
  }

  /// Every file of the workspace, by name: court.toml, then the tables as CSV files and a
  /// README.txt, or as one workbook whose first sheet is the README.
  public func files(for contents: Contents, catalog: MetricCatalog) -> [(String, Data)] {
    var files: [(String, Data)] = []
    files.append(
      (Workspace.profileFileName, Data(CourtProfile.text(for: contents.court, language: language).utf8)))
    let tables = rows(for: contents, catalog: catalog)
    if workbook {
      let sheets = tables.map { WorkbookWriter.Sheet(table: $0.0, header: $0.1, rows: $0.2) }
      let names = catalog.measures.map { language == .zh ? $0.nameZh : $0.key }
      let data = WorkbookWriter(language: language).workbook(
        sheets: sheets, instructions: readme, measureNames: names, periods: periodChoices(contents))
      files.append((Workspace.workbookFileName, data))
      return files
    }
    for (table, header, rows) in tables {
      let text = ([header] + rows).map { CSVWriter.line($0) }.joined()
      files.append((table.fileName, TextEncoding.encode(text, as: encoding)))
    }
    files.append(("README.txt", Data(readme.utf8)))
    return files
  }

  /// The periods of the drop-down list: every year, half, quarter and month from the year
  /// before the contents' first to the year after their last (at most five years).
  private func periodChoices(_ contents: Contents) -> [String] {
    let years = Set(contents.measures.map(\.period.year))
    let latest = (years.max() ?? 2024) + 1
    let range = ((years.min() ?? latest - 1) - 1)...latest
    var periods: [Period] = []
    for year in range.suffix(5) {
      for kind in [PeriodKind.year, .half, .quarter, .month] {
        for index in 1...(12 / kind.monthCount) {
          if let period = Period(year: year, kind: kind, index: index) { periods.append(period) }
        }
      }
    }
    return periods.map { language == .zh ? $0.chineseDescription : $0.description }
  }

  /// Each table's header and rows as text, in the workspace's language.
  private func rows(for contents: Contents, catalog: MetricCatalog) -> [(WorkspaceTable, [String], [[String]])] {
    func header(_ table: WorkspaceTable) -> [String] { table.columns.map { $0.header(in: language) } }
    return [
      (
        .measures, header(.measures),
        contents.measures.map { row in
          let name = language == .zh ? catalog.measure(key: row.measure)?.nameZh ?? row.measure : row.measure
          let period = language == .zh ? row.period.chineseDescription : row.period.description
          return [period, name, row.value.map(MeasureValue.format) ?? "", ""]
        }
      ),
      (
        .branches, header(.branches),
        contents.branches.map {
          [$0.id, $0.name, $0.division, $0.secretary, String($0.memberCount), $0.brand ?? ""]
        }
      ),
      (
        .groups, header(.groups),
        contents.groups.map {
          [
            $0.id, $0.branchID, $0.name, $0.team, language == .zh ? $0.kind.name(in: .zh) : $0.kind.rawValue,
            $0.leader, String($0.leaderAge), String($0.leaderPartyYears), String($0.leaderCourtYears),
            String($0.memberCount),
          ]
        }
      ),
      (
        .groupScores, header(.groupScores),
        contents.groupScores.map {
          [
            $0.groupID, language == .zh ? $0.period.chineseDescription : $0.period.description,
            MeasureValue.format($0.basic), MeasureValue.format($0.bonus), MeasureValue.format($0.deduction),
          ]
        }
      ),
      (
        .branchRatings, header(.branchRatings),
        contents.branchRatings.map { [$0.branchID, String($0.year), String($0.stars)] }
      ),
    ]
  }

  private var readme: String {
    let tables = WorkspaceTable.allCases.map { table in
      let columns = table.columns.map { column in
        "    \(column.header(in: language)): \(column.description.text(in: language))"
          + (column.isRequired ? "" : (language == .zh ? "(可选)" : " (optional)"))
      }
      let name = workbook ? table.sheetName.text(in: language) : table.fileName
      return "\(name) - \(table.title.text(in: language))\n" + columns.joined(separator: "\n")
    }.joined(separator: "\n\n")
    if workbook { return workbookReadme(tables) }
    if language == .zh {
      return """
        CourtFed 法院工作区
        ====================
        本文件夹中的 CSV 文件可以用 Excel 或 WPS 直接编辑并保存(CSV 或 CSV UTF-8 均可)。
        表头可以写中文名称或英文键。填写完成后运行:

            courtfed validate 本文件夹

        它会列出所有问题(文件:行:列),不会修改任何文件。

        \(tables)

        """
    }
    return """
      CourtFed court workspace
      ========================
      The CSV files in this folder can be edited in Excel or WPS and saved as CSV or CSV UTF-8.
      Headers may be the English keys or the Chinese names. When done, run:

          courtfed validate THIS-FOLDER

      It lists every problem as file:line:column and never changes the files.

      \(tables)

      """
  }

  /// The instructions sheet of a workbook workspace.
  private func workbookReadme(_ tables: String) -> String {
    if language == .zh {
      return """
        CourtFed 法院工作区:填报说明
        本工作簿(figures.xlsx)的每个工作表是一张表,可以用 Excel 或 WPS 编辑并直接保存为 .xlsx。
        期间和编号列已设为文本格式,请勿改为日期;数值列只写数字。指标、期间、党支部编号和党小组类别可从下拉列表中选择。
        填写完成后运行:courtfed validate 本文件夹
        它会列出所有问题(工作表!单元格),不会修改任何文件。

        \(tables)
        """
    }
    return """
      CourtFed court workspace: how to fill it in
      Each sheet of this workbook (figures.xlsx) is one table; edit it in Excel or WPS and save it as .xlsx.
      The period and id columns are formatted as text: keep them so, never as dates; value columns take plain numbers. Measures, periods, branch ids and group kinds have drop-down lists.
      When done, run: courtfed validate THIS-FOLDER
      It lists every problem as sheet!cell and never changes the files.

      \(tables)
      """
  }
}
