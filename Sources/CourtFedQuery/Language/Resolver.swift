import CourtFedModel

/// Turns clauses into a `Query`. Every clause is used, or the query is refused with a caret
/// under the clause that cannot be used and what to write instead: a query never loses a
/// clause silently (`Specs/query-language.md`, "Every clause counts").
struct Resolver {
  let query: String
  let clauses: [Clause]
  let catalog: MetricCatalog
  private(set) var problems: [QueryProblem] = []
  private var result = Query()

  /// Whether reading the clauses already found problems: a missing metric is then not
  /// reported again (the unknown word was most likely meant as the metric).
  let hadProblems: Bool

  init(query: String, clauses: [Clause], catalog: MetricCatalog, hadProblems: Bool = false) {
    self.query = query
    self.clauses = clauses
    self.catalog = catalog
    self.hadProblems = hadProblems
    result.language = Language.of(query)
  }

  private func text(_ range: Range<Int>) -> String {
    let characters = Array(query)
    return String(characters[range.clamped(to: 0..<characters.count)])
  }

  private mutating func refuse(_ clause: Clause, en: String, zh: String, hintEn: String? = nil, hintZh: String? = nil) {
    problems.append(
      QueryProblem(
        range: clause.range, message: LocalizedText(en: en, zh: zh),
        suggestion: hintEn.map { LocalizedText(en: $0, zh: hintZh ?? $0) }))
  }

  /// What to write instead of comparing spans of different lengths: the same months in the
  /// other span's year (`vs 2020 Jan–Jun` for `2021 Jan–Jun vs 2020 Jan–Sep`).
  private func sameLengthHint(_ current: Span, _ other: Span, english: Bool) -> String? {
    let same: Span?
    switch current {
    case .period(let period):
      same = Period(year: other.year, kind: period.kind, index: period.index).map(Span.period)
    case .yearToDate(let ytd): same = YearToDate(year: other.year, month: ytd.month).map(Span.yearToDate)
    }
    guard let same else { return nil }
    return english ? "\(current) vs \(same)" : "\(current.chineseDescription) 对比 \(same.chineseDescription)"
  }

  /// Refuses a clause said a second time.
  private mutating func refuseRepeat(_ clause: Clause, first: Clause) {
    refuse(
      clause, en: "'\(text(clause.range))' repeats or contradicts '\(text(first.range))'",
      zh: "“\(text(clause.range))”与前面的“\(text(first.range))”重复或矛盾", hintEn: "keep one of them", hintZh: "请只保留一个")
  }

  mutating func resolve() -> Query {
    if clauses.contains(where: Self.isDiscovery) {
      discovery()
    } else if clauses.contains(where: Self.isParty) {
      party()
    } else if clauses.contains(where: { $0.kind == .healthCheck }) {
      health()
    } else {
      metricQuery()
    }
    return result
  }

  // MARK: Discovery

  static func isDiscovery(_ clause: Clause) -> Bool {
    switch clause.kind {
    case .show, .help, .discoveryWord: true
    case .courtsWord: false
    default: false
    }
  }

  private mutating func discovery() {
    guard let first = clauses.first(where: Self.isDiscovery) else { return }
    switch first.kind {
    case .show(let kind), .discoveryWord(let kind): result.kind = kind
    default: result.kind = .help
    }
    for clause in clauses where clause != first {
      refuse(
        clause, en: "'\(text(first.range))' is a question of its own; it takes no other words",
        zh: "“\(text(first.range))”单独使用,不能与其他词语同用", hintEn: "ask '\(text(first.range))' alone",
        hintZh: "请单独输入“\(text(first.range))”")
    }
  }

  // MARK: Party

  static func isParty(_ clause: Clause) -> Bool {
    switch clause.kind {
    case .groups, .score, .fiveStar, .branches, .count: true
    default: false
    }
  }

  private mutating func party() {
    // The kind: five-star branches, groups (by score), or counts.
    let kinds = clauses.compactMap { clause -> (Query.Kind, Clause)? in
      switch clause.kind {
      case .fiveStar: (.fiveStarBranches, clause)
      case .groups, .score: (.groups, clause)
      case .count: (.partyCounts, clause)
      default: nil
      }
    }
    let kind: Query.Kind = kinds.first?.0 ?? .partyCounts
    result.kind = kind
    for (other, clause) in kinds where other != kind {
      refuse(
        clause, en: "'\(text(clause.range))' asks for something else than '\(text(kinds[0].1.range))'",
        zh: "“\(text(clause.range))”与“\(text(kinds[0].1.range))”所问不同", hintEn: "ask one at a time", hintZh: "请分开查询")
    }
    var seen: [String: Clause] = [:]
    for clause in clauses {
      switch clause.kind {
      case .groups, .score, .fiveStar, .count, .rank, .connector, .courtsWord:
        break
      case .branches:
        // 党支部 is the noun of five-star branches and of branch counts; with groups it is
        // a second question.
        if kind == .groups {
          refuse(
            clause, en: "groups and branches are two questions", zh: "党小组与党支部是两个问题", hintEn: "ask one at a time",
            hintZh: "请分开查询")
        }
      case .court(let id): result.courts.append(id)
      case .region(let region): result.regions.append(region)
      case .level(let level):
        if let first = seen["level"] { refuseRepeat(clause, first: first) } else { seen["level"] = clause }
        result.level = level
      case .includeIncomplete where kind == .groups:
        result.includeIncomplete = true
      case .period(let period):
        if let first = seen["period"] {
          refuseRepeat(clause, first: first)
          continue
        }
        seen["period"] = clause
        switch kind {
        case .groups where period.kind != .quarter:
          refuse(
            clause, en: "group scores are given per quarter; '\(text(clause.range))' is not a quarter",
            zh: "党小组按季度评分;“\(text(clause.range))”不是季度", hintEn: "e.g. 2021Q3", hintZh: "例如:2021年第三季度")
        case .fiveStarBranches where period.kind != .year:
          refuse(
            clause, en: "branches are rated once a year; '\(text(clause.range))' is not a year",
            zh: "党支部星级每年评定一次;“\(text(clause.range))”不是年度", hintEn: "e.g. 2021", hintZh: "例如:2021年")
        case .partyCounts:
          refuse(
            clause, en: "branch and group counts are as of each court's latest bundle; they have no period",
            zh: "党支部、党小组数量以各院最新数据包为准,不分期间", hintEn: "leave the period out", hintZh: "请去掉期间")
        default:
          result.period = period
          result.periodRange = clause.range
        }
      case .yearToDate, .yearless, .relative:
        refuse(
          clause, en: "party questions take a calendar period written in full",
          zh: "党组织查询请写明具体期间", hintEn: "e.g. 2021Q3 or 2021", hintZh: "例如:2021年第三季度、2021年")
      case .limit(let count, let fromBottom) where kind == .groups:
        if let first = seen["limit"] {
          refuseRepeat(clause, first: first)
        } else {
          seen["limit"] = clause
          result.limit = count
          result.fromBottom = fromBottom
        }
      case .limit:
        refuse(
          clause, en: "'\(text(clause.range))' ranks, but this is a list, not a ranking",
          zh: "“\(text(clause.range))”用于排名,此查询是列表而非排名", hintEn: "leave it out", hintZh: "请去掉")
      default:
        refuse(
          clause, en: "'\(text(clause.range))' does not apply to a party question",
          zh: "“\(text(clause.range))”不适用于党组织查询", hintEn: "party questions take a period, a level or courts",
          hintZh: "党组织查询只能加期间、层级或法院")
      }
    }
  }

  // MARK: Metric queries

  private mutating func metricQuery() {
    var seen: [String: Clause] = [:]
    /// Records the first clause of a kind; refuses a second one.
    func first(_ key: String, _ clause: Clause, _ resolver: inout Resolver) -> Bool {
      if let earlier = seen[key] {
        resolver.refuseRepeat(clause, first: earlier)
        return false
      }
      seen[key] = clause
      return true
    }
    var periods: [Clause] = []
    var against: (Span, Clause)?
    var versus: Clause?
    var average: (Query.Average, Clause)?
    var city: Clause?
    var total: Clause?
    var above: Clause?
    var change: (Query.ChangeKind, Clause)?
    var improvement: Clause?
    var trend: Clause?
    var trendKind: PeriodKind?
    var outside: Clause?
    var metricClauses: [Clause] = []
    var rankWord: Clause?
    for clause in clauses {
      switch clause.kind {
      case .metric(let key):
        if let earlier = metricClauses.first(where: { $0.kind == .metric(key) }) {
          refuseRepeat(clause, first: earlier)
          continue
        }
        metricClauses.append(clause)
        result.metrics.append(key)
        if seen["metric"] == nil {
          seen["metric"] = clause
          result.metric = key
          result.metricRange = clause.range
        }
      case .period, .yearToDate, .yearless, .relative, .range: periods.append(clause)
      case .trend(let kind):
        if let kind, let earlierKind = trendKind, kind != earlierKind, let earlier = trend {
          refuseRepeat(clause, first: earlier)
        } else {
          if trend == nil { trend = clause }
          if let kind { trendKind = kind }
        }
      case .limit(let count, let fromBottom):
        if first("limit", clause, &self) {
          result.limit = count
          result.fromBottom = fromBottom
        }
      case .rank:
        rankWord = rankWord ?? clause
      case .connector, .courtsWord: break
      case .versus(let period, let named):
        if let named {
          if let (earlierKind, earlier) = average, earlierKind != named {
            refuseRepeat(clause, first: earlier)
          } else {
            average = (named, clause)
          }
        }
        if let period {
          if let (_, earlier) = against {
            refuseRepeat(clause, first: earlier)
          } else {
            against = (period, clause)
          }
        } else if first("versus", clause, &self) {
          versus = clause
        }
      case .average(let kind):
        if let (earlierKind, earlier) = average, earlierKind != kind {
          refuseRepeat(clause, first: earlier)
        } else {
          average = (kind, clause)
        }
      case .city: city = clause
      case .total: total = clause
      case .above(let isAbove, let named):
        if first("above", clause, &self) {
          above = clause
          result.aboveAverage = isAbove
        }
        if let named {
          if let (earlierKind, earlier) = average, earlierKind != named {
            refuseRepeat(clause, first: earlier)
          } else {
            average = (named, clause)
          }
        }
      case .change(let kind):
        if first("change", clause, &self) { change = (kind, clause) }
      case .improvement:
        if first("improvement", clause, &self) { improvement = clause }
      case .level(let level):
        if first("level", clause, &self) { result.level = level }
      case .court(let id): result.courts.append(id)
      case .region(let region): result.regions.append(region)
      case .includeIncomplete:
        if first("incomplete", clause, &self) { result.includeIncomplete = true }
      case .outsideRange:
        if first("outside", clause, &self) { outside = clause }
      case .summary:
        refuse(
          clause, en: "'\(text(clause.range))' goes with a health check", zh: "“\(text(clause.range))”用于体检表",
          hintEn: "health check summary", hintZh: "体检 汇总")
      case .groups, .score, .fiveStar, .branches, .count, .show, .help, .discoveryWord, .healthCheck:
        break  // handled by the other kinds
      }
    }
    guard let key = result.metric, let metric = catalog.metric(named: key) else {
      if problems.isEmpty, !hadProblems {
        problems.append(
          QueryProblem(
            range: 0..<max(1, query.count),
            message: LocalizedText(en: "which metric? the query names none", zh: "查询中没有指标"),
            suggestion: LocalizedText(
              en: "`show metrics` lists them, e.g. closure rate top 3", zh: "“显示指标”可列出全部指标,例如:结案率 前三")))
      }
      return
    }
    let metricName = text(result.metricRange ?? 0..<1)
    let addsUp = metric.cityFigure == .sum

    // Periods: one, or one and the period after `vs` to compare it with.
    if let period = periods.first {
      switch period.kind {
      case .period(let value): result.period = value
      case .yearToDate(let ytd): result.yearToDate = ytd
      case .yearless(let yearless): result.yearless = yearless
      case .relative(let relative): result.relative = relative
      case .range(let first, let last): result.years = first.year...last.year
      default: break
      }
      result.periodRange = period.range
      for extra in periods.dropFirst() {
        refuse(
          extra, en: "a second period; to compare two periods write '\(text(period.range)) vs \(text(extra.range))'",
          zh: "出现了第二个期间;比较两个期间请写“\(text(period.range)) 对比 \(text(extra.range))”")
      }
    }

    // The kind, from the comparison words.
    let comparing = versus ?? average?.1 ?? above
    let changing = change?.1 ?? improvement ?? against?.1
    var refusedLength = false
    if let (period, clause) = against {
      if let (kind, other) = change, kind != .against(period) {
        refuse(
          other, en: "'\(text(other.range))' compares with another period than the one named after vs",
          zh: "“\(text(other.range))”与“对比”后所写的期间不一致", hintEn: "keep one of them", hintZh: "请只保留一个")
      }
      change = (.against(period), clause)
      // The same months on both sides: a quarter with a quarter, 1-6月 with 1-6月 (the
      // engine checks again once a year-less or relative period has its year).
      let current = result.period.map(Span.period) ?? result.yearToDate.map(Span.yearToDate)
      if let current, !current.sameLength(as: period) {
        refusedLength = true
        refuse(
          clause, en: "compare periods of the same length: \(current) and \(period) are not",
          zh: "只能比较同类期间:\(current.chineseDescription)与\(period.chineseDescription)长度不同",
          hintEn: sameLengthHint(current, period, english: true),
          hintZh: sameLengthHint(current, period, english: false))
      }
    }
    var isYearToDate = result.yearToDate != nil
    if case .yearToDate? = result.yearless { isYearToDate = true }
    var againstYearToDate = false
    // Against another year to date, or a calendar period from January (2020年上半年 for
    // 1-6月); whether the months match is checked above, or by the engine once a year-less
    // period has its year.
    if let (kind, _) = change, case .against(let span) = kind {
      switch span {
      case .yearToDate: againstYearToDate = true
      case .period(let period): againstYearToDate = period.firstMonth == 1
      }
    }
    if isYearToDate, let (kind, clause) = change, kind != .yearOnYear, !againstYearToDate, !refusedLength {
      refuse(
        clause, en: "a year to date is compared with the same months of a year earlier or of another year only",
        zh: "累计数只与上年或其他年份的同期累计数比较", hintEn: "write yoy, or vs 2020 Jan-Jun",
        hintZh: "请用“同比”,或“对比 2020年1-6月”")
    }
    if metricClauses.count > 1 {
      result.kind = .severalMetrics
      result.ranksFirstMetric = seen["limit"] != nil || rankWord != nil
      let others = [comparing, changing, total, city, trend, improvement].compactMap { $0 }
      for clause in others {
        refuse(
          clause,
          en: "'\(text(clause.range))' applies to one metric; several metrics are shown side by side",
          zh: "“\(text(clause.range))”只适用于单个指标;多个指标并列显示", hintEn: "ask one metric at a time",
          hintZh: "请逐个指标查询")
      }
      if result.years != nil, let period = periods.first {
        refuse(
          period, en: "several metrics are shown for one period", zh: "多个指标只能针对一个期间",
          hintEn: "e.g. 2021", hintZh: "例如:2021年")
      }
    } else if trend != nil || result.years != nil {
      resolveTrend(
        trend: trend ?? periods.first!, kind: trendKind ?? .year,
        others: [comparing, changing, total, city, seen["limit"]].compactMap { $0 }, periods: periods)
    } else if let outside {
      result.kind = .outsideRange
      for clause in [comparing, total, city, changing].compactMap({ $0 }) {
        refuse(
          clause,
          en:
            "'\(text(outside.range))' judges against the reference range; '\(text(clause.range))' compares with something else",
          zh: "“\(text(outside.range))”是与区间参考值比较,“\(text(clause.range))”是另一种比较,不能同时使用", hintEn: "ask one at a time",
          hintZh: "请分开查询")
      }
      let ranged = catalog.indicators.filter { $0.rangeShape != nil }
      if case .indicator(let indicator) = metric, indicator.rangeShape != nil {
      } else {
        refuse(
          Clause(kind: .metric(key), range: result.metricRange ?? outside.range),
          en: "'\(metricName)' is not judged against a reference range",
          zh: "“\(metricName)”不按区间参考值评判",
          hintEn: "indicators with ranges: " + ranged.map(\.nameEn).joined(separator: ", "),
          hintZh: "设有区间的指标:" + ranged.map(\.nameZh).joined(separator: "、"))
      }
    } else if let changing {
      result.kind = .change(change?.0 ?? .yearOnYear)
      result.rankByChange = improvement != nil
      for clause in [comparing, total, city].compactMap({ $0 }) where clause != against?.1 {
        refuse(
          clause,
          en: "'\(text(clause.range))' compares with the city; '\(text(changing.range))' with an earlier period",
          zh: "“\(text(clause.range))”是与全市比较,“\(text(changing.range))”是与往期比较,不能同时使用", hintEn: "ask one at a time",
          hintZh: "请分开查询")
      }
    } else if let total = total ?? (comparing == nil && addsUp ? city : nil) {
      result.kind = .cityTotal
      if !addsUp {
        refuse(
          total, en: "'\(metricName)' does not add up over courts, so the city has no total of it",
          zh: "“\(metricName)”不能在各院之间相加,没有全市合计", hintEn: "ask '\(metricName) vs city' for the city's figure",
          hintZh: "全市数请用“\(metricName) 对比 全市”")
      }
      for clause in [comparing, seen["limit"]].compactMap({ $0 }) {
        refuse(
          clause, en: "'\(text(clause.range))' does not apply to a city total", zh: "“\(text(clause.range))”不适用于全市合计",
          hintEn: "leave it out", hintZh: "请去掉")
      }
      if result.namesCourts, let named = clauses.first(where: { Self.isCourtOrRegion($0) }) {
        refuse(
          named, en: "a city total covers every court; '\(text(named.range))' would be only part of it",
          zh: "全市合计包括所有法院,不能只取“\(text(named.range))”", hintEn: "ask '\(metricName) \(text(named.range))' instead",
          hintZh: "请改问“\(text(named.range)) \(metricName)”")
      }
    } else if comparing != nil || city != nil {
      result.kind = .versusAverage
      result.average = average?.0 ?? .catalog
      if result.average == .pooled, !metric.isRatio {
        let clause = average?.1 ?? versus!
        refuse(
          clause,
          en: "'\(metricName)' has no numerator and denominator, so it has no pooled figure",
          zh: "“\(metricName)”没有分子分母,无法计算加权平均", hintEn: "use 'vs mean' for the plain mean of the courts",
          hintZh: "请用“对比 各院平均”")
      }
    } else {
      result.kind = .ranking
    }
  }

  /// A trend: each court's figure over years, or the quarters or months of a year or range.
  private mutating func resolveTrend(trend: Clause, kind: PeriodKind, others: [Clause], periods: [Clause]) {
    result.kind = .trend
    result.trendKind = kind
    for clause in others {
      refuse(
        clause, en: "'\(text(clause.range))' does not apply to a trend, which shows each court's figure over time",
        zh: "“\(text(clause.range))”不适用于趋势查询(趋势列出各院各期数值)", hintEn: "ask it separately",
        hintZh: "请分开查询")
    }
    guard let period = periods.first else { return }
    switch period.kind {
    case .period(let value) where value.kind > kind:
      break
    case .range:
      break
    default:
      let (en, zh) =
        kind == .year
        ? ("write a range of years, as in 2019-2023", "请写年份范围,如 2019-2023")
        : ("write a year, as in 2021 by quarter", "请写年份,如 2021年 各季度")
      refuse(
        period, en: "a trend by \(kind.name(in: .en)) cannot be taken over '\(text(period.range))'",
        zh: "“\(text(period.range))”不能按\(kind.name(in: .zh))列出趋势", hintEn: en, hintZh: zh)
    }
  }

  // MARK: Health checks

  /// `西城法院 体检表 2021年` (one court) or `体检 汇总` (every court): a period, a level, the
  /// court (or, for a summary, the courts and regions shown) and 含不完整; nothing else.
  private mutating func health() {
    var seen: [String: Clause] = [:]
    var named: [Clause] = []
    var summary: Clause?
    for clause in clauses {
      switch clause.kind {
      case .healthCheck: _ = firstOf("health", clause, in: &seen)
      case .summary: if firstOf("summary", clause, in: &seen) { summary = clause }
      case .rank, .connector, .courtsWord: break
      case .court(let id):
        named.append(clause)
        result.courts.append(id)
      case .region(let region):
        named.append(clause)
        result.regions.append(region)
      case .level(let level): if firstOf("level", clause, in: &seen) { result.level = level }
      case .includeIncomplete: if firstOf("incomplete", clause, in: &seen) { result.includeIncomplete = true }
      case .period(let period):
        if firstOf("period", clause, in: &seen) {
          result.period = period
          result.periodRange = clause.range
        }
      case .metric:
        refuse(
          clause, en: "a health check covers every indicator of the system; '\(text(clause.range))' is one of them",
          zh: "体检表包括指标体系的全部指标,不能只取“\(text(clause.range))”",
          hintEn: "for one indicator ask '\(text(clause.range)) outside range'",
          hintZh: "单项指标请问“\(text(clause.range)) 不达标”")
      default:
        refuse(
          clause, en: "'\(text(clause.range))' does not apply to a health check", zh: "“\(text(clause.range))”不适用于体检表",
          hintEn: "a health check takes a court, a period, a level or summary", hintZh: "体检表只能加法院、期间、层级或“汇总”")
      }
    }
    if summary != nil || named.isEmpty {
      result.kind = .healthSummary
      return
    }
    result.kind = .healthCheck
    for clause in named.dropFirst() {
      refuse(
        clause, en: "a health check is one court's; '\(text(clause.range))' is a second",
        zh: "体检表针对一家法院;“\(text(clause.range))”是第二家",
        hintEn: "for several courts ask 'health check summary'", hintZh: "多家法院请问“体检 汇总”")
    }
    if let first = named.first, case .region = first.kind {
      refuse(
        first, en: "a health check is one court's; '\(text(first.range))' is a region",
        zh: "体检表针对一家法院;“\(text(first.range))”是地区",
        hintEn: "name the court, or ask 'health check summary \(text(first.range))'",
        hintZh: "请写法院名称,或问“体检 汇总 \(text(first.range))”")
    }
  }

  /// Records the first clause of a kind; refuses a second one.
  private mutating func firstOf(_ key: String, _ clause: Clause, in seen: inout [String: Clause]) -> Bool {
    if let earlier = seen[key] {
      refuseRepeat(clause, first: earlier)
      return false
    }
    seen[key] = clause
    return true
  }

  static func isCourtOrRegion(_ clause: Clause) -> Bool {
    switch clause.kind {
    case .court, .region: true
    default: false
    }
  }
}
