import CourtFedModel
import Foundation

/// A court as a result names it: its id and its short name.
package struct CourtName: Sendable, Hashable, Codable {
  package var id: String
  package var name: String

  package init(id: String, name: String) {
    self.id = id
    self.name = name
  }
}

/// One cell of a result.
package enum ResultValue: Sendable, Equatable, Codable {
  case text(String)
  /// A number shown with `precision` decimals (already rounded to them).
  case number(Double, precision: Int)
  case integer(Int)
  /// No value, with the words to show instead (无同期数据 / no data for the same period).
  case missing(LocalizedText)
  /// A place in a ranking, shared with others when `tie`; nil for a row that has no place
  /// (no change to rank it by).
  case rank(Int?, tie: Bool)
  /// A court.
  case court(CourtName)
  /// Words in both languages (a row's note, a total's label).
  case localized(LocalizedText)
  /// A figure judged against its reference range: the value (rounded to `precision`; nil
  /// when the cell shows the verdict alone) and the verdict (达标, 偏高, 偏低, 未设区间).
  case judged(Double?, precision: Int, verdict: RangeVerdict)

  /// The cell as text in `language`: numbers with their decimals, a tied rank with 并列 /
  /// (tie).
  package func text(in language: Language) -> String {
    switch self {
    case .text(let text): text
    case .number(let number, let precision): DisplayRounding.text(number, decimals: precision)
    case .integer(let number): String(number)
    case .missing(let words): words.text(in: language)
    case .rank(let place, let tie):
      place.map { "\($0)" + (tie ? (language == .zh ? " 并列" : " (tie)") : "") } ?? "–"
    case .court(let court): court.name
    case .localized(let words): words.text(in: language)
    case .judged(let value?, let precision, let verdict):
      DisplayRounding.text(value, decimals: precision) + " " + verdict.text.text(in: language)
    case .judged(nil, _, let verdict): verdict.text.text(in: language)
    }
  }

  /// The number in the cell, if it holds one.
  package var number: Double? {
    switch self {
    case .number(let value, _): value
    case .integer(let value): Double(value)
    case .judged(let value?, _, _): value
    default: nil
    }
  }
}

/// A column of a result.
package struct ResultColumn: Sendable, Equatable, Codable {
  /// The key of the column in JSON and CSV headers for programs: `rank`, `court`, `value`.
  package var key: String
  package var header: LocalizedText
  package var isNumeric: Bool

  package init(key: String, header: LocalizedText, isNumeric: Bool) {
    self.key = key
    self.header = header
    self.isNumeric = isNumeric
  }
}

/// A row of a result: its cells, one per column, and what a reader must know about it.
public struct ResultRow: Sendable, Equatable, Codable {
  package var cells: [ResultValue]
  /// False when a figure in the row is built from some of its parts only; such a row is shown
  /// only when the query asks for incomplete figures (含不完整), and is marked.
  package var isComplete: Bool
  /// The parts missing from an incomplete figure (`2021Q4`).
  package var missingPeriods: [Period]
  /// True when the row's figures come from a bundle whose signer has since been revoked.
  package var signerRevoked: Bool

  package init(
    cells: [ResultValue], isComplete: Bool = true, missingPeriods: [Period] = [], signerRevoked: Bool = false
  ) {
    self.cells = cells
    self.isComplete = isComplete
    self.missingPeriods = missingPeriods
    self.signerRevoked = signerRevoked
  }

  /// The court the row is about, if it names one.
  package var court: CourtName? {
    for cell in cells { if case .court(let court) = cell { return court } }
    return nil
  }

  /// The row's place, if it is ranked.
  package var rank: (place: Int?, tie: Bool)? {
    for cell in cells { if case .rank(let place, let tie) = cell { return (place, tie) } }
    return nil
  }
}

/// A court left out of a result's table, and why: it is listed under the table so a reader
/// sees every court of the question accounted for.
package struct ExcludedCourt: Sendable, Equatable, Codable {
  /// Why the court has no row in the table.
  package enum Reason: Sendable, Equatable, Codable {
    /// Its figure is built from some of its parts only.
    case incomplete(missing: [Period])
    /// It has the figures but no value can be computed (a denominator of zero).
    case noValue(LocalizedText)
    /// Its figures come from a bundle whose signer has been revoked (`--exclude-revoked`).
    case signerRevoked
  }

  package var court: CourtName
  package var reason: Reason

  package init(court: CourtName, reason: Reason) {
    self.court = court
    self.reason = reason
  }

  /// `海淀法院:缺2021年第四季度` / `海淀法院: lacks 2021Q4`.
  package func text(in language: Language) -> String {
    let zh = language == .zh
    switch reason {
    case .incomplete(let missing):
      let parts = missing.map { $0.text(in: language) }.joined(separator: zh ? "、" : ", ")
      return zh ? "\(court.name):缺\(parts)" : "\(court.name): lacks \(parts)"
    case .noValue(let why):
      return zh ? "\(court.name):\(why.zh)" : "\(court.name): \(why.en)"
    case .signerRevoked:
      return zh ? "\(court.name):签名密钥已撤销,按要求排除" : "\(court.name): its signer's key is revoked; left out as asked"
    }
  }
}

/// A statement run to answer, for `--explain`: its SQL and the bindings of each run (the
/// figures statement runs once for each measure and period asked).
package struct ExplainedStatement: Sendable, Equatable, Codable {
  package var sql: String
  /// One list of bindings per run, in the order run.
  package var runs: [[String]]

  package init(sql: String, runs: [[String]]) {
    self.sql = sql
    self.runs = runs
  }
}

/// What a query returns: a titled table with notes that say what it is built from. A value
/// (Codable), so the terminal, the files and a web page all show the same thing.
public struct QueryResult: Sendable, Equatable, Codable {
  /// What kind of answer this is.
  package enum Kind: String, Sendable, Equatable, Codable {
    case ranking, versus, change
    case cityTotal = "city_total"
    case groups
    case fiveStarBranches = "five_star_branches"
    case partyCounts = "party_counts"
    case metrics, courts, periods, help
    /// Each court's figure over a run of periods, one column per period, the city as a total
    /// row.
    case trend
    case outsideRange = "outside_range"
    case healthCheck = "health_check"
    case healthSummary = "health_summary"
    /// Several metrics side by side, a column each, the city as a total row.
    case severalMetrics = "several_metrics"
  }

  package var kind: Kind
  package var title: LocalizedText
  package var columns: [ResultColumn]
  /// The table's rows in the order to show them: by rank for a ranking, by court or period
  /// otherwise.
  public var rows: [ResultRow]
  /// Rows under the table that are not ranked: the city total.
  package var totals: [ResultRow]
  /// Lines under the table: how differences are measured, how ties are shown.
  package var notes: [LocalizedText]
  /// Courts of the question left out of the table, with why (listed under it).
  package var excluded: [ExcludedCourt]
  /// The language the query was written in.
  package var language: Language
  /// The statements run and their bindings, for --explain.
  package var statements: [ExplainedStatement]
  /// What the figures are and where they come from; shown with the table in every format.
  public var provenance: Provenance

  package init(
    kind: Kind, title: LocalizedText, columns: [ResultColumn], rows: [ResultRow] = [], totals: [ResultRow] = [],
    notes: [LocalizedText] = [], excluded: [ExcludedCourt] = [], language: Language,
    statements: [ExplainedStatement] = [], provenance: Provenance = Provenance()
  ) {
    self.kind = kind
    self.title = title
    self.columns = columns
    self.rows = rows
    self.totals = totals
    self.notes = notes
    self.excluded = excluded
    self.language = language
    self.statements = statements
    self.provenance = provenance
  }
}

/// The city figure a result compares with or reports.
package struct CityFigureUse: Sendable, Equatable, Codable {
  /// How it is formed: `pooled`, `mean`, `sum`, `weighted_mean`.
  package var kind: CityFigure
  /// The sentence shown: `全市数:加权计算(各院分子之和 ÷ 分母之和)= 72.85%`.
  package var text: LocalizedText
  /// The figure, rounded to the metric's decimals; nil when no court has a value.
  package var value: Double?
  package var precision: Int
  /// Which courts it covers: the whole city, or one level (`基层法院`).
  package var scope: LocalizedText
  /// How many courts' figures it is formed from.
  package var courts: Int

  package init(
    kind: CityFigure, text: LocalizedText, value: Double?, precision: Int, scope: LocalizedText, courts: Int
  ) {
    self.kind = kind
    self.text = text
    self.value = value
    self.precision = precision
    self.scope = scope
    self.courts = courts
  }
}

/// What a result's figures are and where they come from: shown above every table, in every
/// format, because a ranking nobody can trace back must not reach a meeting.
public struct Provenance: Sendable, Equatable, Codable {
  /// The period, canonical (`2021`, `2021Q4`) and as shown.
  package var period: String?
  package var periodText: LocalizedText?
  /// Why the period was chosen, when the query named none.
  package var periodChoice: LocalizedText?
  /// The metric's name, unit and direction.
  package var metric: LocalizedText?
  package var unit: LocalizedText?
  package var direction: LocalizedText?
  /// The city figure shown, when one is.
  package var cityFigure: CityFigureUse?
  /// Whether some rows share a rank (marked 并列 / tie).
  package var ties = false
  /// The latest merge into the database (ISO 8601, UTC).
  package var dataAsOf: String?
  /// The courts the question covers (the database's courts, or those of one level).
  package var courtsExpected = 0
  /// The courts, among those expected, with a figure for the period.
  public var courtsReporting = 0
  /// Those whose figure is complete.
  package var courtsComplete = 0
  /// Courts without a figure for the period.
  package var missingCourts: [CourtName] = []
  /// Courts whose figure is built from some of its parts only, with the parts missing.
  package var incompleteCourts: [ExcludedCourt] = []
  /// Whether incomplete figures are ranked (含不完整), marked on their rows.
  package var includesIncomplete = false
  /// Courts whose figures come from a revoked signer's bundle.
  package var revokedCourts: [CourtName] = []
  /// Whether those courts are left out (`--exclude-revoked`).
  package var excludesRevoked = false
  /// The trust store the signers were checked against for revocation, if any.
  package var trustStore: String?
  /// The bundles the figures come from, per court.
  package var bundles: [BundleUse] = []
  /// The reference ranges the figures are judged by, when they are.
  package var ranges: RangeUse?
  /// What a chart must know of the metric: whether it is a rate, which way is better, and
  /// the range its figures are judged by.
  package var traits: FigureTraits?

  /// What a chart must know of the metric a result is about.
  package struct FigureTraits: Sendable, Equatable, Codable {
    /// A rate in percent: charts show where the figures lie, not bars from zero.
    package var isRate: Bool
    package var direction: Direction
    /// The reference range the figures are judged by, if any.
    package var range: ReferenceRange?

    package init(isRate: Bool, direction: Direction, range: ReferenceRange? = nil) {
      self.isRate = isRate
      self.direction = direction
      self.range = range
    }
  }

  package init() {}

  /// The ranges file and the version of the indicator system a result judges by.
  package struct RangeUse: Sendable, Equatable, Codable {
    /// `ranges.toml`.
    package var file: String
    /// The file says its values are samples (示例区间): every format says so.
    package var isSample: Bool
    /// Where the values come from, as the file says.
    package var source: String?
    /// `2024.01`.
    package var version: String
    /// Which version judges the period, and why.
    package var versionNote: LocalizedText

    package init(file: String, isSample: Bool, source: String?, version: String, versionNote: LocalizedText) {
      self.file = file
      self.isSample = isSample
      self.source = source
      self.version = version
      self.versionNote = versionNote
    }
  }

  /// Which of a court's bundles its figures come from.
  package struct BundleUse: Sendable, Equatable, Codable {
    package var court: String
    package var courtName: String
    package var sequences: [Int]
    package var signer: String
    /// The signer's key has been revoked since.
    package var revoked: Bool

    package init(court: String, courtName: String, sequences: [Int], signer: String, revoked: Bool = false) {
      self.court = court
      self.courtName = courtName
      self.sequences = sequences
      self.signer = signer
      self.revoked = revoked
    }
  }
}
