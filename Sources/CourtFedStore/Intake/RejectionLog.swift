import CourtFedModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Why a bundle was rejected, as the rejection log records it (`kind`).
package enum RejectionKind: String, Sendable, Codable, CaseIterable {
  /// The bundle failed `verify`'s checks (its file, archive, signature, manifest or rows).
  case verification
  /// A sequence number lower than the last merged, never merged itself.
  case rollback
  /// A sequence number already merged with other content.
  case equivocation
  /// Sequence numbers missing before this one (without `--accept-gap`).
  case gap
  /// The previous manifest named is not the last merged one.
  case chain
  /// The court's names differ from those pinned at its first merge (without
  /// `--accept-rename`).
  case rename
  /// Another court already has the name.
  case nameTaken = "name_taken"
  /// The database could not take the bundle (a full disk, a read-only file, an error).
  case database

  /// The kind of a merge's refusal.
  package init(_ error: StoreError) {
    switch error {
    case .rollback: self = .rollback
    case .equivocation: self = .equivocation
    case .gap: self = .gap
    case .brokenChain: self = .chain
    case .renamed: self = .rename
    case .nameTaken: self = .nameTaken
    default: self = .database
    }
  }
}

/// One rejected bundle, as the rejection log keeps it.
package struct Rejection: Sendable, Equatable, Codable {
  package var time: String
  package var file: String
  package var fileSHA256: String
  /// The court the bundle claims to be from: verified when the rejection came after the
  /// signature check (a sequence problem), as claimed otherwise.
  package var court: String?
  package var sequence: Int?
  package var manifestSHA256: String?
  package var kind: RejectionKind
  /// Why, in English (the log's long-standing field).
  package var reason: String
  /// Why, in Chinese; absent in lines written before version 0.2.
  package var reasonZh: String?

  /// Why, in both languages (English twice for an old line).
  package var reasonText: LocalizedText { LocalizedText(en: reason, zh: reasonZh ?? reason) }

  enum CodingKeys: String, CodingKey {
    case time, file, court, sequence, kind, reason
    case reasonZh = "reason_zh"
    case fileSHA256 = "file_sha256"
    case manifestSHA256 = "manifest_sha256"
  }

  package init(
    time: String, file: String, fileSHA256: String, court: String?, sequence: Int?, manifestSHA256: String?,
    kind: RejectionKind, reason: LocalizedText
  ) {
    self.time = time
    self.file = file
    self.fileSHA256 = fileSHA256
    self.court = court
    self.sequence = sequence
    self.manifestSHA256 = manifestSHA256
    self.kind = kind
    self.reason = reason.en
    self.reasonZh = reason.zh
  }
}

/// The rejected attempts, one JSON object per line in `DATABASE.rejections.jsonl` beside the
/// database. They are kept outside the database so that a rejection leaves the database
/// byte for byte as it was, and are appended, never rewritten.
package struct RejectionLog: Sendable {
  package let url: URL

  package init(database: URL) {
    url = URL(fileURLWithPath: database.path + ".rejections.jsonl")
  }

  /// Appends `rejection` as one line, flushed to disk: the whole line or nothing (a line cut
  /// short by a full disk is taken back).
  ///
  /// - Throws: `StoreError.diskFull`, `.readOnly` or `.cannotRecord`: the rejection was not
  ///   recorded, and the caller must say so.
  package func append(_ rejection: Rejection) throws(StoreError) {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    var line: Data
    do {
      line = try encoder.encode(rejection)
    } catch {
      throw .cannotRecord(path: url.path, reason: .notJSON)
    }
    line.append(0x0A)
    let descriptor = open(url.path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else { throw failure(errno) }
    defer { close(descriptor) }
    var status = stat()
    let start = fstat(descriptor, &status) == 0 ? status.st_size : -1
    let written = line.withUnsafeBytes { buffer -> Int32 in
      var offset = 0
      while offset < buffer.count {
        let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if count < 0 && errno == EINTR { continue }
        guard count > 0 else { return count < 0 ? errno : ENOSPC }
        offset += count
      }
      return 0
    }
    guard written == 0 else {
      // Take back a partial line, so the next one starts on a line of its own.
      if start >= 0, fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG {
        _ = ftruncate(descriptor, start)
      }
      throw failure(written)
    }
    guard fsync(descriptor) == 0 || errno == EINVAL else { throw failure(errno) }
  }

  private func failure(_ code: Int32) -> StoreError {
    switch code {
    case ENOSPC, EDQUOT: .diskFull(path: url.path)
    case EROFS, EACCES, EPERM: .readOnly(path: url.path)
    default: .cannotRecord(path: url.path, reason: .system(errno: code))
    }
  }

  /// Every rejection recorded, oldest first; lines that cannot be read are skipped.
  package func all() -> [Rejection] {
    guard let data = try? Data(contentsOf: url) else { return [] }
    let decoder = JSONDecoder()
    return data.split(separator: 0x0A).compactMap { try? decoder.decode(Rejection.self, from: Data($0)) }
  }
}
