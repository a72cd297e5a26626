/// Which parts a period is built from when a court did not report the period itself: the one
/// roll-up rule, used by `Measure.aggregate`, the merge's stored roll-ups and the
/// completeness grid alike.
///
/// The finest complete set of sub-periods wins, trying quarters, then months, then halves.
/// When no kind is complete, the kind with the most reported parts is used (the earlier kind
/// on a tie), and the figure built from it is incomplete.
package struct PartChoice: Sendable, Equatable {
  /// The kind of the parts.
  package let kind: PeriodKind
  /// How many parts of `kind` the period has (4 quarters in a year).
  package let count: Int
  /// The positions (0-based, in time order) of the parts that were reported.
  package let present: [Int]

  package init(kind: PeriodKind, count: Int, present: [Int]) {
    self.kind = kind
    self.count = count
    self.present = present
  }

  /// True when every part was reported.
  package var isComplete: Bool { present.count == count }

  /// The kinds tried, in order of preference.
  package static let kinds: [PeriodKind] = [.quarter, .month, .half]

  /// The parts a period of `whole` kind is built from, given which of its parts were
  /// reported (`isReported(kind, position)`), or nil when none of any kind was.
  package static func choose(for whole: PeriodKind, isReported: (PeriodKind, Int) -> Bool) -> PartChoice? {
    var best: PartChoice?
    for kind in kinds where kind < whole {
      let count = whole.monthCount / kind.monthCount
      var present: [Int] = []
      for position in 0..<count where isReported(kind, position) { present.append(position) }
      let choice = PartChoice(kind: kind, count: count, present: present)
      if choice.isComplete { return choice }
      if !present.isEmpty, present.count > (best?.present.count ?? 0) { best = choice }
    }
    return best
  }
}

extension TemporalAggregation {
  /// The value of a period from its parts' values in time order, nil where a part is
  /// missing: flows sum and means average what was reported; a stock needs its boundary
  /// part (the first for an opening stock, the last for a closing one) and is nil without it.
  package func combine(_ parts: [Double?]) -> Double? {
    switch self {
    case .sum: return parts.reduce(0) { $0 + ($1 ?? 0) }
    case .mean:
      let present = parts.compactMap { $0 }
      return present.isEmpty ? nil : present.reduce(0, +) / Double(present.count)
    case .opening: return parts.first ?? nil
    case .closing: return parts.last ?? nil
    }
  }
}
