import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What can go wrong in the coordinator's store.
public enum StoreError: Error, Sendable, Equatable {
  /// The database file could not be opened or migrated; carries SQLite's message.
  case cannotOpen(path: String, reason: String)
  /// The file is not a CourtFed database (another application's, or a newer CourtFed's).
  case notACourtFedDatabase(path: String, reason: String)
  /// The disk holding the file is full: nothing was written (SQLite's `SQLITE_FULL`, or
  /// `ENOSPC`).
  case diskFull(path: String)
  /// The file or its folder cannot be written (`SQLITE_READONLY`, `EROFS`, `EACCES`).
  case readOnly(path: String)
  /// A rejection could not be written to the rejection log; carries why.
  case cannotRecord(path: String, reason: String)
  /// A bundle's sequence number goes back: carries the court, the bundle's and the last
  /// merged sequence.
  case rollback(court: String, sequence: Int, last: Int)
  /// The same sequence number with different content: two bundles claim to be number N.
  case equivocation(court: String, sequence: Int, merged: String, received: String)
  /// Sequence numbers are missing between the last merged bundle and this one: a range, never
  /// a list, however many a bundle claims are missing.
  case gap(court: String, missing: ClosedRange<Int>)
  /// The bundle does not name the last merged manifest as its previous one.
  case brokenChain(court: String, sequence: Int, expected: String, found: String?)
  /// The court's names (full, short, English, region) differ from those pinned at its first
  /// merge; carries each change. Merged only with `--accept-rename`.
  case renamed(court: String, changes: [NameChange])
  /// Another court already goes by this name (two courts never share a short or full name).
  case nameTaken(court: String, field: String, name: String, owner: String)
  /// A database error while merging; nothing of the bundle was written.
  case database(String)

  /// A message for the statistics office.
  public var message: String {
    switch self {
    case .cannotOpen(let path, let reason):
      "cannot open the database \(path): \(reason)"
    case .notACourtFedDatabase(let path, let reason):
      "\(path) is not a CourtFed database this version can use: \(reason)"
    case .diskFull(let path):
      "the disk holding \(path) is full, so this was not written; free some space and run the command again"
    case .readOnly(let path):
      "cannot write \(path): the file or its folder is read-only (check its permissions)"
    case .cannotRecord(let path, let reason):
      "could not be recorded in \(path): \(reason)"
    case .rollback(let court, let sequence, let last):
      "\(court) bundle \(sequence) is older than bundle \(last), already merged (a rollback); only bundle \(last + 1) can follow"
    case .equivocation(let court, let sequence, let merged, let received):
      "\(court) sent two different bundles numbered \(sequence): merged manifest \(merged.prefix(12))…, this one \(received.prefix(12))…; ask the court which is right"
    case .gap(let court, let missing):
      "\(court) bundle\(missing.count == 1 ? "" : "s") \(Self.range(missing)) \(missing.count == 1 ? "is" : "are") missing; merge \(missing.count == 1 ? "it" : "them") first, or pass --accept-gap to record the gap and go on"
    case .brokenChain(let court, let sequence, let expected, let found):
      "\(court) bundle \(sequence) names \(found.map { "manifest \($0.prefix(12))…" } ?? "no manifest") as its previous one, but the merged bundle \(sequence - 1) is \(expected.prefix(12))…"
    case .renamed(let court, let changes):
      "\(court) calls itself \(changes.map(\.description).joined(separator: ", ")); a court's names are pinned at its first merge: if the court was really renamed, merge again with --accept-rename (the change is recorded)"
    case .nameTaken(let court, let field, let name, let owner):
      "\(court)'s \(field) '\(name)' is already \(owner)'s; two courts never share a name (ask \(court) to correct its court.toml)"
    case .database(let detail):
      "database error, nothing written: \(detail)"
    }
  }

  /// `3`, or `3-5`.
  static func range(_ numbers: ClosedRange<Int>) -> String {
    numbers.count == 1 ? "\(numbers.lowerBound)" : "\(numbers.lowerBound)-\(numbers.upperBound)"
  }

  /// The store error for `error` met while working on the file at `path`: SQLite's result
  /// codes said plainly (a full disk, a read-only file, a file that is not a database),
  /// anything else as `fallback` with SQLite's own message.
  static func from(_ error: any Error, path: String, fallback: (String) -> StoreError) -> StoreError {
    if let error = error as? StoreError { return error }
    guard let error = error as? DatabaseError else { return fallback("\(error)") }
    switch error.resultCode {
    case .SQLITE_FULL: return .diskFull(path: path)
    case .SQLITE_READONLY, .SQLITE_PERM: return .readOnly(path: path)
    case .SQLITE_NOTADB: return .notACourtFedDatabase(path: path, reason: "it is not a SQLite database")
    case .SQLITE_CORRUPT: return .notACourtFedDatabase(path: path, reason: "the file is damaged (SQLite: corrupt)")
    // SQLite reports a write that found no room in its -wal or -shm file as an I/O error.
    case .SQLITE_IOERR where isDiskFull(at: path): return .diskFull(path: path)
    case .SQLITE_CANTOPEN where isDiskFull(at: path): return .diskFull(path: path)
    default: return fallback(error.message ?? "\(error)")
    }
  }

  /// Whether the file system holding `path` has (almost) no room left for an unprivileged
  /// writer: less than 64 KiB.
  static func isDiskFull(at path: String) -> Bool {
    var info = statvfs()
    let folder = (path as NSString).deletingLastPathComponent
    guard statvfs(folder.isEmpty ? "." : folder, &info) == 0 else { return false }
    return Double(info.f_bavail) * Double(info.f_frsize) < 64 * 1024
  }
}
