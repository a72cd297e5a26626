import CourtFedModel
import Foundation

/// The checks that look across rows and tables: duplicates, the catalog's rules for each
/// period (the case balance among them), totals against their parts, periods that have not
/// ended, references between the party tables, and the party tables against the figures.
/// `validate` runs it on a workspace; `verify` runs the same checks on a bundle's rows (the
/// measure checks through `MeasureChecks`, the party checks through
/// `check(branches:groups:scores:ratings:)`), so a check added to either applies to both.
package struct WorkspaceValidator {
  let catalog: MetricCatalog
  /// The clock: a period must have ended by it.
  let now: Date
  package private(set) var diagnostics = DiagnosticList()
  /// How each table is named in messages about it (`branches.csv`, `figures.xlsx:党支部`, a
  /// bundle's member).
  var tableNames: [WorkspaceTable: String] = [:]
  /// Ids of branch and group rows already reported and left out: references to them are not
  /// reported again (one mistake, one message).
  var rejectedBranchIDs: Set<String> = []
  var rejectedGroupIDs: Set<String> = []

  private func name(_ table: WorkspaceTable) -> String { tableNames[table] ?? table.fileName }

  package init(catalog: MetricCatalog, now: Date = Date()) {
    self.catalog = catalog
    self.now = now
  }

  /// A validator for a bundle's party tables, naming its members in messages.
  package init(catalog: MetricCatalog, now: Date, branchFile: String, groupFile: String) {
    self.init(catalog: catalog, now: now)
    tableNames[.branches] = branchFile
    tableNames[.groups] = groupFile
  }

  mutating func check(measures: [Located<MeasureValue>]) {
    // One pass groups the rows by period, finding duplicates on the way; the checks across
    // values (`MeasureChecks`) then read them as one table.
    var byPeriod: [Period: [String: Located<MeasureValue>]] = [:]
    for row in measures {
      let period = row.value.period
      if let earlier = byPeriod[period]?[row.value.measure] {
        let name =
          catalog.measure(key: row.value.measure)?.localizedName
          ?? LocalizedText(en: row.value.measure, zh: row.value.measure)
        let what = LocalizedText(en: "\(name.en) \(period)", zh: "\(period) 的\(name.zh)")
        diagnostics.append(
          Diagnostic(.error, .duplicateRow(what: what, firstLine: earlier.location.line), at: row.location))
      } else {
        // Room for every measure of the catalog at once: growing each period's table as its
        // rows come was a twentieth of exporting a million rows.
        byPeriod[period, default: Dictionary(minimumCapacity: catalog.measures.count)][row.value.measure] = row
      }
    }
    var figures = CourtFigures(periods: byPeriod.keys.sorted(), catalog: catalog)
    for (index, period) in figures.periods.enumerated() {
      for (key, row) in byPeriod[period]! {
        if let measure = figures.index(ofMeasure: key) { figures.set(row.value.value, period: index, measure: measure) }
      }
    }
    for finding in MeasureChecks(catalog: catalog, now: now).findings(in: figures) {
      let rows = byPeriod[finding.period]!
      // A finding about the whole period goes on its first row.
      guard let location = finding.measure.map({ rows[$0]!.location }) ?? rows.values.map(\.location).min() else {
        continue
      }
      diagnostics.append(Diagnostic(finding.severity, finding.problem, at: location))
    }
  }

  package mutating func check(
    branches: [Located<PartyBranch>], groups: [Located<PartyGroup>], scores: [Located<GroupScore>],
    ratings: [Located<BranchRating>]
  ) {
    let branchIDs = Set(unique(branches, table: LocalizedText(en: "branch", zh: "党支部"), key: \.id).keys)
      .union(rejectedBranchIDs)
    let groupIDs = Set(unique(groups, table: LocalizedText(en: "group", zh: "党小组"), key: \.id).keys)
      .union(rejectedGroupIDs)
    let branchFile = name(.branches)
    let groupFile = name(.groups)
    let branch = LocalizedText(en: "branch", zh: "党支部")
    let group = LocalizedText(en: "group", zh: "党小组")
    for row in groups where !branchIDs.contains(row.value.branchID) {
      diagnostics.append(
        Diagnostic(
          .error, .unknownReference(table: branch, id: row.value.branchID, definedIn: branchFile), at: row.location))
    }
    for score in scores where !groupIDs.contains(score.value.groupID) {
      diagnostics.append(
        Diagnostic(
          .error, .unknownReference(table: group, id: score.value.groupID, definedIn: groupFile), at: score.location))
    }
    for rating in ratings where !branchIDs.contains(rating.value.branchID) {
      diagnostics.append(
        Diagnostic(
          .error, .unknownReference(table: branch, id: rating.value.branchID, definedIn: branchFile),
          at: rating.location))
    }
    let clock = Period.yearAndMonth(of: now)
    for score in scores where !score.value.period.hasEnded(asOf: clock) {
      diagnostics.append(Diagnostic(.error, .periodNotEnded(score.value.period), at: score.location))
    }
    for rating in ratings where !Period.year(rating.value.year).hasEnded(asOf: clock) {
      diagnostics.append(Diagnostic(.error, .periodNotEnded(.year(rating.value.year)), at: rating.location))
    }
    // Keyed by pairs, not by text built for every row (a bundle carries every quarter's scores).
    unique(scores, table: LocalizedText(en: "score of group", zh: "党小组评分"), key: { KeyPair($0.groupID, $0.period) })
    unique(ratings, table: LocalizedText(en: "rating of branch", zh: "党支部星级"), key: { KeyPair($0.branchID, $0.year) })
  }

  /// The party tables describe the court's organisation now; the latest period that reports
  /// the branch count, the group count or party members must agree with them (a warning
  /// naming both numbers). A table that is absent (nil) is not compared.
  mutating func check(
    measures: [Located<MeasureValue>], againstBranches branches: [Located<PartyBranch>]?,
    groups: [Located<PartyGroup>]?
  ) {
    // The latest period by its last month; of two ending together, the shorter.
    func end(_ period: Period) -> Int { period.year * 12 + period.lastMonth }
    var latest: [String: Located<MeasureValue>] = [:]
    for row in measures where ["branch_count", "group_count", "party_members"].contains(row.value.measure) {
      let period = row.value.period
      if let known = latest[row.value.measure]?.value.period,
        end(known) > end(period) || (end(known) == end(period) && known.kind <= period.kind)
      {
        continue
      }
      latest[row.value.measure] = row
    }
    func measureName(_ key: String) -> LocalizedText {
      catalog.measure(key: key)?.localizedName ?? LocalizedText(en: key, zh: key)
    }
    if let branches, let row = latest["branch_count"], row.value.value != Double(branches.count) {
      diagnostics.append(
        Diagnostic(
          .warning,
          .partyCountMismatch(
            measure: measureName("branch_count"), period: row.value.period.description, reported: row.value.value,
            listed: branches.count, table: name(.branches)), at: row.location))
    }
    if let groups, let row = latest["group_count"], row.value.value != Double(groups.count) {
      diagnostics.append(
        Diagnostic(
          .warning,
          .partyCountMismatch(
            measure: measureName("group_count"), period: row.value.period.description, reported: row.value.value,
            listed: groups.count, table: name(.groups)), at: row.location))
    }
    if let branches, !branches.isEmpty, let row = latest["party_members"] {
      let total = branches.reduce(0) { $0 + $1.value.memberCount }
      if row.value.value != Double(total) {
        diagnostics.append(
          Diagnostic(
            .warning,
            .partyMembersMismatch(
              period: row.value.period.description, reported: row.value.value, total: total, table: name(.branches)),
            at: row.location))
      }
    }
  }

  /// The line each key is first on, reporting every repeated one.
  @discardableResult
  private mutating func unique<Value, Key: Hashable & CustomStringConvertible>(
    _ rows: [Located<Value>], table: LocalizedText, key: (Value) -> Key
  ) -> [Key: Int] {
    var firstLine: [Key: Int] = [:]
    firstLine.reserveCapacity(rows.count)
    for row in rows {
      let id = key(row.value)
      if let line = firstLine[id] {
        let what = LocalizedText(en: "\(table.en) \(id)", zh: "\(table.zh) \(id)")
        diagnostics.append(Diagnostic(.error, .duplicateRow(what: what, firstLine: line), at: row.location))
      } else {
        firstLine[id] = row.location.line
      }
    }
    return firstLine
  }
}

/// Two values as one key, written `first second` in a message.
private struct KeyPair<First: Hashable & CustomStringConvertible, Second: Hashable & CustomStringConvertible>:
  Hashable, CustomStringConvertible
{
  let first: First
  let second: Second

  init(_ first: First, _ second: Second) {
    self.first = first
    self.second = second
  }

  var description: String { "\(first) \(second)" }
}
