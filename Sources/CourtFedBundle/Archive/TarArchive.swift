import Foundation

/// One file in a tar archive.
public struct TarMember: Sendable, Equatable {
  /// The member's path inside the archive, relative, `/`-separated.
  public var name: String
  /// The member's bytes.
  public var contents: Data

  package init(name: String, contents: Data) {
    self.name = name
    self.contents = contents
  }
}

/// A POSIX ustar archive, written deterministically and read strictly, in memory.
///
/// Written: regular files only, mode 0644, owner and group 0 and empty names, mtime 0, and the
/// archive padded to tar's 10240-byte record, as GNU tar writes it. Read: the same shape and
/// nothing else (see `read`); an archive is never extracted to disk.
public enum TarArchive {
  static let blockSize = 512
  static let recordSize = 10_240

  /// What is wrong with an archive.
  public enum Failure: Error, Sendable, Equatable {
    /// A header block's checksum does not match (corruption or tampering); carries the member
    /// index.
    case badChecksum(member: Int)
    /// A member of a type other than a regular file: link, device, directory, PAX or GNU
    /// extension header; carries the name and the type flag.
    case notARegularFile(name: String, type: Character)
    /// A header field that is not what ustar writes (magic, a size in octal, a name).
    case malformedHeader(member: Int, field: String)
    /// The archive ends inside a header or a member.
    case truncated
    /// Non-zero bytes after the end-of-archive marker.
    case trailingData
    /// More members than allowed.
    case tooManyMembers(limit: Int)
  }

  /// The archive of `members`, in the order given.
  package static func write(_ members: [TarMember]) -> Data {
    var archive = Data()
    for member in members {
      archive.append(header(name: member.name, size: member.contents.count))
      archive.append(member.contents)
      let remainder = member.contents.count % blockSize
      if remainder != 0 { archive.append(Data(count: blockSize - remainder)) }
    }
    archive.append(Data(count: 2 * blockSize))
    let remainder = archive.count % recordSize
    if remainder != 0 { archive.append(Data(count: recordSize - remainder)) }
    return archive
  }

  private static func header(name: String, size: Int) -> Data {
    var block = [UInt8](repeating: 0, count: blockSize)
    func put(_ text: String, at offset: Int) {
      for (index, byte) in text.utf8.enumerated() { block[offset + index] = byte }
    }
    func octal(_ value: Int, width: Int) -> String {
      let digits = String(value, radix: 8)
      return String(repeating: "0", count: width - 1 - digits.count) + digits
    }
    precondition(name.utf8.count <= 100, "tar member names are at most 100 bytes")
    put(name, at: 0)
    put(octal(0o644, width: 8), at: 100)
    put(octal(0, width: 8), at: 108)
    put(octal(0, width: 8), at: 116)
    put(octal(size, width: 12), at: 124)
    put(octal(0, width: 12), at: 136)
    put("        ", at: 148)
    block[156] = UInt8(ascii: "0")
    put("ustar\0", at: 257)
    put("00", at: 263)
    let checksum = block.reduce(0) { $0 + Int($1) }
    put(octal(checksum, width: 7), at: 148)
    block[155] = UInt8(ascii: " ")
    return Data(block)
  }

  /// Reads every member of `archive` into memory.
  ///
  /// Accepted: ustar headers with correct checksums, regular files (type `0`) only, sizes in
  /// octal, the end-of-archive marker, and only zero bytes after it. Member names are returned
  /// as written; the caller checks them against the manifest.
  public static func read(_ archive: Data, maximumMembers: Int) throws(Failure) -> [TarMember] {
    let bytes = [UInt8](archive)
    var members: [TarMember] = []
    var offset = 0
    while true {
      guard offset + blockSize <= bytes.count else { throw .truncated }
      let block = bytes[offset..<offset + blockSize]
      if block.allSatisfy({ $0 == 0 }) {
        // The end marker: what follows must be zero padding.
        guard bytes[offset...].allSatisfy({ $0 == 0 }) else { throw .trailingData }
        guard offset + 2 * blockSize <= bytes.count else { throw .truncated }
        return members
      }
      let index = members.count
      guard members.count < maximumMembers else { throw .tooManyMembers(limit: maximumMembers) }
      let header = Array(block)
      let stored = try number(header, 148, 8, member: index, field: "checksum")
      var computed = 0
      for (position, byte) in header.enumerated() {
        computed += (148..<156).contains(position) ? 32 : Int(byte)
      }
      guard stored == computed else { throw .badChecksum(member: index) }
      guard header[257..<263].elementsEqual("ustar\0".utf8) else {
        throw .malformedHeader(member: index, field: "magic")
      }
      let name = try text(header, 0, 100, member: index, field: "name")
      let prefix = try text(header, 345, 155, member: index, field: "prefix")
      let fullName = prefix.isEmpty ? name : prefix + "/" + name
      let type = Character(Unicode.Scalar(header[156]))
      guard type == "0" || header[156] == 0 else { throw .notARegularFile(name: fullName, type: type) }
      let size = try number(header, 124, 12, member: index, field: "size")
      let start = offset + blockSize
      guard size <= bytes.count - start else { throw .truncated }
      members.append(TarMember(name: fullName, contents: Data(bytes[start..<start + size])))
      offset = start + (size + blockSize - 1) / blockSize * blockSize
    }
  }

  /// The size of the first member, read from its header alone when it is named `name`: what
  /// a reader needs to read just that member from the start of a file. Nil otherwise.
  static func firstMemberSize(_ header: Data, named name: String) -> Int? {
    let block = [UInt8](header.prefix(blockSize))
    guard block.count == blockSize, block[156] == UInt8(ascii: "0") || block[156] == 0,
      (try? text(block, 0, 100, member: 0, field: "name")) == name
    else { return nil }
    return try? number(block, 124, 12, member: 0, field: "size")
  }

  private static func text(_ header: [UInt8], _ offset: Int, _ length: Int, member: Int, field: String)
    throws(Failure) -> String
  {
    let raw = header[offset..<offset + length].prefix { $0 != 0 }
    guard let text = String(validating: raw, as: UTF8.self) else {
      throw .malformedHeader(member: member, field: field)
    }
    return text
  }

  private static func number(_ header: [UInt8], _ offset: Int, _ length: Int, member: Int, field: String)
    throws(Failure) -> Int
  {
    // Leading spaces, octal digits, then NUL or space padding; GNU's base-256 form is refused.
    let raw = header[offset..<offset + length].drop { $0 == 32 }
    let digits = raw.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") }
    let rest = raw.dropFirst(digits.count)
    guard !digits.isEmpty, digits.count <= 11, rest.allSatisfy({ $0 == 0 || $0 == 32 }),
      let value = Int(String(decoding: digits, as: UTF8.self), radix: 8)
    else { throw .malformedHeader(member: member, field: field) }
    return value
  }
}
