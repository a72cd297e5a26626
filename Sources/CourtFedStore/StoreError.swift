import CourtFedModel
import Foundation
import GRDB

/// What can go wrong in the coordinator's store.
public enum StoreError: Error, Sendable, Equatable {
  /// The database file could not be opened or migrated; carries SQLite's message.
  case cannotOpen(path: String, reason: String)
  /// The file is not a CourtFed database (another application's, or a newer CourtFed's).
  case notACourtFedDatabase(path: String, reason: String)
  /// A bundle's sequence number goes back: carries the court, the bundle's and the last
  /// merged sequence.
  case rollback(court: String, sequence: Int, last: Int)
  /// The same sequence number with different content: two bundles claim to be number N.
  case equivocation(court: String, sequence: Int, merged: String, received: String)
  /// Sequence numbers are missing between the last merged bundle and this one.
  case gap(court: String, missing: [Int])
  /// The bundle does not name the last merged manifest as its previous one.
  case brokenChain(court: String, sequence: Int, expected: String, found: String?)
  /// A database error while merging; nothing of the bundle was written.
  case database(String)
  /// There is no database file at the path.
  case missingFile(path: String)
  /// The path is a folder, a device or a pipe, not a database file.
  case notAFile(path: String)
  /// The file was written by an older CourtFed or catalog: a merge (or `courtfed upgrade`)
  /// brings it up to date; reading never changes it.
  case needsUpgrade(path: String)
  /// SQLite reported a full disk (`SQLITE_FULL`); nothing was written.
  case diskFull(path: String)
  /// The file or its folder may not be written by this user (`SQLITE_READONLY`, `EACCES`).
  case readOnly(path: String)
  /// Another process kept the database locked longer than CourtFed waits (`SQLITE_BUSY`).
  case busy(path: String)
  /// SQLite found the file damaged (`SQLITE_CORRUPT`, `SQLITE_NOTADB`).
  case corrupt(path: String)

  /// A message for the statistics office, in English.
  public var message: String { localizedMessage.en }

  /// A message for the statistics office, in both languages.
  public var localizedMessage: LocalizedText {
    switch self {
    case .missingFile(let path):
      LocalizedText(
        en: "there is no database at \(path); `courtfed merge` creates it",
        zh: "\(path) 处没有数据库;请先用 courtfed merge 合并数据包以创建")
    case .notAFile(let path):
      LocalizedText(
        en: "\(path) is a folder or a device, not a database file; give the path of the .sqlite file",
        zh: "\(path) 是文件夹或设备,不是数据库文件;请给出 .sqlite 文件的路径")
    case .needsUpgrade(let path):
      LocalizedText(
        en:
          "\(path) was written by an older CourtFed; run `courtfed upgrade --db \(path)` (or merge a bundle) to upgrade it, then ask again",
        zh: "\(path) 由旧版 CourtFed 写入;请先运行 courtfed upgrade --db \(path)(或合并一个数据包)完成升级,再查询")
    case .diskFull(let path):
      LocalizedText(
        en: "the disk holding \(path) is full; nothing was written. Free some space and run the command again",
        zh: "\(path) 所在磁盘已满,未写入任何内容;请腾出空间后重新运行")
    case .readOnly(let path):
      LocalizedText(
        en: "\(path) or its folder cannot be written by this user; ask the administrator, or use a copy you may write",
        zh: "当前用户无权写入 \(path) 或其所在文件夹;请联系管理员,或使用可写的副本")
    case .busy(let path):
      LocalizedText(
        en: "\(path) stayed locked by another process; try again when the other merge has finished",
        zh: "\(path) 一直被其他进程锁定;请待其他合并完成后重试")
    case .corrupt(let path):
      LocalizedText(
        en:
          "\(path) is damaged (SQLite cannot read it); restore it from a backup, or merge the bundles again into a new file",
        zh: "\(path) 已损坏(SQLite 无法读取);请从备份恢复,或将数据包重新合并到新文件")
    default:
      LocalizedText(en: englishMessage, zh: chineseMessage)
    }
  }

  /// The Chinese text of the cases that predate `localizedMessage`'s own.
  private var chineseMessage: String {
    switch self {
    case .cannotOpen(let path, let reason): "无法打开数据库 \(path):\(reason)"
    case .notACourtFedDatabase(let path, let reason): "\(path) 不是本版本 CourtFed 可用的数据库:\(reason)"
    case .rollback(let court, let sequence, let last):
      "\(court) 的第\(sequence)号数据包早于已合并的第\(last)号(回滚);只能接收第\(last + 1)号"
    case .equivocation(let court, let sequence, let merged, let received):
      "\(court) 发来了两个不同的第\(sequence)号数据包:已合并清单 \(merged.prefix(12))…,本包 \(received.prefix(12))…;请向该院核实"
    case .gap(let court, let missing):
      "\(court) 缺少第\(Self.ranges(missing))号数据包;请先合并,或加 --accept-gap 记录缺口后继续"
    case .brokenChain(let court, let sequence, _, _):
      "\(court) 第\(sequence)号数据包所指的上一清单与已合并的第\(sequence - 1)号不符"
    case .database(let detail): "数据库错误,未写入任何内容:\(detail)"
    default: englishMessage
    }
  }

  private var englishMessage: String {
    switch self {
    case .cannotOpen(let path, let reason):
      "cannot open the database \(path): \(reason)"
    case .notACourtFedDatabase(let path, let reason):
      "\(path) is not a CourtFed database this version can use: \(reason)"
    case .rollback(let court, let sequence, let last):
      "\(court) bundle \(sequence) is older than bundle \(last), already merged (a rollback); only bundle \(last + 1) can follow"
    case .equivocation(let court, let sequence, let merged, let received):
      "\(court) sent two different bundles numbered \(sequence): merged manifest \(merged.prefix(12))…, this one \(received.prefix(12))…; ask the court which is right"
    case .gap(let court, let missing):
      "\(court) bundle\(missing.count == 1 ? "" : "s") \(Self.ranges(missing)) \(missing.count == 1 ? "is" : "are") missing; merge \(missing.count == 1 ? "it" : "them") first, or pass --accept-gap to record the gap and go on"
    case .brokenChain(let court, let sequence, let expected, let found):
      "\(court) bundle \(sequence) names \(found.map { "manifest \($0.prefix(12))…" } ?? "no manifest") as its previous one, but the merged bundle \(sequence - 1) is \(expected.prefix(12))…"
    case .database(let detail):
      "database error, nothing written: \(detail)"
    default: localizedMessage.en
    }
  }

  /// `3`, `3-5`, `3, 5-7`.
  static func ranges(_ numbers: [Int]) -> String {
    var parts: [String] = []
    var index = 0
    while index < numbers.count {
      var end = index
      while end + 1 < numbers.count, numbers[end + 1] == numbers[end] + 1 { end += 1 }
      parts.append(end == index ? "\(numbers[index])" : "\(numbers[index])-\(numbers[end])")
      index = end + 1
    }
    return parts.joined(separator: ", ")
  }
}

extension StoreError {
  /// The error for a failure opening the database at `path`, from SQLite's result code; never
  /// SQLite's own text, which may quote SQL.
  init(opening path: String, _ error: any Error) {
    self = Self(sqlite: error, path: path) ?? .cannotOpen(path: path, reason: "SQLite could not open it")
  }

  /// The error for a failure while reading `path`.
  init(reading path: String, _ error: any Error) {
    self = Self(sqlite: error, path: path) ?? .database("SQLite could not read \(path)")
  }

  /// The plain error for SQLite's primary result codes a user can act on.
  private init?(sqlite error: any Error, path: String) {
    guard let error = error as? DatabaseError else { return nil }
    switch error.resultCode {
    case .SQLITE_FULL: self = .diskFull(path: path)
    case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: self = .readOnly(path: path)
    case .SQLITE_BUSY, .SQLITE_LOCKED: self = .busy(path: path)
    case .SQLITE_CORRUPT: self = .corrupt(path: path)
    case .SQLITE_NOTADB: self = .notACourtFedDatabase(path: path, reason: "it is not a SQLite database")
    case .SQLITE_CANTOPEN:
      self =
        FileManager.default.isReadableFile(atPath: path)
        ? .readOnly(path: path) : .cannotOpen(path: path, reason: "this user may not read it")
    default: return nil
    }
  }
}
