import CourtFedFormats
import CourtFedModel
import Foundation
import TestSupport
import Testing

@testable import CourtFedBundle

/// `courtfed verify` checks bundles on several threads and a merge one bundle ahead of its
/// writer: each input must get its own result, handed over in the order given.
@Suite("Verifying ahead")
struct VerifyAheadTests {
  @Test("on 1 to 4 workers, each of 150 bundles (some tampered, seeded) gets its own result, in order")
  func ordered() throws {
    let seed = SplitMix.seed("verify ahead", fallback: 17)
    var rng = SplitMix(seed: seed)
    // Each bundle made at its own minute, so each has its own manifest; a tampered one has a
    // byte of its manifest changed. More than 64, so the list of started ones is trimmed.
    var inputs: [(data: Data, created: String, tampered: Bool)] = []
    for index in 0..<150 {
      var forge = BundleForge()
      let created = BundleManifest.timestamp(BundleForge.now.addingTimeInterval(Double(-60 * index)))
      forge.set(["courtfed", "created"], .string(created))
      var data = forge.bundle()
      let tampered = rng.chance(0.3)
      if tampered { data[700] ^= 0x01 }
      inputs.append((data, created, tampered))
    }
    #expect(inputs.contains { $0.tampered } && inputs.contains { !$0.tampered })
    let bytes = inputs.map(\.data)
    for workers in 1...4 {
      var seen: [Int] = []
      let load: @Sendable (Int) -> Result<Data, BundleError> = { .success(bytes[$0]) }
      BundleForge.verifier().verifyAhead(Array(inputs.indices), keepRows: false, workers: workers, load: load) {
        index, data, result in
        seen.append(index)
        #expect(data == inputs[index].data, "seed \(seed), \(workers) workers, bundle \(index)")
        switch result {
        case .success(let bundle):
          #expect(!inputs[index].tampered && bundle.manifest.created == inputs[index].created, "seed \(seed)")
        case .failure(let error):
          #expect(inputs[index].tampered, "seed \(seed), \(workers) workers, bundle \(index): \(error)")
        }
      }
      #expect(seen == Array(inputs.indices), "seed \(seed), \(workers) workers")
    }
  }
}
