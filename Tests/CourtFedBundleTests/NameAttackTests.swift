import CourtFedModel
import Foundation
import Testing

@testable import CourtFedBundle

/// Issue 16, "hostile text in names": names reach every terminal, table and meeting pack, so
/// `verify` refuses a name with a control character, a bidirectional override or isolate, a
/// line break, an invisible character, surrounding spaces, too many characters or a
/// decomposed spelling, naming the field. The code points come from Unicode's tables (ESC is
/// U+001B, RLO U+202E, ...), not from the code under test.
@Suite("Hostile bundles: names")
struct NameAttackTests {
  func refusal(_ data: Data) -> String? {
    do {
      _ = try BundleForge.verifier().verify(data)
      return nil
    } catch {
      return error.message
    }
  }

  static let hostile: [(String, String)] = [
    ("西城\u{1B}[2J法院", "has the control character U+001B"),
    ("西城\u{07}法院", "has the control character U+0007"),
    ("西城\u{9B}31m法院", "has the control character U+009B"),
    ("西城\u{7F}法院", "has the control character U+007F"),
    ("西城\u{202E}院法", "has the text-direction control U+202E, which reverses the text around it"),
    ("西城\u{2067}法院\u{2069}", "has the text-direction control U+2067, which reverses the text around it"),
    ("西城\u{200F}法院", "has the text-direction control U+200F, which reverses the text around it"),
    ("西城\r\n法院", "has a line break (U+000D)"),
    ("西城\n法院", "has a line break (U+000A)"),
    ("西城\u{2028}法院", "has a line break (U+2028)"),
    ("西城\u{200B}法院", "has the invisible character U+200B"),
    ("西城\u{FEFF}法院", "has the invisible character U+FEFF"),
    (" 西城法院", "starts or ends with a space"),
    ("西城法院\u{3000}", "starts or ends with a space"),
    ("", "is empty"),
    ("   ", "is empty"),
    ("Cafe\u{301} court", "is not in Unicode's composed form (NFC); retype it"),
  ]

  @Test("hostile short names are refused, naming the field", arguments: hostile)
  func shortNames(name: String, problem: String) {
    var forge = BundleForge()
    forge.set(["courtfed", "court", "short_name"], .string(name))
    #expect(
      refusal(forge.bundle())
        == "datapackage.json: courtfed.court.short_name \(problem); correct it in the court's court.toml and export again"
    )
  }

  @Test(
    "the full name, English name and region are checked too; a 100 KB name is refused",
    arguments: ["name", "english_name", "region"])
  func courtFields(field: String) {
    var forge = BundleForge()
    forge.set(["courtfed", "court", field], .string("北京\u{1B}]0;owned\u{07}"))
    #expect(refusal(forge.bundle())?.hasPrefix("datapackage.json: courtfed.court.\(field) has the control") == true)
    forge.set(["courtfed", "court", field], .string(String(repeating: "法", count: 100_000)))
    #expect(
      refusal(forge.bundle())
        == "datapackage.json: courtfed.court.\(field) is longer than 100 characters; correct it in the court's court.toml and export again"
    )
    forge.set(["courtfed", "court", field], .string(String(repeating: "法", count: 100)))
    #expect(refusal(forge.bundle()) == nil)
  }

  @Test("a short name of 33 characters is refused; 32 are fine")
  func shortNameLength() {
    var forge = BundleForge()
    forge.set(["courtfed", "court", "short_name"], .string(String(repeating: "院", count: 33)))
    #expect(refusal(forge.bundle())?.contains("is longer than 32 characters") == true)
    forge.set(["courtfed", "court", "short_name"], .string(String(repeating: "院", count: 32)))
    #expect(refusal(forge.bundle()) == nil)
  }

  @Test("a parent that is not a court id")
  func parent() {
    var forge = BundleForge()
    forge.set(["courtfed", "court", "parent"], .string("bj-inter\u{1B}[2J"))
    #expect(refusal(forge.bundle()) == "datapackage.json: courtfed.court.parent is not a valid court id")
  }

  static let branchHeader = "court,id,name,division,secretary,members,brand\r\n"
  static let groupHeader =
    "court,id,branch,name,team,kind,leader,leader_age,leader_party_years,leader_court_years,members\r\n"

  /// The bundle with its party tables replaced: one branch b01 and one group g01, no scores
  /// or ratings.
  func party(branch: String, group: String) -> Data {
    var forge = BundleForge()
    forge.replace(.branches, csv: Self.branchHeader + branch + "\r\n")
    forge.replace(.groups, csv: Self.groupHeader + group + "\r\n")
    forge.replace(.groupScores, csv: "court,group,period,basic,bonus,deduction\r\n")
    forge.replace(.branchRatings, csv: "court,branch,year,stars\r\n")
    return forge.bundle()
  }

  static let goodBranch = "bj-xicheng,b01,审管办党支部,审判管理办公室,郑杨,14,审思研微"
  static let goodGroup = "bj-xicheng,g01,b01,审管小组,审判管理组,support,张明,38,15,12,7"

  @Test("the party tables as given are accepted")
  func goodParty() {
    #expect(refusal(party(branch: Self.goodBranch, group: Self.goodGroup)) == nil)
  }

  @Test(
    "hostile names in branches and groups: member and leader names, group names, ids",
    arguments: [
      (
        "bj-xicheng,b01,审管办党支部,审判管理办公室,郑\u{1B}[2J杨,14,", goodGroup,
        "data/branches.csv.gz line 2: secretary has the control character U+001B"
      ),
      (
        "bj-xicheng,b01,\"审管办\r\n党支部\",审判管理办公室,郑杨,14,", goodGroup,
        "data/branches.csv.gz line 2: name has a line break (U+000D)"
      ),
      (
        "bj-xicheng,b01,审管办党支部,审判管理办公室,郑杨,14,品牌\u{202E}", goodGroup,
        "data/branches.csv.gz line 2: brand has the text-direction control U+202E, which reverses the text around it"
      ),
      (
        "bj-xicheng,b\u{07}01,审管办党支部,审判管理办公室,郑杨,14,", goodGroup,
        "data/branches.csv.gz line 2: id has the control character U+0007"
      ),
      (
        goodBranch, "bj-xicheng,g01,b01,审管\u{202E}小组,审判管理组,support,张明,38,15,12,7",
        "data/groups.csv.gz line 2: name has the text-direction control U+202E, which reverses the text around it"
      ),
      (
        goodBranch, "bj-xicheng,g01,b01,审管小组,审判管理组,support,张\u{1B}]0;x\u{07}明,38,15,12,7",
        "data/groups.csv.gz line 2: leader has the control character U+001B"
      ),
      (
        goodBranch, "bj-xicheng,g01,b01,审管小组,审判\u{200D}管理组,support,张明,38,15,12,7",
        "data/groups.csv.gz line 2: team has the invisible character U+200D"
      ),
      (
        goodBranch, "bj-xicheng,g01,b01,审管小组,审判管理组,support,\(String(repeating: "张", count: 101)),38,15,12,7",
        "data/groups.csv.gz line 2: leader is longer than 100 characters"
      ),
    ])
  func partyNames(branch: String, group: String, problem: String) {
    #expect(refusal(party(branch: branch, group: group)) == problem)
  }

  @Test("a group score naming a group whose id has an escape")
  func scoreGroup() {
    var forge = BundleForge()
    forge.replace(
      .groupScores, csv: "court,group,period,basic,bonus,deduction\r\nbj-xicheng,g0\u{1B}1,2021Q1,80,1,0\r\n")
    #expect(refusal(forge.bundle()) == "data/group_scores.csv.gz line 2: group has the control character U+001B")
  }
}
