/// The words of the query language in both languages, each mapped to what it means.
package enum Keyword: String, Sendable, CaseIterable, Equatable {
  case top, bottom, by, rank, versus, average, city, total, mean, pooled, above, below, yearOnYear, periodOnPeriod
  case improvement, `in`, whereKeyword, level, basic, intermediate, high, equals
  case show, metrics, courts, periods, help, groups, branches, score, fiveStar, count, counter, of
  case includingIncomplete, which, yearToDate, trend, byYear, byQuarter, byMonth, to, and
  case outsideRange, healthCheck, summary

  /// The spellings, English first then Chinese. Multi-word English spellings are matched
  /// word by word.
  package var spellings: [String] {
    switch self {
    case .top: ["top", "best", "前", "排名前", "最好"]
    case .bottom: ["bottom", "worst", "后", "倒数", "最差", "排名后"]
    case .by: ["by", "按", "按照"]
    case .rank: ["rank", "ranking", "排名", "排序", "排行"]
    case .versus: ["vs", "versus", "compared to", "compare to", "对比", "比较", "相比", "对照"]
    case .average: ["average", "city average", "全市平均", "全市法院平均", "平均", "平均值"]
    case .city: ["city", "全市"]
    case .total: ["total", "city total", "合计", "全市合计", "总计"]
    case .mean: ["mean", "plain mean", "各院平均", "简单平均"]
    case .pooled: ["pooled", "overall", "整体", "加权平均", "全市整体"]
    case .above: ["above", "高于"]
    case .below: ["below", "低于"]
    case .yearOnYear: ["yoy", "year on year", "同比"]
    case .periodOnPeriod: ["qoq", "mom", "period on period", "环比"]
    case .improvement: ["biggest improvement", "most improved", "improvement", "进步最大", "提升最大", "进步"]
    case .in: ["in", "for", "during", "from"]
    case .whereKeyword: ["where", "其中"]
    case .level: ["level", "层级"]
    case .basic: ["basic", "基层", "基层法院"]
    case .intermediate: ["intermediate", "中级", "中级法院", "中院"]
    case .high: ["high", "高级", "高院", "高级法院"]
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
    case .of: ["of", "的", "are"]
    case .which: ["which", "哪些", "哪家", "哪几家", "哪个"]
    case .yearToDate: ["ytd", "year to date", "累计"]
    case .trend: ["trend", "trends", "over time", "趋势", "走势", "变化趋势"]
    case .byYear: ["by year", "each year", "per year", "yearly", "year by year", "历年", "逐年", "各年", "各年度", "历年来"]
    case .byQuarter: ["by quarter", "each quarter", "per quarter", "quarterly", "各季度", "分季度", "逐季度", "每季度"]
    case .byMonth: ["by month", "each month", "per month", "monthly", "各月", "分月", "逐月", "每月", "各月份"]
    case .to: ["to", "through", "until"]
    case .outsideRange: ["outside range", "outside the range", "out of range", "不达标", "未达标", "区间外"]
    case .healthCheck: ["health check", "health-check", "healthcheck", "体检表", "体检"]
    case .summary: ["summary", "overview", "汇总", "总表"]
    case .and: ["and", "和", "与", "以及", "及"]
    case .includingIncomplete:
      ["including incomplete", "include incomplete", "with incomplete", "含不完整", "包括不完整", "包含不完整"]
    }
  }
}
