import CourtFedModel
import Foundation

extension StoreError {
  /// The message in both languages.
  public var text: LocalizedText { LocalizedText(en: message, zh: chinese) }

  /// The message in Chinese.
  var chinese: String {
    switch self {
    case .cannotOpen(let path, let reason):
      "无法打开数据库 \(path):\(reason)"
    case .notACourtFedDatabase(let path, let reason):
      "\(path) 不是本版 CourtFed 可用的数据库:\(reason)"
    case .diskFull(let path):
      "\(path) 所在磁盘已满,未能写入;请腾出空间后重新运行该命令"
    case .readOnly(let path):
      "无法写入 \(path):该文件或其所在文件夹为只读(请检查权限)"
    case .cannotRecord(let path, let reason):
      "未能记录到 \(path):\(reason)"
    case .rollback(let court, let sequence, let last):
      "\(court) 的第\(sequence)号数据包早于已合并的第\(last)号(回滚);下一个只能是第\(last + 1)号"
    case .equivocation(let court, let sequence, let merged, let received):
      "\(court) 发来了两个不同的第\(sequence)号数据包:已合并的清单 \(merged.prefix(12))…,本次 \(received.prefix(12))…;请向该院核实哪个正确"
    case .gap(let court, let missing):
      "\(court) 缺少第\(Self.range(missing))号数据包;请先合并,或用 --accept-gap 记录缺号后继续"
    case .brokenChain(let court, let sequence, let expected, let found):
      "\(court) 第\(sequence)号数据包所称的上一个清单为\(found.map { " \($0.prefix(12))…" } ?? "空"),但已合并的第\(sequence - 1)号是 \(expected.prefix(12))…"
    case .renamed(let court, let changes):
      "\(court) 更改了名称:\(changes.map(\.chineseDescription).joined(separator: ";"));法院名称在首次合并时确定:如该院确已更名,请加 --accept-rename 重新合并(更名将被记录)"
    case .nameTaken(let court, let field, let name, let owner):
      "\(court) 的\(NameChange.chineseField(field))“\(name)”已属于 \(owner);两个法院不能同名(请 \(court) 更正其 court.toml)"
    case .database(let detail):
      "数据库错误,未写入任何内容:\(detail)"
    }
  }
}

extension NameChange {
  /// `简称由“西城法院”改为“海淀法院”`.
  public var chineseDescription: String {
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
