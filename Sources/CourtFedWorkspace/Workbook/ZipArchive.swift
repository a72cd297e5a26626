import CZlib
import CourtFedModel
import Foundation

/// Limits on a workbook's zip archive, checked before anything is decompressed.
package struct ZipLimits: Sendable, Equatable {
  /// The workbook file.
  package var fileBytes = 256 << 20
  /// Entries (parts) in the archive; Excel writes about 15, LibreOffice about 20.
  package var entries = 1_000
  /// One part, decompressed.
  package var entryBytes = 256 << 20
  /// All parts together, decompressed.
  package var totalBytes = 512 << 20

  package init() {}
}

/// A zip archive read strictly and in memory, never extracted to disk: the central directory
/// is checked whole (entry count, declared sizes against the limits, names that stay inside
/// the archive, no encryption, stored or deflate only) before any part is read, and each part
/// is inflated into a buffer of its declared size, one byte past which is an error.
///
/// Written here rather than with ZIPFoundation 0.9.20: its Linux inflate loop never ends when
/// a part's deflate stream is cut short (a truncated or hostile workbook would hang
/// `validate`), and it does not build for Windows, where the clerks are.
struct ZipArchive {
  /// One part as the central directory lists it.
  struct Entry {
    var name: String
    var method: UInt16
    var crc32: UInt32
    var compressedSize: Int
    var size: Int
    var localHeaderOffset: Int
  }

  let data: Data
  let limits: ZipLimits
  private(set) var entries: [Entry] = []
  private var byName: [String: Int] = [:]

  /// The local name of a byte at `offset` as little-endian integers.
  private static func uint16(_ data: Data, _ offset: Int) -> Int {
    Int(data[data.startIndex + offset]) | Int(data[data.startIndex + offset + 1]) << 8
  }

  private static func uint32(_ data: Data, _ offset: Int) -> Int {
    uint16(data, offset) | uint16(data, offset + 2) << 16
  }

  /// Reads the central directory of `data`.
  ///
  /// - Throws: `WorkspaceProblem` naming what is wrong: not a zip file, damaged, over a limit,
  ///   encrypted, or a part whose name leaves the archive.
  init(_ data: Data, limits: ZipLimits = ZipLimits()) throws(WorkspaceProblem) {
    self.data = data
    self.limits = limits
    func damaged(_ en: String, _ zh: String) -> WorkspaceProblem {
      .unreadableWorkbook(LocalizedText(en: en, zh: zh))
    }
    guard data.count <= limits.fileBytes else {
      throw damaged(
        "it is \(data.count) bytes, over the limit of \(limits.fileBytes)",
        "文件有\(data.count)字节,超过\(limits.fileBytes)字节的上限")
    }
    // The end-of-central-directory record: in the last 22 + 65,535 bytes.
    let notZip = damaged(
      "it is not an .xlsx workbook (not a zip archive); an old .xls or a renamed file?",
      "它不是 .xlsx 工作簿(不是 zip 压缩包);是否为旧的 .xls 文件或被改名的文件?")
    guard data.count >= 22 else { throw notZip }
    var end = -1
    var position = data.count - 22
    let lowest = max(0, data.count - 22 - 65_535)
    while position >= lowest {
      if Self.uint32(data, position) == 0x0605_4B50, position + 22 + Self.uint16(data, position + 20) == data.count {
        end = position
        break
      }
      position -= 1
    }
    guard end >= 0 else { throw notZip }
    let count = Self.uint16(data, end + 10)
    let directorySize = Self.uint32(data, end + 12)
    let directoryOffset = Self.uint32(data, end + 16)
    guard Self.uint16(data, end + 4) == 0, Self.uint16(data, end + 6) == 0, Self.uint16(data, end + 8) == count
    else { throw damaged("it is a multi-part zip archive", "它是分卷 zip 压缩包") }
    guard count != 0xFFFF, directoryOffset != 0xFFFF_FFFF, directorySize != 0xFFFF_FFFF else {
      throw damaged("it is a ZIP64 archive, far larger than any court's figures", "它是 ZIP64 压缩包,远大于法院数据")
    }
    guard count <= limits.entries else {
      throw damaged(
        "it has \(count) parts, over the limit of \(limits.entries)", "它有\(count)个部件,超过\(limits.entries)个的上限")
    }
    guard directoryOffset + directorySize <= end else {
      throw damaged("its table of contents is damaged", "其目录已损坏")
    }

    var offset = directoryOffset
    var total = 0
    for _ in 0..<count {
      guard offset + 46 <= end, Self.uint32(data, offset) == 0x0201_4B50 else {
        throw damaged("its table of contents is damaged", "其目录已损坏")
      }
      let flags = Self.uint16(data, offset + 8)
      let method = UInt16(Self.uint16(data, offset + 10))
      let crc = UInt32(Self.uint32(data, offset + 16))
      let compressed = Self.uint32(data, offset + 20)
      let size = Self.uint32(data, offset + 24)
      let nameLength = Self.uint16(data, offset + 28)
      let extraLength = Self.uint16(data, offset + 30)
      let commentLength = Self.uint16(data, offset + 32)
      let local = Self.uint32(data, offset + 42)
      guard offset + 46 + nameLength <= end else { throw damaged("its table of contents is damaged", "其目录已损坏") }
      let nameBytes = data[(data.startIndex + offset + 46)..<(data.startIndex + offset + 46 + nameLength)]
      let name = String(decoding: nameBytes, as: UTF8.self)
      offset += 46 + nameLength + extraLength + commentLength

      guard Self.isSafe(name) else { throw .unsafeWorkbookPath(name) }
      guard flags & 1 == 0 else {
        throw damaged("it is encrypted (protected with a password)", "它已加密(设置了打开密码)")
      }
      guard method == 0 || method == 8 else {
        throw damaged(
          "a part is compressed with method \(method), which Excel never uses", "有部件使用了 Excel 不用的压缩方法 \(method)")
      }
      guard size != 0xFFFF_FFFF, compressed != 0xFFFF_FFFF else {
        throw damaged("it is a ZIP64 archive, far larger than any court's figures", "它是 ZIP64 压缩包,远大于法院数据")
      }
      guard size <= limits.entryBytes else {
        throw damaged(
          "the part \(name) is \(size) bytes when unpacked, over the limit of \(limits.entryBytes)",
          "部件 \(name) 解压后有\(size)字节,超过\(limits.entryBytes)字节的上限")
      }
      total += size
      guard total <= limits.totalBytes else {
        throw damaged(
          "its parts are over \(limits.totalBytes) bytes when unpacked", "其部件解压后超过\(limits.totalBytes)字节")
      }
      guard method == 8 || compressed == size else {
        throw damaged("the stored part \(name) has two different sizes", "未压缩的部件 \(name) 大小前后不一致")
      }
      guard byName[name.lowercased()] == nil else {
        throw damaged("the part \(name) appears twice", "部件 \(name) 出现了两次")
      }
      byName[name.lowercased()] = entries.count
      entries.append(
        Entry(
          name: name, method: method, crc32: crc, compressedSize: compressed, size: size, localHeaderOffset: local))
    }
  }

  /// Whether a part name stays inside the archive: relative, no `..`, no backslash, no NUL.
  static func isSafe(_ name: String) -> Bool {
    guard !name.isEmpty, !name.hasPrefix("/"), !name.contains("\\"), !name.contains("\0"), !name.contains(":")
    else { return false }
    return !name.split(separator: "/", omittingEmptySubsequences: false).contains("..")
  }

  /// The entry named `name` (part names are compared without case, as OPC says).
  func entry(_ name: String) -> Entry? {
    byName[name.lowercased()].map { entries[$0] }
  }

  /// The bytes of `entry`, exactly its declared size, its CRC-32 checked.
  ///
  /// - Throws: `WorkspaceProblem.unreadableWorkbook` when the part is damaged or lies about
  ///   its size.
  func contents(of entry: Entry) throws(WorkspaceProblem) -> Data {
    func damaged() -> WorkspaceProblem {
      .unreadableWorkbook(
        LocalizedText(en: "the part \(entry.name) is damaged", zh: "部件 \(entry.name) 已损坏"))
    }
    let local = entry.localHeaderOffset
    guard local + 30 <= data.count, Self.uint32(data, local) == 0x0403_4B50 else { throw damaged() }
    let start = local + 30 + Self.uint16(data, local + 26) + Self.uint16(data, local + 28)
    guard start + entry.compressedSize <= data.count else { throw damaged() }
    let packed = data[(data.startIndex + start)..<(data.startIndex + start + entry.compressedSize)]
    let output: Data
    if entry.method == 0 {
      output = Data(packed)
    } else {
      guard let inflated = Self.inflate(packed, size: entry.size) else { throw damaged() }
      output = inflated
    }
    let crc = output.withUnsafeBytes { buffer in
      UInt32(crc32(0, buffer.bindMemory(to: Bytef.self).baseAddress, uInt(buffer.count)))
    }
    guard crc == entry.crc32 else { throw damaged() }
    return output
  }

  /// Raw deflate of exactly `size` bytes, or nil: more output than declared, a stream that
  /// ends early or never ends within the input, or zlib refusing it.
  static func inflate(_ input: Data, size: Int) -> Data? {
    var stream = z_stream()
    guard inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else { return nil }
    defer { inflateEnd(&stream) }
    var output = Data(count: size + 1)
    let produced: Int? = input.withUnsafeBytes { inputBuffer in
      output.withUnsafeMutableBytes { outputBuffer in
        stream.next_in = UnsafeMutablePointer(mutating: inputBuffer.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(inputBuffer.count)
        stream.next_out = outputBuffer.bindMemory(to: Bytef.self).baseAddress
        stream.avail_out = uInt(outputBuffer.count)
        while true {
          let status = CZlib.inflate(&stream, Z_NO_FLUSH)
          let count = outputBuffer.count - Int(stream.avail_out)
          switch status {
          case Z_STREAM_END: return count
          case Z_OK where stream.avail_out > 0 && stream.avail_in > 0: continue
          default: return nil  // out of input, out of room, or an error: all refused
          }
        }
      }
    }
    guard let produced, produced == size else { return nil }
    output.count = produced
    return output
  }

  /// A zip archive of `parts` in order: deflated (or stored), every time and date fixed at
  /// 1980-01-01 00:00, so the same parts always make the same bytes.
  static func write(_ parts: [(name: String, data: Data)], compress: Bool = true) -> Data {
    var archive = Data()
    var directory = Data()
    func append16(_ value: Int, to data: inout Data) {
      data.append(UInt8(value & 0xFF))
      data.append(UInt8((value >> 8) & 0xFF))
    }
    func append32(_ value: Int, to data: inout Data) {
      append16(value & 0xFFFF, to: &data)
      append16((value >> 16) & 0xFFFF, to: &data)
    }
    for part in parts {
      let crc = part.data.withUnsafeBytes { buffer in
        Int(crc32(0, buffer.bindMemory(to: Bytef.self).baseAddress, uInt(buffer.count)))
      }
      let deflated = compress ? deflate(part.data) : nil
      let packed = deflated ?? part.data
      let method = deflated == nil ? 0 : 8
      let name = Data(part.name.utf8)
      let offset = archive.count
      // Local file header.
      append32(0x0403_4B50, to: &archive)
      append16(20, to: &archive)
      append16(0x0800, to: &archive)  // UTF-8 names
      append16(method, to: &archive)
      append16(0, to: &archive)  // 00:00
      append16(0x21, to: &archive)  // 1980-01-01
      append32(crc, to: &archive)
      append32(packed.count, to: &archive)
      append32(part.data.count, to: &archive)
      append16(name.count, to: &archive)
      append16(0, to: &archive)
      archive.append(name)
      archive.append(packed)
      // Its central directory header.
      append32(0x0201_4B50, to: &directory)
      append16(20, to: &directory)
      append16(20, to: &directory)
      append16(0x0800, to: &directory)
      append16(method, to: &directory)
      append16(0, to: &directory)
      append16(0x21, to: &directory)
      append32(crc, to: &directory)
      append32(packed.count, to: &directory)
      append32(part.data.count, to: &directory)
      append16(name.count, to: &directory)
      append16(0, to: &directory)
      append16(0, to: &directory)
      append16(0, to: &directory)
      append16(0, to: &directory)
      append32(0, to: &directory)
      append32(offset, to: &directory)
      directory.append(name)
    }
    let directoryOffset = archive.count
    archive.append(directory)
    append32(0x0605_4B50, to: &archive)
    append16(0, to: &archive)
    append16(0, to: &archive)
    append16(parts.count, to: &archive)
    append16(parts.count, to: &archive)
    append32(directory.count, to: &archive)
    append32(directoryOffset, to: &archive)
    append16(0, to: &archive)
    return archive
  }

  /// Raw deflate (no zlib or gzip wrapper), as zip parts carry it.
  static func deflate(_ data: Data) -> Data? {
    var stream = z_stream()
    let size = Int32(MemoryLayout<z_stream>.size)
    guard deflateInit2_(&stream, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION, size) == Z_OK else {
      return nil
    }
    defer { deflateEnd(&stream) }
    var output = Data(count: Int(deflateBound(&stream, uLong(data.count))))
    let written: Int? = data.withUnsafeBytes { input in
      output.withUnsafeMutableBytes { out in
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(input.count)
        stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
        stream.avail_out = uInt(out.count)
        guard CZlib.deflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
        return out.count - Int(stream.avail_out)
      }
    }
    guard let written else { return nil }
    output.count = written
    return output
  }
}

extension WorkspaceProblem: Error {}
