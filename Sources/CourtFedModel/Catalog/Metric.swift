/// Anything an analyst can ask for by name: a base measure or an indicator.
package enum Metric: Sendable, Hashable {
  case measure(Measure)
  case indicator(Indicator)

  package var key: String {
    switch self {
    case .measure(let measure): measure.key
    case .indicator(let indicator): indicator.key
    }
  }

  /// The name in `language`.
  package func name(in language: Language) -> String {
    switch self {
    case .measure(let measure): measure.name(in: language)
    case .indicator(let indicator): indicator.name(in: language)
    }
  }

  package var unit: MetricUnit {
    switch self {
    case .measure(let measure): measure.unit
    case .indicator(let indicator): indicator.unit
    }
  }

  package var precision: Int {
    switch self {
    case .measure(let measure): measure.precision
    case .indicator(let indicator): indicator.precision
    }
  }

  package var direction: Direction {
    switch self {
    case .measure(let measure): measure.direction
    case .indicator(let indicator): indicator.direction
    }
  }

  package var cityFigure: CityFigure {
    switch self {
    case .measure(let measure): measure.cityFigure
    case .indicator(let indicator): indicator.cityFigure
    }
  }

  /// Every name the metric answers to: key, both names, all aliases.
  package var names: [String] {
    switch self {
    case .measure(let m): [m.key, m.nameEn, m.nameZh] + m.aliasesEn + m.aliasesZh
    case .indicator(let i): [i.key, i.nameEn, i.nameZh] + i.aliasesEn + i.aliasesZh
    }
  }
}

extension Metric {
  /// Whether the metric is a ratio of sums (an indicator with a denominator): its city figure
  /// can be pooled, Σ numerators / Σ denominators.
  package var isRatio: Bool {
    if case .indicator(let indicator) = self { return indicator.denominator != nil }
    return false
  }

  /// Whether the metric is a rate in percent: its differences and changes are in percentage
  /// points.
  package var isRate: Bool {
    switch self {
    case .indicator(let indicator): indicator.isRate
    case .measure(let measure): measure.unit == .percent
    }
  }

  /// The base measures the metric is computed from, each once.
  package var inputs: [String] {
    switch self {
    case .indicator(let indicator): indicator.inputs
    case .measure(let measure): [measure.key]
    }
  }
}
