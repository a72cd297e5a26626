import CourtFedModel
import CourtFedQuery
import CourtFedStore
import Foundation
import TestSupport
import Testing

/// Names come from bundles, so a court can call itself after a metric or a query word. The
/// query language's own words always win (`Specs/query-language.md`, "Names and words"):
/// such a court never changes the answer to anyone else's question.
@Suite("Court names that collide with the query language")
struct CollisionTests {
  /// Courts renamed after the language's own words: short name, full name, English name or
  /// region. None of them is a court the spec's examples name.
  static let hostileNames: [String: (short: String, name: String, english: String, region: String)] = [
    "daxing": ("结案率", "北京市结案率人民法院", "closure rate", "前三"),
    "tongzhou": ("信息工作", "北京市信息工作人民法院", "information work", "对比"),
    "changping": ("前三", "北京市前三人民法院", "top 3", "全市平均"),
    "fangshan": ("同比", "北京市同比人民法院", "vs average", "基层法院"),
    "mentougou": ("体检表", "北京市后三名人民法院", "bottom 3", "2021年第四季度"),
    "shijingshan": ("去年", "北京市哪些人民法院", "health check", "前三季度"),
    "fengtai": ("历年", "北京市不达标人民法院", "by year", "汇总"),
  ]

  /// More of the language's words, on the same courts in a second store: words the first set
  /// has no room for.
  static let moreHostileNames: [String: (short: String, name: String, english: String, region: String)] = [
    "mentougou": ("top", "北京市第一季度人民法院", "first half", "各季度"),
    "shijingshan": ("上半年", "北京市历年人民法院", "last quarter", "哪些"),
    "fengtai": ("今年", "北京市体检人民法院", "which", "各月"),
    "daxing": ("累计", "北京市和人民法院", "trend", "去年"),
  ]

  static let store = renamed(hostileNames, in: "collisions")
  static let moreStore = renamed(moreHostileNames, in: "collisions-more")

  static func renamed(
    _ table: [String: (short: String, name: String, english: String, region: String)], in name: String
  ) -> CourtStore {
    Federation.merged(in: name) { folder, workspace in
      guard let names = table[folder] else { return }
      workspace.court.shortName = names.short
      workspace.court.name = names.name
      workspace.court.englishName = names.english
      workspace.court.region = names.region
    }
  }

  /// The original short name of every renamed court, by its hostile one.
  static let originalNames: [String: String] = Dictionary(
    uniqueKeysWithValues: (Array(hostileNames) + Array(moreHostileNames)).map { folder, names in
      (names.short, SampleBundles.workspace(folder).court.shortName)
    })

  /// The rows of `result` as the spec writes them, each renamed court's cell given its
  /// original short name back (only court cells: a health check's rows start with an
  /// indicator that may share a renamed court's name).
  static func restored(_ result: QueryResult) -> [String] {
    var copy = result
    for row in copy.rows.indices {
      for cell in copy.rows[row].cells.indices {
        if case .court(var court) = copy.rows[row].cells[cell], let original = originalNames[court.name] {
          court.name = original
          copy.rows[row].cells[cell] = .court(court)
        }
      }
    }
    return Federation.rows(copy)
  }

  /// `rows` with each renamed court given its original short name back.
  static func restored(_ rows: [String]) -> [String] {
    rows.map { row in
      var words = row.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
      for index in words.indices { words[index] = originalNames[words[index]] ?? words[index] }
      return words.joined(separator: " ")
    }
  }

  @Test(
    "every example of the spec answers the same when courts are named after its words", arguments: Federation.examples)
  func example(query: String, expected: String) throws {
    let hostile = Federation.engine(Self.store, ranges: Federation.sampleRanges)
    let plain = try Federation.ranged.answer(query)
    let answer = try hostile.answer(query)
    #expect(Self.restored(answer) == Federation.rows(plain), "\(query)")
    #expect(answer.title == plain.title, "\(query)")
  }

  @Test("and again with more of the language's words as names", arguments: Federation.examples)
  func moreExamples(query: String, expected: String) throws {
    let hostile = Federation.engine(Self.moreStore, ranges: Federation.sampleRanges)
    let answer = try hostile.answer(query)
    #expect(Self.restored(answer) == Federation.rows(try Federation.ranged.answer(query)), "\(query)")
  }

  @Test("a court named after a metric is still found by its own name when the query has no metric there")
  func stillReachable() throws {
    let hostile = Federation.engine(Self.store)
    // `结案率 前三` ranks by the metric, never the court called 结案率.
    let ranking = try hostile.answer("结案率 前三")
    #expect(ranking.rows.count == 3)
    // Every renamed court is in the city's ranking under its new name.
    let names = Set(Federation.rows(try hostile.answer("结案率 排名 2021年")).map { $0.split(separator: " ")[1] })
    #expect(Set(Self.hostileNames.values.map { Substring($0.short) }).isSubset(of: names), "\(names)")
    // The court called 结案率 is named by its full name.
    let filtered = try hostile.answer("北京市结案率人民法院 结案率 2021年")
    #expect(Federation.rows(filtered).count == 1)
    #expect(Federation.rows(filtered).first?.contains("结案率") == true)
  }
}
