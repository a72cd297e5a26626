import CourtFedBundle
import CourtFedModel
import CourtFedWorkspace
import Foundation
import GRDB
import TestSupport
import Testing

@testable import CourtFedStore

/// The SQL views against the catalog's rules computed in Swift, on every sample court.
@Suite("Catalog views")
struct CatalogViewTests {
  /// A store with every sample court merged.
  static func federation() throws -> CourtStore {
    let store = try temporaryStore()
    for folder in SampleBundles.courts {
      let bundle = SampleBundles.bundle(SampleBundles.workspace(folder))
      _ = try store.merge(try SampleBundles.verified(bundle), from: source(bundle))
    }
    return store
  }

  @Test("period_values: every year, half and quarter built from quarters as Measure.aggregate builds it")
  func periodValues() throws {
    let store = try Self.federation()
    let catalog = MetricCatalog.standard
    var checked = 0
    for folder in SampleBundles.courts {
      let workspace = SampleBundles.workspace(folder)
      var reported: [String: [Period: Double]] = [:]
      for row in workspace.measures { reported[row.value.measure, default: [:]][row.value.period] = row.value.value }
      let stored = try store.read { db in
        try Row.fetchAll(
          db, sql: "SELECT period, measure, value, complete FROM period_values WHERE court = ?",
          arguments: [workspace.court.id])
      }
      var fromSQL: [String: Double] = [:]
      for row in stored { fromSQL["\(row["measure"] as String) \(row["period"] as String)"] = row["value"] }
      for (key, values) in reported {
        let measure = try #require(catalog.measure(key: key))
        for year in [2020, 2021] {
          let year = Period.year(year)
          for period in [year] + year.subperiods(of: .half) + year.subperiods(of: .quarter) {
            let expected = measure.aggregate(values, over: period)
            let found = fromSQL["\(key) \(period)"]
            #expect(found == expected?.value, "\(workspace.court.id) \(key) \(period)")
            checked += 1
          }
        }
      }
    }
    #expect(checked == 10 * 31 * 2 * 7)
  }

  @Test("indicator_values: every indicator, court and period as Indicator.value computes it")
  func indicatorValues() throws {
    let store = try Self.federation()
    let catalog = MetricCatalog.standard
    let rows = try store.read { db in
      try Row.fetchAll(db, sql: "SELECT court, period, indicator, value FROM indicator_values")
    }
    var fromSQL: [String: Double?] = [:]
    for row in rows {
      fromSQL["\(row["court"] as String) \(row["period"] as String) \(row["indicator"] as String)"] = row["value"]
    }
    var checked = 0
    for folder in SampleBundles.courts {
      let workspace = SampleBundles.workspace(folder)
      var reported: [String: [Period: Double]] = [:]
      for row in workspace.measures { reported[row.value.measure, default: [:]][row.value.period] = row.value.value }
      for period in [Period.year(2021), .half(2021, 2), .quarter(2021, 3)] {
        var values: [String: Double] = [:]
        for (key, series) in reported {
          values[key] = catalog.measure(key: key)!.aggregate(series, over: period)?.value
        }
        for indicator in catalog.indicators {
          let expected = indicator.value(from: values)
          let found = fromSQL["\(workspace.court.id) \(period) \(indicator.key)"] ?? nil
          #expect(abs((found ?? -1) - (expected ?? -1)) < 1e-9, "\(workspace.court.id) \(period) \(indicator.key)")
          checked += 1
        }
      }
    }
    #expect(checked == 10 * 3 * 18)
  }

  @Test("Xicheng 2021 backlog clearance 88.13%, 15.28 points above the pooled city figure, in plain SQL")
  func seedFigure() throws {
    let store = try Self.federation()
    let (xicheng, city) = try store.read { db in
      (
        try Double.fetchOne(
          db,
          sql:
            "SELECT value FROM indicator_values WHERE indicator = 'backlog_clearance_rate' AND period = '2021' AND court = 'bj-xicheng'"
        )!,
        try Double.fetchOne(
          db,
          sql:
            "SELECT 100.0 * SUM(numerator) / SUM(denominator) FROM indicator_values WHERE indicator = 'backlog_clearance_rate' AND period = '2021'"
        )!
      )
    }
    #expect(abs(xicheng - 88.13) < 0.005)
    #expect(abs(city - 72.85) < 0.005)
    #expect(abs(xicheng - city - 15.28) < 0.005)
  }

  @Test("a year built from three quarters is marked incomplete; a stock without its closing quarter has no value")
  func incomplete() throws {
    let store = try temporaryStore()
    var workspace = SampleBundles.workspace("xicheng")
    workspace.measures.removeAll { $0.value.period == .quarter(2021, 4) }
    let bundle = SampleBundles.bundle(workspace)
    _ = try store.merge(try SampleBundles.verified(bundle), from: source(bundle))
    let rows = try store.read { db in
      try Row.fetchAll(
        db,
        sql:
          "SELECT measure, value, complete FROM period_values WHERE court = 'bj-xicheng' AND period = '2021' AND measure IN ('cases_closed', 'cases_pending')"
      )
    }
    #expect(rows.count == 1)
    #expect(rows.first?["measure"] as String? == "cases_closed")
    #expect(rows.first?["complete"] as Int? == 0)
  }
}
