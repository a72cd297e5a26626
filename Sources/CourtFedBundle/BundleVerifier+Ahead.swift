import Dispatch
import Foundation

extension BundleVerifier {
  /// Verifies `inputs` one ahead of `body`: while `body` handles bundle N (merging it, say),
  /// bundle N + 1 is loaded and verified on another thread. At most two bundles are held at
  /// once, and `body` sees them in order.
  ///
  /// - Parameters:
  ///   - load: the bytes of an input, or why they cannot be had (run on the other thread).
  ///   - body: called once per input, in order, with its bytes (nil if they could not be
  ///     loaded) and the verification result.
  package func verifyAhead<Input: Sendable>(
    _ inputs: [Input], keepRows: Bool = true, load: @escaping @Sendable (Input) -> Result<Data, BundleError>,
    _ body: (Input, Data?, Result<VerifiedBundle, BundleError>) throws -> Void
  ) rethrows {
    let queue = DispatchQueue(label: "courtfed.verify-ahead")
    func start(_ index: Int) -> (VerificationSlot, DispatchGroup) {
      let slot = VerificationSlot()
      let group = DispatchGroup()
      let input = inputs[index]
      queue.async(group: group) { [self] in
        switch load(input) {
        case .failure(let error):
          slot.value = (nil, .failure(error))
        case .success(let data):
          slot.value = (data, Result { () throws(BundleError) in try verify(data, keepRows: keepRows) })
        }
      }
      return (slot, group)
    }
    var next = inputs.isEmpty ? nil : start(0)
    for index in inputs.indices {
      guard let (slot, group) = next else { break }
      group.wait()
      next = index + 1 < inputs.count ? start(index + 1) : nil
      let (data, result) = slot.value!
      slot.value = nil
      try body(inputs[index], data, result)
    }
  }

  /// `verifyAhead` over bundle files, each read as `BundleFile.read` reads it: a regular file
  /// within the size limit, checked before reading, read once.
  public func verifyAhead(
    _ files: [URL], keepRows: Bool = true, _ body: (URL, Data?, Result<VerifiedBundle, BundleError>) throws -> Void
  ) rethrows {
    let limit = limits.bundleBytes
    try verifyAhead(
      files, keepRows: keepRows,
      load: { url in Result { () throws(BundleError) in try BundleFile.read(url, limit: limit) } }, body)
  }
}

/// One verification's result, handed from the verifying thread to the caller's once its
/// group is done (the group's wait orders the accesses).
private final class VerificationSlot: @unchecked Sendable {
  var value: (Data?, Result<VerifiedBundle, BundleError>)?
}
