import CourtFedModel
import Foundation

/// Reads a court workspace and checks it against the metric catalog. Never writes.
public struct WorkspaceLoader: Sendable {
  public let catalog: MetricCatalog
  /// The clock: every period must have ended by it.
  public let now: Date

  public init(catalog: MetricCatalog = .standard, now: Date = Date()) {
    self.catalog = catalog
    self.now = now
  }

  /// Reads every file of the workspace at `directory` and checks every catalog rule,
  /// reporting all problems at once.
  public func load(_ directory: URL) -> WorkspaceReport {
    var diagnostics: [Diagnostic] = []
    var isDirectory: ObjCBool = false
    guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory),
      isDirectory.boolValue
    else {
      let problem = WorkspaceProblem.notAWorkspace(path: directory.path)
      return WorkspaceReport(
        workspace: nil,
        diagnostics: [Diagnostic(.error, problem, at: SourceLocation(file: directory.lastPathComponent))])
    }
    var encodings: [String: TextEncoding] = [:]
    let profile = readProfile(in: directory, diagnostics: &diagnostics, encodings: &encodings)
    var workspace = profile.map { Workspace(directory: directory, court: $0.0, language: $0.1) }

    var measures: [Located<MeasureValue>] = []
    var branches: [Located<PartyBranch>] = []
    var groups: [Located<PartyGroup>] = []
    var scores: [Located<GroupScore>] = []
    var ratings: [Located<BranchRating>] = []
    for table in WorkspaceTable.allCases {
      guard let reader = TableReader(table, in: directory, diagnostics: &diagnostics, encodings: &encodings)
      else { continue }
      var rows = RowParser(reader: reader, catalog: catalog)
      switch table {
      case .measures: measures = rows.measures(diagnostics: &diagnostics)
      case .branches: branches = rows.branches(diagnostics: &diagnostics)
      case .groups: groups = rows.groups(diagnostics: &diagnostics)
      case .groupScores: scores = rows.groupScores(diagnostics: &diagnostics)
      case .branchRatings: ratings = rows.branchRatings(diagnostics: &diagnostics)
      }
    }
    var validator = WorkspaceValidator(catalog: catalog, now: now)
    validator.check(measures: measures)
    validator.check(branches: branches, groups: groups, scores: scores, ratings: ratings)
    diagnostics += validator.diagnostics

    workspace?.measures = measures
    workspace?.branches = branches
    workspace?.groups = groups
    workspace?.groupScores = scores
    workspace?.branchRatings = ratings
    workspace?.encodings = encodings
    return WorkspaceReport(workspace: workspace, diagnostics: diagnostics.sortedByLocation())
  }

  private func readProfile(
    in directory: URL, diagnostics: inout [Diagnostic], encodings: inout [String: TextEncoding]
  ) -> (Court, Language)? {
    let file = Workspace.profileFileName
    let url = directory.appendingPathComponent(file)
    guard FileManager.default.fileExists(atPath: url.path) else {
      diagnostics.append(Diagnostic(.error, .missingFile(file), at: SourceLocation(file: file)))
      return nil
    }
    guard let text = readText(at: url, file: file, diagnostics: &diagnostics, encodings: &encodings)
    else { return nil }
    do {
      let document = try TOMLDocument(parsing: text)
      return CourtProfile.read(document, file: file, diagnostics: &diagnostics)
    } catch let error as TOMLSyntaxError {
      diagnostics.append(
        Diagnostic(
          .error, .tomlSyntax(error.message), at: SourceLocation(file: file, line: error.line, column: error.column)))
      return nil
    } catch {
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

  init(reader: TableReader, catalog: MetricCatalog) {
    self.reader = reader
    self.catalog = catalog
  }

  mutating func measures(diagnostics: inout [Diagnostic]) -> [Located<MeasureValue>] {
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
          valueField.text, diagnostics: &diagnostics, column: reader.header("value"), at: location)
      else { continue }
      if let problem = measure.check(value) {
        diagnostics.append(
          Diagnostic(
            .error, .invalidValue(measure: measure.localizedName, value: valueField.text, problem), at: location))
        continue
      }
      guard let period else { continue }
      if period.kind < measure.periodicity {
        let periodField = reader.field("period", in: row)!
        diagnostics.append(
          Diagnostic(
            .error,
            .tooFrequent(measure: measure.localizedName, period: periodField.text, periodicity: measure.periodicity),
            at: reader.location(of: periodField)))
        continue
      }
      let recordLocation = SourceLocation(file: reader.file, line: row.line, column: 1)
      result.append(Located(MeasureValue(period: period, measure: measure.key, value: value), at: recordLocation))
    }
    return result
  }

  private mutating func measure(in row: CSVRecord, diagnostics: inout [Diagnostic]) -> Measure? {
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
      let suggestions = catalog.suggestions(for: name).filter {
        if case .measure = catalog.metric(named: $0) { return true }
        return false
      }
      diagnostics.append(Diagnostic(.error, .unknownMeasure(name, suggestions: suggestions), at: location))
    }
    return nil
  }

  mutating func branches(diagnostics: inout [Diagnostic]) -> [Located<PartyBranch>] {
    reader.rows.compactMap { row in
      reader.checkWidth(of: row, diagnostics: &diagnostics)
      let id = reader.text("id", in: row, diagnostics: &diagnostics)
      let name = reader.text("name", in: row, diagnostics: &diagnostics)
      let division = reader.text("division", in: row, diagnostics: &diagnostics)
      let secretary = reader.text("secretary", in: row, diagnostics: &diagnostics)
      let members = reader.integer("members", in: row, range: PartyBranch.memberRange, diagnostics: &diagnostics)
      let brand = reader.field("brand", in: row)?.text
      guard let id, let name, let division, let secretary, let members else { return nil }
      let branch = PartyBranch(
        id: id, name: name, division: division, secretary: secretary, memberCount: members,
        brand: brand?.isEmpty == false ? brand : nil)
      return Located(branch, at: reader.location(of: reader.field("id", in: row)!))
    }
  }

  mutating func groups(diagnostics: inout [Diagnostic]) -> [Located<PartyGroup>] {
    reader.rows.compactMap { row in
      reader.checkWidth(of: row, diagnostics: &diagnostics)
      let id = reader.text("id", in: row, diagnostics: &diagnostics)
      let branch = reader.text("branch", in: row, diagnostics: &diagnostics)
      let name = reader.text("name", in: row, diagnostics: &diagnostics)
      let team = reader.text("team", in: row, diagnostics: &diagnostics)
      var kind: GroupKind?
      if let text = reader.text("kind", in: row, diagnostics: &diagnostics) {
        kind = GroupKind(parsing: text)
        if kind == nil {
          diagnostics.append(
            Diagnostic(.error, .unknownGroupKind(text), at: reader.location(of: reader.field("kind", in: row)!)))
        }
      }
      let leader = reader.text("leader", in: row, diagnostics: &diagnostics)
      let age = reader.integer("leader_age", in: row, range: PartyGroup.leaderAgeRange, diagnostics: &diagnostics)
      let partyYears = reader.integer(
        "leader_party_years", in: row, range: PartyGroup.leaderPartyYearsRange, diagnostics: &diagnostics)
      let courtYears = reader.integer(
        "leader_court_years", in: row, range: PartyGroup.leaderCourtYearsRange, diagnostics: &diagnostics)
      let members = reader.integer("members", in: row, range: PartyGroup.memberRange, diagnostics: &diagnostics)
      guard let id, let branch, let name, let team, let kind, let leader, let age, let partyYears,
        let courtYears, let members
      else { return nil }
      let group = PartyGroup(
        id: id, branchID: branch, name: name, team: team, kind: kind, leader: leader,
        leaderAge: age, leaderPartyYears: partyYears, leaderCourtYears: courtYears, memberCount: members)
      return Located(group, at: reader.location(of: reader.field("id", in: row)!))
    }
  }

  mutating func groupScores(diagnostics: inout [Diagnostic]) -> [Located<GroupScore>] {
    let limits = catalog.groupScoring
    return reader.rows.compactMap { row in
      reader.checkWidth(of: row, diagnostics: &diagnostics)
      let group = reader.text("group", in: row, diagnostics: &diagnostics)
      let period = reader.period("period", in: row, kind: .quarter, diagnostics: &diagnostics)
      let basic = reader.number("basic", in: row, range: 0...limits.basicMaximum, diagnostics: &diagnostics)
      let bonus = reader.number("bonus", in: row, range: 0...limits.bonusMaximum, diagnostics: &diagnostics)
      let deduction = reader.number("deduction", in: row, range: 0...limits.deductionMaximum, diagnostics: &diagnostics)
      guard let group, let period, let basic, let bonus, let deduction else { return nil }
      let score = GroupScore(groupID: group, period: period, basic: basic, bonus: bonus, deduction: deduction)
      return Located(score, at: reader.location(of: reader.field("group", in: row)!))
    }
  }

  mutating func branchRatings(diagnostics: inout [Diagnostic]) -> [Located<BranchRating>] {
    reader.rows.compactMap { row in
      reader.checkWidth(of: row, diagnostics: &diagnostics)
      let branch = reader.text("branch", in: row, diagnostics: &diagnostics)
      let year = reader.period("year", in: row, kind: .year, diagnostics: &diagnostics)
      let stars = reader.integer("stars", in: row, range: BranchRating.starRange, diagnostics: &diagnostics)
      guard let branch, let year, let stars else { return nil }
      return Located(
        BranchRating(branchID: branch, year: year.year, stars: stars),
        at: reader.location(of: reader.field("branch", in: row)!))
    }
  }
}
