/// What a party group's team does; the seeds count groups in trial and enforcement,
/// administrative and support departments separately.
public enum GroupKind: String, Sendable, CaseIterable, Codable {
  case trial
  case administrative
  case support

  /// The name in `language`.
  package func name(in language: Language) -> String {
    switch (self, language) {
    case (.trial, .en): "trial and enforcement"
    case (.administrative, .en): "administrative"
    case (.support, .en): "trial support"
    case (.trial, .zh): "审判执行"
    case (.administrative, .zh): "综合行政"
    case (.support, .zh): "审判辅助"
    }
  }

  /// Reads the English keys and the Chinese names.
  package init?(parsing text: String) {
    switch TextNormalization.fold(text) {
    case "trial", "trial and enforcement", "enforcement", "审判执行", "审执", "审判", "执行": self = .trial
    case "administrative", "admin", "综合行政", "行政", "综合": self = .administrative
    case "support", "trial support", "审判辅助", "辅助": self = .support
    default: return nil
    }
  }
}

/// A party group (党小组), set up on a trial team ("党小组建在团队上").
public struct PartyGroup: Hashable, Sendable, Codable {
  /// The id, unique within the court: `g01`.
  package var id: String
  /// The id of the branch the group belongs to.
  package var branchID: String
  /// The name: 速裁攻坚党小组.
  package var name: String
  /// The trial team or working group it sits on.
  package var team: String
  package var kind: GroupKind
  /// The group leader (党小组长).
  package var leader: String
  package var leaderAge: Int
  /// Years since the leader joined the party (党龄).
  package var leaderPartyYears: Int
  /// Years the leader has worked in the courts.
  package var leaderCourtYears: Int
  package var memberCount: Int

  /// The leader's age, party years and court years a group may give, and its members.
  package static let leaderAgeRange = 18...80
  package static let leaderPartyYearsRange = 0...70
  package static let leaderCourtYearsRange = 0...60
  package static let memberRange = 0...10_000

  /// A group as a workspace row gives it; nothing is checked here (the workspace loader checks
  /// ids, ranges and the branch).
  public init(
    id: String, branchID: String, name: String, team: String, kind: GroupKind, leader: String,
    leaderAge: Int, leaderPartyYears: Int, leaderCourtYears: Int, memberCount: Int
  ) {
    self.id = id
    self.branchID = branchID
    self.name = name
    self.team = team
    self.kind = kind
    self.leader = leader
    self.leaderAge = leaderAge
    self.leaderPartyYears = leaderPartyYears
    self.leaderCourtYears = leaderCourtYears
    self.memberCount = memberCount
  }
}

/// A party group's score for one quarter, kept as its three parts: basic items (基本项) plus
/// bonus items (加分项) minus deductions (扣分项).
public struct GroupScore: Hashable, Sendable, Codable {
  package var groupID: String
  /// A quarter.
  package var period: Period
  package var basic: Double
  package var bonus: Double
  package var deduction: Double

  /// A score for the group `groupID` in `period`, a quarter; nothing is checked here (the
  /// workspace loader checks the period and the ranges).
  public init(groupID: String, period: Period, basic: Double, bonus: Double, deduction: Double) {
    self.groupID = groupID
    self.period = period
    self.basic = basic
    self.bonus = bonus
    self.deduction = deduction
  }

  /// The total: basic + bonus − deduction. Derived, never stored.
  package var total: Double { basic + bonus - deduction }
}
