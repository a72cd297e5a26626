/// A court of the federation.
public struct Court: Hashable, Sendable, Codable {
  /// The stable id, lower-case ASCII letters, digits and hyphens: `bj-xicheng`. It names the
  /// court in bundles, the trust store and the database, and never changes.
  public var id: String
  /// The full Chinese name: 北京市西城区人民法院.
  package var name: String
  /// The short name used in tables: 西城法院.
  package var shortName: String
  /// An English name, if the court uses one.
  package var englishName: String?
  /// The court's level: high, intermediate or basic.
  public var level: CourtLevel
  /// The id of the court this one reports to; nil for the top of the hierarchy.
  public var parent: String?
  /// The region, as the court writes it: 西城区.
  package var region: String?

  /// A court as its profile gives it; nothing is checked here (`court.toml` is checked when a
  /// workspace is loaded).
  public init(
    id: String, name: String, shortName: String, englishName: String? = nil,
    level: CourtLevel, parent: String? = nil, region: String? = nil
  ) {
    self.id = id
    self.name = name
    self.shortName = shortName
    self.englishName = englishName
    self.level = level
    self.parent = parent
    self.region = region
  }

  /// Whether `id` is a well-formed court id: 2-64 characters of `a-z`, `0-9` and `-`,
  /// starting with a letter and not ending with a hyphen.
  package static func isValidID(_ id: String) -> Bool {
    guard (2...64).contains(id.count), let first = id.first, first.isASCII, first.isLetter,
      id.last != "-"
    else { return false }
    return id.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
  }

  /// A short name derived from a full name that ends in 人民法院: 北京市西城区人民法院 →
  /// 西城法院. Any other name (测试法院, Yanqing) is kept as it is.
  package static func shortName(from name: String) -> String {
    guard name.hasSuffix("人民法院"), name.count > 4 else { return name }
    var core = Substring(name)
    for prefix in ["北京市", "上海市", "天津市", "重庆市"] where core.hasPrefix(prefix) {
      core = core.dropFirst(prefix.count)
    }
    if core.hasSuffix("人民法院") { core = core.dropLast(4) }
    for suffix in ["区", "县", "市"] where core.hasSuffix(suffix) && core.count > 2 {
      core = core.dropLast()
    }
    return core + "法院"
  }
}
