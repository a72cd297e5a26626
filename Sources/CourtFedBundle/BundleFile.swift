import CourtFedFormats
import Crypto
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reading a bundle file the way an inbox may be hostile: stat first (a regular file, within
/// the limit), then read it once, never more than the size stat gave. A sparse 3 GiB file, a
/// FIFO, `/dev/zero` or a folder named `x.courtfed` is refused before a byte is read.
package enum BundleFile {
  /// The bytes of the bundle file at `url`, refusing anything but a regular file of at most
  /// `limit` bytes before reading it.
  package static func read(_ url: URL, limit: Int) throws(BundleError) -> Data {
    let path = url.path
    // O_NONBLOCK: opening a FIFO must not wait for a writer; it is refused just after.
    let descriptor = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { throw .unreadable(path: path, reason: describe(errno)) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else { throw .unreadable(path: path, reason: describe(errno)) }
    guard status.st_mode & S_IFMT == S_IFREG else {
      throw .notARegularFile(path: path, kind: kind(of: status.st_mode))
    }
    let size = Int(status.st_size)
    guard size <= limit else { throw .bundleTooLarge(size: size, limit: limit) }
    // One byte more than stat said, to notice a file that grew while being read.
    var data = Data(count: size + 1)
    let count = data.withUnsafeMutableBytes { buffer -> Int in
      var total = 0
      while total < buffer.count {
        let read = systemRead(descriptor, buffer.baseAddress! + total, buffer.count - total)
        if read < 0 && errno == EINTR { continue }
        guard read > 0 else { return read < 0 ? -Int(errno) : total }
        total += read
      }
      return total
    }
    guard count >= 0 else { throw .unreadable(path: path, reason: describe(Int32(-count))) }
    guard count == size else {
      throw .unreadable(path: path, reason: "the file changed while it was being read; try again")
    }
    data.count = size
    return data
  }

  /// The size of the regular file at `url`, or nil (no such file, or not a regular file): one
  /// `stat`, for deciding how far ahead to read (Foundation's resource values cost a merge's
  /// writer more than some of its merges).
  package static func size(_ url: URL) -> Int? {
    var status = stat()
    guard stat(url.path, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    return Int(status.st_size)
  }

  /// The manifest of the bundle at `url`, read from the start of the file alone (the first
  /// member's header and the manifest, within the manifest limit), without verifying
  /// anything: what a coordinator sorts an inbox by. Nil when the file does not start with a
  /// readable manifest.
  package static func peekManifest(_ url: URL, limits: BundleLimits) -> BundleManifest? {
    let descriptor = open(url.path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else { return nil }
    func readPrefix(_ count: Int) -> Data? {
      var data = Data(count: count)
      let total = data.withUnsafeMutableBytes { buffer -> Int in
        var total = 0
        while total < buffer.count {
          let read = pread(descriptor, buffer.baseAddress! + total, buffer.count - total, off_t(total))
          if read < 0 && errno == EINTR { continue }
          guard read > 0 else { break }
          total += read
        }
        return total
      }
      return total == count ? data : nil
    }
    guard let header = readPrefix(TarArchive.blockSize),
      let size = TarArchive.firstMemberSize(header, named: BundleFormat.manifestName), size <= limits.manifestBytes,
      let prefix = readPrefix(TarArchive.blockSize + size)
    else { return nil }
    let bytes = prefix.dropFirst(TarArchive.blockSize)
    return try? BundleManifest(json: try BundleManifest.json(Data(bytes)))
  }

  static func kind(of mode: mode_t) -> String {
    switch mode & S_IFMT {
    case S_IFDIR: "a folder"
    case S_IFIFO: "a named pipe (FIFO)"
    case S_IFCHR: "a character device"
    case S_IFBLK: "a block device"
    case S_IFSOCK: "a socket"
    case S_IFLNK: "a symbolic link"
    default: "not a regular file"
    }
  }

  static func describe(_ code: Int32) -> String {
    switch code {
    case ENOENT: "no such file"
    case EACCES, EPERM: "permission denied"
    case EISDIR: "it is a folder"
    default: String(cString: strerror(code))
    }
  }
}

/// read(2), which `BundleFile.read` hides by its name.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
  #if canImport(Glibc)
    Glibc.read(descriptor, buffer, count)
  #else
    Darwin.read(descriptor, buffer, count)
  #endif
}

extension BundleFile {
  /// Lower-case hex SHA-256 of `data`: a bundle file's identity in the rejection log and the
  /// store.
  package static func sha256(_ data: Data) -> String {
    BundleVerifier.hex(SHA256.hash(data: data))
  }
}
