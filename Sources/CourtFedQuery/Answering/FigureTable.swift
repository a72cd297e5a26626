import CourtFedModel
import Synchronization

/// Court figures in the order they were computed (a court at most once), found by court id
/// through an index built the first time one is looked up.
///
/// A health-check summary computes eleven tables of a nation's 3,500 courts and places every
/// figure by its read's court number, never by id: a dictionary by id hashed 38,500 ids for
/// nothing and copied each figure (about 200 bytes) every time one was read out of it.
struct FigureTable: Sendable, RandomAccessCollection {
  private let figures: [CourtFigure]
  private let lookup = Lookup()

  /// The figures' positions by court id, made on the first lookup. The table never changes,
  /// so the index, once made, stays true; copies of the table share it.
  private final class Lookup: Sendable {
    let positions = Mutex<[String: Int]?>(nil)
  }

  /// A table of `figures`, each of a different court (a computation makes one per court;
  /// checked in debug builds, which the tests use).
  init(_ figures: [CourtFigure] = []) {
    assert(Set(figures.map(\.court)).count == figures.count, "a court given twice")
    self.figures = figures
  }

  var startIndex: Int { figures.startIndex }
  var endIndex: Int { figures.endIndex }
  subscript(position: Int) -> CourtFigure { figures[position] }

  /// The court's figure, or nil.
  subscript(court: String) -> CourtFigure? {
    position(of: court).map { figures[$0] }
  }

  /// Whether the table holds a figure of the court.
  func contains(court: String) -> Bool { position(of: court) != nil }

  /// The position of the court's figure, or nil.
  func position(of court: String) -> Int? {
    lookup.positions.withLock { positions in
      if let positions { return positions[court] }
      var made = [String: Int](minimumCapacity: figures.count)
      for (position, figure) in figures.enumerated() { made[figure.court] = position }
      positions = made
      return made[court]
    }
  }

  /// The table without the figures of `courts`.
  func removing(_ courts: Set<String>) -> FigureTable {
    courts.isEmpty ? self : FigureTable(figures.filter { !courts.contains($0.court) })
  }

  /// The table of the figures `isIncluded` keeps.
  func keeping(_ isIncluded: (CourtFigure) -> Bool) -> FigureTable {
    FigureTable(figures.filter(isIncluded))
  }
}

extension FigureTable {
  /// Each court with a value, its value rounded as shown (`decimals`): what a ranking sorts.
  func shownValues(decimals: Int) -> [(court: String, key: Double)] {
    compactMap { figure in figure.value.map { (figure.court, DisplayRounding.round($0, decimals: decimals)) } }
  }
}
