import Dispatch
import Foundation

extension BundleVerifier {
  /// How many bundles `courtfed verify` checks at once: one per core, at most two (each holds
  /// its bundle, up to the size limit, and one member decompressed while it is checked).
  public static var workers: Int { min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 2) }

  /// Verifies `inputs` ahead of `body`, on `workers` other threads: while `body` handles
  /// bundle N (merging it, say), the next `workers` bundles are loaded and verified. At most
  /// `workers` + 1 bundles are held at once, and `body` sees them in order. One worker (a
  /// merge: its writer is the slower side) verifies one bundle ahead.
  ///
  /// - Parameters:
  ///   - keepData: false to let go of each bundle's bytes once verified (`body` gets nil).
  ///   - load: the bytes of an input, or why they cannot be had (run on a worker thread).
  ///   - body: called once per input, in order, with its bytes (nil if they could not be
  ///     loaded, or `keepData` is false) and the verification result.
  package func verifyAhead<Input: Sendable>(
    _ inputs: [Input], keepRows: Bool = true, keepData: Bool = true, workers: Int = 1,
    load: @escaping @Sendable (Input) -> Result<Data, BundleError>,
    _ body: (Input, Data?, Result<VerifiedBundle, BundleError>) throws -> Void
  ) rethrows {
    let workers = max(workers, 1)
    let queue = DispatchQueue(label: "courtfed.verify-ahead", attributes: workers > 1 ? .concurrent : [])
    func start(_ index: Int) -> (VerificationSlot, DispatchGroup) {
      let slot = VerificationSlot()
      let group = DispatchGroup()
      let input = inputs[index]
      queue.async(group: group) { [self] in
        switch load(input) {
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
    // Started and not yet handed to `body`, in order.
    var started: [(VerificationSlot, DispatchGroup)] = []
    var first = 0
    var next = 0
    while next < min(workers, inputs.count) {
      started.append(start(next))
      next += 1
    }
    for index in inputs.indices {
      let (slot, group) = started[index - first]
      group.wait()
      if next < inputs.count {
        started.append(start(next))
        next += 1
      }
      // Drop what was handed over, now and then, so the list stays short.
      if index - first >= 64 {
        started.removeFirst(index - first)
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
    _ files: [URL], keepRows: Bool = true, keepData: Bool = true, workers: Int = 1,
    _ body: (URL, Data?, Result<VerifiedBundle, BundleError>) throws -> Void
  ) rethrows {
    let limit = limits.bundleBytes
    try verifyAhead(
      files, keepRows: keepRows, keepData: keepData, workers: workers,
      load: { url in Result { () throws(BundleError) in try BundleFile.read(url, limit: limit) } }, body)
  }
}

/// One verification's result, handed from the verifying thread to the caller's once its
/// group is done (the group's wait orders the accesses).
private final class VerificationSlot: @unchecked Sendable {
  var value: (Data?, Result<VerifiedBundle, BundleError>)?
}
