import CourtFedModel
import Foundation

/// A finding of `MeasureChecks`: what is wrong, for which period, and which measure's row it
/// concerns (nil when it concerns the period as a whole).
package struct MeasureFinding: Sendable, Equatable {
  package var severity: Severity
  package var problem: WorkspaceProblem
  package var period: Period
  package var measure: String?
}

/// The checks that look across one court's measure values once each row has been read: every
/// period has ended, every catalog rule holds for each period, and a period reported beside
/// its sub-periods agrees with them. `validate` (through `WorkspaceValidator`) and `verify`
/// (on a bundle's rows) run exactly these, so a check added here applies to both.
package struct MeasureChecks: Sendable {
  package let catalog: MetricCatalog
  /// The clock periods must have ended by: now for `validate`, the bundle's creation time
  /// for `verify`.
  package let now: Date

  package init(catalog: MetricCatalog, now: Date) {
    self.catalog = catalog
    self.now = now
  }

  /// Every finding for `figures`, period by period.
  package func findings(in figures: CourtFigures) -> [MeasureFinding] {
    var findings: [MeasureFinding] = []
    // Every period has ended when the one ending last has: one look at the calendar for a
    // court's figures in the usual case.
    let allEnded = Period.latestEnding(figures.periods)?.hasEnded(asOf: now) ?? true
    for (index, period) in figures.periods.enumerated() where figures.hasValues(period: index) {
      if !allEnded && !period.hasEnded(asOf: now) {
        findings.append(
          MeasureFinding(severity: .error, problem: .periodNotEnded(period), period: period, measure: nil))
      }
      let lookup = { (measure: String) in figures.value(period: index, measure: measure) }
      for rule in catalog.rules {
        guard let (left, right) = rule.violation(lookup) else { continue }
        // A balance shows its arithmetic: 1250 + 3480 − 3120 = 1610 ≠ 2600.
        let problem: WorkspaceProblem =
          if rule.relation == .equal, let terms = rule.termValues(lookup) {
            .balanceBroken(rule, period: period.description, terms: terms, left: left, right: right)
          } else {
            .ruleBroken(rule, period: period.description, left: left, right: right)
          }
        findings.append(
          MeasureFinding(severity: rule.severity, problem: problem, period: period, measure: rule.left[0].measure))
      }
    }
    findings += totals(figures)
    return findings
  }

  /// A period reported together with its sub-periods must agree with them: a year's cases
  /// closed equal the sum of its quarters', its cases pending equal the fourth quarter's.
  private func totals(_ figures: CourtFigures) -> [MeasureFinding] {
    var findings: [MeasureFinding] = []
    let byKey = catalog.measures.enumerated().sorted { $0.element.key < $1.element.key }
    for (index, period) in figures.periods.enumerated() where period.kind > .month {
      let subperiods = [PeriodKind.month, .quarter, .half].filter { $0 < period.kind }
        .flatMap { period.subperiods(of: $0) }
        .compactMap { sub in figures.index(of: sub).map { (sub, $0) } }
        .filter { figures.hasValues(period: $0.1) }
      guard !subperiods.isEmpty else { continue }
      for (measureIndex, measure) in byKey {
        guard let value = figures.value(period: index, measure: measureIndex) else { continue }
        var parts: [Period: Double] = [:]
        for (subperiod, subindex) in subperiods {
          if let part = figures.value(period: subindex, measure: measureIndex) { parts[subperiod] = part }
        }
        guard !parts.isEmpty, let built = measure.aggregate(parts, over: period), built.isComplete,
          abs(built.value - value) > 1e-6
        else { continue }
        let partNames = built.sources.map(\.description).joined(separator: "+")
        findings.append(
          MeasureFinding(
            severity: .error,
            problem: .inconsistentTotal(
              measure: measure.localizedName, period: period.description, value: value, fromParts: built.value,
              parts: partNames),
            period: period, measure: measure.key))
      }
    }
    return findings
  }
}
