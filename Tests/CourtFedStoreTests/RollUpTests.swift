import CourtFedBundle
import CourtFedModel
import CourtFedWorkspace
import Foundation
import GRDB
import TestSupport
import Testing

@testable import CourtFedStore

/// The stored roll-ups (`rolled_values`) against an independent roll-up written in plain SQL,
/// and their upkeep when later bundles change or remove values.
@Suite("Stored roll-ups")
struct RollUpTests {
  /// Every quarter, half and year not reported, rolled up in one SQL statement with window
  /// functions straight from `measure_values`: the choice of parts follows `Measure.aggregate`
  /// (a complete kind first, quarters before months before halves; else the most parts).
  static let independentRollUp = """
    WITH targets (kind, months) AS (VALUES ('quarter', 3), ('half', 6), ('year', 12)),
    parts AS (
      SELECT v.court, v.measure, v.value, v.kind AS part_kind, v.first_month, v.last_month, v.year,
             t.kind AS target_kind, t.months AS target_months,
             (v.first_month - 1) / t.months * t.months + 1 AS target_first, c.aggregation
      FROM measure_values v
      JOIN catalog_measures c ON c.key = v.measure
      JOIN targets t ON t.months > v.last_month - v.first_month + 1
    ),
    ordered AS (
      SELECT *, FIRST_VALUE(value) OVER w AS opening, LAST_VALUE(value) OVER w AS closing
      FROM parts
      WINDOW w AS (
        PARTITION BY court, measure, year, target_kind, target_first, part_kind ORDER BY first_month
        ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
    ),
    rolled AS (
      SELECT court, measure, year, target_kind, target_months, target_first, part_kind, aggregation,
             CASE target_kind
               WHEN 'year' THEN CAST(year AS TEXT)
               WHEN 'half' THEN year || 'H' || ((target_first - 1) / 6 + 1)
               ELSE year || 'Q' || ((target_first - 1) / 3 + 1)
             END AS period,
             COUNT(*) AS parts, SUM(last_month - first_month + 1) AS months_covered,
             MIN(first_month) AS first_part_month, MAX(last_month) AS last_part_month,
             SUM(value) AS total, AVG(value) AS mean, MAX(opening) AS opening, MAX(closing) AS closing
      FROM ordered
      GROUP BY court, measure, year, target_kind, target_first, part_kind
    ),
    chosen AS (
      SELECT *, months_covered = target_months AS complete,
             ROW_NUMBER() OVER (
               PARTITION BY court, measure, period
               ORDER BY months_covered = target_months DESC,
                        CASE WHEN months_covered = target_months THEN 0 ELSE -parts END,
                        CASE part_kind WHEN 'quarter' THEN 0 WHEN 'month' THEN 1 ELSE 2 END
             ) AS choice
      FROM rolled
    )
    SELECT court, period, measure,
           CASE aggregation WHEN 'sum' THEN total WHEN 'mean' THEN mean WHEN 'opening' THEN opening ELSE closing END
             AS value,
           parts, complete, part_kind AS source
    FROM chosen
    WHERE choice = 1
      AND NOT EXISTS (
        SELECT 1 FROM measure_values r WHERE r.court = chosen.court AND r.period = chosen.period AND r.measure = chosen.measure)
      AND CASE aggregation
            WHEN 'opening' THEN first_part_month = target_first
            WHEN 'closing' THEN last_part_month = target_first + target_months - 1
            ELSE 1
          END
    """

  /// Xicheng's sample quarters (2020–2021) plus a 2022 of months with holes, quarters for a
  /// few measures, and a reported year, so that every choice of parts occurs.
  static func mixedWorkspace() -> Workspace {
    var workspace = SampleBundles.workspace("xicheng")
    var line = 1000
    func add(_ measure: String, _ period: Period, _ value: Double) {
      line += 1
      workspace.measures.append(
        Located(MeasureValue(period: period, measure: measure, value: value), at: SourceLocation(file: "m", line: line))
      )
    }
    for month in 1...12 {
      if month != 5 { add("cases_new", .month(2022, month), Double(900 + month)) }
      // Where a month reports all four, they balance: pending = carried over + new − closed.
      let balanced = Double((380 + month) + (900 + month) - (10 + month))
      if month != 12 {
        add("cases_pending", .month(2022, month), month == 1 || month == 5 ? Double(400 + month) : balanced)
      }
      if month != 1 { add("cases_carried_over", .month(2022, month), Double(380 + month)) }
      if month <= 7 { add("petitions_resolved", .month(2022, month), Double(month)) }
      add("cases_closed", .month(2022, month), Double(10 + month))
      add("backlog_baseline", .month(2022, month), 700)
    }
    for quarter in 1...4 { add("backlog_baseline", .quarter(2022, quarter), 700) }
    add("petitions_resolved", .quarter(2022, 4), 30)
    add("satisfaction_score", .quarter(2022, 1), 95.5)
    add("satisfaction_score", .quarter(2022, 3), 96.25)
    // Reported beside its months, a year must agree with them: 11 + 12 + ... + 22.
    add("cases_closed", .year(2022), 198)
    return workspace
  }

  static func rows(_ store: CourtStore, _ sql: String) throws -> [String: Row] {
    let rows = try store.read { db in try Row.fetchAll(db, sql: sql) }
    var keyed: [String: Row] = [:]
    for row in rows { keyed["\(row["court"] as String) \(row["measure"] as String) \(row["period"] as String)"] = row }
    return keyed
  }

  @Test("rolled_values matches an independent SQL roll-up on quarters, months with holes, and reported years")
  func matchesIndependentRollUp() throws {
    let store = try temporaryStore()
    for workspace in [Self.mixedWorkspace()] + ["haidian", "fengtai"].map(SampleBundles.workspace) {
      // Made once 2022 had ended.
      let bundle = SampleBundles.bundle(workspace, now: Date(timeIntervalSince1970: 1_675_209_600))
      _ = try store.merge(try SampleBundles.verified(bundle), from: source(bundle))
    }
    let stored = try Self.rows(
      store, "SELECT court, period, measure, value, parts, complete, source FROM rolled_values")
    let expected = try Self.rows(store, Self.independentRollUp)
    #expect(stored.count == expected.count)
    #expect(stored.count > 3 * 30 * 6)
    for (key, row) in expected {
      let found = try #require(stored[key], "\(key) missing")
      #expect(abs((found["value"] as Double) - (row["value"] as Double)) < 1e-9, "\(key)")
      #expect(found["parts"] as Int == row["parts"] as Int, "\(key)")
      #expect(found["complete"] as Int == row["complete"] as Int, "\(key)")
      #expect(found["source"] as String == row["source"] as String, "\(key)")
    }
    // A few by hand: the year reported wins; a flow missing May is an incomplete sum of 11
    // months; a closing stock without December has no year; complete quarters beat months.
    #expect(stored["bj-xicheng cases_closed 2022"] == nil)
    #expect(
      stored["bj-xicheng cases_new 2022"]?["value"] == Double((1...12).filter { $0 != 5 }.map { 900 + $0 }.reduce(0, +))
    )
    #expect(stored["bj-xicheng cases_new 2022"]?["complete"] == 0)
    #expect(stored["bj-xicheng cases_pending 2022"] == nil)
    // June's pending balances its month: (380 + 6) + (900 + 6) − (10 + 6).
    #expect(stored["bj-xicheng cases_pending 2022H1"]?["value"] == 1276.0)
    #expect(stored["bj-xicheng backlog_baseline 2022"]?["source"] == "quarter")
    // Incomplete: the kind with the most parts wins (7 months over one quarter), ties go to quarters.
    #expect(stored["bj-xicheng petitions_resolved 2022"]?["source"] == "month")
    #expect(stored["bj-xicheng petitions_resolved 2022"]?["parts"] == 7)
    #expect(stored["bj-xicheng petitions_resolved 2022H2"]?["source"] == "quarter")
  }

  @Test("a later bundle rebuilds the roll-ups holding the periods it covers, and only those")
  func upkeep() throws {
    let store = try temporaryStore()
    let workspace = SampleBundles.workspace("xicheng")
    let first = SampleBundles.bundle(workspace)
    _ = try store.merge(try SampleBundles.verified(first), from: source(first))
    func value(_ measure: String, _ period: String) throws -> Row? {
      try store.read { db in
        try Row.fetchOne(
          db,
          sql:
            "SELECT value, complete, parts FROM period_values WHERE court = 'bj-xicheng' AND measure = ? AND period = ?",
          arguments: [measure, period])
      }
    }
    let year2021 = try #require(try value("cases_closed", "2021"))["value"] as Double
    let q4 = try #require(try value("cases_closed", "2021Q4"))["value"] as Double
    let year2020 = try #require(try value("cases_closed", "2020"))["value"] as Double

    var only2021 = edited(
      workspace, change: ("cases_closed", .quarter(2021, 4), q4 - 100),
      remove: ("petitions_resolved", .quarter(2021, 3)))
    only2021.measures.removeAll { $0.value.period.year == 2020 }
    let second = SampleBundles.bundle(only2021, state: first.state)
    _ = try store.merge(try SampleBundles.verified(second), from: source(second))

    #expect(try value("cases_closed", "2021")?["value"] == year2021 - 100)
    #expect(try value("cases_closed", "2021H2")?["value"] != nil)
    #expect(try value("cases_closed", "2020")?["value"] == year2020)
    let petitions = try #require(try value("petitions_resolved", "2021"))
    #expect(petitions["complete"] as Int == 0)
    #expect(petitions["parts"] as Int == 3)
    #expect(try value("petitions_resolved", "2021Q3") == nil)
    let independent = try Self.rows(store, Self.independentRollUp)
    let stored = try Self.rows(store, "SELECT court, period, measure, value FROM rolled_values")
    #expect(Set(independent.keys) == Set(stored.keys))
  }

  /// Every roll-up against the independent SQL roll-up: the same keys, values, parts,
  /// completeness and kind of parts.
  static func expectIndependent(_ store: CourtStore, _ context: String) throws {
    let stored = try rows(store, "SELECT court, period, measure, value, parts, complete, source FROM rolled_values")
    let expected = try rows(store, independentRollUp)
    #expect(Set(stored.keys) == Set(expected.keys), "\(context)")
    for (key, row) in expected {
      guard let found = stored[key] else { continue }
      #expect(abs((found["value"] as Double) - (row["value"] as Double)) < 1e-9, "\(context): \(key)")
      #expect(found["parts"] as Int == row["parts"] as Int, "\(context): \(key)")
      #expect(found["complete"] as Int == row["complete"] as Int, "\(context): \(key)")
      #expect(found["source"] as String == row["source"] as String, "\(context): \(key)")
    }
  }

  /// A bundle rebuilds only the quarter, half and year holding each period it lists; any
  /// other roll-up it left alone must still be right. Bundles of changes one after another,
  /// each changing, removing or adding a few months and quarters (of measures no catalog rule
  /// ties to other values), merged one by one into one store, checked after each against the
  /// independent SQL roll-up; and in batches of one to three into another (a later bundle of
  /// the court replacing an earlier one's waiting roll-ups), checked after each batch, whose
  /// roll-ups must end the same as the first store's, bundles included. The last batch is
  /// always a roll-up made by one bundle and made unbuildable by the next.
  @Test("random bundles of changes, one by one and in batches: every roll-up agrees with the independent SQL")
  func randomChanges() throws {
    let seed = SplitMix.seed("roll-up changes", fallback: 2_026)
    var rng = SplitMix(seed: seed)
    var workspace = Self.mixedWorkspace()
    let now = Date(timeIntervalSince1970: 1_675_209_600)
    var bundles = [SampleBundles.bundle(workspace, now: now)]
    // Petitions resolved by month from January to September (2022Q4 is reported, so its months
    // would have to agree with it); satisfaction by quarter.
    let candidates =
      (1...9).map { ("petitions_resolved", Period.month(2022, $0)) }
      + (1...4).map { ("satisfaction_score", Period.quarter(2022, $0)) }
    for round in 0..<30 {
      for _ in 0..<rng.int(1...3) {
        let (measure, period) = candidates[rng.int(0...(candidates.count - 1))]
        let index = workspace.measures.firstIndex { $0.value.measure == measure && $0.value.period == period }
        let value = measure == "satisfaction_score" ? Double(rng.int(8_000...9_900)) / 100 : Double(rng.int(0...40))
        switch (index, rng.int(0...2)) {
        case (let index?, 0): workspace.measures.remove(at: index)
        case (let index?, _): workspace.measures[index].value.value = value
        case (nil, _):
          workspace.measures.append(
            Located(
              MeasureValue(period: period, measure: measure, value: value),
              at: SourceLocation(file: "m", line: 2_000 + round)))
        }
      }
      if let bundle = BundleWriter.makeChanges(
        workspace, key: SampleBundles.key("bj-xicheng"), state: bundles.last!.state, now: now)
      {
        bundles.append(bundle)
      }
    }
    #expect(bundles.count >= 20, "seed \(seed): too few bundles changed anything")
    // Then, merged in one batch at the end: one bundle gives 2022's third quarter its months
    // of petitions, the next takes them all away, so the roll-up the first left waiting can no
    // longer be built and must not be stored.
    for months in [[7, 8, 9], []] {
      workspace.measures.removeAll {
        $0.value.measure == "petitions_resolved" && (7...9).contains($0.value.period.index)
          && $0.value.period.kind == .month
      }
      for month in months {
        workspace.measures.append(
          Located(
            MeasureValue(period: .month(2022, month), measure: "petitions_resolved", value: Double(month)),
            at: SourceLocation(file: "m", line: 3_000 + month)))
      }
      bundles.append(
        try #require(
          BundleWriter.makeChanges(
            workspace, key: SampleBundles.key("bj-xicheng"), state: bundles.last!.state, now: now)))
    }

    let oneByOne = try temporaryStore()
    for (number, bundle) in bundles.enumerated() {
      _ = try oneByOne.merge(try SampleBundles.verified(bundle), from: source(bundle))
      try Self.expectIndependent(oneByOne, "seed \(seed), bundle \(number)")
    }
    let batched = try temporaryStore()
    var next = 0
    while next < bundles.count {
      let size = next >= bundles.count - 2 ? 2 : min(rng.int(1...4), bundles.count - 2 - next)
      let group = bundles[next..<(next + size)]
      var merged = 0
      try batched.mergeBatch(commitEvery: 3600) { batch in
        for bundle in group {
          batch.merge(try SampleBundles.verified(bundle), from: source(bundle), options: MergeOptions()) { outcome in
            if case .success(.merged) = outcome { merged += 1 }
          }
        }
      }
      #expect(merged == group.count, "seed \(seed)")
      next += group.count
      try Self.expectIndependent(batched, "seed \(seed), batch ending at bundle \(next - 1)")
    }
    let whole = """
      SELECT court, period, measure, value || ' ' || parts || ' ' || complete || ' ' || source || ' ' || bundles AS whole
      FROM rolled_values
      """
    #expect(
      try Self.rows(batched, whole).mapValues { $0["whole"] as String }
        == Self.rows(oneByOne, whole).mapValues { $0["whole"] as String }, "seed \(seed)")
  }

  @Test("bundles merged in one batch, a court's second among them, leave the same roll-ups as merging one by one")
  func batched() throws {
    let workspace = SampleBundles.workspace("xicheng")
    let first = SampleBundles.bundle(workspace)
    let q4 = try #require(
      workspace.measures.first { $0.value.measure == "cases_closed" && $0.value.period == .quarter(2021, 4) }
    ).value.value
    var only2021 = edited(
      workspace, change: ("cases_closed", .quarter(2021, 4), q4 - 100),
      remove: ("petitions_resolved", .quarter(2021, 3)))
    only2021.measures.removeAll { $0.value.period.year == 2020 }
    let second = SampleBundles.bundle(only2021, state: first.state)
    let bundles = [first, SampleBundles.bundle(SampleBundles.workspace("haidian")), second]
    let oneByOne = try temporaryStore()
    for bundle in bundles { _ = try oneByOne.merge(try SampleBundles.verified(bundle), from: source(bundle)) }
    // One batch: the roll-ups wait until it commits, and the second Xicheng bundle replaces
    // the first one's waiting rows for 2021.
    let batched = try temporaryStore()
    var merged = 0
    try batched.mergeBatch(commitEvery: 3600) { batch in
      for bundle in bundles {
        batch.merge(try SampleBundles.verified(bundle), from: source(bundle), options: MergeOptions()) { outcome in
          if case .success(.merged) = outcome { merged += 1 }
        }
      }
    }
    #expect(merged == 3)
    let sql = """
      SELECT court, period, measure, value || ' ' || parts || ' ' || complete || ' ' || source || ' ' || bundles AS whole
      FROM rolled_values
      """
    let expected = try Self.rows(oneByOne, sql).mapValues { $0["whole"] as String }
    #expect(expected.count > 100)
    #expect(try Self.rows(batched, sql).mapValues { $0["whole"] as String } == expected)
  }

  @Test("a new catalog version rebuilds every roll-up when the database is opened")
  func catalogRefresh() throws {
    let store = try temporaryStore()
    let bundle = SampleBundles.bundle(SampleBundles.workspace("xicheng"))
    _ = try store.merge(try SampleBundles.verified(bundle), from: source(bundle))
    let before = try Self.rows(store, "SELECT court, period, measure, value FROM rolled_values")
    let queue = try DatabaseQueue(path: store.url.path)
    try queue.write { db in
      try db.execute(sql: "DELETE FROM rolled_values")
      try db.execute(sql: "UPDATE meta SET value = 'older' WHERE key = 'catalog_version'")
    }
    try queue.close()
    let reopened = try CourtStore(url: store.url)
    let after = try Self.rows(reopened, "SELECT court, period, measure, value FROM rolled_values")
    #expect(after.count == before.count)
    // Quarters are reported: a year and two halves for each measure but the yearly information-work score.
    #expect(after.count == 30 * 2 * 3)
  }
}

@Suite("Roll-up slots")
struct YearSlotsTests {
  @Test("YearSlots.rolled gives what Measure.aggregate gives, on 2,000 random years of reports")
  func matchesAggregate() throws {
    let seed = SplitMix.seed("roll-up slots", fallback: 2_024)
    var rng = SplitMix(seed: seed)
    let catalog = MetricCatalog.standard
    let measures = ["cases_new", "cases_carried_over", "cases_pending", "satisfaction_score"].map {
      catalog.measure(key: $0)!
    }
    // How often each outcome came up: a run that never reaches one proves nothing about it.
    var outcomes: [String: Int] = [:]
    for _ in 0..<2_000 {
      let year = 2024
      var reported: [Period: Double] = [:]
      var slots = YearSlots()
      let candidates =
        (1...12).map { Period.month(year, $0) } + (1...4).map { Period.quarter(year, $0) }
        + (1...2).map { Period.half(year, $0) } + [Period.year(year)]
      for period in candidates where Int.random(in: 0..<3, using: &rng) == 0 {
        let value = Double(Int.random(in: 0...999, using: &rng))
        reported[period] = value
        slots.set(period.kind, firstMonth: period.firstMonth, value: value)
      }
      for measure in measures {
        for target in RollUp.targets(year) {
          let expected = reported[target] == nil ? measure.aggregate(reported, over: target) : nil
          let found = slots.rolled(target.kind, firstMonth: target.firstMonth, measure.aggregation)
          #expect(found?.value == expected?.value, "seed \(seed): \(measure.key) \(target) \(reported)")
          #expect(found?.parts == expected?.sources.count)
          #expect(found?.complete == expected?.isComplete)
          #expect(found?.source == expected?.sources.first?.kind)
          let outcome =
            reported[target] != nil ? "reported" : found == nil ? "none" : found!.complete ? "complete" : "incomplete"
          outcomes["\(outcome) \(measure.aggregation)", default: 0] += 1
        }
      }
    }
    for aggregation in ["sum", "opening", "closing", "mean"] {
      for outcome in ["reported", "none", "complete", "incomplete"] {
        #expect(
          outcomes["\(outcome) \(aggregation)", default: 0] > 0, "no \(outcome) roll-up of a \(aggregation) measure")
      }
    }
  }
}

@Suite("Measure keys found by their bytes")
struct TextKeysTests {
  /// The roll-up finds a row's measure among the catalog's by its bytes; every key must be
  /// found at its own place, and nothing else found (a key's prefix, a key with a byte more,
  /// another measure's key with one byte changed, an empty text).
  @Test("every catalog key is found at its place; prefixes, extensions, near misses and empty text are not")
  func findsExactlyTheKeys() {
    let keys = MetricCatalog.standard.measures.map(\.key) + ["数据", "a"]
    let lookup = TextKeys(keys)
    func find(_ text: String) -> Int? {
      var text = text
      return text.withUTF8 { lookup.index(of: $0) }
    }
    for (place, key) in keys.enumerated() {
      #expect(find(key) == place, "\(key)")
      let prefix = String(key.dropLast())
      #expect(find(prefix) == keys.firstIndex(of: prefix), "\(prefix)")
      #expect(find(key + "_") == nil, "\(key)_")
      #expect(find(String(key.dropLast()) + "~") == nil, "\(key) with its last byte changed")
    }
    #expect(find("") == nil)
    #expect(find("zzz") == nil)
  }
}

@Suite("Roll-ups flushed in key order")
struct RollUpOrderTests {
  /// `flush` inserts in the table's key order (measure, period, court, by their bytes) using
  /// ranks made when each row is appended; the ranks must sort as the texts' bytes do.
  @Test("period and measure ranks sort as the texts' bytes do")
  func ranksFollowBytes() {
    let periods = (2019...2027).flatMap { RollUp.targets($0) }.shuffled()
    let byBytes = periods.sorted { $0.description.utf8.lexicographicallyPrecedes($1.description.utf8) }
    #expect(periods.sorted { PendingRollUps.rank(of: $0) < PendingRollUps.rank(of: $1) } == byBytes)
    let keys = MetricCatalog.standard.measures.map(\.key)
    let lookup = TextKeys(keys)
    let ranked = keys.indices.sorted { lookup.rank(of: $0) < lookup.rank(of: $1) }.map { keys[$0] }
    #expect(ranked == keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
  }
}
