import CourtFedFormats
import CourtFedModel
import Foundation

/// Reads a court workspace and checks it against the metric catalog. Never writes.
public struct WorkspaceLoader: Sendable {
  package let catalog: MetricCatalog
  /// The clock: every period must have ended by it.
  package let now: Date

  /// A loader that checks figures against `catalog` and refuses any period that has not ended by
  /// `now` (pass a fixed date in tests).
  public init(catalog: MetricCatalog = .standard, now: Date = Date()) {
    self.catalog = catalog
    self.now = now
  }

  /// Reads every file of the workspace at `directory` (CSV tables, or one workbook) and
  /// checks every catalog rule, reporting all problems at once.
  public func load(_ directory: URL) -> WorkspaceReport {
    var diagnostics = DiagnosticList()
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      let problem = WorkspaceProblem.notAWorkspace(path: directory.path)
      diagnostics.append(Diagnostic(.error, problem, at: SourceLocation(file: directory.lastPathComponent)))
      return WorkspaceReport(workspace: nil, list: diagnostics)
    }
    var encodings: [String: TextEncoding] = [:]
    let profile = readProfile(in: directory, diagnostics: &diagnostics, encodings: &encodings)
    var workspace = profile.map { Workspace(directory: directory, court: $0.0, language: $0.1) }

    let readers = tableReaders(in: directory, diagnostics: &diagnostics, encodings: &encodings)
    var measures: [Located<MeasureValue>] = []
    var branches: [Located<PartyBranch>] = []
    var groups: [Located<PartyGroup>] = []
    var scores: [Located<GroupScore>] = []
    var ratings: [Located<BranchRating>] = []
    var validator = WorkspaceValidator(catalog: catalog, now: now)
    for table in WorkspaceTable.allCases {
      guard let reader = readers[table] else { continue }
      var rows = RowParser(reader: reader, catalog: catalog)
      switch table {
      case .measures: measures = rows.measures(diagnostics: &diagnostics)
      case .branches:
        branches = rows.branches(diagnostics: &diagnostics)
        validator.rejectedBranchIDs = rows.rejectedIDs
      case .groups:
        groups = rows.groups(diagnostics: &diagnostics)
        validator.rejectedGroupIDs = rows.rejectedIDs
      case .groupScores: scores = rows.groupScores(diagnostics: &diagnostics)
      case .branchRatings: ratings = rows.branchRatings(diagnostics: &diagnostics)
      }
    }
    validator.tableNames = readers.mapValues(\.displayName)
    validator.check(measures: measures)
    validator.check(branches: branches, groups: groups, scores: scores, ratings: ratings)
    validator.check(
      measures: measures, againstBranches: readers[.branches] == nil ? nil : branches,
      groups: readers[.groups] == nil ? nil : groups)
    diagnostics += validator.diagnostics

    workspace?.measures = measures
    workspace?.branches = branches
    workspace?.groups = groups
    workspace?.groupScores = scores
    workspace?.branchRatings = ratings
    workspace?.encodings = encodings
    return WorkspaceReport(workspace: workspace, list: diagnostics)
  }

  /// A reader for each table that could be read, from the CSV files or the workbook (never
  /// both: a workspace with both is an error saying which to keep).
  private func tableReaders(
    in directory: URL, diagnostics: inout DiagnosticList, encodings: inout [String: TextEncoding]
  ) -> [WorkspaceTable: TableReader] {
    let workbook = directory.appendingPathComponent(Workspace.workbookFileName)
    if FileManager.default.fileExists(atPath: workbook.path) {
      let csvFiles = WorkspaceTable.allCases.map(\.fileName).filter {
        FileManager.default.fileExists(atPath: directory.appendingPathComponent($0).path)
      }
      guard csvFiles.isEmpty else {
        diagnostics.append(
          Diagnostic(
            .error, .bothFormats(csvFiles: csvFiles, workbook: Workspace.workbookFileName),
            at: SourceLocation(file: Workspace.workbookFileName)))
        return [:]
      }
      return WorkbookReader.tables(at: workbook, diagnostics: &diagnostics)
    }
    var readers: [WorkspaceTable: TableReader] = [:]
    for table in WorkspaceTable.allCases {
      if let reader = TableReader.csv(table, in: directory, diagnostics: &diagnostics, encodings: &encodings) {
        readers[table] = reader
      }
    }
    return readers
  }

  private func readProfile(
    in directory: URL, diagnostics: inout DiagnosticList, encodings: inout [String: TextEncoding]
  ) -> (Court, Language)? {
    let file = Workspace.profileFileName
    let url = directory.appendingPathComponent(file)
    guard FileManager.default.fileExists(atPath: url.path) else {
      diagnostics.append(Diagnostic(.error, .missingFile(file), at: SourceLocation(file: file)))
      return nil
    }
    let expected = LocalizedText(en: "the court's profile, a text file", zh: "法院基本信息文本文件")
    guard
      let text = WorkspaceFile.readText(
        at: url, name: file, expected: expected, limit: WorkspaceFile.profileLimit, diagnostics: &diagnostics,
        encodings: &encodings)
    else { return nil }
    do {
      let document = try TOMLDocument(parsing: text)
      return CourtProfile.read(document, file: file, diagnostics: &diagnostics)
    } catch {
      diagnostics.append(
        Diagnostic(
          .error, .tomlSyntax(error.text), at: SourceLocation(file: file, line: error.line, column: error.column)))
      return nil
    }
  }
}

/// Turns a table's records into typed rows, one table at a time.
private struct RowParser {
  let reader: TableReader
  let catalog: MetricCatalog
  /// Names and periods as written, already looked up: a large table repeats a few dozen of
  /// each a million times.
  private var metrics: [String: Metric?] = [:]
  private var periods: [String: Period] = [:]
  /// The ids of branch or group rows left out for an error: already reported, so a reference
  /// to one is not reported again.
  private(set) var rejectedIDs: Set<String> = []

  init(reader: TableReader, catalog: MetricCatalog) {
    self.reader = reader
    self.catalog = catalog
  }

  mutating func measures(diagnostics: inout DiagnosticList) -> [Located<MeasureValue>] {
    var result: [Located<MeasureValue>] = []
    for row in reader.rows {
      reader.checkWidth(of: row, diagnostics: &diagnostics)
      let period: Period?
      if let text = reader.field("period", in: row)?.text, let known = periods[text] {
        period = known
      } else {
        period = reader.period("period", in: row, diagnostics: &diagnostics)
        if let period, let text = reader.field("period", in: row)?.text { periods[text] = period }
      }
      guard let measure = measure(in: row, diagnostics: &diagnostics),
        let valueField = reader.field("value", in: row)
      else { continue }
      let location = reader.location(of: valueField)
      guard !valueField.text.isEmpty else {
        if let period {
          diagnostics.append(
            Diagnostic(
              .warning, .valueMissing(measure: measure.localizedName, period: period.description), at: location))
        }
        continue
      }
      guard
        let value = NumberText.parse(
          valueField.text, diagnostics: &diagnostics, column: reader.header("value"), at: location, measure: measure)
      else { continue }
      if let problem = measure.check(value) {
        diagnostics.append(
          Diagnostic(
            .error, .invalidValue(measure: measure.localizedName, value: valueField.text, problem), at: location))
        continue
      }
      guard let period else { continue }
      if period.kind < measure.periodicity, let periodField = reader.field("period", in: row) {
        diagnostics.append(
          Diagnostic(
            .error,
            .tooFrequent(measure: measure.localizedName, period: periodField.text, periodicity: measure.periodicity),
            at: reader.location(of: periodField)))
        continue
      }
      let recordLocation = reader.location(line: row.line, column: 1)
      result.append(Located(MeasureValue(period: period, measure: measure.key, value: value), at: recordLocation))
    }
    return result
  }

  private mutating func measure(in row: CSVRecord, diagnostics: inout DiagnosticList) -> Measure? {
    guard let name = reader.text("measure", in: row, diagnostics: &diagnostics),
      let field = reader.field("measure", in: row)
    else { return nil }
    let location = reader.location(of: field)
    let metric: Metric?
    if let known = metrics[name] {
      metric = known
    } else {
      metric = catalog.metric(named: name)
      metrics[name] = metric
    }
    switch metric {
    case .measure(let measure):
      return measure
    case .indicator(let indicator):
      let inputs = indicator.inputs.compactMap { catalog.measure(key: $0)?.nameZh }
      diagnostics.append(Diagnostic(.error, .indicatorGiven(name: name, inputs: inputs), at: location))
    case nil:
      // Suggestions cost an edit distance to every name: none for a message only counted.
      let suggestions =
        diagnostics.isFull(reader.file)
        ? []
        : catalog.suggestions(for: name).filter {
          if case .measure = catalog.metric(named: $0) { return true }
          return false
        }
      diagnostics.append(Diagnostic(.error, .unknownMeasure(name, suggestions: suggestions), at: location))
    }
    return nil
  }

  mutating func branches(diagnostics: inout DiagnosticList) -> [Located<PartyBranch>] {
    var rejected: Set<String> = []
    defer { rejectedIDs = rejected }
    return reader.rows.compactMap { row in
      reader.checkWidth(of: row, diagnostics: &diagnostics)
      let id = reader.name("id", in: row, diagnostics: &diagnostics)
      let name = reader.name("name", in: row, diagnostics: &diagnostics)
      let division = reader.name("division", in: row, diagnostics: &diagnostics)
      let secretary = reader.name("secretary", in: row, diagnostics: &diagnostics)
      let members = reader.integer("members", in: row, range: PartyBranch.memberRange, diagnostics: &diagnostics)
      let brand = reader.name("brand", in: row, required: false, diagnostics: &diagnostics)
      let brandText = reader.field("brand", in: row)?.text ?? ""
      guard let id, let name, let division, let secretary, let members, brandText.isEmpty || brand != nil,
        let idField = reader.field("id", in: row)
      else {
        if let text = reader.field("id", in: row)?.text, !text.isEmpty { rejected.insert(text) }
        return nil
      }
      let branch = PartyBranch(
        id: id, name: name, division: division, secretary: secretary, memberCount: members, brand: brand)
      return Located(branch, at: reader.location(of: idField))
    }
  }

  mutating func groups(diagnostics: inout DiagnosticList) -> [Located<PartyGroup>] {
    var rejected: Set<String> = []
    defer { rejectedIDs = rejected }
    return reader.rows.compactMap { row in
      reader.checkWidth(of: row, diagnostics: &diagnostics)
      let id = reader.name("id", in: row, diagnostics: &diagnostics)
      let branch = reader.name("branch", in: row, diagnostics: &diagnostics)
      let name = reader.name("name", in: row, diagnostics: &diagnostics)
      let team = reader.name("team", in: row, diagnostics: &diagnostics)
      var kind: GroupKind?
      if let text = reader.text("kind", in: row, diagnostics: &diagnostics), let field = reader.field("kind", in: row) {
        kind = GroupKind(parsing: text)
        if kind == nil {
          diagnostics.append(Diagnostic(.error, .unknownGroupKind(text), at: reader.location(of: field)))
        }
      }
      let leader = reader.name("leader", in: row, diagnostics: &diagnostics)
      let age = reader.integer("leader_age", in: row, range: PartyGroup.leaderAgeRange, diagnostics: &diagnostics)
      let partyYears = reader.integer(
        "leader_party_years", in: row, range: PartyGroup.leaderPartyYearsRange, diagnostics: &diagnostics)
      let courtYears = reader.integer(
        "leader_court_years", in: row, range: PartyGroup.leaderCourtYearsRange, diagnostics: &diagnostics)
      let members = reader.integer("members", in: row, range: PartyGroup.memberRange, diagnostics: &diagnostics)
      guard let id, let branch, let name, let team, let kind, let leader, let age, let partyYears,
        let courtYears, let members, let idField = reader.field("id", in: row)
      else {
        if let text = reader.field("id", in: row)?.text, !text.isEmpty { rejected.insert(text) }
        return nil
      }
      let group = PartyGroup(
        id: id, branchID: branch, name: name, team: team, kind: kind, leader: leader,
        leaderAge: age, leaderPartyYears: partyYears, leaderCourtYears: courtYears, memberCount: members)
      return Located(group, at: reader.location(of: idField))
    }
  }

  mutating func groupScores(diagnostics: inout DiagnosticList) -> [Located<GroupScore>] {
    let limits = catalog.groupScoring
    return reader.rows.compactMap { row in
      reader.checkWidth(of: row, diagnostics: &diagnostics)
      let group = reader.name("group", in: row, diagnostics: &diagnostics)
      let period = reader.period("period", in: row, kind: .quarter, diagnostics: &diagnostics)
      let basic = reader.number("basic", in: row, range: 0...limits.basicMaximum, diagnostics: &diagnostics)
      let bonus = reader.number("bonus", in: row, range: 0...limits.bonusMaximum, diagnostics: &diagnostics)
      let deduction = reader.number("deduction", in: row, range: 0...limits.deductionMaximum, diagnostics: &diagnostics)
      guard let group, let period, let basic, let bonus, let deduction, let field = reader.field("group", in: row)
      else { return nil }
      let score = GroupScore(groupID: group, period: period, basic: basic, bonus: bonus, deduction: deduction)
      return Located(score, at: reader.location(of: field))
    }
  }

  mutating func branchRatings(diagnostics: inout DiagnosticList) -> [Located<BranchRating>] {
    reader.rows.compactMap { row in
      reader.checkWidth(of: row, diagnostics: &diagnostics)
      let branch = reader.name("branch", in: row, diagnostics: &diagnostics)
      let year = reader.period("year", in: row, kind: .year, diagnostics: &diagnostics)
      let stars = reader.integer("stars", in: row, range: BranchRating.starRange, diagnostics: &diagnostics)
      guard let branch, let year, let stars, let field = reader.field("branch", in: row) else { return nil }
      return Located(BranchRating(branchID: branch, year: year.year, stars: stars), at: reader.location(of: field))
    }
  }
}
