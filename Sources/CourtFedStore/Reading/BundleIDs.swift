/// The ids of the bundles a figure came from, ascending and without repeats.
///
/// Almost every figure comes from one bundle, so the first id is kept inline and only a
/// figure built from several bundles holds an array: a question at nation size makes tens of
/// thousands of these, and a set or an array each would be as many allocations.
package struct BundleIDs: Sendable, Hashable, Sequence {
  /// The smallest id, or nil for none.
  private var first: Int64?
  /// The others, ascending (empty for one bundle: an empty array allocates nothing).
  private var rest: [Int64] = []

  package init() {}

  package init(_ id: Int64) { first = id }

  package init<S: Sequence>(_ ids: S) where S.Element == Int64 {
    for id in ids { insert(id) }
  }

  package var isEmpty: Bool { first == nil }

  package var count: Int { first == nil ? 0 : 1 + rest.count }

  package func contains(_ id: Int64) -> Bool { id == first || rest.contains(id) }

  /// Adds `id`, keeping the order; nothing when it is there already.
  package mutating func insert(_ id: Int64) {
    guard let smallest = first else {
      first = id
      return
    }
    if id == smallest || rest.contains(id) { return }
    if id < smallest {
      rest.insert(smallest, at: 0)
      first = id
    } else {
      rest.insert(id, at: rest.firstIndex { $0 > id } ?? rest.endIndex)
    }
  }

  package mutating func formUnion<S: Sequence>(_ other: S) where S.Element == Int64 {
    for id in other { insert(id) }
  }

  /// Adds the ids of `other`: nothing to do, mostly, as both name the same single bundle.
  package mutating func formUnion(_ other: BundleIDs) {
    guard let otherFirst = other.first else { return }
    if first == nil {
      self = other
      return
    }
    insert(otherFirst)
    for id in other.rest { insert(id) }
  }

  package func makeIterator() -> Iterator { Iterator(ids: self) }

  /// The ids in ascending order, without copying them.
  package struct Iterator: IteratorProtocol {
    let ids: BundleIDs
    /// -1 before the first id, then the position in `rest`.
    var position = -1

    package mutating func next() -> Int64? {
      defer { position += 1 }
      if position < 0 { return ids.first }
      return position < ids.rest.count ? ids.rest[position] : nil
    }
  }
}
