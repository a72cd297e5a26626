/// What kind of number a base measure is; it decides which values are valid.
package enum MeasureKind: String, Sendable, Codable {
  /// A whole, non-negative number of things: cases, people, articles.
  case count
  /// Money in yuan, non-negative, at most two decimals.
  case amount
  /// A non-negative number of days.
  case days
  /// An assessment score between the measure's minimum and maximum.
  case score
}

/// How a base measure adds up over time (DHIS2's aggregation type).
package enum TemporalAggregation: String, Sendable, Codable {
  /// A flow: the sum over the sub-periods (cases closed in a year = the quarters' sum).
  case sum
  /// A stock taken at the start: the first sub-period's value (cases carried over).
  case opening
  /// A stock taken at the end: the last sub-period's value (cases pending, members).
  case closing
  /// The mean of the sub-periods' values (a quarterly survey score).
  case mean
}

/// How the city figure is formed from the member courts' figures.
package enum CityFigure: String, Sendable, Codable {
  /// Σ numerators / Σ denominators, the way official totals are computed.
  case pooled
  /// The courts' values added up.
  case sum
  /// The plain mean of the courts' values (各院平均).
  case mean
  /// The mean weighted by another measure (a survey score by its responses).
  case weightedMean = "weighted_mean"
}

/// Which way is better. "Top" follows it: top 3 by average days are the three lowest.
package enum Direction: String, Sendable, Codable {
  case higher
  case lower
  /// Neither is better (new cases); rankings use the raw order, highest first.
  case neutral
}

/// The unit a value is shown in.
package enum MetricUnit: String, Sendable, Codable {
  case cases, people, articles, branches, groups, sessions, responses, yuan, days, points
  case percent
  /// A plain ratio (案-件比: proceedings per dispute).
  case ratio

  /// The unit's name in `language`: "cases" / "件".
  package func name(in language: Language) -> String {
    switch language {
    case .en: self == .percent ? "%" : rawValue
    case .zh:
      switch self {
      case .cases: "件"
      case .people: "人"
      case .articles: "篇"
      case .branches: "个"
      case .groups: "个"
      case .sessions: "场次"
      case .responses: "份"
      case .yuan: "元"
      case .days: "天"
      case .points: "分"
      case .percent: "%"
      case .ratio: "件/案"
      }
    }
  }
}

/// The subject area of a measure, for grouping in help and templates.
package enum MetricGroup: String, Sendable, Codable, CaseIterable {
  case trial, enforcement, service, research, party
}
