import CourtFedModel
import CourtFedStore
import TestSupport
import Testing

@testable import CourtFedQuery

/// The tables a read's rows are sorted into, against the plain way: a court's row is the
/// place of its name among the distinct names in order of first appearance, whether a figure
/// carries its read's number for the court, or no number (built by hand), or the two mixed.
@Suite("Tabling a read's rows")
struct CourtRowsTests {
  @Test("a court's row is its place among the names in order of first appearance, numbered or not")
  func rowsByFirstAppearance() {
    let seed = SplitMix.seed("court rows", fallback: 2026)
    var random = SplitMix(seed: seed)
    for round in 0..<300 {
      let pool = (0..<random.int(1...40)).map { "court-\(random.int(0...9_999))-\($0)" }
      // A read numbers each court once, in order of first appearance in the read.
      var numberOf: [String: Int] = [:]
      let numberedShare = [0.0, 1.0, 0.5][round % 3]
      var rows = CourtRows()
      var seen: [String] = []
      for step in 0..<random.int(0...120) {
        let court = pool[random.int(0...pool.count - 1)]
        var figure = StoredFigure(court: court, period: .year(2021), measure: "m", value: 1)
        if random.chance(numberedShare) {
          figure.courtNumber = numberOf[court] ?? numberOf.count
          numberOf[court] = figure.courtNumber
        }
        let expectedRow = seen.firstIndex(of: court) ?? seen.count
        let expectedNew = !seen.contains(court)
        if expectedNew { seen.append(court) }
        let got = random.chance(0.2) ? rows.row(court) : rows.row(of: figure)
        #expect(
          got.row == expectedRow && got.isNew == expectedNew,
          "seed \(seed), round \(round), step \(step): \(court) got \(got), want (\(expectedRow), \(expectedNew))")
      }
      #expect(rows.ids == seen, "seed \(seed), round \(round)")
    }
  }

  @Test("a read's courts are placed in a scope as their ids are, whatever order their numbers come in")
  func scopePlaces() {
    let seed = SplitMix.seed("scope places", fallback: 2026)
    var random = SplitMix(seed: seed)
    for round in 0..<200 {
      let ids = (0..<random.int(1...30)).map { "court-\($0)" }
      let scope = ids.filter { _ in random.chance(0.7) }
      // A read numbers each court once; rows come in any order (numbers too).
      let numbers = Dictionary(uniqueKeysWithValues: ids.shuffled(using: &random).enumerated().map { ($1, $0) })
      let stored = (0..<random.int(0...80)).map { _ in
        let id = ids[random.int(0...ids.count - 1)]
        return StoredFigure(court: id, period: .year(2021), measure: "m", value: 1, courtNumber: numbers[id]!)
      }
      let places = ScopePlaces(stored, scope: scope)
      for id in ids {
        var figure = CourtFigure(court: id, isComplete: true, missingParts: [], bundles: BundleIDs())
        figure.courtNumber = numbers[id]!
        let want = stored.contains { $0.court == id } ? scope.firstIndex(of: id) : nil
        switch places.place(of: figure) {
        case .at(let index): #expect(want == index, "seed \(seed), round \(round): \(id)")
        case .outside: #expect(want == nil && !scope.contains(id), "seed \(seed), round \(round): \(id)")
        case .unknown: #expect(!stored.contains { $0.court == id }, "seed \(seed), round \(round): \(id)")
        }
      }
      var unnumbered = CourtFigure(court: ids[0], isComplete: true, missingParts: [], bundles: BundleIDs())
      unnumbered.courtNumber = -1
      guard case .unknown = places.place(of: unnumbered) else {
        Issue.record("seed \(seed), round \(round): a figure without a number was placed")
        continue
      }
    }
  }

  @Test("each period's rows are the positions of the rows of that period, in read order")
  func rowsByPeriod() {
    let seed = SplitMix.seed("rows by period", fallback: 2026)
    var random = SplitMix(seed: seed)
    let periods: [Period] = [.year(2020), .year(2021), .quarter(2021, 2), .month(2021, 6)]
    for round in 0..<200 {
      // Runs of one period, as a read returns them, with periods not asked for among them.
      var stored: [StoredFigure] = []
      for _ in 0..<random.int(0...12) {
        let period = random.chance(0.2) ? Period.year(2019) : periods[random.int(0...periods.count - 1)]
        for _ in 0..<random.int(1...6) {
          stored.append(StoredFigure(court: "c\(random.int(0...5))", period: period, measure: "m", value: 1))
        }
      }
      let asked = Array(periods.shuffled(using: &random).prefix(random.int(1...periods.count)))
      let got = MetricFigures.rowsByPeriod(stored, periods: asked)
      let want = asked.map { period in stored.indices.filter { stored[$0].period == period } }
      #expect(got == want, "seed \(seed), round \(round)")
    }
  }
}
