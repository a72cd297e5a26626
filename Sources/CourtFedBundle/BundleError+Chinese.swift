import CourtFedModel
import Foundation

extension BundleError {
  /// The message in both languages. (Details that lower layers give in English, such as a
  /// JSON parser's or a row's problem, are quoted as they are.)
  package var text: LocalizedText { LocalizedText(en: message, zh: chinese) }

  /// The message in Chinese.
  var chinese: String {
    switch self {
    case .keyFileExists(let path):
      "\(path) 已存在;密钥从不覆盖(请移走该文件,或用 --out 另选位置)"
    case .keyFileUnreadable(let path, let reason):
      "无法读取密钥 \(path):\(reason)"
    case .keyPermissionsTooOpen(let path, let mode):
      "\(path) 的权限 \(String(format: "%04o", mode)) 过宽:私钥只能由其所有者读取(chmod 600 \(path))"
    case .keyMalformed(let detail):
      "不是可用的密钥:\(detail)"
    case .keyEncrypted:
      "私钥设有口令;CourtFed 使用无口令的密钥签名(可用 `courtfed keygen` 或 `ssh-keygen -t ed25519 -N ''` 生成)"
    case .signatureMalformed(let detail):
      "签名格式错误:\(detail)"
    case .signatureWrongNamespace(let found, let expected):
      "签名的命名空间是“\(found)”,不是“\(expected)”"
    case .signatureInvalid:
      "签名与清单不符:数据包在签名后被改动过"
    case .signerUnknown(let fingerprint):
      "签名密钥 \(fingerprint) 不在信任库中(可用 `courtfed trust add 法院编号 密钥文件` 添加)"
    case .signerRevoked(let fingerprint):
      "签名密钥 \(fingerprint) 已被吊销"
    case .signerOutsideValidity(let fingerprint, let window):
      "签名密钥 \(fingerprint) 当前不在有效期内(信任期:\(window))"
    case .signerNamespaceNotAllowed(let fingerprint):
      "\(fingerprint) 的信任条目不允许签署数据包"
    case .signerWrongCourt(let fingerprint, let trustedFor, let claimed):
      "签名密钥 \(fingerprint) 受信任的法院是 \(trustedFor.joined(separator: "、")),不是清单所称的 \(claimed)"
    case .bundleTooLarge(let size, let limit):
      "数据包大小为 \(size) 字节,超过上限 \(limit)(如该院数据确实这么多,可用 --max-bundle-bytes 调高上限)"
    case .unreadable(let path, let reason):
      "无法读取 \(path):\(reason)"
    case .notARegularFile(let path, let kind):
      "\(path) 是\(Self.chineseKind(kind)),不是数据包文件;数据包应是名为 法院编号-序号.courtfed 的普通文件"
    case .archive(let failure):
      switch failure {
      case .badChecksum(let member): "归档已损坏:第\(member + 1)个文件头的校验和错误"
      case .notARegularFile(let name, let type):
        "归档成员 \(name) 不是普通文件(类型“\(type)”):链接、设备、目录和扩展头一律拒绝"
      case .malformedHeader(let member, let field):
        "归档格式错误:第\(member + 1)个文件头的 \(field) 字段无效"
      case .truncated: "归档不完整(被截断)"
      case .trailingData: "归档结束标记之后还有数据"
      case .tooManyMembers(let limit): "归档成员超过\(limit)个"
      }
    case .unexpectedMember(let name, let expected):
      "此处不应出现归档成员“\(name)”(应为 \(expected))"
    case .missingMember(let name):
      "清单所列的成员 \(name) 缺失"
    case .memberTooLarge(let name, let size, let limit):
      "\(name) 为 \(size) 字节,超过上限 \(limit)"
    case .manifestSyntax(let offset, let detail):
      "datapackage.json 在第 \(offset) 字节处不是有效的 JSON:\(detail)"
    case .manifestNotCanonical:
      "datapackage.json 不是规范格式(键已排序、无空白):并非 CourtFed 生成,或已被改动"
    case .manifestField(let path, let problem):
      "datapackage.json:\(path) \(problem)"
    case .unsupportedVersion(let version):
      "不支持数据包格式版本 \(version)(本版 CourtFed 读取版本 \(BundleFormat.version) 和 \(BundleFormat.scoreQuartersVersion)):请升级 CourtFed"
    case .createdInFuture(let created):
      "清单称其生成于 \(created),晚于当前时间;请检查发送方电脑的时钟"
    case .manifestName(let path, let problem):
      "datapackage.json:\(path)\(problem.message.zh);请在该院 court.toml 中更正后重新导出"
    case .catalogUnknown(let found, let expected):
      "数据包按指标目录 \(found) 校验,本中院不认识该版本(本中院使用 \(expected));法院应使用与中院相同版本的 CourtFed 导出"
    case .periodNotEnded(let path, let period, let created):
      "datapackage.json:\(path) 为\(period.chineseDescription),生成数据包时(\(created))该期间尚未结束;期间结束后才能填报"
    case .sequenceTooLarge(let sequence, let limit):
      "datapackage.json:courtfed.sequence 为 \(sequence),超出任何法院可能的序号(最大 \(limit))"
    case .memberLength(let name, let declared, let actual):
      "\(name) 为 \(actual) 字节,但清单写的是 \(declared)"
    case .memberHash(let name):
      "\(name) 与清单中的 SHA-256 不符:数据被改动过"
    case .decompression(let name, let failure):
      switch failure {
      case .largerThanDeclared(let size): "\(name) 解压后超过声明的 \(size) 字节"
      case .smallerThanDeclared(let declared, let actual): "\(name) 解压后为 \(actual) 字节,不是声明的 \(declared)"
      case .trailingData: "\(name) 的 gzip 成员之后还有数据(多个成员或垃圾数据)"
      case .corrupt(let detail): "\(name) 不是有效的 gzip:\(detail)"
      case .largerThanPossible(let declared): "\(name) 声明解压后为 \(declared) 字节,超出其压缩数据所能容纳的大小"
      }
    case .row(let member, let line, let problem):
      "\(member) 第\(line)行:\(problem)"
    case .limitExceeded(let member, let what, let limit):
      "\(member):\(what) 超过上限 \(limit)"
    case .rowName(let member, let line, let field, let problem):
      "\(member) 第\(line)行:\(field)\(problem.message.zh)"
    case .inexactNumber(let member, let line, let field, let text):
      "\(member) 第\(line)行:\(field)“\(text)”的有效数字超过 CourtFed 能精确保存的位数(15位)"
    case .validation(let member, let line, let problem):
      "\(member) 第\(line)行:\(problem.zh)"
    case .trustFile(let path, let line, let detail):
      "\(path) 第\(line)行:\(detail)"
    case .trustOperation(let detail):
      "信任库操作无法进行:\(detail)"
    case .trustKeyForSeveralCourts(let path, let line, let courts, let firstLine):
      "\(path) 第\(line)行:同一密钥被多个法院信任(\(courts.joined(separator: "、"))\(firstLine == line ? "" : ",首次见于第\(firstLine)行"));一个密钥只能为一个法院签名:请为每个法院单独设置密钥和一行(`courtfed trust add 法院编号 密钥文件`)"
    case .workspaceInvalid(let errors):
      "工作区有\(errors)个错误,未导出任何内容(请更正;`courtfed validate` 可列出全部错误)"
    case .cannotWrite(let path, let reason):
      "无法写入 \(path):\(reason)"
    case .exportState(let path, let detail):
      "导出状态文件 \(path) 已损坏:\(detail)"
    }
  }

  /// `a folder` → 文件夹, and so on for `BundleFile`'s kinds of path.
  static func chineseKind(_ kind: String) -> String {
    switch kind {
    case "a folder": "文件夹"
    case "a named pipe (FIFO)": "命名管道(FIFO)"
    case "a character device": "字符设备"
    case "a block device": "块设备"
    case "a socket": "套接字"
    case "a symbolic link": "符号链接"
    default: "特殊文件"
    }
  }
}
