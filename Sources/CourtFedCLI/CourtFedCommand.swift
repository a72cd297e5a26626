import ArgumentParser

/// The root command: `courtfed SUBCOMMAND`.
package struct CourtFedCommand: ParsableCommand {
  package static let configuration = CommandConfiguration(
    commandName: "courtfed",
    abstract: "Court figures from basic courts to the intermediate court: checked, signed, merged, ranked.",
    discussion: """
      A basic court keeps its figures in a workspace folder of CSV files that Excel or WPS can \
      edit (init, validate) and sends one signed bundle (keygen, export). The intermediate \
      court trusts the courts' keys (trust), verifies and merges bundles into one database \
      (verify, merge, status) and asks it questions in English or Chinese (query). The \
      catalog of measures and indicators is shown by `catalog`; `demo` runs it all on the \
      sample courts.

      Start a workspace and check it:
        courtfed init xicheng --court bj-xicheng --name 北京市西城区人民法院 --parent bj-sample-intermediate
        courtfed validate xicheng
      At the intermediate court:
        courtfed merge inbox/ --db city.sqlite --trust allowed_signers
        courtfed query "信息工作 前三" --db city.sqlite

      Exit codes: 0 success (warnings allowed); 1 the input has errors; 64 the command line is wrong.
      Set NO_COLOR to turn colour off.
      """,
    version: "0.1.0",
    subcommands: [
      InitCommand.self, ValidateCommand.self, CatalogCommand.self, KeygenCommand.self, ExportCommand.self,
      VerifyCommand.self, InspectCommand.self, TrustCommand.self, MergeCommand.self, StatusCommand.self,
      QueryCommand.self, ReportCommand.self, UpgradeCommand.self, DemoCommand.self,
    ]
  )

  package init() {}
}
