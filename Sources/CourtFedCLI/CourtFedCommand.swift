import ArgumentParser

/// The root command: `courtfed SUBCOMMAND`.
public struct CourtFedCommand: ParsableCommand {
  public static let configuration = CommandConfiguration(
    commandName: "courtfed",
    abstract: "Court figures from basic courts to the intermediate court: checked, signed, merged, ranked.",
    discussion: """
      A basic court keeps its figures in a workspace folder of CSV files that Excel or WPS can \
      edit (`init`, `validate`). The catalog of measures and indicators those files use is \
      shown by `catalog`.

      Start a workspace and check it:
        courtfed init xicheng --court bj-xicheng --name 北京市西城区人民法院 --parent bj-sample-intermediate
        courtfed validate xicheng

      Exit codes: 0 success (warnings allowed); 1 the input has errors; 64 the command line is wrong.
      Set NO_COLOR to turn colour off.
      """,
    version: "0.1.0",
    subcommands: [
      InitCommand.self, ValidateCommand.self, CatalogCommand.self, KeygenCommand.self, ExportCommand.self,
      VerifyCommand.self, InspectCommand.self, TrustCommand.self, MergeCommand.self, StatusCommand.self,
    ]
  )

  public init() {}
}
