import CourtFedModel
import CourtFedQuery
import Foundation
import TestSupport
import Testing

/// The grammar's promises about clauses: any order gives the same answer, and no clause is
/// ever dropped silently (`Specs/query-language.md`, "Every clause counts").
@Suite("Clauses in any order, every clause used")
struct ClauseTests {
  /// Every ordering of `items`.
  static func permutations<T>(_ items: [T]) -> [[T]] {
    guard items.count > 1 else { return [items] }
    return items.indices.flatMap { index -> [[T]] in
      var rest = items
      let item = rest.remove(at: index)
      return permutations(rest).map { [item] + $0 }
    }
  }

  /// The clauses of `query` as text, in order.
  static func clauses(_ query: String) throws -> [String] {
    let characters = Array(query)
    return try Federation.ranged.clauseRanges(query).map { String(characters[$0]) }
  }

  @Test("every example of the spec gives the same rows with its clauses in every order", arguments: Federation.examples)
  func permuted(query: String, expected: String) throws {
    let clauses = try Self.clauses(query)
    let rows = Federation.rows(try Federation.ranged.answer(query))
    // Several metrics keep the order they were named in (the first ranks); all else moves.
    let isMetric = try Federation.ranged.metricClauses(query)
    let metrics = clauses.indices.filter { isMetric[$0] }.map { clauses[$0] }
    for order in Self.permutations(Array(clauses.indices)) {
      guard order.filter({ isMetric[$0] }).map({ clauses[$0] }) == metrics else { continue }
      let order = order.map { clauses[$0] }
      let permuted = order.joined(separator: " ")
      #expect(Federation.rows(try Federation.ranged.answer(permuted)) == rows, "\(permuted)")
    }
  }

  /// Clauses a random query is built from, by role; each role at most once.
  static let vocabulary: [(role: String, options: [String])] = [
    (
      "metric",
      [
        "closure rate", "结案率", "average days", "平均审理天数", "clearance rate", "cases closed", "结案数",
        "information work", "信息工作", "reversed and remanded", "satisfaction",
      ]
    ),
    (
      "period",
      [
        "2021", "in 2020", "2021年", "2021Q4", "2021年第三季度", "2021H1", "2020年上半年", "2021年1-9月", "first half of 2021",
        "ytd 2021-05", "第一季度",
      ]
    ),
    ("limit", ["top 3", "前五", "bottom 2", "后三名", "top 1"]),
    ("compare", ["vs average", "对比 全市平均", "vs mean", "对比 各院平均", "above average", "低于平均", "yoy", "同比", "环比", "qoq"]),
    ("improvement", ["biggest improvement", "进步最大"]),
    ("filter", ["xicheng", "西城", "海淀法院", "西城区", "where level = basic", "基层法院"]),
    ("incomplete", ["including incomplete", "含不完整"]),
    ("rank", ["ranking", "排名"]),
  ]

  /// Words the spec declares change nothing by themselves.
  static let declaredNoOps: Set<String> = ["ranking", "排名", "rank"]

  @Test("dropping any one clause of an answered query changes the answer, unless the spec says it changes nothing")
  func everyClauseCounts() throws {
    let seed = SplitMix.seed("every clause counts", fallback: 77)
    var random = SplitMix(seed: seed)
    var checked = 0
    var attempts = 0
    while checked < 300, attempts < 5_000 {
      attempts += 1
      var parts: [String] = []
      for (role, options) in Self.vocabulary where role == "metric" || random.chance(0.45) {
        parts.append(options[random.int(0...(options.count - 1))])
      }
      // 进步最大 compares year on year unless 环比 is named: 同比 beside it only repeats that.
      if parts.contains(where: { ["biggest improvement", "进步最大"].contains($0) }) {
        parts.removeAll { ["yoy", "同比"].contains($0) }
      }
      parts.shuffle(using: &random)
      let query = parts.joined(separator: " ")
      guard let answer = try? Federation.engine.answer(query) else { continue }
      checked += 1
      for index in parts.indices where !Self.declaredNoOps.contains(parts[index]) {
        var dropped = parts
        dropped.remove(at: index)
        guard var other = try? Federation.engine.answer(dropped.joined(separator: " ")) else { continue }
        // Dropping a Chinese word may switch the headers' language: that alone is no change.
        other.language = answer.language
        #expect(other != answer, "seed \(seed): dropping '\(parts[index])' from '\(query)' changed nothing")
      }
    }
    print("every clause counts: \(checked) answered queries, each clause dropped in turn")
    #expect(checked >= 100)
  }

  @Test(
    "clauses that cannot be used together are refused, pointing at the one that cannot be used",
    arguments: [
      ("closure rate 2021 2020", "2020"), ("closure rate top 3 top 5", "top 5"), ("结案率 同比 高于平均", "高于平均"),
      ("结案率 合计", "合计"), ("结案数 全市合计 前三", "前三"), ("结案数 全市合计 西城", "西城"),
      ("五星级党支部 前三", "前三"), ("branches count 2021", "2021"), ("党小组 得分 2021年", "2021年"),
      ("help closure rate", "closure rate"), ("closure rate above average below average", "below average"),
      ("closure rate 2021 vs 2021Q2", "vs 2021Q2"), ("结案率 同比 对比 2020年", "同比"),
      ("结案率 不达标 同比", "同比"), ("结案率 不达标 对比 全市平均", "对比 全市平均"), ("结案率 不达标 不达标", "不达标"),
      ("信息工作 不达标", "信息工作"), ("closure rate outside range total", "total"), ("体检表 结案率", "结案率"),
      ("西城 海淀 体检表", "海淀"), ("体检表 西城区", "西城区"), ("西城 体检表 前三", "前三"), ("体检 汇总 同比", "同比"),
      ("西城 体检表 2021 2020", "2020"), ("结案率 汇总", "汇总"), ("health check summary vs average", "vs average"),
    ])
  func refusedCombinations(query: String, culprit: String) throws {
    do {
      _ = try Federation.engine.parse(query)
      Issue.record("accepted: \(query)")
    } catch {
      let characters = Array(query)
      let pointed = error.problems.map { String(characters[$0.range.clamped(to: 0..<characters.count)]) }
      #expect(pointed.contains(culprit), "\(query): \(pointed)")
    }
  }
}
