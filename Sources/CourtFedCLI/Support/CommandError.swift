import CourtFedBundle
import CourtFedModel

/// Problems a command finds on its own command line or in the folders it is given, said in
/// both languages like every module's errors.
enum CommandError: ExplainedError, Equatable {
  /// None of the paths given holds a `.courtfed` file.
  case noBundles(paths: [String])
  /// A path given does not exist.
  case noSuchPath(String)
  /// `demo --out` names a folder that has other files in it.
  case notADemoFolder(String)
  /// A sample workspace does not validate.
  case sampleInvalid(folder: String, samples: String)
  /// A rejection could not be verified or merged (the demo's own bundles).
  case demoRejected(String)
  /// A bundle file that cannot be read or opened.
  case inBundle(path: String, BundleError)
  /// A file the command reads is missing.
  case cannotRead(path: String)

  var text: LocalizedText {
    switch self {
    case .noBundles(let paths):
      let list = paths.joined(separator: " ")
      return LocalizedText(
        en: "no bundle files (*.courtfed) found in \(list)", zh: "在 \(list) 中没有找到数据包文件(*.courtfed)")
    case .noSuchPath(let path):
      return LocalizedText(en: "no such file or folder: \(path)", zh: "没有此文件或文件夹:\(path)")
    case .notADemoFolder(let path):
      return LocalizedText(
        en: "\(path) exists and is not a demo folder; choose another with --out",
        zh: "\(path) 已存在且不是演示文件夹;请用 --out 另选一个")
    case .sampleInvalid(let folder, let samples):
      return LocalizedText(
        en: "the sample \(folder) has errors; run courtfed validate \(samples)/\(folder)",
        zh: "示例 \(folder) 有错误;请运行 courtfed validate \(samples)/\(folder)")
    case .demoRejected(let line):
      return LocalizedText(en: "a sample bundle was rejected: \(line)", zh: "示例数据包被拒收:\(line)")
    case .inBundle(let path, let error):
      return LocalizedText(en: "\(path): \(error.text.en)", zh: "\(path):\(error.text.zh)")
    case .cannotRead(let path):
      return LocalizedText(en: "cannot read \(path): no such file", zh: "无法读取 \(path):文件不存在")
    }
  }
}
