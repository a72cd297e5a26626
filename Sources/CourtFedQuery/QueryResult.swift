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
}
