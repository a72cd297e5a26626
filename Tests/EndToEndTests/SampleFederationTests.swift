import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace
import Foundation
import TestSupport
import Testing

/// The sample federation in bundles/workspaces: generated, clean, and true to the seeds.
@Suite("Sample federation")
struct SampleFederationTests {
  static let courts = [
    "changping", "chaoyang", "daxing", "fangshan", "fengtai", "haidian", "mentougou", "shijingshan", "tongzhou",
    "xicheng",
  ]

  /// Every committed sample workspace, read.
  static func workspaces() throws -> [String: Workspace] {
    var result: [String: Workspace] = [:]
    for folder in courts {
      let report = WorkspaceLoader().load(ProjectPaths.sampleWorkspaces.appendingPathComponent(folder))
      let workspace = try #require(report.workspace)
      result[folder] = workspace
    }
    return result
  }

  @Test("every sample workspace validates with no findings, in every encoding")
  func clean() throws {
    var encodings = Set<TextEncoding>()
    for folder in Self.courts {
      let report = WorkspaceLoader().load(ProjectPaths.sampleWorkspaces.appendingPathComponent(folder))
      #expect(report.diagnostics.map { $0.formatted(in: .en) } == [], "\(folder)")
      let workspace = try #require(report.workspace)
      #expect(workspace.measures.count == 242)
      #expect(workspace.court.parent == "bj-sample-intermediate")
      #expect(workspace.branches.count >= 3)
      #expect(workspace.groups.count >= 4)
      encodings.formUnion(workspace.encodings.values)
    }
    #expect(encodings == [.utf8, .utf8WithBOM, .gb18030])
    // One court keeps its tables in a workbook, as init --xlsx makes them.
    let mentougou = try FileManager.default.contentsOfDirectory(
      atPath: ProjectPaths.sampleWorkspaces.appendingPathComponent("mentougou").path)
    #expect(mentougou.sorted() == ["court.toml", "figures.xlsx"])
  }

  /// One court's yearly value of a measure, built from its quarters.
  static func yearly(_ workspace: Workspace, _ key: String, _ year: Int) throws -> Double {
    let measure = try #require(MetricCatalog.standard.measure(key: key))
    var reported: [Period: Double] = [:]
    for row in workspace.measures where row.value.measure == key { reported[row.value.period] = row.value.value }
    let value = try #require(measure.aggregate(reported, over: .year(year)))
    #expect(value.isComplete)
    return value.value
  }

  @Test("Xicheng 2021 backlog clearance 88.13%, 15.28 points above the pooled city figure")
  func clearance() throws {
    let workspaces = try Self.workspaces()
    var cleared = 0.0
    var baseline = 0.0
    for workspace in workspaces.values {
      cleared += try Self.yearly(workspace, "backlog_cleared", 2021)
      baseline += try Self.yearly(workspace, "backlog_baseline", 2021)
    }
    let xicheng = try #require(workspaces["xicheng"])
    let rate = try Self.yearly(xicheng, "backlog_cleared", 2021) / Self.yearly(xicheng, "backlog_baseline", 2021) * 100
    let city = cleared / baseline * 100
    #expect(abs(rate - 88.13) < 0.005)
    #expect(abs(city - 72.85) < 0.005)
    #expect(abs((rate - city) - 15.28) < 0.005)
    // The baseline is the opening backlog: the same in every quarter, never summed.
    let quarters = xicheng.measures.filter { $0.value.measure == "backlog_baseline" && $0.value.period.year == 2021 }
    #expect(Set(quarters.map(\.value.value)).count == 1)
    #expect(quarters.count == 4)
  }

  @Test("Xicheng third in the 2021 information-work score, and third with 32 casebook adoptions")
  func ranks() throws {
    let workspaces = try Self.workspaces()
    var scores: [String: Double] = [:]
    var casebook: [String: Double] = [:]
    for (folder, workspace) in workspaces {
      scores[folder] = try Self.yearly(workspace, "information_work_score", 2021)
      casebook[folder] = try Self.yearly(workspace, "casebook_adoptions", 2021)
    }
    #expect(scores.values.sorted(by: >).firstIndex(of: scores["xicheng"]!) == 2)
    #expect(Set(scores.values).count == scores.count)
    #expect(casebook["xicheng"] == 32)
    #expect(casebook.values.sorted(by: >).firstIndex(of: 32) == 2)
    #expect(casebook.values.filter { $0 == 32 }.count == 1)
  }

  @Test("Xicheng's reversed and remanded cases down 36.08% on 2020")
  func reversals() throws {
    let xicheng = try #require(try Self.workspaces()["xicheng"])
    func total(_ year: Int) throws -> Double {
      try Self.yearly(xicheng, "cases_reversed", year) + Self.yearly(xicheng, "cases_remanded", year)
    }
    let change = try (total(2021) - total(2020)) / total(2020) * 100
    #expect(abs(change - -36.08) < 0.005)
  }

  @Test("stocks and flows agree from quarter to quarter: carried over = last quarter's pending")
  func continuity() throws {
    for (folder, workspace) in try Self.workspaces() {
      var carried: [Period: Double] = [:]
      var pending: [Period: Double] = [:]
      for row in workspace.measures {
        if row.value.measure == "cases_carried_over" { carried[row.value.period] = row.value.value }
        if row.value.measure == "cases_pending" { pending[row.value.period] = row.value.value }
      }
      for (period, value) in carried {
        guard let previous = period.previous, let before = pending[previous] else { continue }
        #expect(value == before, "\(folder) \(period)")
      }
    }
  }
}
