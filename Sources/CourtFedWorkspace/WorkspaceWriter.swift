import CourtFedModel
import Foundation

/// Errors writing a workspace.
public enum WorkspaceWriteError: Error, Sendable, Equatable {
  /// The folder exists and has files in it; `init` never overwrites.
  case directoryNotEmpty(String)
  /// The court id is not well formed.
  case invalidCourtID(String)
  /// The file system refused; carries the path and the reason.
  case cannotWrite(path: String, reason: String)

  /// A message the user can act on.
  public func message(in language: Language) -> String {
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
/// sample generator). Files are UTF-8 with a BOM by default, which Excel and WPS open
/// correctly; CSV lines end in CRLF.
public struct WorkspaceWriter: Sendable {
  public var language: Language
  public var encoding: TextEncoding

  public init(language: Language, encoding: TextEncoding = .utf8WithBOM) {
    self.language = language
    self.encoding = encoding
  }

  /// The contents of a workspace, without the locations a read one carries.
  public struct Contents: Sendable {
    public var court: Court
    /// Measure rows; a nil value writes an empty cell for the clerk to fill in.
    public var measures: [(period: Period, measure: String, value: Double?)] = []
    public var branches: [PartyBranch] = []
    public var groups: [PartyGroup] = []
    public var groupScores: [GroupScore] = []
    public var branchRatings: [BranchRating] = []

    public init(court: Court) {
      self.court = court
    }
  }

  /// The template `courtfed init` writes: the profile, a measures table listing every
  /// measure for `quarter` (and the yearly ones for its year) with empty values, and the
  /// party tables with their headers only.
  public func template(for court: Court, quarter: Period, catalog: MetricCatalog) -> Contents {
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
    do {
      try manager.createDirectory(at: directory, withIntermediateDirectories: true)
      for (name, data) in files(for: contents, catalog: catalog) {
        try data.write(to: directory.appendingPathComponent(name), options: .withoutOverwriting)
      }
    } catch {
      if !existed { try? manager.removeItem(at: directory) }
      throw WorkspaceWriteError.cannotWrite(path: directory.path, reason: error.localizedDescription)
    }
  }

  /// Every file of the workspace, by name.
  public func files(for contents: Contents, catalog: MetricCatalog) -> [(String, Data)] {
    var files: [(String, Data)] = []
    files.append(
      (Workspace.profileFileName, Data(CourtProfile.text(for: contents.court, language: language).utf8)))
    func table(_ table: WorkspaceTable, _ rows: [[String]]) {
      let header = table.columns.map { $0.header(in: language) }
      let text = ([header] + rows).map { CSVWriter.line($0) }.joined()
      files.append((table.fileName, TextEncoding.encode(text, as: encoding)))
    }
    table(
      .measures,
      contents.measures.map { row in
        let name = language == .zh ? catalog.measure(key: row.measure)?.nameZh ?? row.measure : row.measure
        let period = language == .zh ? row.period.chineseDescription : row.period.description
        return [period, name, row.value.map(MeasureValue.format) ?? "", ""]
      })
    table(
      .branches,
      contents.branches.map {
        [$0.id, $0.name, $0.division, $0.secretary, String($0.memberCount), $0.brand ?? ""]
      })
    table(
      .groups,
      contents.groups.map {
        [
          $0.id, $0.branchID, $0.name, $0.team, language == .zh ? $0.kind.name(in: .zh) : $0.kind.rawValue,
          $0.leader, String($0.leaderAge), String($0.leaderPartyYears), String($0.leaderCourtYears),
          String($0.memberCount),
        ]
      })
    table(
      .groupScores,
      contents.groupScores.map {
        [
          $0.groupID, language == .zh ? $0.period.chineseDescription : $0.period.description,
          MeasureValue.format($0.basic), MeasureValue.format($0.bonus), MeasureValue.format($0.deduction),
        ]
      })
    table(
      .branchRatings,
      contents.branchRatings.map { [$0.branchID, String($0.year), String($0.stars)] })
    files.append(("README.txt", Data(readme.utf8)))
    return files
  }

  private var readme: String {
    let tables = WorkspaceTable.allCases.map { table in
      let columns = table.columns.map { column in
        "    \(column.header(in: language)): \(column.description.text(in: language))"
          + (column.isRequired ? "" : (language == .zh ? "(可选)" : " (optional)"))
      }
      return "\(table.fileName) - \(table.title.text(in: language))\n" + columns.joined(separator: "\n")
    }.joined(separator: "\n\n")
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
}
