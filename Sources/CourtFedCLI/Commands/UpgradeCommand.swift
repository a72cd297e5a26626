import ArgumentParser
import CourtFedModel
import CourtFedStore
import Foundation

/// `courtfed upgrade --db FILE`: brings a database written by an older CourtFed up to date.
struct UpgradeCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "upgrade",
    abstract: "Bring a database written by an older CourtFed up to date (migrations, catalog).",
    discussion: """
      `query`, `report` and `status` only read the database and never change it, so a file \
      written by an older CourtFed is refused by them until it is upgraded. `merge` upgrades \
      it too, as it writes. The upgrade runs in one transaction: it is wholly done or not at \
      all.

      Exit status 1 when the file cannot be upgraded (not a CourtFed database, read-only, \
      disk full).
      """)

  @Option(help: ArgumentHelp("The database file.", valueName: "file"))
  var db: String

  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }
  var defaultLanguage: Language { .zh }

  func run(in context: CommandContext) throws {
    let console = context.console
    let language = languageOption.language ?? .zh
    guard FileManager.default.fileExists(atPath: context.url(db).path) else { throw StoreError.missingFile(path: db) }
    _ = try CourtStore(url: context.url(db))
    _ = try StoreReader(url: context.url(db))
    console.line(
      language == .zh
        ? "\(db) 已是最新(目录版本 \(MetricCatalog.standard.version))"
        : "\(db) is up to date (catalog \(MetricCatalog.standard.version))")
  }
}
