/// Levenshtein distance over characters, used for "did you mean" suggestions.
///
/// Counting characters rather than bytes makes it work for Chinese: 结按率 is one edit from
/// 结案率, as "clearence" is one edit from "clearance".
package enum EditDistance {
  /// The number of single-character insertions, deletions and substitutions from `a` to `b`.
  package static func between(_ a: String, _ b: String) -> Int {
    let source = Array(a)
    let target = Array(b)
    if source.isEmpty { return target.count }
    if target.isEmpty { return source.count }
    var previous = Array(0...target.count)
    var current = [Int](repeating: 0, count: target.count + 1)
    for i in 1...source.count {
      current[0] = i
      for j in 1...target.count {
        let substitution = previous[j - 1] + (source[i - 1] == target[j - 1] ? 0 : 1)
        current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
      }
      swap(&previous, &current)
    }
    return previous[target.count]
  }

  /// The distance between two scalar sequences if it is at most `limit`, else nil; stops as
  /// soon as a whole row exceeds the limit, so far-off candidates cost a row or two.
  package static func within(_ source: [UInt32], _ target: [UInt32], limit: Int) -> Int? {
    let m = source.count
    let n = target.count
    guard abs(m - n) <= limit else { return nil }
    if m == 0 || n == 0 { return max(m, n) }
    // Plain loops over a buffer on the stack: this runs for every candidate of every
    // suggestion.
    return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * (n + 1)) { row in
      var previous = 0
      var current = n + 1
      var j = 0
      while j <= n {
        row[j] = j
        j += 1
      }
      var i = 1
      while i <= m {
        row[current] = i
        var rowMinimum = i
        let a = source[i - 1]
        j = 1
        while j <= n {
          let substitution = row[previous + j - 1] + (a == target[j - 1] ? 0 : 1)
          let deletion = row[previous + j] + 1
          let insertion = row[current + j - 1] + 1
          var value = substitution < deletion ? substitution : deletion
          if insertion < value { value = insertion }
          row[current + j] = value
          if value < rowMinimum { rowMinimum = value }
          j += 1
        }
        if rowMinimum > limit { return nil }
        swap(&previous, &current)
        i += 1
      }
      let distance = row[previous + n]
      return distance <= limit ? distance : nil
    }
  }

  /// The largest distance still worth suggesting for a word of this length: about a third
  /// of it, at least one.
  package static func limit(for text: String) -> Int {
    max(text.count, 3) / 3
  }

  /// The candidates closest to `text` within the limit, best first, at most `count` of them.
  package static func suggestions(for text: String, among candidates: [String], count: Int = 3)
    -> [String]
  {
    let limit = limit(for: text)
    var scored: [(candidate: String, distance: Int)] = []
    var seen = Set<String>()
    let length = text.count
    for candidate in candidates where seen.insert(candidate).inserted {
      // Lengths further apart than the limit cannot be within it.
      guard abs(candidate.count - length) <= limit else { continue }
      let distance = between(text, candidate)
      if distance <= limit { scored.append((candidate, distance)) }
    }
    scored.sort { ($0.distance, $0.candidate) < ($1.distance, $1.candidate) }
    return scored.prefix(count).map(\.candidate)
  }
}
