import CourtFedModel
import CourtFedQuery
import TestSupport
import Testing

/// Rankings with a cut (top 10, bottom 5) against places counted here the plain way: a court's
/// place is one more than the number of courts strictly ahead of it; it ties when another
/// court has its key; a top cut keeps every court at or ahead of the key of the court at the
/// cut (a bottom cut, at or behind), listed by place, then court id.
@Suite("Rankings with a cut")
struct RankingTests {
  /// The expected entries, counted without sorting.
  static func expected(
    _ entries: [(court: String, key: Double)], direction: Direction, count: Int?, fromBottom: Bool
  ) -> [Ranking.Entry] {
    func ahead(_ left: Double, of right: Double) -> Bool { direction == .lower ? left < right : left > right }
    func place(_ key: Double) -> Int { 1 + entries.filter { ahead($0.key, of: key) }.count }
    var kept = entries
    if let count, count < entries.count {
      // The key of the court at the cut: the one whose place range covers position `count`.
      let position = fromBottom ? entries.count - count + 1 : count
      let boundary = entries.first { entry in
        let first = place(entry.key)
        let tied = entries.filter { $0.key == entry.key }.count
        return first <= position && position < first + tied
      }!.key
      kept = entries.filter { fromBottom ? !ahead($0.key, of: boundary) : !ahead(boundary, of: $0.key) }
    }
    return kept.map { entry in
      Ranking.Entry(
        court: entry.court, key: entry.key, place: place(entry.key),
        tie: entries.filter { $0.key == entry.key }.count > 1)
    }.sorted { ($0.place, $0.court) < ($1.place, $1.court) }
  }

  @Test("a cut ranking equals the places counted one by one, with ties at the cut and either direction")
  func cutRankings() {
    let seed = SplitMix.seed("rankings with a cut", fallback: 2026)
    var random = SplitMix(seed: seed)
    for round in 0..<400 {
      let size = random.int(0...(round % 4 == 0 ? 240 : 60))
      let distinct = random.int(1...12)  // few distinct keys: many ties
      let entries = (0..<size).map { index in
        (court: "c\(random.int(0...999))-\(index)", key: Double(random.int(0...distinct)) / 4)
      }
      let direction: Direction = [.higher, .lower, .neutral][random.int(0...2)]
      let count: Int? = random.chance(0.1) ? nil : random.int(1...max(1, size + 2))
      let fromBottom = random.chance(0.4)
      let want = Self.expected(entries, direction: direction, count: count, fromBottom: fromBottom)
      let cut = Ranking.rankCut(entries, direction: direction, count: count, fromBottom: fromBottom)
      #expect(
        cut == want,
        "seed \(seed), round \(round): \(entries.count) entries, count \(String(describing: count)), bottom \(fromBottom)"
      )
      let full = Ranking.cut(Ranking.rank(entries, direction: direction), count: count, fromBottom: fromBottom) {
        $0.key
      }
      #expect(full == want, "seed \(seed), round \(round): rank then cut")
    }
  }
}
