import CourtFedModel

/// A parsed query: what the question asks, every clause of it accounted for.
public struct Query: Sendable, Equatable {
  /// What the query asks for.
  package enum Kind: Sendable, Equatable {
    /// Courts ranked by a metric (all of them, the top N or the bottom N).
    case ranking
    /// Each court beside the city figure.
    case versusAverage
    /// Each court's change against an earlier period (a year earlier, the previous period, or
    /// a period the query names).
    case change(ChangeKind)
    /// The city's total of a metric that adds up (cases closed, amounts), with each court's
    /// share.
    case cityTotal
    /// Party groups ranked by their quarterly score.
    case groups
    /// Party branches with five stars.
    case fiveStarBranches
    /// Branches and groups counted per court.
    case partyCounts
    /// The catalog's metrics.
    case showMetrics
    /// The courts in the database.
    case showCourts
    /// The periods reported.
    case showPeriods
    /// Examples.
    case help
    /// Each court's figure over a run of periods (years, quarters or months), with the city's.
    case trend
    /// The courts whose figure of an indicator lies outside its reference range (不达标).
    case outsideRange
    /// One court's health check (体检表): every indicator of the system in force against its
    /// range, with the city figure, the change on a year earlier and the court's place.
    case healthCheck
    /// Every court's health check as one matrix (体检 汇总), with the indicators met.
    case healthSummary
    /// Several metrics side by side, a column each, ranked by the first or not ranked.
    case severalMetrics
  }

  /// Against which earlier period a change is measured.
  package enum ChangeKind: Sendable, Equatable {
    /// The same period a year earlier (同比).
    case yearOnYear
    /// The period just before (环比).
    case periodOnPeriod
    /// A period the query names (`2021Q3 vs 2021Q2`), or a year to date of the same months
    /// (`2021年1-6月 对比 2019年1-6月`).
    case against(Span)
  }

  /// Which city figure a versus-average query uses.
  package enum Average: Sendable, Equatable {
    /// The catalog's city figure: pooled for ratios, the mean per court for counts and
    /// scores, weighted where the catalog weights.
    case catalog
    /// The plain mean of the courts' values.
    case mean
    /// Σ numerators / Σ denominators, asked for by name.
    case pooled
  }

  package var kind: Kind = .ranking
  package var metric: String?
  /// Every metric named, in order (the first is `metric`); more than one for several metrics.
  package var metrics: [String] = []
  /// Several metrics: rank by the first (a limit or `rank` / 排名 asks for it); else not ranked.
  package var ranksFirstMetric = false
  /// Characters naming the metric, for messages.
  package var metricRange: Range<Int>?
  /// The number of courts (or groups) to show; nil for all.
  package var limit: Int?
  /// Take the limit from the worst end.
  package var fromBottom = false
  package var average: Average = .catalog
  /// Only courts whose value is above (true) or below (false) the city figure.
  package var aboveAverage: Bool?
  /// Rank a change query by the change, best first.
  package var rankByChange = false
  /// The period asked about; nil for the latest complete one.
  package var period: Period?
  /// January to a month of a year (2021年1-6月), asked instead of a calendar period.
  package var yearToDate: YearToDate?
  /// A period written without its year (第一季度, 1-6月): the year is the newest with data.
  package var yearless: YearlessPeriod?
  /// A period named from today (去年, last quarter), resolved by the engine's clock.
  package var relative: RelativePeriod?
  /// Characters naming the period, for messages.
  package var periodRange: Range<Int>?
  /// A trend's periods: years, quarters or months.
  package var trendKind: PeriodKind = .year
  /// A trend over a range of years (2019-2023); nil for the period named or every year with data.
  package var years: ClosedRange<Int>?

  /// Whether the query names its period in any way.
  package var namesPeriod: Bool {
    period != nil || yearToDate != nil || yearless != nil || relative != nil || years != nil
  }
  package var level: CourtLevel?
  package var courts: [String] = []
  /// Only the courts in these regions.
  package var regions: [String] = []
  /// Rank figures built from incomplete parts too (含不完整), marked on their rows.
  package var includeIncomplete = false
  /// The query's language, for headers: Chinese if it has any Chinese character.
  package var language: Language = .en

  package init() {}

  /// Whether the query names courts or regions (which narrow the rows shown, never the city).
  package var namesCourts: Bool { !courts.isEmpty || !regions.isEmpty }
}
