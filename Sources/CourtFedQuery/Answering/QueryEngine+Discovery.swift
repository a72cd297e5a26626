import CourtFedModel
import CourtFedStore

extension QueryEngine {

  func showMetrics(_ query: Query) -> QueryResult {
    QueryResult(
      kind: .metrics, title: LocalizedText(en: "Metrics", zh: "指标"),
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
        return ResultRow(cells: [
          .text(metric.name(in: query.language)), .text(metric.name(in: zh ? .en : .zh)),
          .text(unitText(metric, query.language)), .localized(better),
        ])
      },
      notes: [LocalizedText(en: "Specs/metric-catalog.md describes each", zh: "各指标说明见 Specs/metric-catalog.md")],
      language: query.language)
  }

  func showCourts(_ query: Query) throws -> QueryResult {
    let courts = try currentNames().ordered
    return QueryResult(
      kind: .courts, title: LocalizedText(en: "Courts", zh: "法院"),
      columns: [
        ResultColumn(key: "id", header: LocalizedText(en: "id", zh: "编号"), isNumeric: false),
        Self.courtColumn,
        ResultColumn(key: "name", header: LocalizedText(en: "full name", zh: "全称"), isNumeric: false),
        ResultColumn(key: "level", header: LocalizedText(en: "level", zh: "层级"), isNumeric: false),
        ResultColumn(key: "bundle", header: LocalizedText(en: "last bundle", zh: "最新数据包"), isNumeric: true),
      ],
      rows: courts.map { court in
        let level = court.courtLevel.map { LocalizedText(en: $0.name(in: .en), zh: $0.name(in: .zh)) }
        return ResultRow(cells: [
          .text(court.id), .court(CourtName(id: court.id, name: court.shortName)), .text(court.name),
          level.map { .localized($0) } ?? .text(court.level), .integer(court.lastSequence),
        ])
      }, language: query.language)
  }

  func showPeriods(_ query: Query) throws -> QueryResult {
    let periods = try reader.reportedPeriods()
    return QueryResult(
      kind: .periods, title: LocalizedText(en: "Periods reported", zh: "已报送期间"),
      columns: [
        ResultColumn(key: "period", header: LocalizedText(en: "period", zh: "期间"), isNumeric: false),
        ResultColumn(key: "courts", header: LocalizedText(en: "courts", zh: "法院数"), isNumeric: true),
      ],
      rows: periods.map {
        ResultRow(cells: [
          .localized(LocalizedText(en: $0.period.description, zh: $0.period.chineseDescription)), .integer($0.courts),
        ])
      }, language: query.language)
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
      ("cases closed city total", "结案数 全市合计"),
      ("closure rate 2021Q3 vs 2021Q2", "结案率 2021年第三季度 对比 2021年第二季度"),
      ("closure rate top 3 including incomplete", "结案率 前三 含不完整"),
      ("closure rate yoy", "结案率 同比"),
      ("closure rate 2021 Jan-Sep yoy", "结案率 2021年1-9月 同比"),
      ("closure rate last year", "去年 结案率"),
      ("which courts are below average in closure rate", "哪些法院结案率低于全市平均"),
      ("xicheng closure rate by year", "西城 结案率 历年"),
      ("closure rate by quarter in 2021", "结案率 2021年 各季度"),
      ("closure rate, average days, recovery rate in 2021", "结案率 和 执结率 前三"),
      ("average days biggest improvement", "平均审理天数 进步最大"),
      ("groups top 10 by score in 2021Q3", "党小组 得分 前十"),
      ("five-star branches", "五星级党支部"),
      ("closure rate top 3 in 2021Q4 where level = basic", "2021年第四季度 基层法院 结案率 前三"),
      ("closure rate outside range", "结案率 不达标"),
      ("xicheng health check 2021", "西城法院 体检表 2021年"),
      ("health check summary", "体检 汇总"),
      ("show metrics / show courts / show periods", "显示指标 / 显示法院 / 显示期间"),
    ]
    return QueryResult(
      kind: .help, title: LocalizedText(en: "Examples", zh: "查询示例"),
      columns: [
        ResultColumn(key: "en", header: LocalizedText(en: "English", zh: "英文"), isNumeric: false),
        ResultColumn(key: "zh", header: LocalizedText(en: "Chinese", zh: "中文"), isNumeric: false),
      ],
      rows: examples.map { ResultRow(cells: [.text($0.0), .text($0.1)]) },
      notes: [
        LocalizedText(
          en:
            "clauses come in any order; with no period the latest complete one is used; top follows the metric's direction; figures built from part of their periods are listed under the table unless you add 'including incomplete'",
          zh: "各部分顺序不限;不写期间时使用最近的完整期间;“前几名”按指标方向(如平均审理天数越少越好);数据不完整的法院列在表下,加“含不完整”可一并排名")
      ], language: query.language)
  }
}
