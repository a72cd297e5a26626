import CourtFedModel

/// Turns tokens into clauses: a limit is `top` with its number, a level filter is
/// `where level = basic` as one clause, `in 2021` is the period. Words that only make sense
/// beside another (`top` with no number, `where` with no level) are reported; every problem
/// found is reported together.
struct Parser {
  let query: String
  let tokens: [Token]
  let lexicon: Lexicon
  private var index = 0
  private(set) var problems: [QueryProblem]
  private var found: [Clause] = []
  /// Suggestions are worked out for the first few unknown words only: a long query of
  /// nonsense is refused as fast as a short one.
  private var suggestionsLeft = 4
  /// Where scaffolding before the next clause began (`in` of `in first half of 2021`).
  private var pendingStart: Int?

  init(query: String, tokens: [Token], lexicon: Lexicon, problems: [QueryProblem]) {
    self.query = query
    self.tokens = tokens
    self.lexicon = lexicon
    self.problems = problems
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

  private func text(_ range: Range<Int>) -> String {
    let characters = Array(query)
    return String(characters[range.clamped(to: 0..<characters.count)])
  }

  /// Just past `range`, for "something should follow" problems.
  private func after(_ range: Range<Int>) -> Range<Int> { range.upperBound..<range.upperBound + 1 }

  /// The clauses of the query, and every problem found reading them.
  mutating func clauses() -> [Clause] {
    if tokens.isEmpty, problems.isEmpty {
      problem(
        0..<max(1, query.count), en: "the query is empty", zh: "查询为空", hintEn: "try: information work top 3",
        hintZh: "例如:信息工作 前三")
    }
    while let token = current {
      advance()
      switch token.kind {
      case .metric(let key): add(.metric(key), token.range)
      case .period(let period): self.period(period, token.range)
      case .yearToDate(let ytd): add(.yearToDate(ytd), token.range)
      case .yearless(let yearless): self.yearless(yearless, token.range)
      case .relative(let relative): add(.relative(relative), token.range)
      case .range(let first, let last): add(.range(first, last), token.range)
      case .badPeriod(let reason):
        problems.append(
          QueryProblem(
            range: token.range, message: reason,
            suggestion: LocalizedText(
              en: "e.g. 2021, 2021H1, 2021Q4, 2021-06", zh: "例如:2021年、2021年上半年、2021年第四季度、2021年6月")
          ))
      case .court(let id): add(.court(id), token.range)
      case .region(let region): add(.region(region), token.range)
      case .number:
        problem(
          token.range, en: "a number on its own", zh: "单独的数字无法理解", hintEn: "write top 3 or bottom 3",
          hintZh: "请写 前三 或 后三名")
      case .unknown(let text): unknown(text, token.range)
      case .keyword(let keyword): self.keyword(keyword, token)
      }
    }
    return found
  }

  private mutating func unknown(_ text: String, _ range: Range<Int>) {
    let message = LocalizedText(
      en: "'\(text)' is not a metric, a court or a word of the query language", zh: "“\(text)”不是指标、法院或查询用语")
    var suggestions: [String] = []
    if suggestionsLeft > 0 {
      suggestionsLeft -= 1
      suggestions = lexicon.suggestions(for: text)
    }
    if suggestions.isEmpty {
      problems.append(
        QueryProblem(
          range: range, message: message,
          suggestion: LocalizedText(
            en: "`show metrics` lists the metrics; `help` shows examples", zh: "“显示指标”可列出全部指标;“帮助”给出示例")))
    } else {
      let en = suggestions.map { "'\($0)'" }.joined(separator: " or ")
      let zh = suggestions.map { "“\($0)”" }.joined(separator: "或")
      problems.append(
        QueryProblem(
          range: range, message: message,
          suggestion: LocalizedText(en: "did you mean \(en)?", zh: "您是不是要写\(zh)?")))
    }
  }

  /// A number after top / 前, with an optional counter (名, 位, 家); the clause's end.
  private mutating func number(after token: Token) -> (Int, Int)? {
    guard case .number(let number)? = current?.kind, let numberRange = current?.range else { return nil }
    advance()
    var end = numberRange.upperBound
    if case .keyword(.counter)? = current?.kind, let counter = current?.range {
      end = counter.upperBound
      advance()
    }
    guard number >= 1 else {
      problem(numberRange, en: "the number must be 1 or more", zh: "名次数必须大于等于1")
      return nil
    }
    return (number, end)
  }

  private mutating func add(_ kind: Clause.Kind, _ range: Range<Int>) {
    let start = min(pendingStart ?? range.lowerBound, range.lowerBound)
    pendingStart = nil
    found.append(Clause(kind: kind, range: start..<range.upperBound))
  }

  /// The year written next, after an optional `of` / 的 (`first half of 2021`), consumed; with
  /// where it ends.
  private mutating func yearNext() -> (Int, Int)? {
    var lookahead = index
    if case .keyword(.of)? = tokens[safe: lookahead]?.kind { lookahead += 1 }
    guard case .period(let period)? = tokens[safe: lookahead]?.kind, period.kind == .year else { return nil }
    index = lookahead + 1
    return (period.year, tokens[lookahead].range.upperBound)
  }

  /// At a period without its year followed by its year (`first half of 2020`): the span, and
  /// where it ends; the tokens are consumed only when there is one.
  private mutating func yearlessWithYear(_ yearless: YearlessPeriod) -> (Span, Int)? {
    var lookahead = index + 1
    if case .keyword(.of)? = tokens[safe: lookahead]?.kind { lookahead += 1 }
    guard case .period(let period)? = tokens[safe: lookahead]?.kind, period.kind == .year,
      let span = yearless.span(in: period.year)
    else { return nil }
    index = lookahead + 1
    return (span, tokens[lookahead].range.upperBound)
  }

  /// A period; a year followed by a period without its year is one period (`2021 first half`,
  /// `2021 Jan-Jun`, `2021年 前三季度`).
  private mutating func period(_ period: Period, _ range: Range<Int>) {
    // 2020 to 2021: a range of years.
    if period.kind == .year, case .keyword(.to)? = current?.kind,
      case .period(let last)? = tokens[safe: index + 1]?.kind,
      last.kind == .year
    {
      let end = tokens[index + 1].range.upperBound
      index += 2
      guard period < last else {
        problem(
          range.lowerBound..<end, en: "the first year of a range must come before the last",
          zh: "年份范围的前一年须早于后一年", hintEn: "2020 to 2021", hintZh: "2020年至2021年")
        return
      }
      add(.range(period, last), range.lowerBound..<end)
      return
    }
    if period.kind == .year, case .yearless(let yearless)? = current?.kind, let span = yearless.span(in: period.year) {
      let end = current!.range.upperBound
      advance()
      add(Self.clause(span), range.lowerBound..<end)
      return
    }
    add(.period(period), range)
  }

  /// A period without its year, joined to the year written after it (`first half of 2021`).
  private mutating func yearless(_ yearless: YearlessPeriod, _ range: Range<Int>) {
    if let (year, end) = yearNext(), let span = yearless.span(in: year) {
      add(Self.clause(span), range.lowerBound..<end)
      return
    }
    add(.yearless(yearless), range)
  }

  static func clause(_ span: Span) -> Clause.Kind {
    switch span {
    case .period(let period): .period(period)
    case .yearToDate(let ytd): .yearToDate(ytd)
    }
  }

  private mutating func keyword(_ keyword: Keyword, _ token: Token) {
    let range = token.range
    switch keyword {
    case .top, .bottom:
      guard case .number? = current?.kind else {
        problem(
          after(range), en: "how many? write a number after '\(text(range))'",
          zh: "需要名次数:请在“\(text(range))”后写数字", hintEn: "top 3", hintZh: "前三")
        return
      }
      if let (number, end) = number(after: token) {
        add(.limit(count: number, fromBottom: keyword == .bottom), range.lowerBound..<end)
      }
    case .rank:
      add(.rank, range)
    case .by:
      // by score (groups), by METRIC (a ranking by it).
      switch current?.kind {
      case .keyword(.score)?:
        add(.score, range.lowerBound..<current!.range.upperBound)
        advance()
      case .metric(let key)?:
        add(.metric(key), range.lowerBound..<current!.range.upperBound)
        advance()
      default:
        problem(
          after(range), en: "by what? a metric should follow '\(text(range))'", zh: "“\(text(range))”后面应是指标",
          hintEn: "rank by average days", hintZh: "按平均审理天数 排名")
      }
    case .versus:
      if case .period(let period)? = current?.kind {
        // A year and the months after it are one span (`vs 2020 Jan-Jun`).
        if period.kind == .year, case .yearless(let yearless)? = tokens[safe: index + 1]?.kind,
          let span = yearless.span(in: period.year)
        {
          add(.versus(against: span, average: nil), range.lowerBound..<tokens[index + 1].range.upperBound)
          advance()
        } else {
          add(.versus(against: .period(period), average: nil), range.lowerBound..<current!.range.upperBound)
        }
        advance()
      } else if case .yearToDate(let ytd)? = current?.kind {
        add(.versus(against: .yearToDate(ytd), average: nil), range.lowerBound..<current!.range.upperBound)
        advance()
      } else if case .keyword(.yearToDate)? = current?.kind, case .period(let period)? = tokens[safe: index + 1]?.kind,
        let ytd = YearToDate(year: period.year, month: period.lastMonth)
      {
        // vs ytd 2020Q3.
        add(.versus(against: .yearToDate(ytd), average: nil), range.lowerBound..<tokens[index + 1].range.upperBound)
        advance()
        advance()
      } else if case .yearless(let yearless)? = current?.kind, let (span, end) = yearlessWithYear(yearless) {
        // vs first half of 2020, vs 前三季度 2020年.
        add(.versus(against: span, average: nil), range.lowerBound..<end)
      } else if let (average, end) = averageWord() {
        add(.versus(against: nil, average: average), range.lowerBound..<end)
      } else {
        add(.versus(against: nil, average: nil), range)
      }
    case .average: add(.average(.catalog), range)
    case .mean: add(.average(.mean), range)
    case .pooled: add(.average(.pooled), range)
    case .city: add(.city, range)
    case .total: add(.total, range)
    case .above, .below:
      if let (average, end) = averageWord() {
        add(.above(keyword == .above, average: average), range.lowerBound..<end)
      } else {
        add(.above(keyword == .above, average: nil), range)
      }
    case .yearOnYear: add(.change(.yearOnYear), range)
    case .periodOnPeriod: add(.change(.periodOnPeriod), range)
    case .improvement: add(.improvement, range)
    case .in:
      // in 2021, for 西城: joins what follows.
      switch current?.kind {
      case .period?, .yearless?, .relative?, .yearToDate?, .metric?, .range?:
        // in first half of 2021, in last year, in closure rate: scaffolding of what follows.
        pendingStart = range.lowerBound
      case .court(let id)?:
        add(.court(id), range.lowerBound..<current!.range.upperBound)
        advance()
      case .region(let region)?:
        add(.region(region), range.lowerBound..<current!.range.upperBound)
        advance()
      default:
        problem(
          after(range), en: "a period must follow '\(text(range))'", zh: "“\(text(range))”后面应是期间",
          hintEn: "in 2021, in 2021Q4", hintZh: "2021年、2021年第四季度")
      }
    case .whereKeyword, .level, .equals:
      levelFilter(from: token)
    case .basic: add(.level(.basic), range)
    case .intermediate: add(.level(.intermediate), range)
    case .high: add(.level(.high), range)
    case .show:
      let what: Query.Kind?
      switch current?.kind {
      case .keyword(.metrics)?: what = .showMetrics
      case .keyword(.courts)?: what = .showCourts
      case .keyword(.periods)?: what = .showPeriods
      default: what = nil
      }
      if let what {
        add(.show(what), range.lowerBound..<current!.range.upperBound)
        advance()
      } else {
        problem(after(range), en: "show what? metrics, courts or periods", zh: "显示什么?指标、法院或期间")
      }
    case .metrics: add(.discoveryWord(.showMetrics), range)
    case .periods: add(.discoveryWord(.showPeriods), range)
    case .courts: add(.courtsWord, range)
    case .help: add(.help, range)
    case .groups: add(.groups, range)
    case .branches: add(.branches, range)
    case .score: add(.score, range)
    case .fiveStar: add(.fiveStar, range)
    case .count: add(.count, range)
    case .includingIncomplete: add(.includeIncomplete, range)
    case .of, .which, .and: add(.connector, range)
    case .trend: add(.trend(nil), range)
    case .byYear: add(.trend(.year), range)
    case .byQuarter: add(.trend(.quarter), range)
    case .byMonth: add(.trend(.month), range)
    case .to:
      problem(
        range, en: "'\(text(range))' belongs between two years, as in 2020 to 2021",
        zh: "“\(text(range))”应写在两个年份之间,如 2020 to 2021", hintEn: "2020 to 2021", hintZh: "2020年至2021年")
    case .yearToDate:
      // ytd 2021Q2: January to the period's last month.
      guard case .period(let period)? = current?.kind, let ytd = YearToDate(year: period.year, month: period.lastMonth)
      else {
        problem(
          after(range), en: "year to date up to when? a period should follow '\(text(range))'",
          zh: "累计到何时?“\(text(range))”后面应是期间", hintEn: "ytd 2021Q2", hintZh: "2021年1-6月")
        return
      }
      add(.yearToDate(ytd), range.lowerBound..<current!.range.upperBound)
      advance()
    case .outsideRange: add(.outsideRange, range)
    case .healthCheck: add(.healthCheck, range)
    case .summary: add(.summary, range)
    case .counter:
      problem(
        range, en: "'\(text(range))' belongs after a number, as in 前3名", zh: "“\(text(range))”应跟在数字后,如“前3名”")
    }
  }

  /// The city figure named next (average, 全市, mean, pooled), taken as part of the clause
  /// before it; with where it ends.
  private mutating func averageWord() -> (Query.Average, Int)? {
    guard case .keyword(let word)? = current?.kind, let range = current?.range else { return nil }
    let average: Query.Average
    switch word {
    case .average, .city: average = .catalog
    case .mean: average = .mean
    case .pooled: average = .pooled
    default: return nil
    }
    advance()
    return (average, range.upperBound)
  }

  /// `where level = basic`, `level = basic`, `where basic`: one clause, or a problem saying
  /// what is missing.
  private mutating func levelFilter(from token: Token) {
    let start = token.range.lowerBound
    var end = token.range.upperBound
    while case .keyword(let word)? = current?.kind, [.whereKeyword, .level, .equals].contains(word) {
      end = current!.range.upperBound
      advance()
    }
    let level: CourtLevel? =
      switch current?.kind {
      case .keyword(.basic)?: .basic
      case .keyword(.intermediate)?: .intermediate
      case .keyword(.high)?: .high
      default: nil
      }
    guard let level else {
      problem(
        start..<end + 1, en: "which level? write where level = basic, intermediate or high",
        zh: "哪一层级?请写 基层、中级 或 高级", hintEn: "where level = basic", hintZh: "基层法院")
      return
    }
    add(.level(level), start..<current!.range.upperBound)
    advance()
  }
}
