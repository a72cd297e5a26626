import ArgumentParser
import CourtFedModel
import CourtFedReport

/// `courtfed catalog`: the measures courts report and the indicators derived from them.
struct CatalogCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "catalog",
    abstract: "List the metric catalog: measures courts report, indicators derived from them, rules.",
    discussion: """
      Measures are what a court writes in measures.csv (by key or Chinese name). Indicators \
      are computed from them after aggregation and cannot be reported directly. \
      --markdown prints the catalog's reference page (Specs/metric-catalog.md is this output).
      """)

  @Flag(help: "Print the reference page in Markdown.")
  var markdown = false

  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }

  func run(in context: CommandContext) throws {
    let console = context.console
    let catalog = MetricCatalog.standard
    if markdown {
      console.writeOut(CatalogPage.markdown(catalog))
      return
    }
    let language = languageOption.language ?? .en
    var measures = TerminalTable(
      headers: language == .zh
        ? ["键", "名称", "单位", "时间汇总", "全市数", "方向"]
        : ["key", "name", "unit", "over time", "city figure", "better"])
    for measure in catalog.measures {
      measures.rows.append([
        measure.key, measure.name(in: language == .zh ? .zh : .en) + (language == .zh ? "" : " (\(measure.nameZh))"),
        measure.unit.name(in: language), CatalogPage.name(of: measure.aggregation, in: language),
        CatalogPage.name(of: measure.cityFigure, in: language), CatalogPage.name(of: measure.direction, in: language),
      ])
    }
    var indicators = TerminalTable(
      headers: language == .zh
        ? ["键", "名称", "计算公式", "全市数", "方向"] : ["key", "name", "formula", "city figure", "better"])
    for indicator in catalog.indicators {
      indicators.rows.append([
        indicator.key,
        indicator.name(in: language) + (language == .zh ? "" : " (\(indicator.nameZh))"),
        CatalogPage.formula(indicator, names: language == .zh ? catalog.chineseNames : nil),
        CatalogPage.name(of: indicator.cityFigure, in: language),
        CatalogPage.name(of: indicator.direction, in: language),
      ])
    }
    var rules = TerminalTable(
      headers: language == .zh ? ["规则", "检查", "级别", "说明"] : ["rule", "check", "severity", "message"])
    for rule in catalog.rules {
      rules.rows.append([
        rule.id, CatalogPage.check(rule, names: language == .zh ? catalog.chineseNames : nil),
        language == .zh ? (rule.severity == .error ? "错误" : "警告") : rule.severity.rawValue,
        rule.message.text(in: language),
      ])
    }
    console.line(console.styled(language == .zh ? "基础指标(由法院填报)" : "Measures (reported by courts)", .bold))
    console.line(measures.render())
    console.line()
    console.line(console.styled(language == .zh ? "计算指标(由基础指标计算)" : "Indicators (computed from measures)", .bold))
    console.line(indicators.render())
    console.line()
    console.line(console.styled(language == .zh ? "校验规则(每个期间)" : "Validation rules (each period)", .bold))
    console.line(rules.render())
    console.line()
    console.line(console.styled(language == .zh ? "说明" : "Descriptions", .bold))
    for metric in catalog.metrics {
      switch metric {
      case .measure(let m):
        console.line("  \(m.key) \(m.name(in: language)): \(language == .zh ? m.descriptionZh : m.descriptionEn)")
      case .indicator(let i):
        console.line("  \(i.key) \(i.name(in: language)): \(language == .zh ? i.descriptionZh : i.descriptionEn)")
      }
    }
    console.line()
    console.line(language == .zh ? "指标目录版本 \(catalog.version)" : "catalog version \(catalog.version)")
  }
}

/// The catalog's reference page, generated from the catalog itself.
enum CatalogPage {
  /// `cases_closed / (cases_carried_over + cases_new) × 100`, or with `names` (key → name)
  /// `结案数 / (旧存案件 + 新收案件) × 100`.
  static func formula(_ indicator: Indicator, names: [String: String]? = nil) -> String {
    let numerator = terms(indicator.numerator, names: names)
    guard let denominator = indicator.denominator else { return numerator }
    let parenthesized = { (terms: [Term], text: String) in terms.count > 1 ? "(\(text))" : text }
    let scale = indicator.scale == 1 ? "" : " × \(MeasureValue.format(indicator.scale))"
    return
      "\(parenthesized(indicator.numerator, numerator)) / \(parenthesized(denominator, terms(denominator, names: names)))\(scale)"
  }

  /// `cases_carried_over + cases_new − cases_closed`, or with Chinese names.
  static func terms(_ terms: [Term], names: [String: String]?) -> String {
    var text = ""
    for (index, term) in terms.enumerated() {
      if index > 0 { text += term.sign < 0 ? " − " : " + " } else if term.sign < 0 { text += "−" }
      text += names?[term.measure] ?? term.measure
    }
    return text
  }

  /// A rule as arithmetic: `cases_closed ≤ cases_carried_over + cases_new`.
  static func check(_ rule: ValidationRule, names: [String: String]? = nil) -> String {
    "\(terms(rule.left, names: names)) \(rule.relation.symbol) \(terms(rule.right, names: names))"
  }

  /// A trait's name in `language`: `sum` / 求和.
  static func name(of aggregation: TemporalAggregation, in language: Language) -> String {
    guard language == .zh else { return aggregation.rawValue }
    switch aggregation {
    case .sum: return "求和"
    case .opening: return "取期初"
    case .closing: return "取期末"
    case .mean: return "平均"
    }
  }

  static func name(of figure: CityFigure, in language: Language) -> String {
    guard language == .zh else { return figure.rawValue }
    switch figure {
    case .pooled: return "合并计算"
    case .sum: return "加总"
    case .mean: return "各院平均"
    case .weightedMean: return "加权平均"
    }
  }

  static func name(of direction: Direction, in language: Language) -> String {
    guard language == .zh else { return direction.rawValue }
    switch direction {
    case .higher: return "越高越好"
    case .lower: return "越低越好"
    case .neutral: return "不分高低"
    }
  }

  static func markdown(_ catalog: MetricCatalog) -> String {
    func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\|") }
    var lines: [String] = [
      "# Metric catalog (指标目录)",
      "",
      "<!-- Generated by `courtfed catalog --markdown` from Specs/metric-catalog.json; do not edit by hand. A test checks the two agree. -->",
      "",
      "Catalog version: `\(catalog.version)`. The catalog is data: `Specs/metric-catalog.json` is embedded in the binary at build time.",
      "",
      "- **Measures** are the figures a court reports in `measures.csv`, by key, Chinese name or alias.",
      "- **Indicators** are computed from measures *after* aggregation (over courts and over time): a city rate is Σ numerator / Σ denominator, never a mean of rates, unless the query asks for the plain mean.",
      "- **Over time** says how a measure adds up from months or quarters to longer periods: `sum` for flows (cases closed), `opening` for stocks at the start of the period (cases carried over, the backlog baseline), `closing` for stocks at the end (cases pending, members), `mean` for averages of a survey score.",
      "- **City figure**: `pooled` Σnum/Σden; `sum`; `mean` the plain mean of courts' values (各院平均); `weighted_mean` weighted by another measure.",
      "- **Better**: which way ranks first. `neutral` ranks the raw order, highest first.",
      "",
      "## Measures (基础指标)",
      "",
      "| key | 名称 | English | aliases | kind | unit | over time | shortest period | city figure | better | range |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in catalog.measures {
      let aliases = (m.aliasesEn + m.aliasesZh).joined(separator: ", ")
      let range = "\(MeasureValue.format(m.minimum))–\(m.maximum.map(MeasureValue.format) ?? "")"
      let city = m.weight.map { "\(m.cityFigure.rawValue) by `\($0)`" } ?? m.cityFigure.rawValue
      lines.append(
        "| `\(m.key)` | \(m.nameZh) | \(m.nameEn) | \(cell(aliases)) | \(m.kind.rawValue) | \(m.unit.name(in: .en)) / \(m.unit.name(in: .zh)) | \(m.aggregation.rawValue) | \(m.periodicity.rawValue) | \(city) | \(m.direction.rawValue) | \(range) |"
      )
    }
    lines += [
      "", "## Indicators (计算指标)", "",
      "| key | 名称 | English | aliases | formula | unit | decimals | city figure | better |",
      "|---|---|---|---|---|---|---|---|---|",
    ]
    for i in catalog.indicators {
      let aliases = (i.aliasesEn + i.aliasesZh).joined(separator: ", ")
      lines.append(
        "| `\(i.key)` | \(i.nameZh) | \(i.nameEn) | \(cell(aliases)) | `\(formula(i))` | \(i.unit.name(in: .en)) | \(i.precision) | \(i.cityFigure.rawValue) | \(i.direction.rawValue) |"
      )
    }
    lines += [
      "", "## Indicator systems and reference ranges (指标体系与区间参考值)", "",
      "The SPC's indicator system (审判质量管理指标体系) in its versions: a figure is judged by the version in force at the end of its period, and periods before the first version by the first (said in every output). The range values are the office's, in `ranges.toml` beside the database (`Specs/reference-ranges.md`); the catalog says which indicators each version judges and which bounds their ranges may have. Membership is our reading of the SPC's published summaries.",
      "",
      "| version | in force from | system | note |", "|---|---|---|---|",
    ]
    for system in catalog.indicatorSystems {
      lines.append(
        "| `\(system.version)` | \(system.effective) | \(system.nameZh); \(system.nameEn) | \(cell(system.noteEn ?? "")) \(cell(system.noteZh ?? "")) |"
      )
    }
    let versions = catalog.indicatorSystems.map(\.version)
    lines += [
      "",
      "| indicator | 名称 | range | " + versions.map { "`\($0)`" }.joined(separator: " | ") + " |",
      "|---|---|---|" + versions.map { _ in "---|" }.joined(),
    ]
    for i in catalog.indicators where i.rangeShape != nil || !i.systems.isEmpty {
      let shape =
        i.rangeShape.map { shape in
          switch shape {
          case .interval: "low and high"
          case .atLeast: "low (at least)"
          case .atMost: "high (at most)"
          }
        } ?? ""
      let marks = versions.map { version in
        i.systems.contains(version) ? (i.keyIn.contains(version) ? "yes, key (重点)" : "yes") : ""
      }
      lines.append("| `\(i.key)` | \(i.nameZh) | \(shape) | " + marks.joined(separator: " | ") + " |")
    }
    lines += ["", "## Descriptions (说明)", ""]
    for metric in catalog.metrics {
      switch metric {
      case .measure(let m): lines.append("- `\(m.key)` \(m.nameZh): \(m.descriptionEn) \(m.descriptionZh)")
      case .indicator(let i): lines.append("- `\(i.key)` \(i.nameZh): \(i.descriptionEn) \(i.descriptionZh)")
      }
    }
    lines += [
      "", "## Validation rules (校验规则)", "",
      "Checked for every period a court reports, when all the rule's measures are present. Errors stop an export; warnings do not.",
      "", "| rule | check | severity | message |", "|---|---|---|---|",
    ]
    for rule in catalog.rules {
      lines.append(
        "| `\(rule.id)` | `\(check(rule))` | \(rule.severity.rawValue) | \(rule.message.en); \(rule.message.zh) |")
    }
    let scoring = catalog.groupScoring
    lines += [
      "",
      "Always checked as well: counts are whole and non-negative; amounts have at most two decimals; scores lie in their range; a measure is not reported for a period shorter than its shortest period; a period reported together with its sub-periods agrees with them by the measure's aggregation (a year's cases closed equal the sum of its quarters').",
      "",
      "## Party group scores (党小组评分)",
      "",
      "A group's quarterly score is kept as three parts: basic items 0–\(MeasureValue.format(scoring.basicMaximum)), bonus items 0–\(MeasureValue.format(scoring.bonusMaximum)), deductions 0–\(MeasureValue.format(scoring.deductionMaximum)) (written as a positive number). The total, basic + bonus − deduction, is derived and never stored.",
      "",
    ]
    return lines.joined(separator: "\n")
  }
}

extension MetricCatalog {
  /// Each measure's Chinese name by key, for formulas and rules in Chinese.
  var chineseNames: [String: String] {
    Dictionary(uniqueKeysWithValues: measures.map { ($0.key, $0.nameZh) })
  }
}
