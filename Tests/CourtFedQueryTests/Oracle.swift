import CourtFedModel
import CourtFedQuery
import Foundation

/// The semantics of `Specs/query-language.md` ("Semantics"), written plainly over values held
/// in memory, from the spec and the catalog's data (formulas, aggregations, directions,
/// decimals), never from the engine's code: no store, no SQL, no stored roll-ups. The engine
/// may be clever; this may not. `OracleTests` runs both on seeded random federations.
struct Oracle {
  struct Court {
    var id: String
    var level: CourtLevel
    var region: String?
  }

  struct Group {
    var court: String
    var id: String
    var branch: String
    /// Quarter → basic, bonus, deduction.
    var scores: [Period: (Double, Double, Double)]
  }

  struct Branch {
    var court: String
    var id: String
    var members: Int
    /// Year → stars.
    var ratings: [Int: Int]
  }

  let catalog: MetricCatalog
  let courts: [Court]
  /// Court → period → measure → value, exactly as reported.
  let reported: [String: [Period: [String: Double]]]
  let groups: [Group]
  let branches: [Branch]
  let today: (year: Int, month: Int)

  // MARK: Figures

  /// A figure: its value (nil: none can be computed), whether it is complete, what it lacks.
  struct Figure {
    var value: Double?
    var numerator: Double?
    var denominator: Double?
    var weight: Double?
    var complete: Bool
    var missing: [Period]
  }

  /// The months a period covers.
  static func months(_ period: Period) -> ClosedRange<Int> {
    let length = [PeriodKind.month: 1, .quarter: 3, .half: 6, .year: 12][period.kind]!
    return (period.index - 1) * length + 1...period.index * length
  }

  /// The periods of `kind` that make up `period`, in order.
  static func parts(_ period: Period, _ kind: PeriodKind) -> [Period] {
    let length = [PeriodKind.month: 1, .quarter: 3, .half: 6, .year: 12][kind]!
    let months = months(period)
    return stride(from: months.lowerBound, through: months.upperBound, by: length).map {
      Period(year: period.year, kind: kind, index: ($0 - 1) / length + 1)!
    }
  }

  /// A base measure's value for a court and period: as reported, or from its parts.
  func measure(_ court: String, _ key: String, _ period: Period) -> Figure? {
    let reports = reported[court] ?? [:]
    if let value = reports[period]?[key] { return Figure(value: value, complete: true, missing: []) }
    guard let measure = catalog.measure(key: key) else { return nil }
    let length = Self.months(period).count
    var best: (all: [Period], present: [Period])?
    for kind in [PeriodKind.quarter, .month, .half] {
      let kindLength = [PeriodKind.month: 1, .quarter: 3, .half: 6][kind]!
      guard kindLength < length else { continue }
      let all = Self.parts(period, kind)
      let present = all.filter { reports[$0]?[key] != nil }
      if present.count == all.count {
        best = (all, present)
        break
      }
      if !present.isEmpty, present.count > (best?.present.count ?? 0) { best = (all, present) }
    }
    guard let (all, present) = best else { return nil }
    let values = present.map { reports[$0]![key]! }
    let value: Double
    switch measure.aggregation {
    case .sum: value = values.reduce(0, +)
    case .mean: value = values.reduce(0, +) / Double(values.count)
    case .opening:
      guard present.first == all.first else { return nil }
      value = values.first!
    case .closing:
      guard present.last == all.last else { return nil }
      value = values.last!
    }
    return Figure(value: value, complete: present.count == all.count, missing: all.filter { !present.contains($0) })
  }

  /// A metric's figure for a court and period.
  func figure(_ court: String, _ metric: Metric, _ period: Period) -> Figure? {
    figure(court, metric) { self.measure(court, $0, period) }
  }

  /// A metric's figure from its measures' figures.
  func figure(_ court: String, _ metric: Metric, measure: (String) -> Figure?) -> Figure? {
    switch metric {
    case .measure(let base):
      guard var figure = measure(base.key) else { return nil }
      if base.cityFigure == .weightedMean, let weight = base.weight {
        figure.weight = measure(weight)?.value
      }
      return figure
    case .indicator(let indicator):
      var values: [String: Double] = [:]
      var complete = true
      var missing: Set<Period> = []
      for term in indicator.numerator + (indicator.denominator ?? []) {
        guard let input = measure(term.measure), let value = input.value else { return nil }
        values[term.measure] = value
        complete = complete && input.complete
        missing.formUnion(input.missing)
      }
      func total(_ terms: [Term]) -> Double {
        terms.reduce(0.0) { $0 + Double($1.sign) * values[$1.measure]! }
      }
      let numerator = total(indicator.numerator)
      var figure = Figure(numerator: numerator, complete: complete, missing: missing.sorted())
      if let terms = indicator.denominator {
        let denominator = total(terms)
        figure.denominator = denominator
        figure.value = denominator == 0 ? nil : numerator / denominator * indicator.scale
      } else {
        figure.value = numerator * indicator.scale
      }
      return figure
    }
  }

  /// A base measure over January to `month` of `year` (year to date), by the spec: the
  /// calendar period when one covers exactly those months (January, Q1, H1, the year);
  /// otherwise from the quarters from January when `month` ends a quarter, else from the
  /// months, each part's figure as above, flows summed, opening stocks from the first part,
  /// closing stocks from the last, means averaged; complete only when every part is there and
  /// complete, lacking the parts not there and what the parts there lack.
  func measure(_ court: String, _ key: String, year: Int, through month: Int) -> Figure? {
    let standard: [Int: Period] = [1: .month(year, 1), 3: .quarter(year, 1), 6: .half(year, 1), 12: .year(year)]
    if let period = standard[month] { return measure(court, key, period) }
    guard let measure = catalog.measure(key: key) else { return nil }
    let all: [Period] =
      month % 3 == 0 ? (1...month / 3).map { .quarter(year, $0) } : (1...month).map { .month(year, $0) }
    var present: [(Period, Figure)] = []
    for part in all {
      if let figure = self.measure(court, key, part), figure.value != nil { present.append((part, figure)) }
    }
    guard !present.isEmpty else { return nil }
    let values = present.map { $0.1.value! }
    let value: Double
    switch measure.aggregation {
    case .sum: value = values.reduce(0, +)
    case .mean: value = values.reduce(0, +) / Double(values.count)
    case .opening:
      guard present.first?.0 == all.first else { return nil }
      value = values.first!
    case .closing:
      guard present.last?.0 == all.last else { return nil }
      value = values.last!
    }
    let absent = all.filter { part in !present.contains { $0.0 == part } }
    let missing = Set(absent + present.flatMap { $0.1.missing })
    return Figure(
      value: value, complete: absent.isEmpty && present.allSatisfy { $0.1.complete }, missing: missing.sorted())
  }

  /// What a query asks about: a calendar period or January to a month.
  enum Asked: Equatable {
    case period(Period)
    case yearToDate(Int, Int)

    /// As the engine's provenance names it: `2021Q4`, `2021 Jan–Sep`.
    var description: String {
      switch self {
      case .period(let period): return period.description
      case .yearToDate(let year, let month):
        let names = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return month == 1 ? "\(year) Jan" : "\(year) Jan–\(names[month - 1])"
      }
    }
  }

  /// A metric's figure for a court over what the query asks.
  func figure(_ court: String, _ metric: Metric, _ asked: Asked) -> Figure? {
    switch asked {
    case .period(let period): return figure(court, metric, period)
    case .yearToDate(let year, let month):
      return figure(court, metric) { self.measure(court, $0, year: year, through: month) }
    }
  }

  static func round(_ value: Double, _ decimals: Int) -> Double {
    let scale = pow(10.0, Double(decimals))
    return (value * scale).rounded(.toNearestOrAwayFromZero) / scale
  }

  // MARK: Answers

  /// What the engine's answer must hold.
  struct Answer: Equatable, CustomStringConvertible {
    struct Row: Equatable {
      var place: Int?
      var tie: Bool
      var key: String
      var numbers: [Double?]
    }
    var period: String?
    var rows: [Row] = []
    /// Court id → why it is left out (`incomplete 2021Q4`, `no value`).
    var excluded: Set<String> = []
    var city: Double?
    var missing: Set<String> = []
    var incomplete: Set<String> = []

    var description: String {
      let lines = rows.map { row in
        "\(row.place.map(String.init) ?? "-")\(row.tie ? "=" : "") \(row.key) "
          + row.numbers.map { $0.map { String($0) } ?? "nil" }.joined(separator: " ")
      }
      return "period \(period ?? "-") city \(city.map { String($0) } ?? "-")\n"
        + lines.joined(separator: "\n")
        + "\nexcluded \(excluded.sorted()) missing \(missing.sorted()) incomplete \(incomplete.sorted())"
    }
  }

  func scope(_ query: Query) -> [Court] {
    courts.filter { query.level == nil || $0.level == query.level }.sorted { $0.id < $1.id }
  }

  func isShown(_ court: Court, _ query: Query) -> Bool {
    if query.courts.isEmpty && query.regions.isEmpty { return true }
    return query.courts.contains(court.id) || (court.region.map { query.regions.contains($0) } ?? false)
  }

  func ended(_ period: Period) -> Bool {
    period.year < today.year || (period.year == today.year && Self.months(period).upperBound < today.month)
  }

  /// The latest complete period, by the spec's rule.
  func latestComplete(_ metric: Metric, _ scope: [Court], kinds: [PeriodKind]) -> Period? {
    let inputs = Set(metric.inputs)
    let yearsWithValues = Set(
      reported.values.flatMap { periods in
        periods.filter { !Set($0.value.keys).isDisjoint(with: inputs) }.map(\.key.year)
      })
    guard let newest = yearsWithValues.filter({ $0 <= today.year }).max() else { return nil }
    for kind in kinds {
      var candidates: [Period] = []
      if kind == .year {
        guard let year = yearsWithValues.filter({ $0 < today.year }).max() else { continue }
        candidates = [Period.year(year), Period.year(year - 1)]
      } else {
        let ended = [newest, newest - 1].flatMap { Self.parts(.year($0), kind).reversed() }.filter(ended)
        if let first = ended.first(where: { period in scope.contains { figure($0.id, metric, period) != nil } }) {
          candidates = [first, first.previous!]
        }
      }
      let counted = candidates.map { period in
        (period, scope.filter { figure($0.id, metric, period)?.complete == true }.count)
      }
      guard let best = counted.max(by: { ($0.1, $0.0) < ($1.1, $1.0) }), best.1 > 0 else { continue }
      return best.0
    }
    return nil
  }

  /// Competition ranks of (court, key) best first; ties listed by court id.
  static func ranked(_ entries: [(String, Double)], lowerIsBetter: Bool) -> [(
    court: String, key: Double, place: Int, tie: Bool
  )] {
    let sorted = entries.sorted { a, b in
      a.1 != b.1 ? (lowerIsBetter ? a.1 < b.1 : a.1 > b.1) : a.0 < b.0
    }
    return sorted.map { entry in
      let better = sorted.filter { lowerIsBetter ? $0.1 < entry.1 : $0.1 > entry.1 }.count
      let sharing = sorted.filter { $0.1 == entry.1 }.count
      return (entry.0, entry.1, better + 1, sharing > 1)
    }
  }

  /// The first `n` (or last) of a ranked list with the rows tied at the cut.
  static func cut<T>(_ list: [T], _ n: Int?, bottom: Bool, key: (T) -> Double) -> [T] {
    guard let n, n < list.count else { return list }
    if bottom {
      let edge = key(list[list.count - n])
      return list.enumerated().filter { $0.offset >= list.count - n || key($0.element) == edge }.map(\.element)
    }
    let edge = key(list[n - 1])
    return list.enumerated().filter { $0.offset < n || key($0.element) == edge }.map(\.element)
  }

  /// The answer to a metric query (ranking, versus, change, city total).
  func answer(_ query: Query) -> Answer? {
    guard let key = query.metric, let metric = catalog.metric(named: key) else { return nil }
    let scope = scope(query)
    let kinds: [PeriodKind]
    if query.kind == .change(.periodOnPeriod) {
      let shortest = metric.inputs.compactMap { catalog.measure(key: $0)?.periodicity }.max() ?? .month
      kinds = [PeriodKind.quarter, .month, .year].filter { $0 >= shortest }
    } else {
      kinds = [.year, .quarter, .month]
    }
    let asked: Asked
    if let ytd = query.yearToDate {
      asked = .yearToDate(ytd.year, ytd.month)
    } else if let period = query.period ?? latestComplete(metric, scope, kinds: kinds) {
      asked = .period(period)
    } else {
      return nil
    }
    var answer = Answer(period: asked.description)
    let direction = metric.direction
    let precision = metric.precision
    let isRate = metric.unit == .percent

    var figures: [String: Figure] = [:]
    for court in scope { figures[court.id] = figure(court.id, metric, asked) }
    answer.missing = Set(scope.filter { figures[$0.id] == nil }.map(\.id))
    answer.incomplete = Set(scope.filter { figures[$0.id]?.complete == false }.map(\.id))
    /// The used figures: a value, and complete unless incomplete ones are asked for.
    func used(_ figures: [String: Figure]) -> [String: Figure] {
      figures.filter { $0.value.value != nil && ($0.value.complete || query.includeIncomplete) }
    }
    let current = used(figures)
    let shownIDs = Set(scope.filter { isShown($0, query) }.map(\.id))
    for (court, figure) in figures where shownIDs.contains(court) && current[court] == nil {
      answer.excluded.insert(figure.value == nil ? "\(court) no value" : "\(court) incomplete \(figure.missing)")
    }

    func cityValue(_ kind: CityFigure) -> Double? {
      let list = current.sorted { $0.key < $1.key }.map(\.value)
      guard !list.isEmpty else { return nil }
      switch kind {
      case .pooled:
        let denominator = list.reduce(0.0) { $0 + $1.denominator! }
        guard denominator != 0, case .indicator(let indicator) = metric else { return nil }
        return list.reduce(0.0) { $0 + $1.numerator! } / denominator * indicator.scale
      case .mean: return list.reduce(0.0) { $0 + $1.value! } / Double(list.count)
      case .sum: return list.reduce(0.0) { $0 + $1.value! }
      case .weightedMean:
        let weighted = list.filter { $0.weight != nil }
        let total = weighted.reduce(0.0) { $0 + $1.weight! }
        return total == 0 ? nil : weighted.reduce(0.0) { $0 + $1.value! * $1.weight! } / total
      }
    }
    let ranking = Self.ranked(
      current.map { ($0.key, Self.round($0.value.value!, precision)) }, lowerIsBetter: direction == .lower)

    switch query.kind {
    case .ranking:
      let shown = ranking.filter { shownIDs.contains($0.court) }
      answer.rows = Self.cut(shown, query.limit, bottom: query.fromBottom) { $0.key }.map {
        Answer.Row(place: $0.place, tie: $0.tie, key: $0.court, numbers: [$0.key])
      }
    case .versusAverage:
      let kind: CityFigure =
        switch query.average {
        case .mean: .mean
        case .pooled: .pooled
        case .catalog: metric.cityFigure == .sum ? .mean : metric.cityFigure
        }
      let city = cityValue(kind)
      answer.city = city.map { Self.round($0, precision) }
      let shown = ranking.filter { entry in
        guard shownIDs.contains(entry.court) else { return false }
        guard let above = query.aboveAverage, let city else { return true }
        let value = current[entry.court]!.value!
        return above ? value > city : value < city
      }
      answer.rows = Self.cut(shown, query.limit, bottom: query.fromBottom) { $0.key }.map { entry in
        let value = current[entry.court]!.value!
        var difference: Double?
        if let city {
          if isRate {
            difference = Self.round(value - city, 2)
          } else if city != 0 {
            difference = Self.round((value - city) / city * 100, 2)
          }
        }
        return Answer.Row(
          place: entry.place, tie: entry.tie, key: entry.court,
          numbers: [entry.key, city.map { Self.round($0, precision) }, difference])
      }
    case .cityTotal:
      let total = cityValue(.sum)
      answer.city = total.map { Self.round($0, precision) }
      let totalRanking = Self.ranked(
        current.map { ($0.key, Self.round($0.value.value!, precision)) }, lowerIsBetter: direction == .lower)
      let shown = totalRanking.filter { shownIDs.contains($0.court) }
      answer.rows = Self.cut(shown, query.limit, bottom: query.fromBottom) { $0.key }.map { entry in
        let share = total.flatMap { $0 == 0 ? nil : Self.round(current[entry.court]!.value! / $0 * 100, 2) }
        return Answer.Row(place: entry.place, tie: entry.tie, key: entry.court, numbers: [entry.key, share])
      }
    case .change(let kind):
      let earlierPeriod: Asked
      switch (kind, asked) {
      case (.yearOnYear, .period(let period)):
        earlierPeriod = .period(Period(year: period.year - 1, kind: period.kind, index: period.index)!)
      case (.yearOnYear, .yearToDate(let year, let month)): earlierPeriod = .yearToDate(year - 1, month)
      case (.periodOnPeriod, .period(let period)): earlierPeriod = .period(period.previous!)
      case (.against(.period(let named)), _): earlierPeriod = .period(named)
      // Two years to date: only the same months (Specs/query-language.md, "Year to date").
      case (.against(.yearToDate(let named)), .yearToDate(_, let month)) where named.month == month:
        earlierPeriod = .yearToDate(named.year, named.month)
      default: return nil
      }
      var earlier: [String: Figure] = [:]
      for court in scope { earlier[court.id] = figure(court.id, metric, earlierPeriod) }
      let earlierUsed = used(earlier)
      answer.incomplete.formUnion(scope.filter { earlier[$0.id]?.complete == false }.map(\.id))
      var compared: [String: Figure] = [:]
      for (court, figure) in current {
        if let before = earlier[court], earlierUsed[court] == nil {
          if shownIDs.contains(court) {
            answer.excluded.insert(before.value == nil ? "\(court) no value" : "\(court) incomplete \(before.missing)")
          }
          continue
        }
        compared[court] = figure
      }
      func change(_ court: String) -> Double? {
        guard let now = compared[court]?.value, let before = earlierUsed[court]?.value else { return nil }
        if isRate { return now - before }
        return before == 0 ? nil : (now - before) / before * 100
      }
      let byChange = query.rankByChange
      let keyed = compared.keys.compactMap { court -> (String, Double)? in
        byChange
          ? change(court).map { (court, Self.round($0, 2)) } : (court, Self.round(compared[court]!.value!, precision))
      }
      let lower = byChange && direction == .neutral ? false : direction == .lower
      let ranked = Self.ranked(keyed, lowerIsBetter: lower).filter { shownIDs.contains($0.court) }
      let cut = Self.cut(ranked, query.limit, bottom: query.fromBottom) { $0.key }
      func numbers(_ court: String) -> [Double?] {
        [
          earlierUsed[court]?.value.map { Self.round($0, precision) },
          Self.round(compared[court]!.value!, precision), change(court).map { Self.round($0, 2) },
        ]
      }
      answer.rows = cut.map { Answer.Row(place: $0.place, tie: $0.tie, key: $0.court, numbers: numbers($0.court)) }
      if byChange, query.limit == nil {
        let unranked = compared.keys.filter { change($0) == nil && shownIDs.contains($0) }.sorted()
        answer.rows += unranked.map { Answer.Row(place: nil, tie: false, key: $0, numbers: numbers($0)) }
      }
    default:
      return nil
    }
    return answer
  }

  /// A trend over `periods` (`Specs/query-language.md`, "Trends"): for every court shown, in
  /// id order, its used figure per period rounded (nil where not used); then a row `city` with
  /// the catalog's city figure per period over the used figures of the scope.
  func trendAnswer(_ query: Query, periods: [Period]) -> Answer? {
    guard let key = query.metric, let metric = catalog.metric(named: key) else { return nil }
    let scope = scope(query)
    let precision = metric.precision
    var answer = Answer(period: periods.count == 1 ? periods[0].description : "\(periods[0])/\(periods.last!)")
    var used: [[String: Figure]] = []
    for period in periods {
      var figures: [String: Figure] = [:]
      for court in scope {
        if let figure = figure(court.id, metric, period), figure.value != nil,
          figure.complete || query.includeIncomplete
        {
          figures[court.id] = figure
        }
      }
      used.append(figures)
    }
    for court in scope where isShown(court, query) {
      answer.rows.append(
        Answer.Row(
          place: nil, tie: false, key: court.id,
          numbers: used.map { $0[court.id]?.value.map { Self.round($0, precision) } }))
    }
    let city = used.map { figures -> Double? in
      let list = figures.sorted { $0.key < $1.key }.map(\.value)
      guard !list.isEmpty else { return nil }
      let value: Double?
      switch metric.cityFigure {
      case .pooled:
        let denominator = list.reduce(0.0) { $0 + $1.denominator! }
        guard denominator != 0, case .indicator(let indicator) = metric else { return nil }
        value = list.reduce(0.0) { $0 + $1.numerator! } / denominator * indicator.scale
      case .mean: value = list.reduce(0.0) { $0 + $1.value! } / Double(list.count)
      case .sum: value = list.reduce(0.0) { $0 + $1.value! }
      case .weightedMean:
        let weighted = list.filter { $0.weight != nil }
        let total = weighted.reduce(0.0) { $0 + $1.weight! }
        value = total == 0 ? nil : weighted.reduce(0.0) { $0 + $1.value! * $1.weight! } / total
      }
      return value.map { Self.round($0, precision) }
    }
    answer.rows.append(Answer.Row(place: nil, tie: false, key: "city", numbers: city))
    return answer
  }

  /// Party groups ranked by score in `query.period` (a quarter).
  func groupAnswer(_ query: Query) -> Answer {
    let scope = Set(scope(query).map(\.id))
    let shown = Set(self.scope(query).filter { isShown($0, query) }.map(\.id))
    let quarter = query.period!
    let scored = groups.filter { scope.contains($0.court) && $0.scores[quarter] != nil }
    let ranking = Self.ranked(
      scored.map { group in
        let (basic, bonus, deduction) = group.scores[quarter]!
        return ("\(group.court)/\(group.id)", Self.round(basic + bonus - deduction, 2))
      }, lowerIsBetter: false)
    let rows = ranking.filter { shown.contains(String($0.court.split(separator: "/")[0])) }
    return Answer(
      period: quarter.description,
      rows: Self.cut(rows, query.limit, bottom: query.fromBottom) { $0.key }.map {
        Answer.Row(place: $0.place, tie: $0.tie, key: $0.court, numbers: [$0.key])
      })
  }

  /// Five-star branches of `query.period`'s year, by court and branch id.
  func fiveStarAnswer(_ query: Query) -> Answer {
    let shown = Set(scope(query).filter { isShown($0, query) }.map(\.id))
    let year = query.period!.year
    let rows = branches.filter { shown.contains($0.court) && $0.ratings[year] == 5 }
      .sorted { ($0.court, $0.id) < ($1.court, $1.id) }
      .map { Answer.Row(place: nil, tie: false, key: "\($0.court)/\($0.id)", numbers: [Double($0.members)]) }
    return Answer(period: "\(year)", rows: rows)
  }

  /// Branches, groups and members per court shown.
  func countAnswer(_ query: Query) -> Answer {
    let rows = scope(query).filter { isShown($0, query) }.compactMap { court -> Answer.Row? in
      let courtBranches = branches.filter { $0.court == court.id }
      let courtGroups = groups.filter { $0.court == court.id }
      return Answer.Row(
        place: nil, tie: false, key: court.id,
        numbers: [
          Double(courtBranches.count), Double(courtGroups.count), Double(courtBranches.reduce(0) { $0 + $1.members }),
        ])
    }
    return Answer(rows: rows)
  }
}
