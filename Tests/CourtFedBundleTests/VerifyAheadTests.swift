import CourtFedFormats
import CourtFedModel
import Foundation
import Synchronization
import TestSupport
import Testing

@testable import CourtFedBundle

/// `courtfed verify` checks bundles on several threads and a merge a few small bundles ahead
/// of its writer: each input must get its own result, handed over in the order given, and no
/// more bundles may be held than the lookahead allows.
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
      let load: @Sendable (Int, Int) -> Result<Data, BundleError> = { index, _ in .success(bytes[index]) }
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

  @Test("a lookahead of bundles and bytes (seeded sizes) starts no more than it allows, each bundle once and in order")
  func lookahead() throws {
    let seed = SplitMix.seed("verify lookahead", fallback: 23)
    var rng = SplitMix(seed: seed)
    let bundle = BundleForge().bundle()
    let count = 40
    for round in 0..<12 {
      let limit = Lookahead(bundles: rng.int(1...5), bytes: [0, 1_000, 5_000, Int.max][rng.int(0...3)])
      // Sizes as files report them; some cannot be had (Int.max).
      let sizes = (0..<count).map { _ in rng.chance(0.1) ? Int.max : rng.int(0...3_000) }
      let started = Mutex<[Int]>([])
      let load: @Sendable (Int, Int) -> Result<Data, BundleError> = { index, _ in
        started.withLock { $0.append(index) }
        return .success(bundle)
      }
      let size: (Int) -> Int = { sizes[$0] }
      var handed: [Int] = []
      BundleForge.verifier().verifyAhead(
        Array(0..<count), keepRows: false, lookahead: limit, size: size, load: load
      ) { index, _, result in
        handed.append(index)
        #expect((try? result.get()) != nil, "seed \(seed), round \(round), bundle \(index)")
        // Time for the verifying thread to start all it is allowed to (and more, if it would).
        Thread.sleep(forTimeInterval: 0.002)
        let furthest = started.withLock { $0.max() ?? -1 }
        let ahead = furthest > index ? Array((index + 1)...furthest) : []
        #expect(ahead.count <= limit.bundles, "seed \(seed), round \(round): \(ahead.count) ahead of \(index)")
        if ahead.count > 1 {
          let bytes = ahead.reduce(0) { $0 > Int.max - sizes[$1] ? Int.max : $0 + sizes[$1] }
          #expect(bytes <= limit.bytes, "seed \(seed), round \(round): \(bytes) bytes ahead of \(index)")
        }
      }
      #expect(handed == Array(0..<count), "seed \(seed), round \(round)")
      #expect(started.withLock { $0 } == Array(0..<count), "seed \(seed), round \(round): each loaded once, in order")
    }
  }

  @Test("a merge's lookahead has four small bundles verified while the first is handled")
  func goesAhead() throws {
    let bundle = BundleForge().bundle()
    let started = Mutex<Set<Int>>([])
    let load: @Sendable (Int, Int) -> Result<Data, BundleError> = { index, _ in
      started.withLock { _ = $0.insert(index) }
      return .success(bundle)
    }
    let size: (Int) -> Int = { _ in bundle.count }
    var seen: Set<Int> = []
    BundleForge.verifier().verifyAhead(Array(0..<10), keepRows: false, lookahead: .merge, size: size, load: load) {
      index, _, _ in
      guard index == 0 else { return }
      let deadline = Date().addingTimeInterval(10)
      while started.withLock({ $0.count }) < 5 && Date() < deadline { Thread.sleep(forTimeInterval: 0.005) }
      seen = started.withLock { $0 }
    }
    #expect(seen == Set(0...4))
  }

  @Test("a file's size for the lookahead is what FileManager says; a folder, a FIFO or nothing is Int.max")
  func fileSizes() throws {
    let folder = ProjectPaths.temporaryDirectory("lookahead sizes")
    let file = folder.appendingPathComponent("a.courtfed")
    try BundleForge().bundle().write(to: file)
    let expected = try #require(FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)
    #expect(Lookahead.size(of: file) == expected && expected > 0)
    let fifo = folder.appendingPathComponent("pipe.courtfed")
    #expect(mkfifo(fifo.path, 0o600) == 0)
    #expect(Lookahead.size(of: fifo) == .max)
    #expect(Lookahead.size(of: folder) == .max)
    #expect(Lookahead.size(of: folder.appendingPathComponent("missing.courtfed")) == .max)
  }

  @Test("a bundle ahead of the next is read only up to the size it was counted at; one that grew is read when next")
  func grownFiles() throws {
    let seed = SplitMix.seed("verify lookahead growth", fallback: 29)
    var rng = SplitMix(seed: seed)
    let bundle = BundleForge().bundle()
    let count = 30
    // Each input's size as counted (before reading): some smaller than the bytes the read
    // finds, as for a file still being copied in.
    let counted = (0..<count).map { _ in rng.chance(0.3) ? rng.int(0...(bundle.count - 1)) : bundle.count }
    let reads = Mutex<[(index: Int, most: Int)]>([])
    let load: @Sendable (Int, Int) -> Result<Data, BundleError> = { index, most in
      reads.withLock { $0.append((index, most)) }
      return bundle.count <= most ? .success(bundle) : .failure(.bundleTooLarge(size: bundle.count, limit: most))
    }
    let size: (Int) -> Int = { counted[$0] }
    let limit = BundleForge.verifier().limits.bundleBytes
    var handed: [Int] = []
    BundleForge.verifier().verifyAhead(
      Array(0..<count), keepRows: false, lookahead: Lookahead(bundles: 4, bytes: 1 << 20), size: size, load: load
    ) { index, _, result in
      handed.append(index)
      #expect((try? result.get()) != nil, "seed \(seed), bundle \(index): \(result)")
    }
    #expect(handed == Array(0..<count), "seed \(seed)")
    for index in 0..<count {
      let mine = reads.withLock { $0 }.filter { $0.index == index }.map(\.most)
      // Read once at its counted size or the full limit, or, grown, at its counted size and
      // again at the full limit.
      #expect(mine.allSatisfy { $0 == counted[index] || $0 == limit }, "seed \(seed), bundle \(index): \(mine)")
      #expect(mine.last == limit || counted[index] >= bundle.count, "seed \(seed), bundle \(index): \(mine)")
      #expect(mine.count <= 2, "seed \(seed), bundle \(index): \(mine)")
    }
    #expect(reads.withLock { $0 }.contains { $0.most < bundle.count }, "seed \(seed): no read was capped")
  }
}
