import ArgumentParser
import CourtFedModel
import CourtFedStore
import Foundation

/// `courtfed upgrade --db FILE`: brings a database written by an older CourtFed up to date.
struct UpgradeCommand: ParsableCommand {
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

  func run() throws {
    let console = Console.standard
    let language = languageOption.language ?? .zh
    guard FileManager.default.fileExists(atPath: db) else {
      console.errorLine("courtfed upgrade: " + StoreError.missingFile(path: db).text.text(in: language))
      throw ExitCode(ExitStatus.failure)
    }
    do {
      _ = try CourtStore(url: URL(fileURLWithPath: db))
      _ = try StoreReader(url: URL(fileURLWithPath: db))
    } catch {
      console.errorLine("courtfed upgrade: " + error.text.text(in: language))
      throw ExitCode(ExitStatus.failure)
    }
    console.line(
      language == .zh
        ? "\(db) 已是最新(目录版本 \(MetricCatalog.standard.version))"
        : "\(db) is up to date (catalog \(MetricCatalog.standard.version))")
  }
}
