import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedReport
import CourtFedStore
import Foundation

/// `courtfed status --db FILE`: who reported what, and what was rejected.
struct StatusCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "status",
    abstract: "Show reporting completeness per court and period, and rejected bundles.",
    discussion: """
      Member courts are the courts in the trust store, plus any court that has sent a \
      bundle. Each cell shows the bundle that reported the period (#3), a figure built from \
      its parts (Q1-Q4 from quarters), or — when missing; a figure built from incomplete \
      parts is marked with * and must not be read as the whole period. By default the latest \
      two years are shown; --all shows every period.
      """)

  @Option(help: ArgumentHelp("The database file.", valueName: "file"))
  var db: String

  @OptionGroup var trust: TrustOption

  @Flag(help: "Show every period, not only the latest two years.")
  var all = false

  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }
  var defaultLanguage: Language { .zh }

  func run(in context: CommandContext) throws {
    let console = context.console
    let completeness: Completeness
    let reader = try StoreReader(url: context.url(db))
    let members = (try? TrustStore.load(trust.url(in: context)))?.entries.flatMap(\.courts) ?? []
    completeness = try reader.completeness(members: members)
    let lastYear = completeness.periods.map(\.year).max() ?? 0
    let periods = completeness.periods.filter { all || $0.year >= lastYear - 1 }.filter { $0.kind >= .quarter }
    var table = TerminalTable(headers: ["court"] + periods.map(\.description))
    for court in completeness.courts {
      // Names from bundles are shown escaped, whatever an older database may hold.
      let name = console.safe(completeness.names[court].map { "\($0) \(court)" } ?? court)
      table.rows.append(
        [name]
          + periods.map { period in
            switch completeness.cells[court]?[period] ?? .missing {
            case .reported(let sequence): "#\(sequence)"
            case .derived(let parts, let complete):
              complete ? "\(parts.first!.kind == .quarter ? "Q" : "M")1-\(parts.count)" : "\(parts.count) parts*"
            case .missing: "—"
            }
          })
    }
    console.line(table.render())
    console.line()
    for period in periods {
      let reported = completeness.reported(period)
      let missing = completeness.courts.filter { !reported.contains($0) }
      var line = "\(period): \(reported.count) of \(completeness.courts.count) courts"
      if !missing.isEmpty { line += "; missing \(missing.joined(separator: ", "))" }
      console.line(console.safe(line))
    }
    // A trust store that cannot be read is said so (its courts are then missing above).
    do {
      _ = try TrustStore.load(trust.url(in: context))
    } catch {
      let text = LocalizedText(
        en: "\(error.text.en); showing only the courts that sent bundles", zh: "\(error.text.zh);仅列出已报送数据包的法院")
      console.errorLine("\(Self.messagePrefix): \(console.safe(text.text(in: context.language(or: defaultLanguage))))")
    }
    // Accepted renames, read without changing the file.
    let renames = (try? CourtStore(url: context.url(db), readOnly: true).renames()) ?? []
    if !renames.isEmpty {
      console.line()
      console.line("Renamed courts (merged with --accept-rename):")
      for rename in renames {
        console.line(
          console.safe("  \(rename.time)  \(rename.court) #\(rename.sequence)  \(rename.change.description)"))
      }
    }
    let rejections = RejectionLog(database: context.url(db)).all()
    console.line()
    console.line(rejections.isEmpty ? "No rejected bundles." : "Rejected bundles (\(rejections.count)):")
    for rejection in rejections.suffix(20) {
      let who = rejection.court.map { "\($0) #\(rejection.sequence.map(String.init) ?? "?")" } ?? "unknown court"
      console.line(
        console.safe("  \(rejection.time)  \(rejection.file)  \(who)  [\(rejection.kind.rawValue)] \(rejection.reason)")
      )
    }
  }
}
