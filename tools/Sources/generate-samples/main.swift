// generate-samples: the sample federation in bundles/workspaces, made deterministically.
//
// Ten Beijing district courts named in the seed reports, under one sample coordinating
// court, with quarterly figures for 2020 and 2021 and their party branches and groups.
// Where the seeds give a figure the samples reproduce it (see `SeedFigures`); the rest is
// invented, plausibly, from a fixed seed. The same run always writes the same bytes; a test
// regenerates the samples and compares them with the committed files.
//
//     swift run generate-samples [OUTPUT-FOLDER]     (default: bundles/workspaces)

import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace
import Foundation
import SyntheticFederation

/// Figures printed in the seed reports (../shared/seeds), reproduced by the samples.
enum SeedFigures {
  /// Xicheng's 2021 year-end backlog clearance rate 未结案件清理率, in percent.
  static let xichengClearanceRate2021 = 88.13
  /// ... 15.28 points above the city average (pooled over the sample courts).
  static let xichengClearanceLead2021 = 15.28
  /// Xicheng's rank in the 2021 information-work assessment.
  static let xichengInformationRank2021 = 3
  /// Xicheng's cases adopted by 《中国法院2022年度案例》, third among basic courts.
  static let xichengCasebook2021 = 32
  /// Reversed + remanded cases, down 36.08% on 2020: 97 → 62.
  static let xichengReversedRemanded = (y2020: 97, y2021: 62)
}

struct CourtPlan {
  let id: String
  let district: String
  let english: String
  /// New cases in an average quarter.
  let quarterlyCases: Int
  let language: Language
  let encoding: TextEncoding
  let branches: [(name: String, division: String, brand: String?, groups: [String])]
  /// Whether the court keeps its tables in one Excel workbook (figures.xlsx) instead of CSV files.
  var workbook = false

  var name: String { "北京市\(district)区人民法院" }
  var folder: String { String(id.dropFirst(3)) }
}

let coordinator = "bj-sample-intermediate"
let years = [2020, 2021]
let quarters = years.flatMap { year in (1...4).map { Period.quarter(year, $0) } }

let plans: [CourtPlan] = [
  CourtPlan(
    id: "bj-xicheng", district: "西城", english: "Xicheng", quarterlyCases: 10_500, language: .zh, encoding: .utf8WithBOM,
    branches: [
      ("审管办(研究室)党支部", "审判管理办公室(研究室)", "审思研微", ["审管小组", "研究室小组"]),
      ("执行实施一团队党支部", "执行局", "执行三化", ["执行实施一组党小组", "执行保全党小组"]),
      ("民一庭党支部", "民事审判第一庭", nil, ["婚姻家事党小组", "物业纠纷党小组"]),
      ("刑事审判庭党支部", "刑事审判庭", nil, ["刑事速裁党小组"]),
    ]),
  CourtPlan(
    id: "bj-fengtai", district: "丰台", english: "Fengtai", quarterlyCases: 12_000, language: .zh, encoding: .gb18030,
    branches: [
      ("刑庭党支部", "刑事审判庭", "廉政教育基地", ["刑事审判一组党小组", "刑事审判二组党小组"]),
      ("民三庭党支部", "民事审判第三庭", "一团队一企业", ["商事审判党小组", "知产审判党小组"]),
      ("立案庭党支部", "立案庭", nil, ["速裁攻坚党小组"]),
    ]),
  CourtPlan(
    id: "bj-haidian", district: "海淀", english: "Haidian", quarterlyCases: 20_000, language: .en, encoding: .utf8,
    branches: [
      ("立案庭党支部", "立案庭(诉讼服务中心)", "法院+高校", ["诉讼服务党小组", "法律援助党小组"]),
      ("民一庭党支部", "民事审判第一庭", nil, ["家事审判党小组", "劳动争议党小组"]),
      ("执行局党支部", "执行局", nil, ["速执党小组", "执行裁决党小组"]),
      ("综合办党支部", "综合办公室", nil, ["信息技术党小组"]),
    ]),
  CourtPlan(
    id: "bj-chaoyang", district: "朝阳", english: "Chaoyang", quarterlyCases: 22_000, language: .zh,
    encoding: .utf8WithBOM,
    branches: [
      ("酒仙桥法庭党支部", "酒仙桥人民法庭", "诉源治理示范", ["物业纠纷党小组", "社区调解党小组"]),
      ("民二庭党支部", "民事审判第二庭", nil, ["金融审判党小组", "合同纠纷党小组"]),
      ("执行局党支部", "执行局", nil, ["速执党小组", "执行指挥党小组"]),
      ("政治部党支部", "政治部", nil, ["干部人事党小组"]),
    ]),
  CourtPlan(
    id: "bj-shijingshan", district: "石景山", english: "Shijingshan", quarterlyCases: 4_500, language: .zh,
    encoding: .utf8WithBOM,
    branches: [
      ("民二庭党支部", "民事审判第二庭", "清破护企", ["清算破产党小组", "商事调解党小组"]),
      ("执行局党支部", "执行局", nil, ["执行实施党小组"]),
      ("综合审判庭党支部", "综合审判庭", nil, ["行政审判党小组"]),
    ]),
  CourtPlan(
    id: "bj-mentougou", district: "门头沟", english: "Mentougou", quarterlyCases: 2_000, language: .zh,
    encoding: .utf8WithBOM,
    branches: [
      ("斋堂法庭党支部", "斋堂人民法庭", "对党忠诚 法映山红", ["山区巡回审判党小组"]),
      ("审判管理党支部", "审判管理办公室", nil, ["审判管理党小组", "司法统计党小组"]),
      ("执行局党支部", "执行局", nil, ["执行实施党小组"]),
    ], workbook: true),
  CourtPlan(
    id: "bj-fangshan", district: "房山", english: "Fangshan", quarterlyCases: 6_000, language: .zh,
    encoding: .utf8WithBOM,
    branches: [
      ("民一庭党支部", "民事审判第一庭", "抓两头带中间", ["民事速裁党小组", "家事审判党小组"]),
      ("刑事审判庭党支部", "刑事审判庭", nil, ["刑事审判党小组"]),
      ("执行局党支部", "执行局", nil, ["执行实施党小组", "执行保全党小组"]),
    ]),
  CourtPlan(
    id: "bj-tongzhou", district: "通州", english: "Tongzhou", quarterlyCases: 11_000, language: .zh,
    encoding: .utf8WithBOM,
    branches: [
      ("执行局党支部", "执行局", "解民忧纾民困", ["速执党小组", "执行实施二组党小组"]),
      ("民三庭党支部", "民事审判第三庭", nil, ["商事审判党小组"]),
      ("立案庭党支部", "立案庭", nil, ["速裁攻坚党小组", "诉讼服务党小组"]),
    ]),
  CourtPlan(
    id: "bj-changping", district: "昌平", english: "Changping", quarterlyCases: 10_000, language: .zh,
    encoding: .utf8WithBOM,
    branches: [
      ("综合审判庭党支部", "综合审判庭", "事心双解", ["信访化解党小组", "行政审判党小组"]),
      ("民一庭党支部", "民事审判第一庭", nil, ["民事速裁党小组", "婚姻家事党小组"]),
      ("执行局党支部", "执行局", nil, ["执行实施党小组"]),
    ]),
  CourtPlan(
    id: "bj-daxing", district: "大兴", english: "Daxing", quarterlyCases: 9_000, language: .zh, encoding: .utf8WithBOM,
    branches: [
      ("立案庭(诉讼服务中心)党支部", "立案庭(诉讼服务中心)", "多方联动", ["诉讼服务党小组", "速裁攻坚党小组"]),
      ("民二庭党支部", "民事审判第二庭", nil, ["金融审判党小组"]),
      ("执行局党支部", "执行局", nil, ["执行实施党小组", "执行裁决党小组"]),
    ]),
]

let surnames = Array(
  "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
let givenNames = [
  "明", "华", "强", "敏", "静", "丽", "军", "磊", "洋", "艳", "勇", "杰", "娟", "涛", "超", "霞", "平", "刚", "婷", "鹏", "飞", "燕", "宁",
  "欣", "晨", "颖", "博", "楠", "然", "航",
]

func personName(_ rng: inout SeededGenerator) -> String {
  let surname = String(surnames[rng.integer(0...(surnames.count - 1))])
  let first = givenNames[rng.integer(0...(givenNames.count - 1))]
  return rng.integer(0...2) == 0
    ? surname + first : surname + first + givenNames[rng.integer(0...(givenNames.count - 1))]
}

// MARK: - Figures

/// One court's figures: measure key → period → value.
typealias Figures = [String: [Period: Double]]

func set(_ figures: inout Figures, _ key: String, _ period: Period, _ value: Double) {
  figures[key, default: [:]][period] = value
}

/// Splits `total` into whole parts with the given weights, summing exactly to `total`.
func split(_ total: Int, weights: [Double]) -> [Int] {
  let sum = weights.reduce(0, +)
  var parts = weights.map { Int((Double(total) * $0 / sum).rounded(.down)) }
  var rest = total - parts.reduce(0, +)
  var index = 0
  while rest > 0 {
    parts[index % parts.count] += 1
    rest -= 1
    index += 1
  }
  return parts
}

/// Trial, enforcement, service and party figures for one court, quarter by quarter.
func trialFigures(_ plan: CourtPlan, _ rng: inout SeededGenerator) -> Figures {
  var figures: Figures = [:]
  var pending = Double((Double(plan.quarterlyCases) * rng.uniform(0.35...0.5)).rounded())
  let seasonal = [0.92, 1.02, 1.0, 1.06]
  var members = Double(plan.branches.count * 30 + rng.integer(10...40))
  for quarter in quarters {
    let carried = pending
    let new = (Double(plan.quarterlyCases) * seasonal[quarter.index - 1] * rng.uniform(0.93...1.07)).rounded()
    let closeShare = quarter.index == 4 ? rng.uniform(0.84...0.9) : rng.uniform(0.7...0.78)
    let closed = ((carried + new) * closeShare).rounded()
    pending = carried + new - closed
    set(&figures, "cases_carried_over", quarter, carried)
    set(&figures, "cases_new", quarter, new)
    set(&figures, "cases_closed", quarter, closed)
    set(&figures, "cases_closed_in_time", quarter, (closed * rng.uniform(0.975...0.996)).rounded())
    set(&figures, "case_days_total", quarter, (closed * rng.uniform(48...92)).rounded())
    set(&figures, "cases_pending", quarter, pending)
    set(&figures, "cases_pending_over_12_months", quarter, (pending * rng.uniform(0.008...0.03)).rounded())
    let firstInstance = (closed * rng.uniform(0.7...0.8)).rounded()
    set(&figures, "first_instance_closed", quarter, firstInstance)
    set(&figures, "cases_appealed", quarter, (firstInstance * rng.uniform(0.05...0.1)).rounded())
    let civil = (closed * rng.uniform(0.55...0.65)).rounded()
    set(&figures, "civil_closed", quarter, civil)
    set(&figures, "cases_mediated", quarter, (civil * rng.uniform(0.25...0.35)).rounded())
    set(&figures, "cases_withdrawn", quarter, (civil * rng.uniform(0.15...0.22)).rounded())
    let received = (new * rng.uniform(0.2...0.28)).rounded()
    set(&figures, "enforcement_received", quarter, received)
    set(&figures, "enforcement_closed", quarter, (received * rng.uniform(0.9...0.99)).rounded())
    let applied = (received * rng.uniform(150_000...260_000)).rounded()
    set(&figures, "amount_applied", quarter, applied)
    set(&figures, "amount_recovered", quarter, (applied * rng.uniform(0.35...0.6) * 100).rounded() / 100)
    set(&figures, "petitions_resolved", quarter, Double(rng.integer(8...60)))
    set(&figures, "satisfaction_score", quarter, (rng.uniform(90...98) * 100).rounded() / 100)
    set(&figures, "satisfaction_responses", quarter, Double(rng.integer(200...800)))
    let newMembers = Double(rng.integer(0...3))
    members += newMembers - Double(rng.integer(0...2))
    set(&figures, "party_members", quarter, members)
    set(&figures, "new_members", quarter, newMembers)
    set(&figures, "activists", quarter, Double(rng.integer(4...20)))
    set(&figures, "study_sessions", quarter, Double(rng.integer(3...10)))
  }
  return figures
}

/// Reversed and remanded cases per quarter, from yearly totals.
func reversals(_ totals: [Int: Int], _ figures: inout Figures, _ rng: inout SeededGenerator) {
  for year in years {
    let total = totals[year]!
    let reversed = Int((Double(total) * rng.uniform(0.55...0.65)).rounded())
    let weights = (1...4).map { _ in rng.uniform(0.8...1.2) }
    for (index, part) in split(reversed, weights: weights).enumerated() {
      set(&figures, "cases_reversed", .quarter(year, index + 1), Double(part))
    }
    for (index, part) in split(total - reversed, weights: weights.reversed()).enumerated() {
      set(&figures, "cases_remanded", .quarter(year, index + 1), Double(part))
    }
  }
}

/// The backlog clearance campaign: the baseline (the year's opening backlog, the same in
/// every quarter) and cases cleared per quarter summing to `rate` of it over the year.
func backlog(year: Int, baseline: Int, cleared: Int, _ figures: inout Figures) {
  for (index, part) in split(cleared, weights: [0.4, 0.27, 0.19, 0.14]).enumerated() {
    set(&figures, "backlog_baseline", .quarter(year, index + 1), Double(baseline))
    set(&figures, "backlog_cleared", .quarter(year, index + 1), Double(part))
  }
}

// MARK: - The federation

var rng = SeededGenerator(seed: 20_211_231)
var all: [String: Figures] = [:]
for plan in plans { all[plan.id] = trialFigures(plan, &rng) }

// Reversed + remanded: Xicheng 97 → 62 (−36.08%); the others drift.
for plan in plans {
  let base = plan.quarterlyCases / 100 + rng.integer(0...30)
  let totals =
    plan.id == "bj-xicheng"
    ? [2020: SeedFigures.xichengReversedRemanded.y2020, 2021: SeedFigures.xichengReversedRemanded.y2021]
    : [2020: base, 2021: Int(Double(base) * rng.uniform(0.75...1.1))]
  reversals(totals, &all[plan.id]!, &rng)
}

// Backlog clearance. Baselines are a share of the pending cases at the start of each year.
var baselines: [String: [Int: Int]] = [:]
for plan in plans {
  for year in years {
    let opening = all[plan.id]!["cases_carried_over"]![.quarter(year, 1)]!
    baselines[plan.id, default: [:]][year] = Int(opening * rng.uniform(0.55...0.7))
  }
}
for plan in plans {
  let baseline = baselines[plan.id]![2020]!
  backlog(year: 2020, baseline: baseline, cleared: Int(Double(baseline) * rng.uniform(0.62...0.86)), &all[plan.id]!)
}
/// 2021: Xicheng at 88.13%, the pooled city figure 15.28 points lower, searched exactly.
@MainActor func clearance2021() -> [String: Int] {
  let target = SeedFigures.xichengClearanceRate2021 / 100
  // Xicheng's baseline, nudged so a whole number of cleared cases gives 88.13% closely.
  let start = baselines["bj-xicheng"]![2021]!
  let xichengBaseline = (start - 40...start + 40).min { a, b in
    abs((Double(a) * target).rounded() / Double(a) - target) < abs((Double(b) * target).rounded() / Double(b) - target)
  }!
  baselines["bj-xicheng"]![2021] = xichengBaseline
  var cleared = ["bj-xicheng": Int((Double(xichengBaseline) * target).rounded())]
  let others = plans.map(\.id).filter { $0 != "bj-xicheng" }
  for id in others.dropLast() {
    cleared[id] = Int(Double(baselines[id]![2021]!) * rng.uniform(0.62...0.8))
  }
  // The last court takes what makes the pooled rate exact.
  let cityTarget = (SeedFigures.xichengClearanceRate2021 - SeedFigures.xichengClearanceLead2021) / 100
  let total = plans.reduce(0) { $0 + baselines[$1.id]![2021]! }
  let last = others.last!
  cleared[last] = Int((cityTarget * Double(total)).rounded()) - cleared.values.reduce(0, +)
  return cleared
}
let cleared2021 = clearance2021()
for plan in plans {
  backlog(year: 2021, baseline: baselines[plan.id]![2021]!, cleared: cleared2021[plan.id]!, &all[plan.id]!)
}

// Casebook adoptions per year: Xicheng 32 in 2021, third among the basic courts.
let casebook2021: [String: Int] = [
  "bj-haidian": 41, "bj-chaoyang": 36, "bj-xicheng": SeedFigures.xichengCasebook2021, "bj-fengtai": 27,
  "bj-tongzhou": 24, "bj-changping": 19, "bj-daxing": 17, "bj-fangshan": 12, "bj-shijingshan": 9, "bj-mentougou": 5,
]
for plan in plans {
  let y2021 = casebook2021[plan.id]!
  let y2020 = max(2, Int(Double(y2021) * rng.uniform(0.7...1.05)))
  for (year, total) in [(2020, y2020), (2021, y2021)] {
    for (index, part) in split(total, weights: [0.2, 0.25, 0.25, 0.3]).enumerated() {
      set(&all[plan.id]!, "casebook_adoptions", .quarter(year, index + 1), Double(part))
    }
  }
}

// Information-work scores, yearly: Xicheng third in 2021.
let information2021: [String: Double] = [
  "bj-haidian": 97.6, "bj-chaoyang": 96.9, "bj-xicheng": 96.35, "bj-fengtai": 95.8, "bj-changping": 95.1,
  "bj-tongzhou": 94.7, "bj-daxing": 94.2, "bj-fangshan": 93.4, "bj-shijingshan": 92.85, "bj-mentougou": 91.9,
]
for plan in plans {
  set(&all[plan.id]!, "information_work_score", .year(2021), information2021[plan.id]!)
  set(&all[plan.id]!, "information_work_score", .year(2020), (rng.uniform(89...97) * 100).rounded() / 100)
}

// MARK: - Writing

let catalog = MetricCatalog.standard
let output = URL(
  fileURLWithPath: CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "bundles/workspaces")
try? FileManager.default.removeItem(at: output)
try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)

for plan in plans {
  var contents = WorkspaceWriter.Contents(
    court: Court(
      id: plan.id, name: plan.name, shortName: "\(plan.district)法院",
      englishName: "\(plan.english) District People's Court of Beijing", level: .basic, parent: coordinator,
      region: "\(plan.district)区"))
  var figures = all[plan.id]!
  var groupIndex = 0
  var memberTotal = 0
  for (branchIndex, branch) in plan.branches.enumerated() {
    let branchID = String(format: "b%02d", branchIndex + 1)
    let secretary = plan.id == "bj-xicheng" && branchIndex == 0 ? "郑杨" : personName(&rng)
    let branchMembers = rng.integer(9...28)
    memberTotal += branchMembers
    contents.branches.append(
      PartyBranch(
        id: branchID, name: branch.name, division: branch.division, secretary: secretary,
        memberCount: branchMembers, brand: branch.brand))
    for year in years {
      contents.branchRatings.append(BranchRating(branchID: branchID, year: year, stars: rng.integer(3...5)))
    }
    for groupName in branch.groups {
      groupIndex += 1
      let groupID = String(format: "g%02d", groupIndex)
      let kind: GroupKind =
        branch.division.contains("立案") || branch.division.contains("审判管理")
        ? .support : branch.division.contains("办公室") || branch.division.contains("政治部") ? .administrative : .trial
      let age = rng.integer(31...52)
      contents.groups.append(
        PartyGroup(
          id: groupID, branchID: branchID, name: groupName,
          team: groupName.replacingOccurrences(of: "党小组", with: "").replacingOccurrences(of: "小组", with: "") + "团队",
          kind: kind, leader: personName(&rng), leaderAge: age, leaderPartyYears: rng.integer(5...(age - 22)),
          leaderCourtYears: rng.integer(4...(age - 24)), memberCount: rng.integer(3...max(3, branchMembers / 2))))
      for quarter in quarters {
        contents.groupScores.append(
          GroupScore(
            groupID: groupID, period: quarter, basic: (rng.uniform(78...95) * 2).rounded() / 2,
            bonus: Double(rng.integer(0...16)) / 2, deduction: Double(rng.integer(0...8)) / 2))
      }
    }
  }
  // Members: the series ends at the branches' own total.
  let shift = Double(memberTotal) - figures["party_members"]![.quarter(2021, 4)]!
  for quarter in quarters { figures["party_members"]![quarter]! += shift }
  for quarter in quarters {
    var all = figures
    set(&all, "branch_count", quarter, Double(plan.branches.count))
    set(&all, "group_count", quarter, Double(groupIndex))
    for measure in catalog.measures {
      guard let value = all[measure.key]?[quarter] else { continue }
      contents.measures.append((quarter, measure.key, value))
    }
  }
  for year in years {
    contents.measures.append((.year(year), "information_work_score", figures["information_work_score"]![.year(year)]!))
  }
  let writer = WorkspaceWriter(language: plan.language, encoding: plan.encoding, workbook: plan.workbook)
  let folder = output.appendingPathComponent(plan.folder)
  try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
  for (name, data) in writer.files(for: contents, catalog: catalog) {
    try data.write(to: folder.appendingPathComponent(name))
  }
}

// Check the seed figures came out as printed, so a change here cannot silently break them.
let xichengRate = Double(cleared2021["bj-xicheng"]!) / Double(baselines["bj-xicheng"]![2021]!) * 100
let cityRate =
  Double(cleared2021.values.reduce(0, +)) / Double(plans.reduce(0) { $0 + baselines[$1.id]![2021]! }) * 100
func rounded(_ value: Double) -> String { String(format: "%.2f", value) }
guard rounded(xichengRate) == "88.13", rounded(cityRate) == "72.85", rounded(xichengRate - cityRate) == "15.28" else {
  FileHandle.standardError.write(
    Data("seed figures missed: Xicheng \(xichengRate), city \(cityRate), lead \(xichengRate - cityRate)\n".utf8))
  exit(1)
}
print(
  "Wrote \(plans.count) court workspaces to \(output.path): Xicheng 2021 backlog clearance \(rounded(xichengRate))%, "
    + "city \(rounded(cityRate))%, lead \(rounded(xichengRate - cityRate)) points.")
