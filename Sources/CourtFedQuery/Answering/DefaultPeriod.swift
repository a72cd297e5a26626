import CourtFedModel
import CourtFedStore

/// The period a question is about when it names none, and why.
struct PeriodChoice: Sendable {
  var period: Period
  /// Shown beside the period: `最近的完整期间` and, when a newer period was passed over, why.
  var reason: LocalizedText
}

extension QueryEngine {
  /// The latest complete period for `metric` (`Specs/query-language.md`, "Period"): of the
  /// two latest years that have ended and hold figures, the one where more of the courts in
  /// `scope` have complete figures (the later when equal); if neither has any complete
  /// figure, the same rule over quarters, then months. Nil when nothing has ended with data.
  ///
  /// - Parameter kinds: the kinds of period to try, in order (`[.quarter]` for 环比).
  func latestCompletePeriod(
    _ metric: Metric, scope: Set<String>, kinds: [PeriodKind] = [.year, .quarter, .month]
  ) throws(StoreError) -> PeriodChoice? {
    let thisYear = Period.yearAndMonth(of: now).year
    // The newest year with data that may hold ended periods (this year's months and quarters).
    guard let newestYear = try reader.newestYear(of: metric.inputs, before: thisYear + 1) else { return nil }
    for kind in kinds {
      var candidates: [(period: Period, figures: MetricFigures)] = []
      if kind == .year {
        // The newest ended year holding a value, and the year before it.
        guard let year = try reader.newestYear(of: metric.inputs, before: thisYear) else { continue }
        for period in [Period.year(year)] + (Period(year: year - 1, kind: .year).map { [$0] } ?? []) {
          candidates.append((period, try MetricFigures.read(metric, .period(period), from: reader)))
        }
      } else {
        // The newest ended period of this kind (in the two newest years with values) in which
        // a court of the scope has a figure, and the one before it.
        let years = [newestYear] + (newestYear > Period.supportedYears.lowerBound ? [newestYear - 1] : [])
        let ended = years.flatMap { Period.year($0).subperiods(of: kind).reversed() }.filter { $0.hasEnded(asOf: now) }
        for period in ended {
          let figures = try MetricFigures.read(metric, .period(period), from: reader)
          guard figures.courts.contains(where: { scope.contains($0.court) }) else { continue }
          candidates.append((period, figures))
          if let previous = period.previous {
            candidates.append((previous, try MetricFigures.read(metric, .period(previous), from: reader)))
          }
          break
        }
      }
      let counted = candidates.map { candidate in
        (
          candidate.period,
          complete: candidate.figures.courts.filter { scope.contains($0.court) && $0.isComplete }.count
        )
      }
      guard let best = counted.max(by: { ($0.complete, $0.0) < ($1.complete, $1.0) }), best.complete > 0 else {
        continue
      }
      var reason = LocalizedText(en: "the latest complete period", zh: "最近的完整期间")
      if let newer = counted.first, newer.0 != best.0 {
        reason.en +=
          "; in \(newer.0) only \(newer.complete) of \(scope.count) courts' figures are complete"
        reason.zh += ";\(newer.0.chineseDescription)\(scope.count)家中仅\(newer.complete)家数据完整"
      }
      return PeriodChoice(period: best.0, reason: reason)
    }
    return nil
  }

  /// Refuses a period that has not ended, or holds no figure of the metric, saying which
  /// periods hold data.
  func checkHasData(_ period: Span, _ figures: MetricFigures, _ query: Query, text: String) throws {
    guard !period.hasEnded(asOf: now) || figures.courts.isEmpty else { return }
    if !period.hasEnded(asOf: now) {
      throw refusal(
        text, query.periodRange,
        LocalizedText(en: "\(period) has not ended yet", zh: "\(period.chineseDescription)尚未结束"),
        hint: LocalizedText(en: "ask about a period that has ended", zh: "请查询已结束的期间"))
    }
    let metric = figures.metric
    let available = try reader.periodsWithData(of: metric.inputs)
    let years = Array(Set(available.map(\.year))).sorted()
    let spans = Self.yearSpans(years)
    let holding =
      years.isEmpty
      ? LocalizedText(en: "there are no figures of it yet", zh: "该指标尚无数据")
      : LocalizedText(
        en: "periods with data: " + spans.map(\.en).joined(separator: ", "),
        zh: "有数据的期间:" + spans.map(\.zh).joined(separator: "、"))
    throw refusal(
      text, query.periodRange,
      LocalizedText(
        en: "no figures of \(metric.name(in: .en)) for \(period); \(holding.en)",
        zh: "\(period.chineseDescription)没有\(metric.name(in: .zh))数据;\(holding.zh)"))
  }

  /// Runs of consecutive years as text: `2020–2021`, `2018`.
  static func yearSpans(_ years: [Int]) -> [LocalizedText] {
    var spans: [LocalizedText] = []
    var index = 0
    while index < years.count {
      var end = index
      while end + 1 < years.count, years[end + 1] == years[end] + 1 { end += 1 }
      spans.append(
        end == index
          ? LocalizedText(en: "\(years[index])", zh: "\(years[index])年")
          : LocalizedText(en: "\(years[index])–\(years[end])", zh: "\(years[index])年–\(years[end])年"))
      index = end + 1
    }
    return spans
  }
}
