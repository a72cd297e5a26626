import CourtFedModel

/// A parsed query.
public struct Query: Sendable, Equatable {
  /// What the query asks for.
  public enum Kind: Sendable, Equatable {
    /// Courts ranked by a metric (all of them, the top N or the bottom N).
    case ranking
    /// Each court beside the city figure.
    case versusAverage
    /// Each court's change against the same period a year earlier, or the previous period.
    case change(ChangeKind)
    /// Party groups ranked by their quarterly score.
    case groups
    /// Party branches with five stars.
    case fiveStarBranches
    /// Branches and groups counted per court.
    case partyCounts
    case showMetrics, showCourts, showPeriods, help
  }

  public enum ChangeKind: Sendable, Equatable {
    case yearOnYear
    case periodOnPeriod
  }

  /// Which city figure a versus-average query uses.
  public enum Average: Sendable, Equatable {
    /// The catalog's city figure (pooled for ratios).
    case catalog
    /// The plain mean of the courts' values.
    case mean
    /// Σ numerators / Σ denominators, asked for by name.
    case pooled
  }

  public var kind: Kind = .ranking
  public var metric: String?
  /// Characters naming the metric, for messages.
  public var metricRange: Range<Int>?
  /// The number of courts (or groups) to show; nil for all.
  public var limit: Int?
  /// Take the limit from the worst end.
  public var fromBottom = false
  public var average: Average = .catalog
  /// Only courts above (true) or below (false) the city figure.
  public var aboveAverage: Bool?
  /// Rank a change query by the change, best first.
  public var rankByChange = false
  public var period: Period?
  public var level: CourtLevel?
  public var courts: [String] = []
  /// Only the courts in these regions.
  public var regions: [String] = []
  /// The query's language, for headers: Chinese if it has any Chinese character.
  public var language: Language = .en
}
