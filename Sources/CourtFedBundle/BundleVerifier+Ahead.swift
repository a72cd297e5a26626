import Dispatch
import Foundation

extension BundleVerifier {
  /// Verifies `files` one ahead of `body`: while `body` handles bundle N (merging it, say),
  /// bundle N + 1 is read and verified on another thread. At most two bundles are held at once,
  /// and `body` sees them in order.
  ///
  /// - Parameter body: called once per file, in order, with the file's bytes (nil if it could
  ///   not be read) and the verification result.
  public func verifyAhead(
    _ files: [URL], keepRows: Bool = true,
    _ body: (URL, Data?, Result<VerifiedBundle, BundleError>) throws -> Void
  ) rethrows {
    final class Slot: @unchecked Sendable {
      var value: (Data?, Result<VerifiedBundle, BundleError>)?
    }
    let queue = DispatchQueue(label: "courtfed.verify-ahead")
    func start(_ index: Int) -> (Slot, DispatchGroup) {
      let slot = Slot()
      let group = DispatchGroup()
      let file = files[index]
      queue.async(group: group) { [self] in
        guard let data = try? Data(contentsOf: file) else {
          slot.value = (nil, .failure(.unreadable(path: file.path, reason: "the file cannot be read")))
          return
        }
        slot.value = (data, Result { () throws(BundleError) in try verify(data, keepRows: keepRows) })
      }
      return (slot, group)
    }
    var next = files.isEmpty ? nil : start(0)
    for index in files.indices {
      guard let (slot, group) = next else { break }
      group.wait()
      next = index + 1 < files.count ? start(index + 1) : nil
      let (data, result) = slot.value!
      slot.value = nil
      try body(files[index], data, result)
    }
  }
}
