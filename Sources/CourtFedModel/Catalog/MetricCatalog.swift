import Foundation

/// The metric catalog: base measures courts report, indicators derived from them, and the
/// rules their figures must satisfy.
///
/// The catalog is data: `Specs/metric-catalog.json`, embedded in the binary at build time and
/// read by `standard`. `Specs/metric-catalog.md` is generated from it by
/// `courtfed catalog --markdown`, and a test checks the two agree.
public struct MetricCatalog: Sendable {
  /// The catalog's version, written into every bundle.
  package let version: String
  /// Earlier versions whose bundles this catalog reads as its own (`compatible_versions` in
  /// the file; none when absent): a coordinator refuses a bundle checked against any other.
  package let compatibleVersions: [String]
  /// The base measures courts report, in the catalog's order.
  public let measures: [Measure]
  package let indicators: [Indicator]
  package let rules: [ValidationRule]
  package let groupScoring: GroupScoring
  /// The versions of the SPC's indicator system, oldest first (`Specs/reference-ranges.md`).
  package let indicatorSystems: [IndicatorSystem]

  private let measuresByKey: [String: Measure]
  private let metricsByName: [String: Metric]
  /// Every metric by its key: a parsed question names its metric by key, and folding the key
  /// again for each answer cost more than some answers.
  private let metricsByKey: [String: Metric]

  /// The limits of the three parts of a party group's quarterly score.
  package struct GroupScoring: Sendable, Codable, Hashable {
    package let basicMaximum: Double
    package let bonusMaximum: Double
    package let deductionMaximum: Double
  }

  /// The catalog shipped with this build (metric-catalog.json, embedded at build time);
  /// loaded once, on first use.
  public static let standard: MetricCatalog = {
    do {
      return try MetricCatalog(json: Data(PackageResources.metric_catalog_json))
    } catch {
      // The embedded catalog is checked by the test suite; reaching this is a build defect.
      fatalError("The built-in metric catalog is broken: \(error)")
    }
  }()

  /// Reads and checks a catalog.
  ///
  /// - Throws: `ModelError.invalidCatalog` naming every problem found.
  public init(json: Data) throws {
    let raw: RawCatalog
    do {
      let decoder = JSONDecoder()
      decoder.keyDecodingStrategy = .convertFromSnakeCase
      raw = try decoder.decode(RawCatalog.self, from: json)
    } catch {
      throw ModelError.invalidCatalog("\(error)")
    }
    version = raw.catalogVersion
    compatibleVersions = raw.compatibleVersions ?? []
    measures = raw.measures
    indicators = raw.indicators.map(\.indicator)
    rules = raw.rules.map(\.rule)
    groupScoring = raw.groupScoring
    indicatorSystems = raw.indicatorSystems ?? []
    measuresByKey = Dictionary(raw.measures.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })

    var names: [String: Metric] = [:]
    var problems: [String] = []
    let metrics = measures.map(Metric.measure) + indicators.map(Metric.indicator)
    for metric in metrics {
      for name in metric.names {
        let folded = TextNormalization.fold(name)
        if let other = names[folded], other.key != metric.key {
          problems.append("the name '\(name)' is used by both \(other.key) and \(metric.key)")
        }
        names[folded] = metric
      }
    }
    metricsByName = names
    metricsByKey = Dictionary(metrics.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    problems += Self.problems(measures: measures, indicators: indicators, rules: rules)
    problems += Self.systemProblems(indicatorSystems, indicators: indicators)
    for rule in raw.rules where ValidationRule.Relation(rawValue: rule.operator) == nil {
      problems.append("rule \(rule.id) has the operator '\(rule.operator)'; only <= and = are known")
    }
    if !problems.isEmpty {
      throw ModelError.invalidCatalog(problems.joined(separator: "; "))
    }
  }

  private static func problems(
    measures: [Measure], indicators: [Indicator], rules: [ValidationRule]
  ) -> [String] {
    var problems: [String] = []
    let keys = Set(measures.map(\.key))
    var seen = Set<String>()
    for key in measures.map(\.key) + indicators.map(\.key) where !seen.insert(key).inserted {
      problems.append("the key \(key) is defined twice")
    }
    for measure in measures {
      if let weight = measure.weight, !keys.contains(weight) {
        problems.append("\(measure.key) is weighted by an unknown measure \(weight)")
      }
      if (measure.cityFigure == .weightedMean) != (measure.weight != nil) {
        problems.append("\(measure.key): a weight goes with a weighted_mean city figure")
      }
      if measure.cityFigure == .pooled {
        problems.append("\(measure.key): a base measure has no numerator to pool")
      }
    }
    for indicator in indicators {
      for term in indicator.numerator + (indicator.denominator ?? [])
      where !keys.contains(term.measure) {
        problems.append("\(indicator.key) uses an unknown measure \(term.measure)")
      }
      if (indicator.cityFigure == .pooled) != (indicator.denominator != nil) {
        problems.append("\(indicator.key): only an indicator with a denominator is pooled")
      }
    }
    for rule in rules {
      for measure in rule.inputs where !keys.contains(measure) {
        problems.append("rule \(rule.id) uses an unknown measure \(measure)")
      }
    }

    return problems
  }

  private static func systemProblems(_ systems: [IndicatorSystem], indicators: [Indicator]) -> [String] {
    var problems: [String] = []
    var versions = Set<String>()
    for system in systems {
      if !versions.insert(system.version).inserted {
        problems.append("indicator system \(system.version) is defined twice")
      }
      if system.effectiveMonth == nil {
        problems.append(
          "indicator system \(system.version): effective '\(system.effective)' is not a month like 2024-09")
      }
    }
    for indicator in indicators {
      for version in indicator.systems + indicator.keyIn where !versions.contains(version) {
        problems.append("\(indicator.key) names an unknown indicator system \(version)")
      }
      if !indicator.systems.isEmpty, indicator.rangeShape == nil {
        problems.append("\(indicator.key) belongs to an indicator system but has no reference_range shape")
      }
    }
    return problems
  }

  /// Whether bundles checked against catalog `version` may be read with this catalog: it is
  /// this catalog's version or one it lists as compatible.
  package func reads(version: String) -> Bool {
    version == self.version || compatibleVersions.contains(version)
  }

  /// The base measure with this key.
  package func measure(key: String) -> Measure? {
    measuresByKey[key]
  }

  /// The metric with this key, name or alias, in either language, folding case, width and
  /// spacing: `closure rate`, `Closure_Rate`, `结案率` and `审执结率` all find closure_rate.
  package func metric(named name: String) -> Metric? {
    // A key is one of its metric's names, and names are unique once folded (see `init`).
    metricsByKey[name] ?? metricsByName[TextNormalization.fold(name)]
  }

  /// Every name any metric answers to, folded, for suggestions and segmentation.
  package var allNames: [String] {
    Array(metricsByName.keys).sorted()
  }

  /// Names close to `name`, best first, for "did you mean".
  package func suggestions(for name: String) -> [String] {
    let folded = TextNormalization.fold(name)
    let matches = EditDistance.suggestions(for: folded, among: allNames, count: 6)
    // Show each metric once, under the name closest to what was typed.
    var seen = Set<String>()
    return matches.filter { seen.insert(metricsByName[$0]!.key).inserted }.prefix(3).map { $0 }
  }

  /// Every metric: measures first, then indicators, in catalog order.
  package var metrics: [Metric] {
    measures.map(Metric.measure) + indicators.map(Metric.indicator)
  }
}

// MARK: - The file's shape

private struct RawCatalog: Decodable {
  let catalogVersion: String
  let compatibleVersions: [String]?
  let measures: [Measure]
  let indicators: [RawIndicator]
  let rules: [RawRule]
  let groupScoring: MetricCatalog.GroupScoring
  let indicatorSystems: [IndicatorSystem]?
}

private struct RawIndicator: Decodable {
  let key: String
  let nameZh: String
  let nameEn: String
  let aliasesEn: [String]
  let aliasesZh: [String]
  let numerator: [String]
  let denominator: [String]?
  let scale: Double
  let unit: MetricUnit
  let precision: Int
  let direction: Direction
  let cityFigure: CityFigure
  let descriptionEn: String
  let descriptionZh: String
  let systems: [String]?
  let referenceRange: RangeShape?
  let keyIndicatorIn: [String]?

  var indicator: Indicator {
    var indicator = Indicator(
      key: key, nameZh: nameZh, nameEn: nameEn, aliasesEn: aliasesEn, aliasesZh: aliasesZh,
      numerator: numerator.map(Term.init), denominator: denominator?.map(Term.init),
      scale: scale, unit: unit, precision: precision, direction: direction,
      cityFigure: cityFigure, descriptionEn: descriptionEn, descriptionZh: descriptionZh)
    indicator.systems = systems ?? []
    indicator.rangeShape = referenceRange
    indicator.keyIn = keyIndicatorIn ?? []
    return indicator
  }
}

private struct RawRule: Decodable {
  let id: String
  let left: [String]
  let `operator`: String
  let right: [String]
  let severity: Severity
  let messageEn: String
  let messageZh: String

  var rule: ValidationRule {
    ValidationRule(
      id: id, left: left.map(Term.init), relation: ValidationRule.Relation(rawValue: `operator`) ?? .atMost,
      right: right.map(Term.init), severity: severity, message: LocalizedText(en: messageEn, zh: messageZh))
  }
}
