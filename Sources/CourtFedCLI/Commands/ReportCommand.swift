import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedReport
import CourtFedStore
import Foundation

/// `courtfed report SPEC --db FILE --out FILE.html|.md`.
struct ReportCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "report",
    abstract: "Build a meeting pack (HTML or Markdown) from a spec of titled queries.",
    discussion: """
      The spec is a small TOML file (Specs/report-spec.md; a sample: bundles/report.toml):

        title = "2021年度审判质效排名通报"
        date = "2022-01-20"
        period = "2021"                 # used by every query that names no period
        classification = "内部资料 / internal"

        [[section]]
        heading = "结案率"
        query = "结案率 排名"

      The pack has a cover (title, date, how many courts reported and who is missing), one \
      section per query with its table, provenance and bar chart, and a closing note on the \
      sources: every court's bundles and the fingerprints of their signers. HTML is one \
      self-contained file, printable on A4; .md gives the tables without charts.
      """)

  @Argument(help: ArgumentHelp("The report spec (TOML).", valueName: "spec"))
  var spec: String

  @OptionGroup var reading: ReadingOptions

  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }
  var defaultLanguage: Language { .zh }

  @Option(help: ArgumentHelp("Where to write the pack: a .html or .md file.", valueName: "file"))
  var out: String

  func run(in context: CommandContext) throws {
    let console = context.console
    let isMarkdown = out.lowercased().hasSuffix(".md")
    guard isMarkdown || out.lowercased().hasSuffix(".html") || out.lowercased().hasSuffix(".htm") else {
      console.errorLine("courtfed report: --out must end in .html or .md (got \(out))")
      throw ExitCode(ExitStatus.usage)
    }
    do {
      let text = try String(contentsOf: context.url(spec), encoding: .utf8)
      let parsed = try ReportSpec(parsing: text, file: spec)
      let trustStore = try reading.trustStore(in: context)
      let members = trustStore?.entries.flatMap(\.courts) ?? []
      let specRanges = parsed.ranges.map {
        context.url(spec).deletingLastPathComponent().appendingPathComponent($0)
      }
      let pack = try MeetingPack(
        spec: parsed, engine: try reading.engine(trustStore: trustStore, in: context, rangesFromSpec: specRanges),
        members: members, file: spec)
      let document = isMarkdown ? pack.markdown() : pack.html()
      let target = context.url(out)
      // Written whole, then moved into place: a failed run never leaves half a pack.
      let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial")
      try Data(document.utf8).write(to: temporary)
      _ = try? FileManager.default.removeItem(at: target)
      try FileManager.default.moveItem(at: temporary, to: target)
      console.line(
        "wrote \(out): \(pack.sections.count) sections; \(pack.cover.reported) of \(pack.cover.courts) courts reported"
          + (pack.cover.missing.isEmpty ? "" : " (missing: \(pack.cover.missing.joined(separator: ", ")))"))
    } catch let error as ReportSpecError {
      // `file:line:column: error:` starts the line, as compilers print it.
      console.errorLine(console.safe(error.text.text(in: context.language(or: defaultLanguage))))
      throw ExitCode(ExitStatus.failure)
    } catch let error as MeetingPackError {
      console.errorLine(console.safe(error.text.text(in: context.language(or: defaultLanguage))))
      throw ExitCode(ExitStatus.failure)
    } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
      throw CommandError.cannotRead(path: spec)
    }
  }
}
