import CourtFedModel

/// One cell of a result.
public enum ResultValue: Sendable, Equatable {
  case text(String)
  /// A number shown with `precision` decimals.
  case number(Double, precision: Int)
  case integer(Int)
  /// No value, with the words to show instead (无同期数据 / no data for the same period).
  case missing(LocalizedText)
}

/// A column of a result.
public struct ResultColumn: Sendable, Equatable {
  public var key: String
  public var header: LocalizedText
  public var isNumeric: Bool

  public init(key: String, header: LocalizedText, isNumeric: Bool) {
    self.key = key
    self.header = header
    self.isNumeric = isNumeric
  }
}

/// What a query returns: a titled table with notes that say what it is built from.
public struct QueryResult: Sendable, Equatable {
  public var title: LocalizedText
  public var columns: [ResultColumn]
  public var rows: [[ResultValue]]
  /// Lines under the table: the period used, the city figure's kind, ties, missing courts.
  public var notes: [LocalizedText]
  /// The language the query was written in.
  public var language: Language
  /// The SQL run and its bindings, for --explain.
  public var sql: String
  public var arguments: [String]
  /// What the figures are and where they come from; shown with the table in every format.
  public var provenance = Provenance()

  public init(
    title: LocalizedText, columns: [ResultColumn], rows: [[ResultValue]], notes: [LocalizedText], language: Language,
    sql: String, arguments: [String], provenance: Provenance = Provenance()
  ) {
    self.title = title
    self.columns = columns
    self.rows = rows
    self.notes = notes
    self.language = language
    self.sql = sql
    self.arguments = arguments
    self.provenance = provenance
  }
}

/// What a result's figures are and where they come from: shown above every table, in every
/// format, because a ranking nobody can trace back must not reach a meeting.
public struct Provenance: Sendable, Equatable {
  /// The period, canonical (`2021`, `2021Q4`) and as shown.
  public var period: String?
  public var periodText: LocalizedText?
  /// The metric's name, unit and direction.
  public var metric: LocalizedText?
  public var unit: LocalizedText?
  public var direction: LocalizedText?
  /// Which city figure is shown, when one is.
  public var cityFigure: LocalizedText?
  /// Whether some rows share a rank (marked 并列 / tie).
  public var ties = false
  /// The latest merge into the database (ISO 8601, UTC).
  public var dataAsOf: String?
  /// The courts the question covers, and those without a figure for the period.
  public var courtsExpected = 0
  public var courtsReporting = 0
  public var missingCourts: [String] = []
  /// The bundles the figures come from, per court.
  public var bundles: [BundleUse] = []

  public init() {}

  /// Which of a court's bundles its figures come from.
  public struct BundleUse: Sendable, Equatable {
    public var court: String
    public var courtName: String
    public var sequences: [Int]
    public var signer: String
  }
}
