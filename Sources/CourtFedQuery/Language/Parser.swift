import CourtFedModel

/// Turns tokens into a `Query`. Clauses may come in any order (`top 3 closure rate` and
/// `closure rate top 3` mean the same); every problem found is reported together.
struct Parser {
  let query: String
  let tokens: [Token]
  let lexicon: Lexicon
  let catalog: MetricCatalog
  private var index = 0
  private var problems: [QueryProblem]
  private var result = Query()
  private var sawRankingWord = false

  init(query: String, tokens: [Token], lexicon: Lexicon, catalog: MetricCatalog, problems: [QueryProblem]) {
    self.query = query
    self.tokens = tokens
    self.lexicon = lexicon
    self.catalog = catalog
    self.problems = problems
    result.language = query.unicodeScalars.contains { $0.value >= 0x3400 && $0.value <= 0x9FFF } ? .zh : .en
  }

  private var current: Token? { index < tokens.count ? tokens[index] : nil }
  private mutating func advance() { index += 1 }

  private mutating func problem(
    _ range: Range<Int>, en: String, zh: String, hintEn: String? = nil, hintZh: String? = nil
  ) {
    problems.append(
      QueryProblem(
        range: range, message: LocalizedText(en: en, zh: zh),
        suggestion: hintEn.map { LocalizedText(en: $0, zh: hintZh ?? $0) }))
  }

  private var end: Range<Int> { query.count..<query.count + 1 }

  mutating func parse() throws(QueryError) -> Query {
    if tokens.isEmpty {
      problem(
        0..<max(1, query.count), en: "the query is empty", zh: "查询为空", hintEn: "try: information work top 3",
        hintZh: "例如:信息工作 前三")
    }
    while let token = current {
      advance()
      switch token.kind {
      case .metric(let key):
        if let earlier = result.metricRange {
          problem(
            token.range, en: "a second metric; a query ranks one metric", zh: "出现了第二个指标;一次查询只能针对一个指标",
            hintEn: "the first is '\(text(earlier))'", hintZh: "第一个是“\(text(earlier))”")
        } else {
          result.metric = key
          result.metricRange = token.range
        }
      case .period(let period):
        result.period = period
      case .court(let id):
        result.courts.append(id)
      case .region(let region):
        result.regions.append(region)
      case .number:
        problem(
          token.range, en: "a number on its own", zh: "单独的数字无法理解", hintEn: "write top 3 or bottom 3",
          hintZh: "请写 前三 或 后三名")
      case .unknown(let text):
        unknown(text, token.range)
      case .keyword(let keyword):
        self.keyword(keyword, token)
      }
    }
    check()
    guard problems.isEmpty else { throw QueryError(query: query, problems: problems) }
    return result
  }

  private func text(_ range: Range<Int>) -> String {
    let characters = Array(query)
    return String(characters[range.clamped(to: 0..<characters.count)])
  }

  private mutating func unknown(_ text: String, _ range: Range<Int>) {
    let metricNames = lexicon.suggestions(for: text) { if case .metric = $0 { true } else { false } }
    let courtNames = lexicon.suggestions(for: text) { if case .court = $0 { true } else { false } }
    // Short keywords (=, 名, 个) are near any one character: suggest them for longer text only.
    let words =
      text.count < 3 ? [] : lexicon.suggestions(for: text) { if case .keyword = $0 { true } else { false } }
    let suggestions = Array((metricNames + courtNames + words).prefix(3))
    if suggestions.isEmpty {
      problem(
        range, en: "'\(text)' is not a metric, a court or a word of the query language",
        zh: "“\(text)”不是指标、法院或查询用语", hintEn: "`show metrics` lists the metrics; `help` shows examples",
        hintZh: "“显示指标”可列出全部指标;“帮助”给出示例")
    } else {
      let en = suggestions.map { "'\($0)'" }.joined(separator: " or ")
      let zh = suggestions.map { "“\($0)”" }.joined(separator: "或")
      problem(
        range, en: "'\(text)' is not a metric, a court or a word of the query language",
        zh: "“\(text)”不是指标、法院或查询用语", hintEn: "did you mean \(en)?", hintZh: "您是不是要写\(zh)?")
    }
  }

  /// A number after top / 前, with an optional counter (名, 位, 家).
  private mutating func number(after token: Token) -> Int? {
    guard case .number(let number)? = current?.kind else { return nil }
    advance()
    if case .keyword(.counter)? = current?.kind { advance() }
    guard number >= 1 else {
      problem(token.range, en: "the number must be 1 or more", zh: "名次数必须大于等于1")
      return nil
    }
    return number
  }

  private mutating func keyword(_ keyword: Keyword, _ token: Token) {
    switch keyword {
    case .top, .bottom:
      sawRankingWord = true
      result.fromBottom = keyword == .bottom
      if let number = number(after: token) {
        result.limit = number
      } else {
        problem(
          token.range.upperBound..<token.range.upperBound + 1,
          en: "how many? write a number after '\(text(token.range))'",
          zh: "需要名次数:请在“\(text(token.range))”后写数字", hintEn: "top 3", hintZh: "前三")
      }
    case .rank, .highest:
      sawRankingWord = true
    case .by:
      if case .keyword(.score)? = current?.kind {
        advance()
        if result.kind == .ranking { result.kind = .groups }
      }
    case .versus:
      result.kind = .versusAverage
      averageWord()
    case .average, .mean, .pooled:
      result.kind = .versusAverage
      index -= 1
      averageWord()
    case .above, .below:
      result.kind = .versusAverage
      result.aboveAverage = keyword == .above
      averageWord()
    case .yearOnYear:
      result.kind = .change(.yearOnYear)
    case .periodOnPeriod:
      result.kind = .change(.periodOnPeriod)
    case .improvement:
      if case .change = result.kind {} else { result.kind = .change(.yearOnYear) }
      result.rankByChange = true
    case .in:
      guard case .period? = current?.kind else {
        problem(
          token.range.upperBound..<token.range.upperBound + 1, en: "a period must follow '\(text(token.range))'",
          zh: "“\(text(token.range))”后面应是期间", hintEn: "in 2021, in 2021Q4", hintZh: "2021年、2021年第四季度")
        return
      }
    case .whereKeyword, .level, .equals, .of, .counter:
      return
    case .basic:
      result.level = .basic
    case .intermediate:
      result.level = .intermediate
    case .high:
      result.level = .high
    case .show:
      guard let next = current, case .keyword(let what) = next.kind else {
        problem(
          token.range.upperBound..<token.range.upperBound + 1, en: "show what? metrics, courts or periods",
          zh: "显示什么?指标、法院或期间")
        return
      }
      advance()
      switch what {
      case .metrics: result.kind = .showMetrics
      case .courts: result.kind = .showCourts
      case .periods: result.kind = .showPeriods
      default:
        problem(next.range, en: "show metrics, courts or periods", zh: "可显示:指标、法院、期间")
      }
    case .metrics:
      result.kind = .showMetrics
    case .periods:
      result.kind = .showPeriods
    case .courts:
      if result.metric == nil, index == tokens.count, tokens.count == 1 { result.kind = .showCourts }
    case .help:
      result.kind = .help
    case .groups:
      result.kind = .groups
    case .branches:
      if result.kind != .fiveStarBranches { result.kind = .partyCounts }
    case .fiveStar:
      result.kind = .fiveStarBranches
    case .count:
      if result.kind != .groups { result.kind = .partyCounts }
    case .score:
      if result.kind == .ranking { result.kind = .groups }
    }
  }

  /// average / mean / pooled after vs, or alone.
  private mutating func averageWord() {
    while case .keyword(let word)? = current?.kind, [.average, .mean, .pooled].contains(word) {
      advance()
      switch word {
      case .mean: result.average = .mean
      case .pooled: result.average = .pooled
      default: break
      }
    }
  }

  private mutating func check() {
    switch result.kind {
    case .ranking, .versusAverage, .change:
      guard let key = result.metric else {
        if problems.isEmpty {
          problem(
            0..<max(1, query.count), en: "which metric? the query names none", zh: "查询中没有指标",
            hintEn: "`show metrics` lists them, e.g. closure rate top 3", hintZh: "“显示指标”可列出全部指标,例如:结案率 前三")
        }
        return
      }
      if result.kind == .versusAverage, result.average == .pooled, let metric = catalog.metric(named: key),
        case .measure = metric
      {
        problem(
          result.metricRange ?? 0..<1,
          en:
            "'\(text(result.metricRange ?? 0..<1))' is a reported figure with no numerator and denominator, so it has no pooled average",
          zh: "“\(text(result.metricRange ?? 0..<1))”是基础数据,没有分子分母,无法计算加权平均",
          hintEn: "use 'vs mean' for the plain mean of the courts", hintZh: "请用“对比 各院平均”")
      }
    case .groups, .fiveStarBranches, .partyCounts:
      if let range = result.metricRange {
        problem(range, en: "party queries take no metric", zh: "党组织查询不需要指标")
      }
    case .showMetrics, .showCourts, .showPeriods, .help:
      break
    }
  }
}
