import CourtFedModel

/// The words of the query language in both languages, each mapped to what it means.
public enum Keyword: String, Sendable, CaseIterable, Equatable {
  case top, bottom, by, rank, versus, average, mean, pooled, above, below, yearOnYear, periodOnPeriod
  case improvement, `in`, whereKeyword, level, basic, intermediate, high, equals
  case show, metrics, courts, periods, help, groups, branches, score, fiveStar, count, counter, of, highest

  /// The spellings, English first then Chinese. Multi-word English spellings are matched
  /// word by word.
  var spellings: [String] {
    switch self {
    case .top: ["top", "best", "前", "排名前", "最好"]
    case .bottom: ["bottom", "worst", "后", "倒数", "最差", "排名后"]
    case .by: ["by", "按", "按照"]
    case .rank: ["rank", "ranking", "排名", "排序", "排行"]
    case .versus: ["vs", "versus", "compared to", "compare to", "对比", "比较", "相比", "对照"]
    case .average: ["average", "city average", "city", "全市平均", "全市", "全市法院平均", "平均", "平均值"]
    case .mean: ["mean", "plain mean", "各院平均", "简单平均"]
    case .pooled: ["pooled", "overall", "整体", "加权平均", "全市整体"]
    case .above: ["above", "高于"]
    case .below: ["below", "低于"]
    case .yearOnYear: ["yoy", "year on year", "同比"]
    case .periodOnPeriod: ["qoq", "mom", "period on period", "环比"]
    case .improvement: ["biggest improvement", "most improved", "improvement", "进步最大", "提升最大", "进步"]
    case .in: ["in", "for", "during"]
    case .whereKeyword: ["where", "其中"]
    case .level: ["level", "层级"]
    case .basic: ["basic", "基层", "基层法院"]
    case .intermediate: ["intermediate", "中级", "中级法院", "中院"]
    case .high: ["high", "高级", "高院"]
    case .equals: ["=", "is"]
    case .show: ["show", "list", "显示", "查看", "列出"]
    case .metrics: ["metrics", "indicators", "指标"]
    case .courts: ["courts", "法院"]
    case .periods: ["periods", "期间"]
    case .help: ["help", "帮助", "?", "？"]
    case .groups: ["groups", "party groups", "党小组"]
    case .branches: ["branches", "party branches", "党支部"]
    case .score: ["score", "scores", "得分", "评分"]
    case .fiveStar: ["five star", "five-star", "5 star", "五星级", "五星"]
    case .count: ["count", "number", "数量", "个数"]
    case .counter: ["名", "位", "家", "个"]
    case .of: ["of", "的"]
    case .highest: ["highest", "最高"]
    }
  }
}

/// Everything a query can name, for segmenting Chinese and for suggestions.
struct Lexicon {
  /// Folded spelling → meaning.
  enum Entry: Equatable {
    case keyword(Keyword)
    case metric(String)
    case court(String)
    /// A region (`courts.region`): every court in it.
    case region(String)
  }

  var entries: [String: Entry] = [:]
  /// The longest entry, in characters.
  var longest = 1
  /// Spellings by length, as scalar arrays, for suggestions.
  private var byLength: [Int: [(key: String, scalars: [UInt32], entry: Entry)]] = [:]
  /// The first words of names of several words ("clearance" of "clearance rate").
  private var firstWords: [[UInt32]] = []

  init(catalog: MetricCatalog, courts: [(id: String, names: [String])], regions: [String] = []) {
    for keyword in Keyword.allCases {
      for spelling in keyword.spellings { add(spelling, .keyword(keyword)) }
    }
    for metric in catalog.metrics {
      for name in metric.names { add(name, .metric(metric.key)) }
    }
    for region in regions { add(region, .region(region)) }
    // A court's own name wins over a region spelled the same.
    for court in courts {
      for name in court.names + [court.id] { add(name, .court(court.id)) }
    }
    var firsts = Set<String>()
    for (key, entry) in entries {
      let scalars = key.unicodeScalars.map(\.value)
      byLength[scalars.count, default: []].append((key, scalars, entry))
      let words = key.split(separator: " ")
      if words.count > 1 { firsts.insert(String(words[0])) }
    }
    firstWords = firsts.sorted().map { $0.unicodeScalars.map(\.value) }
  }

  /// Whether `word` could be a misspelling of the first word of a name of several words.
  func startsNameOfSeveralWords(_ word: String) -> Bool {
    let scalars = word.unicodeScalars.map(\.value)
    let limit = EditDistance.limit(for: word)
    return firstWords.contains { EditDistance.within(scalars, $0, limit: limit) != nil }
  }

  private mutating func add(_ spelling: String, _ entry: Entry) {
    let folded = TextNormalization.fold(spelling)
    // A metric or court name never hides a keyword of the same spelling.
    if let existing = entries[folded], case .keyword = existing { return }
    entries[folded] = entry
    longest = max(longest, folded.count)
  }

  /// The entry for exactly `text`.
  func lookup(_ text: String) -> Entry? { entries[TextNormalization.fold(text)] }

  /// Spellings close to `text`, for "did you mean".
  func suggestions(for text: String, kinds: (Entry) -> Bool) -> [String] {
    let folded = TextNormalization.fold(text)
    let scalars = folded.unicodeScalars.map(\.value)
    let limit = EditDistance.limit(for: folded)
    var found: [(key: String, distance: Int)] = []
    for length in max(0, scalars.count - limit)...(scalars.count + limit) {
      for candidate in byLength[length] ?? [] where kinds(candidate.entry) {
        if let distance = EditDistance.within(scalars, candidate.scalars, limit: limit) {
          found.append((candidate.key, distance))
        }
      }
    }
    found.sort { ($0.distance, $0.key) < ($1.distance, $1.key) }
    return found.prefix(3).map(\.key)
  }
}
