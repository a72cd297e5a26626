import CourtFedModel
import Testing

@Suite("How measures add up over time")
struct AggregationTests {
  let catalog = MetricCatalog.standard
  let quarters: [Period: Double] = [
    .quarter(2021, 1): 10, .quarter(2021, 2): 20, .quarter(2021, 3): 30, .quarter(2021, 4): 40,
  ]

  func measure(_ key: String) throws -> Measure { try #require(catalog.measure(key: key)) }

  @Test("a flow sums its quarters")
  func flow() throws {
    let value = try #require(try measure("cases_closed").aggregate(quarters, over: .year(2021)))
    #expect(value == AggregatedValue(value: 100, sources: Period.year(2021).subperiods(of: .quarter), isComplete: true))
    #expect(try measure("cases_closed").aggregate(quarters, over: .half(2021, 2))?.value == 70)
  }

  @Test("an opening stock takes the first quarter, a closing stock the last, never a sum")
  func stocks() throws {
    #expect(try measure("cases_carried_over").aggregate(quarters, over: .year(2021))?.value == 10)
    #expect(try measure("backlog_baseline").aggregate(quarters, over: .year(2021))?.value == 10)
    #expect(try measure("cases_pending").aggregate(quarters, over: .year(2021))?.value == 40)
    #expect(try measure("party_members").aggregate(quarters, over: .half(2021, 1))?.value == 20)
  }

  @Test("a mean averages")
  func mean() throws {
    #expect(try measure("satisfaction_score").aggregate(quarters, over: .year(2021))?.value == 25)
  }

  @Test("a yearly figure from quarterly data is right for flows and stocks alike, and months work too")
  func months() throws {
    var months: [Period: Double] = [:]
    for month in 1...12 { months[.month(2021, month)] = Double(month) }
    #expect(try measure("cases_closed").aggregate(months, over: .year(2021))?.value == 78)
    #expect(try measure("cases_closed").aggregate(months, over: .quarter(2021, 2))?.value == 15)
    #expect(try measure("cases_pending").aggregate(months, over: .quarter(2021, 2))?.value == 6)
    #expect(try measure("cases_carried_over").aggregate(months, over: .quarter(2021, 2))?.value == 4)
  }

  @Test("a value reported for the period itself wins")
  func direct() throws {
    var values = quarters
    values[.year(2021)] = 99
    #expect(try measure("cases_closed").aggregate(values, over: .year(2021))?.value == 99)
  }

  @Test("missing quarters make an incomplete figure; a stock without its end quarter has none")
  func incomplete() throws {
    var values = quarters
    values[.quarter(2021, 4)] = nil
    let flow = try #require(try measure("cases_closed").aggregate(values, over: .year(2021)))
    #expect(flow.value == 60)
    #expect(!flow.isComplete)
    #expect(try measure("cases_pending").aggregate(values, over: .year(2021)) == nil)
    #expect(try measure("cases_carried_over").aggregate(values, over: .year(2021))?.isComplete == false)
    #expect(try measure("cases_closed").aggregate([:], over: .year(2021)) == nil)
  }
}

@Suite("Validation rules")
struct ValidationRuleTests {
  let catalog = MetricCatalog.standard

  func rule(_ id: String) throws -> ValidationRule { try #require(catalog.rules.first { $0.id == id }) }

  /// Each rule with figures that keep it and figures that break it.
  static let cases: [(String, [String: Double], [String: Double])] = [
    (
      "closed_within_caseload", ["cases_closed": 3157, "cases_carried_over": 402, "cases_new": 2900],
      ["cases_closed": 3400, "cases_carried_over": 402, "cases_new": 2900]
    ),
    (
      "in_time_within_closed", ["cases_closed_in_time": 90, "cases_closed": 100],
      ["cases_closed_in_time": 101, "cases_closed": 100]
    ),
    (
      "cleared_within_baseline", ["backlog_cleared": 2027, "backlog_baseline": 2300],
      ["backlog_cleared": 2301, "backlog_baseline": 2300]
    ),
    (
      "long_pending_within_pending", ["cases_pending_over_12_months": 3, "cases_pending": 50],
      ["cases_pending_over_12_months": 51, "cases_pending": 50]
    ),
    (
      "first_instance_within_closed", ["first_instance_closed": 80, "cases_closed": 100],
      ["first_instance_closed": 120, "cases_closed": 100]
    ),
    ("civil_within_closed", ["civil_closed": 80, "cases_closed": 100], ["civil_closed": 120, "cases_closed": 100]),
    (
      "reversed_remanded_within_first_instance",
      ["cases_reversed": 3, "cases_remanded": 2, "first_instance_closed": 5],
      ["cases_reversed": 3, "cases_remanded": 3, "first_instance_closed": 5]
    ),
    (
      "appealed_within_first_instance", ["cases_appealed": 5, "first_instance_closed": 5],
      ["cases_appealed": 6, "first_instance_closed": 5]
    ),
    (
      "mediated_withdrawn_within_civil", ["cases_mediated": 40, "cases_withdrawn": 10, "civil_closed": 50],
      ["cases_mediated": 40, "cases_withdrawn": 11, "civil_closed": 50]
    ),
    (
      "enforcement_closed_within_received", ["enforcement_closed": 688, "enforcement_received": 700],
      ["enforcement_closed": 701, "enforcement_received": 700]
    ),
    (
      "recovered_within_applied", ["amount_recovered": 6e8, "amount_applied": 9e8],
      ["amount_recovered": 9.1e8, "amount_applied": 9e8]
    ),
    (
      "new_members_within_members", ["new_members": 5, "party_members": 120],
      ["new_members": 121, "party_members": 120]
    ),
  ]

  @Test("each rule holds on good figures and is broken by bad ones", arguments: cases)
  func rules(id: String, good: [String: Double], bad: [String: Double]) throws {
    let rule = try rule(id)
    #expect(rule.violation(in: good) == nil)
    let broken = try #require(rule.violation(in: bad))
    #expect(broken.left > broken.right)
  }

  @Test("case balance (收结存平衡): carried over + new − closed equals pending, both ways out of balance")
  func caseBalance() throws {
    let rule = try rule("case_balance")
    #expect(rule.relation == .equal)
    let balanced = ["cases_carried_over": 1250.0, "cases_new": 3480, "cases_closed": 3120, "cases_pending": 1610]
    #expect(rule.violation(in: balanced) == nil)
    var over = balanced
    over["cases_pending"] = 2600
    let broken = try #require(rule.violation(in: over))
    // 1250 + 3480 − 3120 = 1610 by hand.
    #expect(broken.left == 1610 && broken.right == 2600)
    var under = balanced
    under["cases_pending"] = 1600
    #expect(rule.violation(in: under)?.left == 1610)
    #expect(rule.termValues(in: over) == [1250, 3480, 3120])
  }

  @Test("every catalog rule has a case above (the balance its own test), and every case is a catalog rule")
  func covered() {
    #expect(Set(Self.cases.map(\.0)).union(["case_balance"]) == Set(catalog.rules.map(\.id)))
    #expect(Self.cases.count + 1 == catalog.rules.count)
  }

  @Test("a rule with a missing measure is not checked")
  func missing() throws {
    #expect(try rule("closed_within_caseload").violation(in: ["cases_closed": 10]) == nil)
  }

  @Test("one roll-up rule: a complete kind wins, else the kind with most parts, quarters before months on a tie")
  func partChoice() {
    // Three quarters and January: the three quarters (3 parts beat 1), incomplete.
    let quarters: Set<Period> = [.quarter(2021, 1), .quarter(2021, 2), .quarter(2021, 3), .month(2021, 1)]
    let year = Period.year(2021)
    let fromQuarters = PartChoice.choose(for: .year, isReported: { quarters.contains(year.part($0, at: $1)) })
    #expect(fromQuarters == PartChoice(kind: .quarter, count: 4, present: [0, 1, 2]))
    // Two quarters, but all twelve months: the months, complete.
    var months: Set<Period> = [.quarter(2021, 1), .quarter(2021, 2)]
    for month in 1...12 { months.insert(.month(2021, month)) }
    let fromMonths = PartChoice.choose(for: .year, isReported: { months.contains(year.part($0, at: $1)) })
    #expect(fromMonths?.kind == .month && fromMonths?.isComplete == true)
    // A tie (two quarters, two months): quarters.
    let tie: Set<Period> = [.quarter(2021, 1), .quarter(2021, 3), .month(2021, 1), .month(2021, 2)]
    #expect(PartChoice.choose(for: .year, isReported: { tie.contains(year.part($0, at: $1)) })?.kind == .quarter)
    // Halves are used when nothing finer is there; a quarter is never built from halves.
    let halves: Set<Period> = [.half(2021, 1), .half(2021, 2)]
    #expect(
      PartChoice.choose(for: .year, isReported: { halves.contains(year.part($0, at: $1)) })
        == PartChoice(kind: .half, count: 2, present: [0, 1]))
    #expect(PartChoice.choose(for: .quarter, isReported: { _, _ in false }) == nil)
    #expect(Period.year(2021).part(.month, at: 11) == .month(2021, 12))
    #expect(Period.half(2021, 2).part(.quarter, at: 1) == .quarter(2021, 4))
  }

  @Test("a stock without its boundary part has no value; a mean averages only what was reported")
  func combine() {
    #expect(TemporalAggregation.closing.combine([1, 2, nil]) == nil)
    #expect(TemporalAggregation.opening.combine([nil, 2, 3]) == nil)
    #expect(TemporalAggregation.opening.combine([5, nil, 3]) == 5)
    #expect(TemporalAggregation.mean.combine([4, nil, 8]) == 6)
    #expect(TemporalAggregation.sum.combine([4, nil, 8]) == 12)
  }
}
