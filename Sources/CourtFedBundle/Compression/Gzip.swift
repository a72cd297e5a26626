import CZlib
import Foundation

/// gzip (RFC 1952) through the system zlib: one member, no file name, no timestamp, so the same
/// bytes always compress to the same bytes; and a decompressor that stops at a declared size.
public enum Gzip {
  /// What went wrong decompressing a member.
  public enum Failure: Error, Sendable, Equatable {
    /// The output would exceed the declared size (a decompression bomb, or a lie).
    case largerThanDeclared(Int)
    /// The stream ended before reaching the declared size.
    case smallerThanDeclared(declared: Int, actual: Int)
    /// Bytes follow the end of the first gzip member: another member or garbage.
    case trailingData
    /// zlib rejected the stream (bad header, bad CRC, truncated); carries zlib's message.
    case corrupt(String)
    /// The declared size is more than the compressed bytes can expand to.
    case largerThanPossible(declared: Int)
  }

  /// The most `compressedSize` bytes of one gzip member can decompress to: deflate's best
  /// ratio is 1032 to 1 (a run of one byte), plus room for the header and trailer.
  package static func largestExpansion(of compressedSize: Int) -> Int {
    compressedSize.multipliedReportingOverflow(by: 1032).overflow ? Int.max : compressedSize * 1032 + 1024
  }

  /// Compresses `data` as one gzip member with a zero timestamp.
  package static func compress(_ data: Data, level: Int32 = 6) -> Data {
    var stream = z_stream()
    // windowBits 15 + 16: a gzip wrapper; zlib then writes mtime 0 and no name.
    let status = deflateInit2_(
      &stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    precondition(status == Z_OK, "zlib deflateInit2 failed: \(status)")
    defer { deflateEnd(&stream) }
    let bound = Int(deflateBound(&stream, uLong(data.count)))
    var output = Data(count: bound)
    let written = data.withUnsafeBytes { (input: UnsafeRawBufferPointer) -> Int in
      output.withUnsafeMutableBytes { (out: UnsafeMutableRawBufferPointer) -> Int in
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(input.count)
        stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
        stream.avail_out = uInt(out.count)
        let result = deflate(&stream, Z_FINISH)
        precondition(result == Z_STREAM_END, "zlib deflate did not finish: \(result)")
        return out.count - Int(stream.avail_out)
      }
    }
    output.count = written
    return output
  }

  /// Decompresses one gzip member of exactly `declaredSize` bytes, never holding more than
  /// that: the output buffer is the declared size, and one byte past it is an error.
  ///
  /// zlib checks the header, the CRC-32 and the length trailer. Anything after the member
  /// (a second member, garbage) is refused.
  package static func decompress(_ data: Data, declaredSize: Int) throws(Failure) -> Data {
    var stream = z_stream()
    guard inflateInit2_(&stream, 15 + 16, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
      throw .corrupt("zlib could not start")
    }
    defer { inflateEnd(&stream) }
    // One byte of headroom tells "exactly the declared size" from "more than declared".
    var output = Data(count: declaredSize + 1)
    let outcome: Result<Int, Failure> = data.withUnsafeBytes { input in
      output.withUnsafeMutableBytes { out in
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(input.count)
        stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
        stream.avail_out = uInt(out.count)
        while true {
          let status = inflate(&stream, Z_NO_FLUSH)
          let produced = out.count - Int(stream.avail_out)
          switch status {
          case Z_STREAM_END:
            if produced > declaredSize { return .failure(.largerThanDeclared(declaredSize)) }
            if stream.avail_in != 0 { return .failure(.trailingData) }
            return .success(produced)
          case Z_OK:
            if stream.avail_out == 0 { return .failure(.largerThanDeclared(declaredSize)) }
            continue
          case Z_BUF_ERROR:
            if stream.avail_out == 0 { return .failure(.largerThanDeclared(declaredSize)) }
            return .failure(.corrupt("the compressed data is truncated"))
          default:
            let message = stream.msg.map { String(cString: $0) } ?? "error \(status)"
            return .failure(.corrupt(message))
          }
        }
      }
    }
    let produced = try outcome.get()
    guard produced == declaredSize else {
      throw .smallerThanDeclared(declared: declaredSize, actual: produced)
    }
    output.count = produced
    return output
  }
}
