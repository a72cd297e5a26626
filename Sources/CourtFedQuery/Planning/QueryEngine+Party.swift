import CourtFedModel
import Foundation
import GRDB

extension QueryEngine {
  private func arguments(_ values: [DatabaseValueConvertible?]) -> [String] {
    values.map { "\($0.map { "\($0)" } ?? "NULL")" }
  }

  /// The latest period, selected by `sql` as a `MAX`: group scores are canonical quarters,
  /// whose texts sort in time order; ratings are years.
  private func latest(_ sql: String) throws -> String? {
    try store.read { db in try String.fetchOne(db, sql: sql) }
  }

  /// Party groups ranked by their quarterly score (basic + bonus − deduction), ties shown.
  func groups(_ query: Query) throws -> QueryResult {
    let period = try query.period?.description ?? latest("SELECT MAX(period) FROM group_scores") ?? ""
    let (filter, filterValues) = courtFilter(query, column: "s.court")
    var values: [DatabaseValueConvertible?] = [period] + filterValues
    let sql = """
      WITH scored AS MATERIALIZED (
        SELECT s.court, s.group_id, ROUND(s.basic + s.bonus - s.deduction, 2) AS total
        FROM group_scores s
        WHERE s.period = ?\(filter)
      ),
      -- The N-th best score: every group at or above it is shown (ties at the cut included), so
      -- only those are ranked; a city has tens of thousands of groups.
      cut AS (SELECT (SELECT total FROM scored ORDER BY total DESC LIMIT 1 OFFSET ?) AS total),
      kept AS (SELECT * FROM scored WHERE (SELECT total FROM cut) IS NULL OR total >= (SELECT total FROM cut)),
      ranked AS (SELECT *, RANK() OVER (ORDER BY total DESC) AS position, COUNT(*) OVER (PARTITION BY total) AS sharing FROM kept)
      -- Names are looked up only for the rows shown.
      SELECT r.position, c.short_name, g.name AS group_name, b.name AS branch_name, r.total, r.sharing > 1 AS tied
      FROM ranked r
      JOIN party_groups g ON g.court = r.court AND g.id = r.group_id
      JOIN branches b ON b.court = g.court AND b.id = g.branch
      JOIN courts c ON c.id = r.court
      WHERE ? IS NULL OR r.position <= ?
      ORDER BY r.position, r.court, g.name
      """
    // No limit: an offset past every row, so no cut.
    values.append((query.limit ?? Int(Int32.max)) - 1)
    values += [query.limit, query.limit]
    let rows = try store.read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values)) }
    let zh = query.language == .zh
    let shownPeriod = (try? Period(parsing: period)).map { zh ? $0.chineseDescription : $0.description } ?? period
    var result = QueryResult(
      title: LocalizedText(
        en: "Party groups by score, \(period)" + (query.limit.map { ", top \($0)" } ?? ""),
        zh: "党小组得分 \(shownPeriod)" + (query.limit.map { " 前\($0)名" } ?? "")),
      columns: [
        Self.rankColumn,
        Self.courtColumn,
        ResultColumn(key: "group", header: LocalizedText(en: "group", zh: "党小组"), isNumeric: false),
        ResultColumn(key: "branch", header: LocalizedText(en: "branch", zh: "党支部"), isNumeric: false),
        ResultColumn(key: "score", header: LocalizedText(en: "score", zh: "得分"), isNumeric: true),
      ],
      rows: rows.map { row in
        let tied = (row["tied"] as Int) == 1
        return [
          .text("\(row["position"] as Int)" + (tied ? (zh ? " 并列" : " (tie)") : "")), .text(row["short_name"]),
          .text(row["group_name"]), .text(row["branch_name"]), .number(row["total"], precision: 2),
        ]
      },
      notes: [
        LocalizedText(en: "score = basic items + bonus items − deductions", zh: "得分 = 基本项 + 加分项 − 扣分项")
      ], language: query.language, sql: sql, arguments: arguments(values))
    guard withProvenance else { return result }
    result.provenance = try partyProvenance(query, table: "group_scores", period: period, periodColumn: "period")
    result.provenance.metric = LocalizedText(en: "party group score", zh: "党小组得分")
    result.provenance.direction = LocalizedText(en: "higher is better", zh: "数值越高越好")
    result.provenance.ties = Self.hasTies(result)
    return result
  }

  /// Branches rated five stars in a year.
  func fiveStar(_ query: Query) throws -> QueryResult {
    let year =
      try query.period.map { String($0.year) } ?? latest("SELECT CAST(MAX(year) AS TEXT) FROM branch_ratings") ?? ""
    let sql = """
      SELECT c.short_name, b.name, b.brand, b.secretary, b.members
      FROM branch_ratings r JOIN branches b ON b.court = r.court AND b.id = r.branch JOIN courts c ON c.id = r.court
      WHERE r.year = ? AND r.stars = 5
      ORDER BY r.court, b.id
      """
    let values: [DatabaseValueConvertible?] = [Int(year) ?? 0]
    let rows = try store.read { db in try Row.fetchAll(db, sql: sql, arguments: StatementArguments(values)) }
    var result = QueryResult(
      title: LocalizedText(en: "Five-star party branches, \(year)", zh: "\(year)年五星级党支部"),
      columns: [
        Self.courtColumn,
        ResultColumn(key: "branch", header: LocalizedText(en: "branch", zh: "党支部"), isNumeric: false),
        ResultColumn(key: "brand", header: LocalizedText(en: "brand", zh: "党建品牌"), isNumeric: false),
        ResultColumn(key: "secretary", header: LocalizedText(en: "secretary", zh: "书记"), isNumeric: false),
        ResultColumn(key: "members", header: LocalizedText(en: "members", zh: "党员"), isNumeric: true),
      ],
      rows: rows.map { row in
        [
          .text(row["short_name"]), .text(row["name"]), .text(row["brand"] ?? ""), .text(row["secretary"]),
          .integer(row["members"]),
        ]
      },
      notes: [LocalizedText(en: "\(rows.count) branches rated five stars", zh: "共\(rows.count)个五星级党支部")],
      language: query.language, sql: sql, arguments: arguments(values))
    result.provenance = try partyProvenance(query, table: "branch_ratings", period: year, periodColumn: "year")
    return result
  }

  /// Branches, groups and members counted per court.
  func partyCounts(_ query: Query) throws -> QueryResult {
    let sql = """
      SELECT c.short_name,
             (SELECT COUNT(*) FROM branches b WHERE b.court = c.id) AS branches,
             (SELECT COUNT(*) FROM party_groups g WHERE g.court = c.id) AS groups,
             (SELECT COALESCE(SUM(members), 0) FROM branches b WHERE b.court = c.id) AS members
      FROM courts c ORDER BY c.id
      """
    let rows = try store.read { db in try Row.fetchAll(db, sql: sql) }
    return QueryResult(
      title: LocalizedText(en: "Party branches and groups per court", zh: "各院党支部、党小组数量"),
      columns: [
        Self.courtColumn,
        ResultColumn(key: "branches", header: LocalizedText(en: "branches", zh: "党支部"), isNumeric: true),
        ResultColumn(key: "groups", header: LocalizedText(en: "groups", zh: "党小组"), isNumeric: true),
        ResultColumn(key: "members", header: LocalizedText(en: "members", zh: "党员"), isNumeric: true),
      ],
      rows: rows.map {
        [.text($0["short_name"]), .integer($0["branches"]), .integer($0["groups"]), .integer($0["members"])]
      },
      notes: [LocalizedText(en: "as of each court's latest bundle", zh: "以各院最新数据包为准")], language: query.language,
      sql: sql,
      arguments: [])
  }

  // MARK: Discovery

  func showMetrics(_ query: Query) -> QueryResult {
    QueryResult(
      title: LocalizedText(en: "Metrics", zh: "指标"),
      columns: [
        ResultColumn(key: "name", header: LocalizedText(en: "name", zh: "名称"), isNumeric: false),
        ResultColumn(key: "other", header: LocalizedText(en: "other name", zh: "英文名"), isNumeric: false),
        ResultColumn(key: "unit", header: LocalizedText(en: "unit", zh: "单位"), isNumeric: false),
        ResultColumn(key: "better", header: LocalizedText(en: "better", zh: "方向"), isNumeric: false),
      ],
      rows: catalog.metrics.map { metric in
        let better: LocalizedText =
          switch metric.direction {
          case .higher: LocalizedText(en: "higher", zh: "越高越好")
          case .lower: LocalizedText(en: "lower", zh: "越低越好")
          case .neutral: LocalizedText(en: "-", zh: "-")
          }
        let zh = query.language == .zh
        return [
          .text(metric.name(in: query.language)), .text(metric.name(in: zh ? .en : .zh)),
          .text(unitText(metric, query.language)), .text(better.text(in: query.language)),
        ]
      },
      notes: [LocalizedText(en: "Specs/metric-catalog.md describes each", zh: "各指标说明见 Specs/metric-catalog.md")],
      language: query.language, sql: "", arguments: [])
  }

  func showCourts(_ query: Query) throws -> QueryResult {
    let sql = "SELECT id, short_name, name, level, last_sequence FROM courts ORDER BY id"
    let rows = try store.read { db in try Row.fetchAll(db, sql: sql) }
    return QueryResult(
      title: LocalizedText(en: "Courts", zh: "法院"),
      columns: [
        ResultColumn(key: "id", header: LocalizedText(en: "id", zh: "编号"), isNumeric: false),
        Self.courtColumn,
        ResultColumn(key: "name", header: LocalizedText(en: "full name", zh: "全称"), isNumeric: false),
        ResultColumn(key: "level", header: LocalizedText(en: "level", zh: "层级"), isNumeric: false),
        ResultColumn(key: "bundle", header: LocalizedText(en: "last bundle", zh: "最新数据包"), isNumeric: true),
      ],
      rows: rows.map { row in
        let levelText: String = row["level"]
        let level = CourtLevel(rawValue: levelText)?.name(in: query.language) ?? levelText
        return [
          .text(row["id"]), .text(row["short_name"]), .text(row["name"]), .text(level), .integer(row["last_sequence"]),
        ]
      }, notes: [], language: query.language, sql: sql, arguments: [])
  }

  func showPeriods(_ query: Query) throws -> QueryResult {
    let sql = "SELECT period, COUNT(DISTINCT court) AS courts FROM measure_values GROUP BY period"
    let rows = try store.read { db in try Row.fetchAll(db, sql: sql) }
    let periods = rows.compactMap { row -> (Period, Int)? in
      (try? Period(parsing: row["period"] as String)).map { ($0, row["courts"]) }
    }.sorted { $0.0 < $1.0 }
    return QueryResult(
      title: LocalizedText(en: "Periods reported", zh: "已报送期间"),
      columns: [
        ResultColumn(key: "period", header: LocalizedText(en: "period", zh: "期间"), isNumeric: false),
        ResultColumn(key: "courts", header: LocalizedText(en: "courts", zh: "法院数"), isNumeric: true),
      ],
      rows: periods.map { [.text($0.0.text(in: query.language)), .integer($0.1)] }, notes: [], language: query.language,
      sql: sql, arguments: [])
  }

  func help(_ query: Query) -> QueryResult {
    let examples: [(String, String)] = [
      ("information work top 3", "信息工作 前三"),
      ("top 5 by closure rate", "结案率 前五名"),
      ("closure rate bottom 3", "结案率 后三名"),
      ("rank by average days", "按平均审理天数 排名"),
      ("clearance rate vs average", "结案率 对比 全市平均"),
      ("closure rate vs mean", "结案率 对比 各院平均"),
      ("closure rate above average", "结案率 高于平均"),
      ("closure rate yoy", "结案率 同比"),
      ("average days biggest improvement", "平均审理天数 进步最大"),
      ("groups top 10 by score in 2021Q3", "党小组 得分 前十"),
      ("five-star branches", "五星级党支部"),
      ("closure rate top 3 in 2021Q4 where level = basic", "2021年第四季度 基层法院 结案率 前三"),
      ("show metrics / show courts / show periods", "显示指标 / 显示法院 / 显示期间"),
    ]
    return QueryResult(
      title: LocalizedText(en: "Examples", zh: "查询示例"),
      columns: [
        ResultColumn(key: "en", header: LocalizedText(en: "English", zh: "英文"), isNumeric: false),
        ResultColumn(key: "zh", header: LocalizedText(en: "Chinese", zh: "中文"), isNumeric: false),
      ],
      rows: examples.map { [.text($0.0), .text($0.1)] },
      notes: [
        LocalizedText(
          en:
            "clauses come in any order; with no period the latest complete one is used; top follows the metric's direction",
          zh: "各部分顺序不限;不写期间时使用最近的完整期间;“前几名”按指标方向(如平均审理天数越少越好)")
      ], language: query.language, sql: "", arguments: [])
  }
}
