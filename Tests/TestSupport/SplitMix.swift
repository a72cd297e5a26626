import Foundation

/// A small seeded generator, so random tests are repeatable: each prints its seed.
package struct SplitMix: RandomNumberGenerator, Sendable {
  package var state: UInt64
  package init(seed: UInt64) { state = seed }
  package mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A number in `range`.
  package mutating func int(_ range: ClosedRange<Int>) -> Int {
    range.lowerBound + Int(next() % UInt64(range.count))
  }

  /// True with probability `chance`.
  package mutating func chance(_ chance: Double) -> Bool {
    Double(next() % 1_000_000) / 1_000_000 < chance
  }

  /// The seed to use: `COURTFED_SEED` from the environment, else `fallback`; printed.
  package static func seed(_ name: String, fallback: UInt64) -> UInt64 {
    let seed = ProcessInfo.processInfo.environment["COURTFED_SEED"].flatMap { UInt64($0) } ?? fallback
    print("\(name): seed \(seed) (set COURTFED_SEED to repeat another)")
    return seed
  }
}
