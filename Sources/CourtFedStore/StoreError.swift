import CourtFedModel
import Foundation
import GRDB

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// What can go wrong in the coordinator's store. Every case has a message in both languages
/// (`text`); SQLite's own text, which may quote SQL, never reaches a user.
public enum StoreError: ExplainedError, Sendable, Equatable {
  /// The database file could not be opened or migrated; `reason` says why, in both languages.
  case cannotOpen(path: String, reason: OpenFailure)
  /// The file is not a CourtFed database (another application's, or a newer CourtFed's).
  case notACourtFedDatabase(path: String, reason: NotADatabase)
  /// The disk holding the file is full: nothing was written (SQLite's `SQLITE_FULL`, or
  /// `ENOSPC`).
  case diskFull(path: String)
  /// The file or its folder cannot be written by this user (`SQLITE_READONLY`, `EROFS`,
  /// `EACCES`).
  case readOnly(path: String)
  /// A rejection could not be written to the rejection log; carries why.
  case cannotRecord(path: String, reason: RecordFailure)
  /// There is no database file at the path.
  case missingFile(path: String)
  /// The path is a folder, a device or a pipe, not a database file.
  case notAFile(path: String)
  /// The file was written by an older CourtFed or catalog: a merge (or `courtfed upgrade`)
  /// brings it up to date; reading never does.
  case needsUpgrade(path: String)
  /// Another process kept the database locked longer than CourtFed waits (`SQLITE_BUSY`).
  case busy(path: String)
  /// SQLite found the file damaged (`SQLITE_CORRUPT`).
  case corrupt(path: String)
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
  /// A database error while merging or reading; nothing was written.
  case database(DatabaseFailure)

  /// The message in English.
  package var message: String { text.en }

  /// The message in both languages.
  package var text: LocalizedText {
    switch self {
    case .cannotOpen(let path, let reason):
      LocalizedText(en: "cannot open the database \(path): \(reason.text.en)", zh: "无法打开数据库 \(path):\(reason.text.zh)")
    case .notACourtFedDatabase(let path, let reason):
      LocalizedText(
        en: "\(path) is not a CourtFed database this version can use: \(reason.text.en)",
        zh: "\(path) 不是本版 CourtFed 可用的数据库:\(reason.text.zh)")
    case .diskFull(let path):
      LocalizedText(
        en: "the disk holding \(path) is full, so this was not written; free some space and run the command again",
        zh: "\(path) 所在磁盘已满,未能写入;请腾出空间后重新运行该命令")
    case .readOnly(let path):
      LocalizedText(
        en: "cannot write \(path): the file or its folder is read-only for this user (check its permissions)",
        zh: "无法写入 \(path):该文件或其所在文件夹对当前用户只读(请检查权限)")
    case .cannotRecord(let path, let reason):
      LocalizedText(
        en: "could not be recorded in \(path): \(reason.text.en)", zh: "未能记录到 \(path):\(reason.text.zh)")
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
    case .busy(let path):
      LocalizedText(
        en: "\(path) stayed locked by another process; try again when the other merge has finished",
        zh: "\(path) 一直被其他进程锁定;请待其他合并完成后重试")
    case .corrupt(let path):
      LocalizedText(
        en:
          "\(path) is damaged (SQLite cannot read it); restore it from a backup, or merge the bundles again into a new file",
        zh: "\(path) 已损坏(SQLite 无法读取);请从备份恢复,或将数据包重新合并到新文件")
    case .rollback(let court, let sequence, let last):
      LocalizedText(
        en:
          "\(court) bundle \(sequence) is older than bundle \(last), already merged (a rollback); only bundle \(last + 1) can follow",
        zh: "\(court) 的第\(sequence)号数据包早于已合并的第\(last)号(回滚);下一个只能是第\(last + 1)号")
    case .equivocation(let court, let sequence, let merged, let received):
      LocalizedText(
        en:
          "\(court) sent two different bundles numbered \(sequence): merged manifest \(merged.prefix(12))…, this one \(received.prefix(12))…; ask the court which is right",
        zh:
          "\(court) 发来了两个不同的第\(sequence)号数据包:已合并的清单 \(merged.prefix(12))…,本次 \(received.prefix(12))…;请向该院核实哪个正确")
    case .gap(let court, let missing):
      LocalizedText(
        en:
          "\(court) bundle\(missing.count == 1 ? "" : "s") \(Self.range(missing)) \(missing.count == 1 ? "is" : "are") missing; merge \(missing.count == 1 ? "it" : "them") first, or pass --accept-gap to record the gap and go on",
        zh: "\(court) 缺少第\(Self.range(missing))号数据包;请先合并,或用 --accept-gap 记录缺号后继续")
    case .brokenChain(let court, let sequence, let expected, let found):
      LocalizedText(
        en:
          "\(court) bundle \(sequence) names \(found.map { "manifest \($0.prefix(12))…" } ?? "no manifest") as its previous one, but the merged bundle \(sequence - 1) is \(expected.prefix(12))…",
        zh:
          "\(court) 第\(sequence)号数据包所称的上一个清单为\(found.map { " \($0.prefix(12))…" } ?? "空"),但已合并的第\(sequence - 1)号是 \(expected.prefix(12))…"
      )
    case .renamed(let court, let changes):
      LocalizedText(
        en:
          "\(court) calls itself \(changes.map(\.description).joined(separator: ", ")); a court's names are pinned at its first merge: if the court was really renamed, merge again with --accept-rename (the change is recorded)",
        zh:
          "\(court) 更改了名称:\(changes.map(\.chineseDescription).joined(separator: ";"));法院名称在首次合并时确定:如该院确已更名,请加 --accept-rename 重新合并(更名将被记录)"
      )
    case .nameTaken(let court, let field, let name, let owner):
      LocalizedText(
        en:
          "\(court)'s \(field) '\(name)' is already \(owner)'s; two courts never share a name (ask \(court) to correct its court.toml)",
        zh: "\(court) 的\(NameChange.chineseField(field))“\(name)”已属于 \(owner);两个法院不能同名(请 \(court) 更正其 court.toml)")
    case .database(let failure):
      LocalizedText(
        en: "database error, nothing written: \(failure.text.en)", zh: "数据库错误,未写入任何内容:\(failure.text.zh)")
    }
  }

  /// Why the database file could not be opened (`cannotOpen`), in both languages, so that the
  /// Chinese message is Chinese throughout.
  public enum OpenFailure: Sendable, Equatable {
    /// There is no file at the path; `courtfed merge` creates one.
    case noSuchFile
    /// The file exists, but its permissions do not let this user read it.
    case notReadable
    /// A failure CourtFed has no plain words for; carries what a developer needs to trace it.
    case unexpected(Unexplained)

    /// The reason in English and in Chinese, each to follow a colon.
    package var text: LocalizedText {
      switch self {
      case .noSuchFile:
        LocalizedText(en: "no such file; `courtfed merge` creates it", zh: "没有这个文件;courtfed merge 会创建它")
      case .notReadable:
        LocalizedText(en: "this user may not read it", zh: "当前用户无权读取该文件")
      case .unexpected(let cause):
        LocalizedText(en: "unexpected failure: \(cause.text.en)", zh: "意外故障:\(cause.text.zh)")
      }
    }
  }

  /// Why a file is not a CourtFed database (`notACourtFedDatabase`), in both languages.
  public enum NotADatabase: Sendable, Equatable {
    /// The file is not SQLite at all (SQLite's `SQLITE_NOTADB`), with what SQLite said when
    /// it is known.
    case notSQLite(Unexplained?)
    /// A SQLite file without any tables: not one a merge created.
    case noTables
    /// A SQLite file holding another application's tables.
    case otherApplication
    /// A failure CourtFed has no plain words for.
    case unexpected(Unexplained)

    /// The reason in English and in Chinese, each to follow a colon.
    package var text: LocalizedText {
      switch self {
      case .notSQLite(nil): LocalizedText(en: "it is not a SQLite database", zh: "它不是 SQLite 数据库")
      case .notSQLite(let cause?):
        LocalizedText(
          en: "it is not a SQLite database (\(cause.text.en))", zh: "它不是 SQLite 数据库(\(cause.text.zh))")
      case .noTables: LocalizedText(en: "it holds no tables", zh: "其中没有任何数据表")
      case .otherApplication: LocalizedText(en: "it has tables of another application", zh: "其中是其他应用程序的数据表")
      case .unexpected(let cause):
        LocalizedText(en: "unexpected failure: \(cause.text.en)", zh: "意外故障:\(cause.text.zh)")
      }
    }
  }

  /// Why a rejection could not be added to the rejection log (`cannotRecord`), in both
  /// languages. A full disk or a read-only file are said as `diskFull` and `readOnly`.
  public enum RecordFailure: Sendable, Equatable {
    /// The rejection could not be encoded as a JSON line.
    case notJSON
    /// The system refused the write, with its error number (`errno`).
    case system(errno: Int32)

    /// The reason in English and in Chinese, each to follow a colon.
    package var text: LocalizedText {
      switch self {
      case .notJSON:
        LocalizedText(en: "the rejection could not be written as JSON", zh: "该拒收记录无法写成 JSON")
      case .system(let code):
        LocalizedText(
          en: "the system refused the write (\(String(cString: strerror(code))), errno \(code))",
          zh: "系统拒绝写入(错误码 \(code))")
      }
    }
  }

  /// What went wrong in the database when CourtFed has no plainer words (`database`), in both
  /// languages; never SQLite's own message, which may quote SQL.
  public enum DatabaseFailure: Sendable, Equatable {
    /// A merge finished without an outcome for its bundle.
    case notMerged
    /// A write of a batch failed, so nothing of the batch was stored.
    case batchWriteFailed(Unexplained)
    /// The commit of a batch failed, so nothing of the batch was stored.
    case batchCommitFailed(Unexplained)
    /// Reading the file at the path failed.
    case reading(path: String, Unexplained)
    /// Any other failure.
    case unexpected(Unexplained)

    /// The detail in English and in Chinese, each to follow a colon.
    package var text: LocalizedText {
      switch self {
      case .notMerged: LocalizedText(en: "the bundle was not merged", zh: "数据包未合并")
      case .batchWriteFailed(let cause):
        LocalizedText(
          en: "nothing from this batch was stored, because a write failed: \(cause.text.en)",
          zh: "写入失败,本批数据均未保存:\(cause.text.zh)")
      case .batchCommitFailed(let cause):
        LocalizedText(
          en: "nothing from this batch was stored: the commit failed: \(cause.text.en)",
          zh: "提交失败,本批数据均未保存:\(cause.text.zh)")
      case .reading(let path, let cause):
        LocalizedText(en: "\(path): \(cause.text.en)", zh: "\(path):\(cause.text.zh)")
      case .unexpected(let cause): LocalizedText(en: cause.text.en, zh: cause.text.zh)
      }
    }
  }

  /// A failure the store does not say plainly (see `from(_:path:fallback:)`): the type of a
  /// Swift error, or SQLite's extended result code. Interpolated into a string, it reads in
  /// English.
  public enum Unexplained: Sendable, Equatable, CustomStringConvertible {
    /// A Swift error that is not SQLite's, named by its type (`DecodingError`).
    case error(type: String)
    /// SQLite's extended result code (see sqlite.org/rescode.html).
    case sqlite(resultCode: Int32)

    /// The cause in English and in Chinese.
    package var text: LocalizedText {
      switch self {
      case .error(let type): LocalizedText(en: "an error of type \(type)", zh: "\(type) 类型的错误")
      case .sqlite(let code): LocalizedText(en: "SQLite result code \(code)", zh: "SQLite 结果码 \(code)")
      }
    }

    /// The cause in English.
    public var description: String { text.en }
  }

  /// `3`, or `3-5`.
  static func range(_ numbers: ClosedRange<Int>) -> String {
    numbers.count == 1 ? "\(numbers.lowerBound)" : "\(numbers.lowerBound)-\(numbers.upperBound)"
  }

  /// The store error for `error` met while working on the file at `path`: SQLite's result
  /// codes said plainly (a full disk, a read-only file, a busy or damaged file, a file that is
  /// not a database), anything else as `fallback` with the result code's name, never SQLite's
  /// own message (which may quote SQL).
  static func from(_ error: any Error, path: String, fallback: (Unexplained) -> StoreError) -> StoreError {
    if let error = error as? StoreError { return error }
    guard let error = error as? DatabaseError else { return fallback(.error(type: "\(type(of: error))")) }
    switch error.resultCode {
    case .SQLITE_FULL: return .diskFull(path: path)
    case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH: return .readOnly(path: path)
    case .SQLITE_BUSY, .SQLITE_LOCKED: return .busy(path: path)
    case .SQLITE_NOTADB: return .notACourtFedDatabase(path: path, reason: .notSQLite(nil))
    case .SQLITE_CORRUPT: return .corrupt(path: path)
    // SQLite reports a write that found no room in its -wal or -shm file as an I/O error.
    case .SQLITE_IOERR where isDiskFull(at: path): return .diskFull(path: path)
    case .SQLITE_CANTOPEN where isDiskFull(at: path): return .diskFull(path: path)
    case .SQLITE_CANTOPEN:
      return FileManager.default.isReadableFile(atPath: path)
        ? .readOnly(path: path) : .cannotOpen(path: path, reason: .notReadable)
    default: return fallback(.sqlite(resultCode: error.extendedResultCode.rawValue))
    }
  }

  /// The error for a failure opening the database at `path` for reading.
  init(opening path: String, _ error: any Error) {
    self = Self.from(error, path: path) { .cannotOpen(path: path, reason: .unexpected($0)) }
  }

  /// The error for a failure while reading `path`.
  init(reading path: String, _ error: any Error) {
    self = Self.from(error, path: path) { .database(.reading(path: path, $0)) }
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

extension NameChange {
  /// `简称由“西城法院”改为“海淀法院”`.
  package var chineseDescription: String {
    "\(Self.chineseField(field))由\(old.map { "“\($0)”" } ?? "(无)")改为\(new.map { "“\($0)”" } ?? "(无)")"
  }

  /// The field's Chinese name.
  static func chineseField(_ field: String) -> String {
    switch field {
    case "name": "全称"
    case "short_name": "简称"
    case "english_name": "英文名称"
    case "region": "地区"
    default: field
    }
  }
}
