import Dispatch
import Foundation

extension BundleVerifier {
  /// How many bundles `courtfed verify` checks at once: one per core, at most two (each holds
  /// its bundle, up to the size limit, and one member decompressed while it is checked).
  public static var workers: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 2) }

  /// Verifies `inputs` ahead of `body`: while `body` handles bundle N (merging it, say), the
  /// next bundles are loaded and verified, as many as `lookahead` allows (by default
  /// `workers`), on `workers` other threads. `body` sees them in order.
  ///
  /// The next bundle is read whatever its size (within the limit); one further ahead only
  /// if it is still no larger than the size it was counted at in the lookahead's bytes
  /// (a file still being copied in is read again when it is next), so the bundles held
  /// beyond the next stay within those bytes.
  ///
  /// - Parameters:
  ///   - workers: threads verifying at once; with more than one, every bundle of the
  ///     lookahead may be verified at once, so the lookahead stays at `workers` (the default).
  ///   - keepData: false to let go of each bundle's bytes once verified (`body` gets nil).
  ///   - size: an input's size in bytes, for `lookahead`'s bytes.
  ///   - load: the bytes of an input, at most the given count (`bundleTooLarge` beyond it),
  ///     or why they cannot be had (run on a worker thread).
  ///   - body: called once per input, in order, with its bytes (nil if they could not be
  ///     loaded, or `keepData` is false) and the verification result.
  package func verifyAhead<Input: Sendable>(
    _ inputs: [Input], keepRows: Bool = true, keepData: Bool = true, workers: Int = 1, lookahead: Lookahead? = nil,
    size: (Input) -> Int = { _ in 0 }, load: @escaping @Sendable (Input, Int) -> Result<Data, BundleError>,
    _ body: (Input, Data?, Result<VerifiedBundle, BundleError>) throws -> Void
  ) rethrows {
    let workers = max(workers, 1)
    assert(workers == 1 || lookahead == nil, "several workers verify every bundle of the lookahead at once")
    let lookahead = lookahead ?? Lookahead(bundles: workers, bytes: .max)
    let queue = DispatchQueue(label: "courtfed.verify-ahead", attributes: workers > 1 ? .concurrent : [])
    let limit = limits.bundleBytes
    /// Loads and verifies input `index` on the queue, reading at most `cap` bytes when it is
    /// given (a bundle further ahead than the next).
    func start(_ index: Int, cap: Int?) -> (VerificationSlot, DispatchGroup) {
      let slot = VerificationSlot()
      let group = DispatchGroup()
      let input = inputs[index]
      queue.async(group: group) { [self] in
        switch load(input, min(cap ?? limit, limit)) {
        case .failure(.bundleTooLarge) where cap.map({ $0 < limit }) == true:
          slot.grew = true
        case .failure(let error):
          slot.value = (nil, .failure(error))
        case .success(let data):
          slot.value = (
            keepData ? data : nil, Result { () throws(BundleError) in try verify(data, keepRows: keepRows) }
          )
        }
      }
      return (slot, group)
    }
    // Started and not yet handed to `body`, in order, with the sizes they were counted at.
    var started: [(VerificationSlot, DispatchGroup)] = []
    var sizes: [Int] = []
    var first = 0
    var next = 0
    var bytesAhead = 0
    /// Starts the next inputs after `handed` (the last one handed to `body`) that `lookahead`
    /// allows: always one, more within its bundles and bytes.
    func startAhead(after handed: Int) {
      while next < inputs.count && next - handed <= lookahead.bundles {
        let isNext = next == handed + 1
        let bytes = lookahead.bytes == .max ? 0 : size(inputs[next])
        // No overflow: `bytesAhead` is at most `lookahead.bytes` unless only the next is
        // waiting, and both are at least 0.
        guard isNext || bytes <= lookahead.bytes - bytesAhead else { return }
        started.append(start(next, cap: isNext || lookahead.bytes == .max ? nil : bytes))
        sizes.append(bytes)
        bytesAhead += bytes
        next += 1
      }
    }
    startAhead(after: -1)
    for index in inputs.indices {
      var (slot, group) = started[index - first]
      group.wait()
      if slot.grew {
        // Larger than when it was counted: read now that it is next.
        (slot, group) = start(index, cap: nil)
        group.wait()
      }
      bytesAhead -= sizes[index - first]
      startAhead(after: index)
      // Drop what was handed over, now and then, so the lists stay short.
      if index - first >= 64 {
        started.removeFirst(index - first)
        sizes.removeFirst(index - first)
        first = index
      }
      let (data, result) = slot.value!
      slot.value = nil
      try body(inputs[index], data, result)
    }
  }

  /// `verifyAhead` over bundle files, each read as `BundleFile.read` reads it: a regular file
  /// within the size limit, checked before reading, read once.
  public func verifyAhead(
    _ files: [URL], keepRows: Bool = true, keepData: Bool = true, workers: Int = 1, lookahead: Lookahead? = nil,
    _ body: (URL, Data?, Result<VerifiedBundle, BundleError>) throws -> Void
  ) rethrows {
    try verifyAhead(
      files, keepRows: keepRows, keepData: keepData, workers: workers, lookahead: lookahead, size: Lookahead.size(of:),
      load: { url, limit in Result { () throws(BundleError) in try BundleFile.read(url, limit: limit) } }, body)
  }
}

/// How far ahead of its caller `verifyAhead` goes: at most `bundles` bundles verified and
/// waiting, and beyond the next one only while the bundles waiting (the next included) add
/// up to at most `bytes`.
public struct Lookahead: Sendable {
  /// The most bundles verified and waiting (at least one).
  public let bundles: Int
  /// The most bytes of bundle files waiting, the next included (at least 0).
  public let bytes: Int

  /// A lookahead of at most `bundles` bundles (at least one) within `bytes` (at least 0).
  public init(bundles: Int, bytes: Int) {
    self.bundles = max(bundles, 1)
    self.bytes = max(bytes, 0)
  }

  /// A merge's: its one verifying thread keeps up to four small bundles ready (their files
  /// within 1 MiB: a monthly bundle is some 20 KiB), so the writer does not wait for the
  /// next one after a long commit; a large bundle is verified only when it is next.
  public static let merge = Lookahead(bundles: 4, bytes: 1 << 20)

  /// A file's size, or `Int.max` when it cannot be had (the bundle then waits to be next; its
  /// reading says what is wrong).
  package static func size(of url: URL) -> Int {
    BundleFile.size(url) ?? .max
  }
}

/// One verification's result, handed from the verifying thread to the caller's once its
/// group is done (the group's wait orders the accesses).
private final class VerificationSlot: @unchecked Sendable {
  var value: (Data?, Result<VerifiedBundle, BundleError>)?
  /// The file was larger than its cap (it grew since it was counted): to be read again.
  var grew = false
}
