import ArgumentParser
import CourtFedModel

extension Language: ExpressibleByArgument {}

/// The `--lang` flag shared by the commands that print messages.
struct LanguageOption: ParsableArguments {
  @Option(
    name: .customLong("lang"),
    help: ArgumentHelp("Language of messages and headers: zh or en.", valueName: "zh|en"))
  var language: Language?
}
