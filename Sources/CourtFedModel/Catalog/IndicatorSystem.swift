/// A version of the Supreme People's Court's indicator system (审判质量管理指标体系): which
/// indicators it judges and from when. A figure is judged by the version in force for its
/// period (`Specs/reference-ranges.md`).
package struct IndicatorSystem: Sendable, Hashable, Codable {
  /// `2024.01`, `2024.09`.
  package let version: String
  /// The first month it is in force, `2024-09`.
  package let effective: String
  package let nameZh: String
  package let nameEn: String
  package let noteEn: String?
  package let noteZh: String?

  /// The first month in force.
  package var effectiveMonth: Period? {
    guard let period = Period(canonical: effective), period.kind == .month else { return nil }
    return period
  }

  /// The name in `language`.
  package func name(in language: Language) -> String { language == .zh ? nameZh : nameEn }
}

/// Which bounds an indicator's reference range (区间参考值) may have.
package enum RangeShape: String, Sendable, Codable {
  /// A low and a high bound (结案率 between them).
  case interval
  /// A low bound only (执行到位率 at least).
  case atLeast = "at_least"
  /// A high bound only (超12个月未结案件比 at most).
  case atMost = "at_most"

  /// Whether a low bound may be set.
  package var hasLow: Bool { self != .atMost }
  /// Whether a high bound may be set.
  package var hasHigh: Bool { self != .atLeast }
}

/// The version of the indicator system a period is judged by, and why.
package struct SystemChoice: Sendable, Hashable {
  package let system: IndicatorSystem
  /// The period starts before the first version: the first version is applied.
  package let beforeFirst: Bool
  /// Versions that came into force during the period, before the one applied (2024 holds
  /// 2024.01 and 2024.09: judged by 2024.09, in force at its end).
  package let alsoInPeriod: [IndicatorSystem]

  /// A sentence for the notes: which version, and why when it is not plain.
  package func note(for period: Period) -> LocalizedText {
    let name = system.version
    var text = LocalizedText(
      en: "judged by indicator system \(name) (in force from \(system.effective))",
      zh: "按\(name)版指标体系评判(\(system.effective)起施行)")
    if beforeFirst {
      text.en += "; \(period) is before the first version, which is applied to it"
      text.zh += ";\(period.chineseDescription)早于首个版本,按首个版本评判"
    }
    if !alsoInPeriod.isEmpty {
      let others = alsoInPeriod.map(\.version).joined(separator: ", ")
      text.en += "; \(others) was also in force during \(period): a period is judged by the version in force at its end"
      text.zh += ";\(period.chineseDescription)内亦施行过\(others)版:期间按其期末施行的版本评判"
    }
    return text
  }
}

extension MetricCatalog {
  /// The version in force at the end of `period` (its last month); for a period ending
  /// before the first version, the first version, said so. Nil when the catalog has none.
  package func system(for period: Period) -> SystemChoice? {
    let dated = indicatorSystems.compactMap { system in system.effectiveMonth.map { (system, $0) } }
      .sorted { $0.1 < $1.1 }
    guard let first = dated.first else { return nil }
    let end = Period.month(period.year, period.lastMonth)
    let start = Period.month(period.year, period.firstMonth)
    guard let inForce = dated.last(where: { $0.1 <= end }) else {
      return SystemChoice(system: first.0, beforeFirst: true, alsoInPeriod: [])
    }
    // Other versions in force at some time during the period: the one at its start, and any
    // that came into force after its first month.
    let atStart = dated.last { $0.1 <= start }.map { [$0.0] } ?? []
    let startedDuring = dated.filter { $0.1 > start && $0.1 <= end }.map(\.0)
    let others = (atStart + startedDuring).filter { $0 != inForce.0 }
    return SystemChoice(system: inForce.0, beforeFirst: false, alsoInPeriod: others)
  }

  /// The indicator system with this version.
  package func system(version: String) -> IndicatorSystem? {
    indicatorSystems.first { $0.version == version }
  }

  /// The indicators of `version`, in catalog order.
  package func indicators(in version: String) -> [Indicator] {
    indicators.filter { $0.systems.contains(version) }
  }
}
