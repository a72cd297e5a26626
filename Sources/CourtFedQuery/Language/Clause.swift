import CourtFedModel

/// One clause of a query, as the parser read it: a metric, a period, a limit, a filter, a
/// comparison, with the characters it came from. The resolver turns the clauses into a
/// `Query`, using every one of them or refusing the query with a caret under the one it
/// cannot use.
struct Clause: Equatable {
  enum Kind: Equatable {
    case metric(String)
    case period(Period)
    /// January to a month: 2021年1-6月, ytd 2021Q2.
    case yearToDate(YearToDate)
    /// A period without its year; the year is the newest with data.
    case yearless(YearlessPeriod)
    /// A period named from today: 去年, last quarter.
    case relative(RelativePeriod)
    /// From one year to another: 2019-2023, 2020 to 2021, 2019年至2023年.
    case range(Period, Period)
    /// A trend: 趋势, trend (kind nil), 历年, by year, 各季度, by quarter, 各月.
    case trend(PeriodKind?)
    /// top N / bottom N, 前三, 后三名.
    case limit(count: Int, fromBottom: Bool)
    /// rank, ranking, 排名: a ranking, which is what a metric query gives anyway.
    case rank
    /// vs, 对比; with the period right after it when one follows (`2021Q3 vs 2021Q2`,
    /// `2021年1-6月 对比 2020年1-6月`), or the city figure named right after it (`vs mean`,
    /// 对比 全市平均).
    case versus(against: Span?, average: Query.Average?)
    /// average, 全市平均, mean, 各院平均, pooled, 加权平均.
    case average(Query.Average)
    /// city, 全市: the catalog's city figure (a total for figures that add up).
    case city
    /// total, 合计, 全市合计.
    case total
    /// above / below the city figure, with the figure named right after it (高于平均).
    case above(Bool, average: Query.Average?)
    case change(Query.ChangeKind)
    case improvement
    case level(CourtLevel)
    case court(String)
    case region(String)
    case includeIncomplete
    case groups
    case score
    case fiveStar
    case branches
    case count
    case show(Query.Kind)
    /// help, 帮助, ?.
    case help
    /// metrics, 指标, periods, 期间 written without `show`.
    case discoveryWord(Query.Kind)
    /// courts, 法院 (a noun a metric query may carry: `top 3 courts by closure rate`).
    case courtsWord
    /// of, 的: joins words, means nothing by itself.
    case connector
    /// outside range, 不达标: the courts outside the indicator's reference range.
    case outsideRange
    /// health check, 体检表: a court's every indicator against its range.
    case healthCheck
    /// summary, 汇总: the health check of every court, as one matrix.
    case summary
  }

  var kind: Kind
  /// Character offsets into the query, half-open.
  var range: Range<Int>
}
