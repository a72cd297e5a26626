import CourtFedModel
import CourtFedStore
import TestSupport
import Testing

@testable import CourtFedQuery

/// A table of figures found by court id against the plain way: a scan of the list for the
/// court's name.
@Suite("Tables of court figures")
struct FigureTableTests {
  static func figure(_ court: String, _ value: Double?) -> CourtFigure {
    var figure = CourtFigure(court: court, isComplete: true, missingParts: [], bundles: BundleIDs())
    figure.value = value
    return figure
  }

  @Test("a court's figure is the one a scan of the list finds, before and after removing and keeping")
  func lookups() {
    let seed = SplitMix.seed("figure table", fallback: 2026)
    var random = SplitMix(seed: seed)
    for round in 0..<200 {
      let courts = Array(Set((0..<random.int(0...60)).map { _ in "court-\(random.int(0...999))" })).shuffled(
        using: &random)
      let list = courts.map { Self.figure($0, random.chance(0.2) ? nil : Double(random.int(0...10_000)) / 7) }
      let table = FigureTable(list)
      #expect(table.map(\.court) == courts, "seed \(seed), round \(round): the list's order")
      let asked = courts + (0..<5).map { "absent-\($0)" }
      for court in asked.shuffled(using: &random) {
        let scanned = list.first { $0.court == court }
        #expect(
          table[court]?.court == scanned?.court && table[court]?.value == scanned?.value,
          "seed \(seed), round \(round): \(court)")
        #expect(table.contains(court: court) == (scanned != nil), "seed \(seed), round \(round): \(court)")
        #expect(
          table.position(of: court) == list.firstIndex { $0.court == court }, "seed \(seed), round \(round): \(court)")
      }
      let gone = Set(courts.filter { _ in random.chance(0.3) } + ["absent-0"])
      let removed = table.removing(gone)
      #expect(removed.map(\.court) == courts.filter { !gone.contains($0) }, "seed \(seed), round \(round)")
      for court in asked {
        #expect(
          removed.contains(court: court) == (courts.contains(court) && !gone.contains(court)),
          "seed \(seed), round \(round): \(court)")
        // The original, already indexed, still finds every one of its courts.
        #expect(table.contains(court: court) == courts.contains(court), "seed \(seed), round \(round): \(court)")
      }
      let kept = table.keeping { ($0.value ?? 0) > 500 }
      #expect(kept.map(\.court) == list.filter { ($0.value ?? 0) > 500 }.map(\.court), "seed \(seed), round \(round)")
      for court in asked {
        #expect(
          kept[court]?.court == list.first { $0.court == court && ($0.value ?? 0) > 500 }?.court,
          "seed \(seed), round \(round)")
      }
      let shown = table.shownValues(decimals: 2)
      #expect(shown.map(\.court) == list.filter { $0.value != nil }.map(\.court), "seed \(seed), round \(round)")
      for (court, key) in shown {
        let value = list.first { $0.court == court }!.value!
        #expect(abs(key - value) <= 0.005 + 1e-9, "seed \(seed), round \(round): \(court) \(value) shown \(key)")
      }
    }
  }

  @Test("copies of a table looked up from several tasks at once agree with the list")
  func concurrentLookups() async {
    let courts = (0..<2_000).map { "court-\($0)" }
    let table = FigureTable(courts.map { Self.figure($0, Double($0.count)) })
    let found = await withTaskGroup(of: Int.self) { group in
      for task in 0..<8 {
        let copy = table
        group.addTask {
          courts.indices.filter { $0 % 8 == task }.filter { copy.position(of: courts[$0]) == $0 }.count
        }
      }
      return await group.reduce(0, +)
    }
    #expect(found == courts.count)
  }
}
