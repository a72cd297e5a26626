import CourtFedModel

/// One column of a workspace table. Headers may use the English key or the Chinese name.
public struct WorkspaceColumn: Sendable, Hashable {
  /// The English header, also the key the column has in bundles and the database:
  /// `measure_key`.
  public let key: String
  package let nameZh: String
  /// Other headers accepted for this column.
  package let aliases: [String]
  package let isRequired: Bool
  package let description: LocalizedText

  /// The header in `language`.
  package func header(in language: Language) -> String {
    language == .zh ? nameZh : key
  }

  /// Whether `header` names this column (case, width and spacing folded).
  func matches(_ header: String) -> Bool {
    let folded = TextNormalization.fold(header)
    return ([key, nameZh] + aliases).contains { TextNormalization.fold($0) == folded }
  }
}

/// The CSV tables of a court workspace, each in its own file.
public enum WorkspaceTable: String, Sendable, CaseIterable {
  case measures
  case branches
  case groups
  case groupScores = "group_scores"
  case branchRatings = "branch_ratings"

  /// The file name inside the workspace folder.
  package var fileName: String { rawValue + ".csv" }

  /// The measures file is required; the party tables may be absent (a warning says so).
  package var isRequired: Bool { self == .measures }

  /// The table's sheet in a workbook: the Chinese name, or the English key.
  package var sheetName: LocalizedText {
    switch self {
    case .measures: LocalizedText(en: "measures", zh: "指标数据")
    case .branches: LocalizedText(en: "branches", zh: "党支部")
    case .groups: LocalizedText(en: "groups", zh: "党小组")
    case .groupScores: LocalizedText(en: "group_scores", zh: "党小组评分")
    case .branchRatings: LocalizedText(en: "branch_ratings", zh: "党支部星级")
    }
  }

  package var title: LocalizedText {
    switch self {
    case .measures: LocalizedText(en: "period measures", zh: "分期指标数据")
    case .branches: LocalizedText(en: "party branches", zh: "党支部")
    case .groups: LocalizedText(en: "party groups", zh: "党小组")
    case .groupScores: LocalizedText(en: "party group quarterly scores", zh: "党小组季度评分")
    case .branchRatings: LocalizedText(en: "party branch star ratings", zh: "党支部星级评定")
    }
  }

  /// The table's columns, in the order a written file has them.
  public var columns: [WorkspaceColumn] {
    func column(
      _ key: String, _ zh: String, _ aliases: [String] = [], required: Bool = true,
      _ en: String, _ zhDescription: String
    ) -> WorkspaceColumn {
      WorkspaceColumn(
        key: key, nameZh: zh, aliases: aliases, isRequired: required,
        description: LocalizedText(en: en, zh: zhDescription))
    }
    switch self {
    case .measures:
      return [
        column(
          "period", "期间", ["统计期间", "时间"], "2024, 2024H1, 2024Q3, 2024-06 or 2024年第三季度", "如 2024年第三季度、2024Q3、2024年6月"),
        column("measure", "指标", ["指标名称", "项目"], "a base measure's key or Chinese name", "基础指标的中文名称或英文键"),
        column("value", "数值", ["值", "数据"], "the figure: digits only, no % or units", "只写数字,不带%或单位"),
        column("note", "备注", ["说明"], required: false, "a remark, not exported", "备注,不导出"),
      ]
    case .branches:
      return [
        column("id", "编号", ["支部编号"], "a short id unique in the court, e.g. b01", "本院内唯一的编号,如 b01"),
        column("name", "名称", ["支部名称", "党支部"], "the branch name", "党支部名称"),
        column("division", "所在部门", ["部门"], "the division it sits on", "支部所在部门"),
        column("secretary", "书记", ["支部书记"], "the branch secretary", "支部书记姓名"),
        column("members", "党员人数", ["党员数"], "party members in the branch", "支部党员人数"),
        column("brand", "党建品牌", ["品牌"], required: false, "the branch's brand, if any", "党建品牌(如有)"),
      ]
    case .groups:
      return [
        column("id", "编号", ["小组编号"], "a short id unique in the court, e.g. g01", "本院内唯一的编号,如 g01"),
        column("branch", "所属支部", ["支部编号", "支部"], "the id of its branch in branches.csv", "所属党支部编号(见 branches.csv)"),
        column("name", "名称", ["小组名称", "党小组"], "the group name", "党小组名称"),
        column("team", "所在团队", ["团队", "审判团队"], "the team it sits on", "所在审判团队或工作组"),
        column("kind", "类别", ["类型"], "trial, administrative or support (审判执行, 综合行政, 审判辅助)", "审判执行、综合行政或审判辅助"),
        column("leader", "组长", ["党小组长"], "the group leader", "党小组长姓名"),
        column("leader_age", "组长年龄", [], "the leader's age", "组长年龄"),
        column("leader_party_years", "组长党龄", [], "years since the leader joined the party", "组长党龄(年)"),
        column("leader_court_years", "组长法院工作年限", ["组长入院年限"], "years the leader has worked in the courts", "组长进入法院系统年限"),
        column("members", "党员人数", ["党员数"], "party members in the group", "小组党员人数"),
      ]
    case .groupScores:
      return [
        column("group", "党小组", ["小组编号", "党小组编号"], "the group id from groups.csv", "党小组编号(见 groups.csv)"),
        column("period", "期间", ["季度"], "a quarter: 2024Q3 or 2024年第三季度", "季度,如 2024年第三季度"),
        column("basic", "基本项", ["基本分"], "basic items score", "基本项得分"),
        column("bonus", "加分项", ["加分"], "bonus items", "加分项得分"),
        column("deduction", "扣分项", ["扣分"], "deductions, as a positive number", "扣分项(写正数)"),
      ]
    case .branchRatings:
      return [
        column("branch", "党支部", ["支部编号"], "the branch id from branches.csv", "党支部编号(见 branches.csv)"),
        column("year", "年度", ["年份"], "the year rated: 2024", "评定年度,如 2024"),
        column("stars", "星级", ["星数"], "stars, 1 to 5", "星级,1至5"),
      ]
    }
  }
}
