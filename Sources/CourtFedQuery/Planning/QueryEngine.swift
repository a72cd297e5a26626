import CourtFedModel
import CourtFedStore
import Foundation
import GRDB

/// Parses queries and answers them from the store. Each answer is one parameterised SQLite
/// statement over the catalog's views: names, directions and functions come from the catalog
/// and the grammar, never from the user's text.
public struct QueryEngine: Sendable {
  public let store: CourtStore
  public let catalog: MetricCatalog
  let lexicon: Lexicon
  /// Court id → short name.
  let courtNames: [String: String]
  /// Whether results carry their provenance (a few more reads); benchmarks turn it off to
  /// time the answering statement alone.
  public var withProvenance = true

  public init(store: CourtStore) throws {
    self.store = store
    catalog = store.catalog
    let courts = try store.read { db in
      try Row.fetchAll(db, sql: "SELECT id, name, short_name, english_name FROM courts ORDER BY id").map {
        row -> (id: String, name: String, short: String, english: String?) in
        (row["id"], row["name"], row["short_name"], row["english_name"])
      }
    }
    courtNames = Dictionary(uniqueKeysWithValues: courts.map { ($0.id, $0.short) })
    let names = courts.map { court -> (id: String, names: [String]) in
      // 北京市西城区人民法院, 西城法院, 西城, the English name and its first word, the id's last part.
      var names = [court.name, court.short]
      if court.short.hasSuffix("法院"), court.short.count > 2 { names.append(String(court.short.dropLast(2))) }
      if let english = court.english {
        names.append(english)
        if let first = english.split(separator: " ").first, first.count > 2 { names.append(String(first)) }
      }
      if let last = court.id.split(separator: "-").last, last.count > 2 { names.append(String(last)) }
      return (court.id, names)
    }
    let regions = try store.read { db in
      try String.fetchAll(db, sql: "SELECT DISTINCT region FROM courts WHERE region IS NOT NULL AND region <> ''")
    }
    lexicon = Lexicon(catalog: catalog, courts: names, regions: regions)
  }

  /// Parses `text`.
  ///
  /// - Throws: `QueryError` with every problem found, each pointing into the text.
  public func parse(_ text: String) throws(QueryError) -> Query {
    let (tokens, problems) = Lexer(text, lexicon: lexicon).tokens()
    var parser = Parser(query: text, tokens: tokens, lexicon: lexicon, catalog: catalog, problems: problems)
    return try parser.parse()
  }

  /// Parses and answers `text`.
  public func answer(_ text: String) throws -> QueryResult {
    try run(try parse(text))
  }

  /// Answers a parsed query.
  public func run(_ query: Query) throws -> QueryResult {
    switch query.kind {
    case .showMetrics: return showMetrics(query)
    case .help: return help(query)
    case .showCourts: return try showCourts(query)
    case .showPeriods: return try showPeriods(query)
    case .groups: return try groups(query)
    case .fiveStarBranches: return try fiveStar(query)
    case .partyCounts: return try partyCounts(query)
    case .ranking, .versusAverage, .change: return try metricQuery(query)
    }
  }

  // MARK: Metric queries

  /// The measures a metric is computed from.
  func inputs(_ metric: Metric) -> [String] {
    switch metric {
    case .indicator(let indicator): indicator.inputs
    case .measure(let measure): [measure.key]
    }
  }

  /// The bindings every metric statement starts with (see `source`): the measures the metric
  /// is computed from, then the periods.
  func scope(_ metric: Metric, periods: [Period]) -> [DatabaseValueConvertible?] {
    inputs(metric) + Set(periods).sorted().map(\.description)
  }

  /// The SQL giving `court, period, value, numerator, denominator, complete`, one row per
  /// court and period, for a metric in the periods bound after its measures (see `scope`),
  /// read from only those measures' rows, for the courts the query asks about. Its own
  /// arguments follow those.
  ///
  /// With one period the rows are grouped by court alone: every row read is of that period,
  /// and sorting on court alone saves about a seventh of a ranking's time at nation size.
  func source(_ metric: Metric, _ query: Query, periods: [Period]) -> (
    sql: String, arguments: [DatabaseValueConvertible?]
  ) {
    let filtered = CatalogViews.periodValuesFiltered(measures: inputs(metric).count, periods: Set(periods).count)
    let rolled = "WITH pv AS (\(filtered))"
    let from: String
    switch metric {
    case .indicator(let indicator):
      let grouped = CatalogViews.indicatorSelect(indicator, from: "pv", onePeriod: Set(periods).count == 1)
      from = "SELECT court, period, value, numerator, denominator, complete FROM (\(grouped))"
    case .measure:
      from = "SELECT court, period, value, NULL AS numerator, NULL AS denominator, complete FROM pv"
    }
    let filter = courtFilter(query, column: "court")
    return ("\(rolled) \(from)" + (filter.sql.isEmpty ? "" : " WHERE TRUE\(filter.sql)"), filter.arguments)
  }

  /// The query's court filters (level, named courts, regions) as SQL conditions on `column`,
  /// each starting with AND, and their bindings. Shared by every statement that filters courts.
  func courtFilter(_ query: Query, column: String) -> (sql: String, arguments: [DatabaseValueConvertible?]) {
    var sql = ""
    var arguments: [DatabaseValueConvertible?] = []
    if let level = query.level {
      sql += " AND \(column) IN (SELECT id FROM courts WHERE level = ?)"
      arguments.append(level.rawValue)
    }
    if !query.courts.isEmpty {
      sql += " AND \(column) IN (\(databaseQuestionMarks(count: query.courts.count)))"
      arguments += query.courts
    }
    if !query.regions.isEmpty {
      sql +=
        " AND \(column) IN (SELECT id FROM courts WHERE region IN (\(databaseQuestionMarks(count: query.regions.count))))"
      arguments += query.regions
    }
    return (sql, arguments)
  }

  /// The latest year whose figures are complete for the metric, else the latest period, read
  /// from the stored rows of the metric's own measures.
  func defaultPeriod(_ metric: Metric) throws -> Period? {
    let measures = inputs(metric)
    let list = databaseQuestionMarks(count: measures.count)
    // Canonical period texts start with the year, so the greatest text is in the newest year:
    // one index seek per measure, where listing every stored period read the whole history.
    let greatest = try store.read { db in
      try String.fetchOne(
        db, sql: "SELECT MAX(period) FROM measure_values WHERE measure IN (\(list))",
        arguments: StatementArguments(measures))
    }
    guard let greatest, let newest = Int(greatest.prefix(4)) else { return nil }
    for year in [newest, newest - 1] {
      let (sql, arguments) = source(metric, Query(), periods: [.year(year)])
      let rows = try store.read { db in
        try Row.fetchAll(
          db, sql: "SELECT MIN(complete) AS complete, COUNT(*) AS n FROM (\(sql))",
          arguments: StatementArguments(scope(metric, periods: [.year(year)]) + arguments))
      }
      if let row = rows.first, (row["n"] as Int) > 0, (row["complete"] as Int?) == 1 { return .year(year) }
    }
    // Neither year is complete: the latest period stored, which lies in the newest year.
    return try store.read { db in
      try String.fetchAll(
        db, sql: "SELECT DISTINCT period FROM measure_values WHERE measure IN (\(list)) AND period >= ? AND period < ?",
        arguments: StatementArguments(measures + [String(newest), String(newest + 1)]))
    }.compactMap { try? Period(parsing: $0) }.max()
  }

  func metricQuery(_ query: Query) throws -> QueryResult {
    guard let key = query.metric, let metric = catalog.metric(named: key) else {
      throw QueryError(query: "", problems: [])
    }
    let language = query.language
    guard let period = try query.period ?? defaultPeriod(metric) else {
      return QueryResult(
        title: LocalizedText(en: metric.name(in: .en), zh: metric.name(in: .zh)), columns: [], rows: [],
        notes: [LocalizedText(en: "no data for this metric yet", zh: "该指标尚无数据")], language: language, sql: "",
        arguments: [])
    }
    var result: QueryResult
    var periods = [period]
    switch query.kind {
    case .versusAverage: result = try versus(query, metric, period)
    case .change(let kind):
      result = try change(query, metric, period, kind)
      periods.append((kind == .yearOnYear ? period.yearEarlier : period.previous) ?? period)
    default: result = try ranking(query, metric, period)
    }
    guard withProvenance else { return result }
    let cityFigure = result.provenance.cityFigure
    result.provenance = try provenance(query, metric: metric, periods: periods)
    if query.period == nil {
      result.provenance.periodText = LocalizedText(
        en: "\(period) (the latest complete period)", zh: "\(period.chineseDescription)(最近的完整期间)")
    }
    result.provenance.cityFigure = cityFigure
    result.provenance.ties = Self.hasTies(result)
    return result
  }

  /// Whether two rows share a rank (the first column's number).
  static func hasTies(_ result: QueryResult) -> Bool {
    guard result.columns.first?.key == "rank" else { return false }
    let ranks = result.rows.compactMap { row -> Int? in
      guard case .text(let text) = row.first else { return nil }
      return Int(text.prefix { $0.isNumber })
    }
    return Set(ranks).count < ranks.count
  }

  /// Competition ranks (1, 2, 2, 4) of rows already in rank order, from the value each is
  /// ranked on: a row shares the rank of the row before it when their values are equal.
  static func competitionRanks<Value: Equatable>(_ values: [Value]) -> [Int] {
    var ranks: [Int] = []
    ranks.reserveCapacity(values.count)
    for (index, value) in values.enumerated() {
      ranks.append(index > 0 && values[index - 1] == value ? ranks[index - 1] : index + 1)
    }
    return ranks
  }

  /// Runs a statement that returns every court in rank order, decoding each row as it is
  /// read into the value it is ranked on and its cells after the rank; prepends competition
  /// ranks counted from that order and, with a limit, leaves out the rows ranked beyond it.
  func rankedRows<Key: Equatable>(
    _ sql: String, _ arguments: [DatabaseValueConvertible?], limit: Int?,
    decode: @escaping (Row) -> (key: Key, cells: [ResultValue])
  ) throws -> [[ResultValue]] {
    let rows = try store.read { db in
      try Array(Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments)).map(decode))
    }
    let ranks = Self.competitionRanks(rows.map(\.key))
    return zip(ranks, rows).prefix { rank, _ in limit.map { rank <= $0 } ?? true }.map { rank, row in
      [.text("\(rank)")] + row.cells
    }
  }

  /// The order that puts the best first: `DESC` when higher is better (or neither is), `ASC`
  /// when lower is.
  func bestFirst(_ metric: Metric) -> String {
    metric.direction == .lower ? "ASC" : "DESC"
  }

  func unitText(_ metric: Metric, _ language: Language) -> String {
    metric.unit == .percent ? "%" : metric.unit.name(in: language)
  }

  func ranking(_ query: Query, _ metric: Metric, _ period: Period) throws -> QueryResult {
    let (base, baseArguments) = source(metric, query, periods: [period])
    let best = bestFirst(metric)
    // One window sorts the courts once: RANK gives competition ranks on the shown value, and
    // COUNT(*) the courts up to the end of each tie group (a court shares its rank when that
    // reaches past it). Bottom N counts places from the worst: the courts after the group, + 1.
    let cut: String
    var limit: [DatabaseValueConvertible?] = []
    switch (query.limit, query.fromBottom) {
    case (nil, _): cut = ""
    case (let n?, false):
      cut = "WHERE r.position <= ?"
      limit = [n]
    case (let n?, true):
      cut = "WHERE r.total - r.through + 1 <= ?"
      limit = [n]
    }
    let sql = """
      WITH source AS (\(base)),
      ranked AS (
        SELECT court, complete, ROUND(value, ?) AS shown, RANK() OVER place AS position,
               COUNT(*) OVER place AS through\(query.fromBottom ? ", COUNT(*) OVER () AS total" : "")
        FROM source WHERE value IS NOT NULL
        WINDOW place AS (ORDER BY ROUND(value, ?) \(best))
      )
      SELECT r.position, c.short_name, r.court, r.shown, r.through > r.position AS tied, r.complete
      FROM ranked r JOIN courts c ON c.id = r.court
      \(cut)
      ORDER BY r.position, r.court
      """
    let precision = metric.precision
    let arguments: [DatabaseValueConvertible?] =
      scope(metric, periods: [period]) + baseArguments + [precision, precision] + limit
    let rows = try store.read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)) }
    let language = query.language
    var notes: [LocalizedText] = []
    var tied = false
    let table = rows.map { row -> [ResultValue] in
      let isTied = (row["tied"] as Int) == 1
      tied = tied || isTied
      return [
        .text("\(row["position"] as Int)" + (isTied ? (language == .zh ? " 并列" : " (tie)") : "")),
        .text(row["short_name"]), .number(row["shown"], precision: precision),
      ]
    }
    if tied {
      notes.append(
        LocalizedText(en: "tied courts share a rank (1, 2, 2, 4) and are all shown", zh: "并列者名次相同(1、2、2、4),全部列出"))
    }
    if query.fromBottom {
      notes.append(LocalizedText(en: "bottom courts show their place in the full ranking", zh: "后几名显示其在全部排名中的名次"))
    }
    let title = LocalizedText(
      en: "\(metric.name(in: .en)), \(period.description)"
        + (query.limit.map { query.fromBottom ? ", bottom \($0)" : ", top \($0)" } ?? ", ranking"),
      zh: "\(metric.name(in: .zh)) \(period.chineseDescription)"
        + (query.limit.map { query.fromBottom ? " 后\($0)名" : " 前\($0)名" } ?? " 排名"))
    return QueryResult(
      title: title,
      columns: [
        Self.rankColumn,
        Self.courtColumn,
        valueColumn(metric),
      ],
      rows: table, notes: notes, language: language, sql: sql,
      arguments: arguments.map { "\($0.map { "\($0)" } ?? "NULL")" })
  }

  /// The rank column every ranking table starts with.
  static let rankColumn = ResultColumn(key: "rank", header: LocalizedText(en: "rank", zh: "名次"), isNumeric: false)
  static let courtColumn = ResultColumn(key: "court", header: LocalizedText(en: "court", zh: "法院"), isNumeric: false)

  /// The column of a metric's value, headed with its name and unit.
  func valueColumn(_ metric: Metric) -> ResultColumn {
    ResultColumn(
      key: "value",
      header: LocalizedText(
        en: "\(metric.name(in: .en)) (\(unitText(metric, .en)))",
        zh: "\(metric.name(in: .zh))(\(unitText(metric, .zh)))"),
      isNumeric: true)
  }

  func directionNote(_ metric: Metric) -> LocalizedText {
    switch metric.direction {
    case .higher: LocalizedText(en: "higher is better", zh: "数值越高越好")
    case .lower: LocalizedText(en: "lower is better: the top are the lowest", zh: "数值越低越好:排名靠前者数值最低")
    case .neutral: LocalizedText(en: "ranked from the highest value", zh: "按数值从高到低排列")
    }
  }

}
