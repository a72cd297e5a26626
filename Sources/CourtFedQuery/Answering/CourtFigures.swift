import CourtFedModel
import CourtFedStore

/// One court's figure of a metric for one period, computed from its stored measure values by
/// the catalog's formula (the same as the database's `indicator_values` view).
struct CourtFigure: Sendable {
  var court: String
  /// Nil when it cannot be computed (a denominator of zero): `noValue` says why.
  var value: Double?
  var numerator: Double?
  var denominator: Double?
  /// For a weighted city figure: the court's weight (a survey's responses).
  var weight: Double?
  /// False when some input is built from part of its sub-periods.
  var isComplete: Bool
  /// The parts missing from the incomplete inputs.
  var missingParts: [Period]
  var bundles: BundleIDs
  var noValue: LocalizedText?
  /// The court's number in the read the figure was computed from, or -1 (`ScopePlaces`).
  var courtNumber = -1
}

/// Where each court of one read sits in a question's scope: by the read's court number
/// (`StoredFigure.courtNumber`), its index in the scope. Found once per read, so the
/// evaluation of each table computed from the read places its courts without hashing them.
struct ScopePlaces {
  /// By court number: the scope index, `outside`, or `unseen` (no row of the read has it).
  private var byNumber: [Int] = []
  private static let outside = -1
  private static let unseen = -2

  /// The courts of `stored` (one read) placed among `scope`, the scope's court ids in order.
  init(_ stored: [StoredFigure], scope: [String]) {
    let position = Dictionary(scope.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
    for index in stored.indices where stored[index].courtNumber >= 0 {
      let number = stored[index].courtNumber
      if number >= byNumber.count { byNumber += repeatElement(Self.unseen, count: number + 1 - byNumber.count) }
      if byNumber[number] == Self.unseen { byNumber[number] = position[stored[index].court] ?? Self.outside }
    }
  }

  enum Place {
    case at(Int)
    case outside
    /// The figure carries no number of this read.
    case unknown
  }

  /// Where a figure computed from the read sits in the scope.
  func place(of figure: CourtFigure) -> Place {
    guard figure.courtNumber >= 0, figure.courtNumber < byNumber.count else { return .unknown }
    switch byNumber[figure.courtNumber] {
    case Self.unseen: return .unknown
    case Self.outside: return .outside
    case let index: return .at(index)
    }
  }
}

/// Courts numbered in the order they first appear: the rows of a flat table of figures.
struct CourtRows {
  /// The courts, by row.
  private(set) var ids: [String] = []
  private var rowOf: [String: Int] = [:]

  init(capacity: Int = 0) { rowOf.reserveCapacity(capacity) }

  /// By a read's court number (`StoredFigure.courtNumber`): the row.
  private var rowOfNumber = ByNumber()
  /// Rows up to here are in `rowOf`. Rows added by number alone are not hashed until a court
  /// is looked up by name.
  private var hashed = 0

  /// The court's row, and whether it is new (the caller then adds the row's cells).
  mutating func row(_ court: String) -> (row: Int, isNew: Bool) {
    while hashed < ids.count {
      rowOf[ids[hashed]] = hashed
      hashed += 1
    }
    if let row = rowOf[court] { return (row, false) }
    rowOf[court] = ids.count
    ids.append(court)
    hashed = ids.count
    return (ids.count - 1, true)
  }

  /// The row of a stored figure's court: found by the read's number for it when it has one,
  /// so a court's name is not hashed at all when every figure is numbered (a read numbers
  /// each court once). Every numbered figure given to one `CourtRows` must come from the
  /// same read (numbers are per read).
  mutating func row(of figure: StoredFigure) -> (row: Int, isNew: Bool) {
    guard figure.courtNumber >= 0 else { return row(figure.court) }
    if let known = rowOfNumber[figure.courtNumber] { return (known, false) }
    let found: (row: Int, isNew: Bool)
    if hashed > 0 {
      // Some court came by name: this one may have too.
      found = row(figure.court)
    } else {
      ids.append(figure.court)
      found = (ids.count - 1, true)
    }
    rowOfNumber[figure.courtNumber] = found.row
    return found
  }
}

/// Something found once per number a read gives (a court's row, a measure's slot) and kept
/// by that number: a read's names are then hashed once each, not once a row.
struct ByNumber {
  private var values: [Int?] = []

  /// The value kept for `number` (from 0), or nil.
  subscript(number: Int) -> Int? {
    get { number < values.count ? values[number] : nil }
    set {
      if number >= values.count { values.append(contentsOf: repeatElement(nil, count: number + 1 - values.count)) }
      values[number] = newValue
    }
  }

  /// The value kept for `number`, found with `find` the first time it is asked for.
  mutating func value(_ number: Int, find: () -> Int) -> Int {
    if let known = self[number] { return known }
    let found = find()
    self[number] = found
    return found
  }
}

/// Every court's figure of a metric for one period (or year to date).
struct MetricFigures: Sendable {
  let metric: Metric
  let span: Span
  /// Courts with every input, in the order of the read.
  var courts: FigureTable

  /// The calendar periods read from the store for `span`: the period itself, or the parts of a
  /// year to date no calendar period covers.
  static func periods(_ span: Span) -> [Period] {
    switch span {
    case .period(let period): [period]
    case .yearToDate(let ytd): ytd.standardPeriod.map { [$0] } ?? ytd.parts
    }
  }

  /// Reads the metric's measures (and its weight) for `span` from `reader` and computes each
  /// court's figure. A court lacking an input has no figure.
  static func read(_ metric: Metric, _ span: Span, from reader: StoreReader) throws(StoreError) -> MetricFigures {
    var measures = metric.inputs
    let weight: String? =
      if case .measure(let measure) = metric, measure.cityFigure == .weightedMean { measure.weight } else { nil }
    if let weight { measures.append(weight) }
    let periods = periods(span)
    let stored = try reader.figures(measures: measures, periods: periods)
    if periods.count == 1 { return compute(metric, span, stored: stored, key: periods[0], weight: weight) }
    let composed = yearToDate(stored, parts: periods, catalog: reader.catalog)
    return compute(metric, span, stored: composed, key: .year(span.year), weight: weight)
  }

  /// The positions in `stored` of each period's rows, a list per period of `periods` (a read
  /// comes in runs of one period: its period is compared once a run, not looked up once a row).
  static func rowsByPeriod(_ stored: [StoredFigure], periods: [Period]) -> [[Int]] {
    var rows = Array(repeating: [Int](), count: periods.count)
    var lastPeriod: Period?
    var lastPart = -1
    for index in stored.indices {
      if stored[index].period != lastPeriod {
        lastPeriod = stored[index].period
        lastPart = periods.firstIndex(of: stored[index].period) ?? -1
      }
      if lastPart >= 0 { rows[lastPart].append(index) }
    }
    return rows
  }

  /// Each court's measures over `parts` (the quarters or months from January), by the catalog's
  /// aggregation: flows sum, opening stocks take the first part, closing stocks the last,
  /// means average. Complete only when every part is there and complete; otherwise built from
  /// the parts there and lacking the others (a stock lacking its first or last part has no
  /// value). Returned under the year's period as key.
  static func yearToDate(_ stored: [StoredFigure], parts: [Period], catalog: MetricCatalog) -> [StoredFigure] {
    // One flat table of row positions: court (in order of first appearance) × measure × part.
    // A question reads ten months of three measures for every court (100,000 rows at nation
    // size). Each part's rows are found once (`rowsByPeriod`); measures and courts by the
    // read's numbers.
    var measureKeys: [String] = []
    var measureNumbers: [Int] = []  // by slot: the read's number for the measure
    var courtRows = CourtRows()
    var courtNumbers: [Int] = []  // by row: the read's number for the court
    let partCount = parts.count
    // First pass: each stored row's court row, measure slot and part (-1: not a part asked).
    var placed = Array(repeating: (row: -1, slot: -1, part: -1), count: stored.count)
    var slotOfNumber = ByNumber()
    func slot(_ measure: String, number: Int) -> Int {
      if let slot = measureKeys.firstIndex(of: measure) { return slot }
      measureKeys.append(measure)
      measureNumbers.append(number)
      return measureKeys.count - 1
    }
    for (part, rows) in rowsByPeriod(stored, periods: parts).enumerated() {
      for index in rows {
        let (measure, number) = (stored[index].measure, stored[index].measureNumber)
        let measureSlot =
          number >= 0 ? slotOfNumber.value(number) { slot(measure, number: number) } : slot(measure, number: number)
        let (row, isNew) = courtRows.row(of: stored[index])
        if isNew { courtNumbers.append(stored[index].courtNumber) }
        placed[index] = (row, measureSlot, part)
      }
    }
    let stride = measureKeys.count * partCount
    var positions = [Int](repeating: -1, count: courtRows.ids.count * stride)
    for index in placed.indices where placed[index].row >= 0 {
      let (row, slot, part) = placed[index]
      positions[row * stride + slot * partCount + part] = index
    }
    let measures = measureKeys.map { catalog.measure(key: $0) }
    var result: [StoredFigure] = []
    result.reserveCapacity(courtRows.ids.count * measureKeys.count)
    for (row, court) in courtRows.ids.enumerated() {
      for (slot, key) in measureKeys.enumerated() {
        guard let measure = measures[slot] else { continue }
        let base = row * stride + slot * partCount
        // Sums in part order, as `reduce(0, +)` would.
        var count = 0
        var sum = 0.0
        var partsComplete = true
        for part in 0..<partCount where positions[base + part] >= 0 {
          count += 1
          sum += stored[positions[base + part]].value
          if !stored[positions[base + part]].isComplete { partsComplete = false }
        }
        guard count > 0 else { continue }
        let value: Double
        switch measure.aggregation {
        case .sum: value = sum
        case .mean: value = sum / Double(count)
        case .opening:
          guard positions[base] >= 0 else { continue }
          value = stored[positions[base]].value
        case .closing:
          guard positions[base + partCount - 1] >= 0 else { continue }
          value = stored[positions[base + partCount - 1]].value
        }
        let isComplete = count == partCount && partsComplete
        var missing: [Period] = []
        var bundles = BundleIDs()
        for part in 0..<partCount {
          let position = positions[base + part]
          if position < 0 {
            missing.append(parts[part])
          } else {
            bundles.formUnion(stored[position].bundles)
            if !isComplete { missing.append(contentsOf: stored[position].missingParts) }
          }
        }
        if !missing.isEmpty { missing = Array(Set(missing)).sorted() }
        var composed = StoredFigure(
          court: court, period: .year(parts[0].year), measure: key, value: value, isComplete: isComplete,
          missingParts: missing, bundles: bundles)
        composed.courtNumber = courtNumbers[row]
        composed.measureNumber = measureNumbers[slot]
        result.append(composed)
      }
    }
    return result
  }

  /// Each court's figure from its stored values for the period `key`.
  ///
  /// Runs once per question over every court's rows (10,500 at nation size for a rate), so it
  /// groups by court into one flat table of row positions, a slot per input, instead of a
  /// dictionary of dictionaries per court.
  static func compute(_ metric: Metric, _ span: Span, stored: [StoredFigure], key: Period, weight: String?)
    -> MetricFigures
  {
    compute(metric, span, stored: stored, rows: stored.indices, key: key, weight: weight)
  }

  /// Each court's figure from the rows of `stored` at `rows` for the period `key`: a trend
  /// or a health check reads once and computes each period or indicator from its own rows,
  /// without copying them out.
  static func compute<Rows: Sequence<Int>>(
    _ metric: Metric, _ span: Span, stored: [StoredFigure], rows: Rows, key: Period, weight: String?
  ) -> MetricFigures {
    let inputs = metric.inputs
    var slotOf: [String: Int] = [:]
    for (slot, input) in inputs.enumerated() where slotOf[input] == nil { slotOf[input] = slot }
    var weightSlot: Int?
    if let weight {
      if let slot = slotOf[weight] {
        weightSlot = slot
      } else {
        weightSlot = slotOf.count
        slotOf[weight] = slotOf.count
      }
    }
    let slots = max(1, slotOf.count)
    // For each court (in order of first appearance), the position in `stored` of each slot's
    // row, or -1. A later row for the same slot replaces an earlier one.
    var courtRows = CourtRows(capacity: stored.count / max(1, inputs.count) + 1)
    var positions: [Int] = []
    // A read numbers its courts and measures: each name is hashed once, not once a row.
    var slotOfNumber = ByNumber()  // -1: not an input
    // By position, not `for figure in stored`: that copies every row (its strings retained
    // and released), most of them of another period or measure.
    for position in rows where stored[position].period == key {
      let number = stored[position].measureNumber
      let slot =
        number >= 0
        ? slotOfNumber.value(number) { slotOf[stored[position].measure] ?? -1 } : slotOf[stored[position].measure] ?? -1
      guard slot >= 0 else { continue }
      let (row, isNew) = courtRows.row(of: stored[position])
      if isNew { positions.append(contentsOf: repeatElement(-1, count: slots)) }
      positions[row * slots + slot] = position
    }
    // The formula as slots and signs, the same sums in the same order as `Indicator.value`.
    let inputSlots = inputs.map { slotOf[$0]! }
    func terms(_ list: [Term]) -> [(slot: Int, sign: Double)] { list.map { (slotOf[$0.measure]!, Double($0.sign)) } }
    var numeratorTerms: [(slot: Int, sign: Double)] = []
    var denominatorTerms: [(slot: Int, sign: Double)]?
    var scale = 1.0
    if case .indicator(let indicator) = metric {
      numeratorTerms = terms(indicator.numerator)
      denominatorTerms = indicator.denominator.map(terms)
      scale = indicator.scale
    }
    var courts: [CourtFigure] = []
    courts.reserveCapacity(courtRows.ids.count)
    for (row, court) in courtRows.ids.enumerated() {
      let base = row * slots
      guard inputSlots.allSatisfy({ positions[base + $0] >= 0 }) else { continue }
      func value(_ slot: Int) -> Double { stored[positions[base + slot]].value }
      func total(_ terms: [(slot: Int, sign: Double)]) -> Double {
        var sum = 0.0
        for term in terms { sum += term.sign * value(term.slot) }
        return sum
      }
      var isComplete = true
      var bundles = BundleIDs()
      for slot in inputSlots {
        let position = positions[base + slot]
        if !stored[position].isComplete { isComplete = false }
        bundles.formUnion(stored[position].bundles)
      }
      var figure = CourtFigure(
        court: court, isComplete: isComplete,
        missingParts: isComplete
          ? [] : Array(Set(inputSlots.flatMap { stored[positions[base + $0]].missingParts })).sorted(),
        bundles: bundles, courtNumber: stored[positions[base + inputSlots[0]]].courtNumber)
      switch metric {
      case .measure:
        figure.value = value(inputSlots[0])
      case .indicator:
        let top = total(numeratorTerms)
        figure.numerator = top
        if let denominatorTerms {
          let bottom = total(denominatorTerms)
          figure.denominator = bottom
          if bottom == 0 {
            figure.noValue = LocalizedText(en: "no value: its denominator is 0", zh: "分母为0,无法计算")
          } else {
            figure.value = top / bottom * scale
          }
        } else {
          figure.value = top * scale
        }
      }
      if let value = figure.value, !value.isFinite {
        figure.value = nil
        figure.noValue = LocalizedText(en: "no value: the figures are too large to compute", zh: "数值过大,无法计算")
      }
      if let weightSlot, positions[base + weightSlot] >= 0 { figure.weight = value(weightSlot) }
      courts.append(figure)
    }
    return MetricFigures(metric: metric, span: span, courts: FigureTable(courts))
  }
}

/// Ranks in the metric's direction, on values rounded to the displayed decimals.
package enum Ranking {
  /// One ranked entry: the court, the value it is ranked on (rounded), its place, and whether
  /// it shares the place.
  package struct Entry: Sendable, Equatable {
    package var court: String
    package var key: Double
    package var place: Int
    package var tie: Bool

    package init(court: String, key: Double, place: Int, tie: Bool) {
      self.court = court
      self.key = key
      self.place = place
      self.tie = tie
    }
  }

  /// Competition ranks (1, 2, 2, 4) of `entries` (court, rounded key), best first: highest
  /// first unless lower is better; equal keys share a place, listed by court id.
  package static func rank(_ entries: [(court: String, key: Double)], direction: Direction) -> [Entry] {
    rankCut(entries, direction: direction, count: nil, fromBottom: false)
  }

  /// `cut(rank(entries), count, fromBottom)` without sorting every entry (see `positions`).
  package static func rankCut(
    _ entries: [(court: String, key: Double)], direction: Direction, count: Int?, fromBottom: Bool
  ) -> [Entry] {
    positions(
      entries.map(\.key), direction: direction, count: count, fromBottom: fromBottom,
      before: { entries[$0].court < entries[$1].court }
    ).map { Entry(court: entries[$0.index].court, key: entries[$0.index].key, place: $0.place, tie: $0.tie) }
  }

  /// The positions of `keys` in rank order (best first: highest unless lower is better; equal
  /// keys in the order `before` gives), with competition places and ties over every key, cut
  /// like `cut` (the first `count`, or the last, and every key tied with the one at the cut).
  ///
  /// A top ten of 3,500 courts sorts the keys alone, then orders only the entries at or beyond
  /// the cut's key: every entry left out ranks strictly ahead of (or, from the top, behind)
  /// every entry kept, so places and ties come out as in the whole ranking.
  package static func positions(
    _ keys: [Double], direction: Direction, count: Int?, fromBottom: Bool, before: (Int, Int) -> Bool
  ) -> [(index: Int, place: Int, tie: Bool)] {
    func better(_ left: Double, _ right: Double) -> Bool { direction == .lower ? left < right : left > right }
    var kept = Array(keys.indices)
    var ahead = 0
    if let count, count > 0, count < keys.count {
      if fromBottom {
        let boundary = nth(count, of: keys) { better($1, $0) }
        kept = kept.filter { !better(keys[$0], boundary) }
        ahead = keys.count - kept.count
      } else {
        let boundary = nth(count, of: keys, by: better)
        kept = kept.filter { !better(boundary, keys[$0]) }
      }
    }
    kept.sort { keys[$0] != keys[$1] ? better(keys[$0], keys[$1]) : before($0, $1) }
    return zip(kept, places(kept.map { keys[$0] })).map { ($0, $1.place + ahead, $1.tie) }
  }

  /// The `n`th key (from 1) of `keys` sorted by `first`, without sorting them: one pass
  /// keeping the `n` first seen so far (a top ten of 31,500 party groups looks at each once).
  static func nth(_ n: Int, of keys: [Double], by first: (Double, Double) -> Bool) -> Double {
    // Inserting costs up to n a key: past a few dozen, sorting is cheaper.
    guard n <= 64 else { return keys.sorted(by: first)[n - 1] }
    var leading: [Double] = []  // the n first so far, in order
    leading.reserveCapacity(n + 1)
    for key in keys where leading.count < n || first(key, leading[leading.count - 1]) {
      // After every key it does not come before: equal keys keep their multiplicity.
      var position = leading.count
      while position > 0 && first(key, leading[position - 1]) { position -= 1 }
      leading.insert(key, at: position)
      if leading.count > n { leading.removeLast() }
    }
    return leading[n - 1]
  }

  /// Competition places (1, 2, 2, 4) of keys already in rank order, best first, and whether
  /// each shares its place with the previous or next entry.
  static func places(_ keys: [Double]) -> [(place: Int, tie: Bool)] {
    var places: [(place: Int, tie: Bool)] = []
    places.reserveCapacity(keys.count)
    for (index, key) in keys.enumerated() {
      places.append((index > 0 && keys[index - 1] == key ? places[index - 1].place : index + 1, false))
    }
    for index in places.indices {
      let before = index > 0 && places[index - 1].place == places[index].place
      let after = index + 1 < places.count && places[index + 1].place == places[index].place
      places[index].tie = before || after
    }
    return places
  }

  /// The first `count` entries of a ranked list (or the last, `fromBottom`), with every entry
  /// tied with the one at the cut; in rank order.
  package static func cut<T>(_ list: [T], count: Int?, fromBottom: Bool, key: (T) -> Double?) -> [T] {
    guard let count, count < list.count else { return list }
    if fromBottom {
      let boundary = key(list[list.count - count])
      return list.enumerated().filter { index, item in
        index >= list.count - count || (boundary != nil && key(item) == boundary)
      }.map(\.element)
    }
    let boundary = key(list[count - 1])
    return list.enumerated().filter { index, item in
      index < count || (boundary != nil && key(item) == boundary)
    }.map(\.element)
  }
}

/// How a city figure is formed from the courts' figures.
enum CityFigureMath {
  /// The figure of `kind` over `figures`, or nil when it cannot be formed (no court, a zero
  /// denominator or weight).
  /// Sums run in court-id order, so the figure is the same to the last bit every time.
  static func value(_ kind: CityFigure, _ figures: [CourtFigure], metric: Metric) -> Double? {
    // Positions, not copies: a nation's figures are 3,500 structs of strings and sets. Mostly
    // given in court-id order already (`Evaluation.usedInOrder`): then checked, not sorted.
    var valued = figures.indices.filter { figures[$0].value != nil }
    if !valued.indices.dropFirst().allSatisfy({ figures[valued[$0 - 1]].court < figures[valued[$0]].court }) {
      valued.sort { figures[$0].court < figures[$1].court }
    }
    guard !valued.isEmpty else { return nil }
    switch kind {
    case .pooled:
      guard case .indicator(let indicator) = metric, indicator.denominator != nil else { return nil }
      let numerator = valued.reduce(0.0) { $0 + (figures[$1].numerator ?? 0) }
      let denominator = valued.reduce(0.0) { $0 + (figures[$1].denominator ?? 0) }
      guard denominator != 0 else { return nil }
      let value = numerator / denominator * indicator.scale
      return value.isFinite ? value : nil
    case .mean:
      let value = valued.reduce(0.0) { $0 + figures[$1].value! } / Double(valued.count)
      return value.isFinite ? value : nil
    case .sum:
      let value = valued.reduce(0.0) { $0 + figures[$1].value! }
      return value.isFinite ? value : nil
    case .weightedMean:
      let weighted = valued.filter { figures[$0].weight != nil }
      let total = weighted.reduce(0.0) { $0 + figures[$1].weight! }
      guard total != 0 else { return nil }
      let value = weighted.reduce(0.0) { $0 + figures[$1].value! * figures[$1].weight! } / total
      return value.isFinite ? value : nil
    }
  }
}
