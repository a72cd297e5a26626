import Foundation

/// One rejected bundle, as the rejection log keeps it.
public struct Rejection: Sendable, Equatable, Codable {
  public var time: String
  public var file: String
  public var fileSHA256: String
  /// The court the bundle claims to be from: verified when the rejection came after the
  /// signature check (a sequence problem), as claimed otherwise.
  public var court: String?
  public var sequence: Int?
  public var manifestSHA256: String?
  /// `verification`, `rollback`, `equivocation`, `gap`, `chain` or `database`.
  public var kind: String
  public var reason: String

  enum CodingKeys: String, CodingKey {
    case time, file, court, sequence, kind, reason
    case fileSHA256 = "file_sha256"
    case manifestSHA256 = "manifest_sha256"
  }

  public init(
    time: String, file: String, fileSHA256: String, court: String?, sequence: Int?, manifestSHA256: String?,
    kind: String,
    reason: String
  ) {
    self.time = time
    self.file = file
    self.fileSHA256 = fileSHA256
    self.court = court
    self.sequence = sequence
    self.manifestSHA256 = manifestSHA256
    self.kind = kind
    self.reason = reason
  }
}

/// The rejected attempts, one JSON object per line in `DATABASE.rejections.jsonl` beside the
/// database. They are kept outside the database so that a rejection leaves the database
/// byte for byte as it was, and are appended, never rewritten.
public struct RejectionLog: Sendable {
  public let url: URL

  public init(database: URL) {
    url = URL(fileURLWithPath: database.path + ".rejections.jsonl")
  }

  /// Appends `rejection` as one line, flushed to disk.
  public func append(_ rejection: Rejection) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var line = try encoder.encode(rejection)
    line.append(0x0A)
    if !FileManager.default.fileExists(atPath: url.path) {
      guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path])
      }
    }
    let handle = try FileHandle(forWritingTo: url)
    defer { try? handle.close() }
    try handle.seekToEnd()
    try handle.write(contentsOf: line)
    try handle.synchronize()
  }

  /// Every rejection recorded, oldest first; lines that cannot be read are skipped.
  public func all() -> [Rejection] {
    guard let data = try? Data(contentsOf: url) else { return [] }
    let decoder = JSONDecoder()
    return data.split(separator: 0x0A).compactMap { try? decoder.decode(Rejection.self, from: Data($0)) }
  }
}
