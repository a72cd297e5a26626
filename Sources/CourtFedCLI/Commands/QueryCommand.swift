import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedReport
import CourtFedStore
import Foundation

/// The formats `query` writes: the query module's, and HTML from the report module.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
  case table, csv, md, json, html
}

/// `courtfed query [QUERY] --db FILE`.
struct QueryCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "query",
    abstract: "Ask the database a question, in English or Chinese.",
    discussion: """
      Examples:
        courtfed query "information work top 3" --db city.sqlite
        courtfed query "结案率 对比 全市平均" --db city.sqlite
        courtfed query "clearance rate vs average in 2021" --db city.sqlite --format csv
        courtfed query "平均审理天数 同比" --db city.sqlite

      Rankings (top 3, 前三, bottom 3, 后三名, rank by ...) follow the metric's direction: top \
      by average days means the fewest days. Ties share a rank (1, 2, 2, 4) and are all shown. \
      Versus the average uses the pooled city figure for rates (Σ numerators / Σ denominators) \
      unless you ask for the mean (vs mean, 各院平均); the output says which. With no period, \
      the latest complete one is used and named. `help` lists more examples; `show metrics` \
      the metrics. With no query on a terminal, an interactive prompt opens; with standard \
      input from a file or a pipe (courtfed query --db city.sqlite < questions.txt), each line \
      is a question, answered in turn under a line naming it.

      Every format carries a classification line (default 内部资料 / internal: rankings are \
      internal documents) and, above the table, the period, the metric's unit and direction, \
      the city figure used, the courts missing, the date of the data and the bundles it came \
      from. --format csv --excel writes a file Excel and WPS open correctly; --format html a \
      self-contained page with a bar chart, printable on A4.

      Exit status 1 when the query (or any question read from standard input) has an error; the \
      error points at the words concerned.
      """)

  @Argument(help: "The query; omit it for an interactive prompt.")
  var query: String?

  @OptionGroup var reading: ReadingOptions

  @Option(help: "Output format: table, csv, md, json or html.")
  var format: OutputFormat = .table

  @Flag(help: "CSV for Excel and WPS: UTF-8 with a byte-order mark (implies --format csv).")
  var excel = false

  @Option(help: ArgumentHelp("The line above every table; \"\" for none.", valueName: "text"))
  var classification = ResultFormatter.internalUse

  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }
  var defaultLanguage: Language { query.map(Language.of) ?? .zh }

  @Flag(help: "Print the SQL statement and its bindings too.")
  var explain = false

  func run(in context: CommandContext) throws {
    let console = context.console
    let engine: QueryEngine
    engine = try reading.engine(trustStore: try reading.trustStore(in: context), in: context)
    if let query {
      if !answer(query, engine: engine, console: console) { throw ExitCode(ExitStatus.failure) }
      return
    }
    guard context.inputIsTerminal else {
      try batch(engine: engine, in: context)
      return
    }
    console.line(
      "CourtFed query. Type a question (help for examples, Tab completes metric names, ↑ recalls; "
        + "an empty line or Ctrl-D quits).")
    let editor = isatty(STDOUT_FILENO) == 1 ? LineEditor(candidates: Self.completions(engine.catalog)) : nil
    while true {
      let line: String?
      if let editor {
        line = editor.readLine(prompt: "> ")
      } else {
        console.writeOut("> ")
        line = context.readLine()
      }
      guard let line, !line.trimmingCharacters(in: .whitespaces).isEmpty else { break }
      _ = answer(line, engine: engine, console: console)
      console.line()
    }
  }

  /// Standard input is a file or a pipe: one question per line, each answered as on a
  /// terminal under a line naming it (`==> 结案率 前三 <==`); blank lines and lines starting
  /// with `#` are skipped. Exit status 1 when any question failed, after answering the rest.
  private func batch(engine: QueryEngine, in context: CommandContext) throws {
    let console = context.console
    var asked = 0
    var failed: [Int] = []
    var number = 0
    while let line = context.readLine() {
      number += 1
      let question = line.trimmingCharacters(in: .whitespacesAndNewlines)
      guard !question.isEmpty, !question.hasPrefix("#") else { continue }
      if asked > 0 { console.line() }
      asked += 1
      console.line("==> \(console.safe(question)) <==")
      if !answer(question, engine: engine, console: console) { failed.append(number) }
    }
    guard asked > 0 else {
      console.errorLine(
        "courtfed query: give a query, e.g. courtfed query \"information work top 3\" --db \(reading.db), "
          + "or one question per line on standard input")
      throw ExitCode(ExitStatus.usage)
    }
    guard failed.isEmpty else {
      let lines = failed.map(String.init)
      let language = context.language(or: .zh)
      console.errorLine(
        language == .zh
          ? "\(asked)个问题中有\(failed.count)个未能回答(第\(lines.joined(separator: "、"))行)"
          : "\(failed.count) of \(asked) questions failed (line\(failed.count == 1 ? "" : "s") \(lines.joined(separator: ", ")))"
      )
      throw ExitCode(ExitStatus.failure)
    }
  }

  /// What Tab completes: metric names and aliases in both languages, and query words.
  static func completions(_ catalog: MetricCatalog) -> [String] {
    let metrics: [String] = catalog.metrics.flatMap(\.names)
    let words = [
      "top", "bottom", "rank by", "vs average", "vs mean", "above average", "below average", "yoy", "qoq",
      "biggest improvement", "groups", "five-star branches", "show metrics", "show courts", "show periods", "help",
      "outside range", "health check", "health check summary", "不达标", "体检表", "体检 汇总",
      "by year", "by quarter", "trend", "last year", "last quarter", "first half", "ytd", "历年", "各季度", "趋势", "去年",
      "上季度", "上半年", "前三季度", "哪些法院",
      "前三", "前五", "前十", "后三名", "排名", "对比", "全市平均", "各院平均", "高于平均", "同比", "环比", "党小组", "五星级党支部",
    ]
    return Array(Set(metrics + words)).sorted()
  }

  /// Answers one query, printing the result or the error; returns whether it succeeded.
  private func answer(_ text: String, engine: QueryEngine, console: Console) -> Bool {
    do {
      let result = try engine.answer(text)
      let formatter = ResultFormatter(
        language: languageOption.language ?? result.language, useColor: console.usesColor,
        classification: classification, excel: excel)
      let format = excel ? .csv : format
      switch format {
      case .html: console.writeOut(ResultHTML(formatter: formatter).document(result))
      case .table: console.writeOut(formatter.table(result) + "\n")
      default: console.writeOut(formatter.format(result, as: ResultFormat(rawValue: format.rawValue)!))
      }
      if explain {
        for statement in result.statements {
          // One line of bindings per run of the statement.
          let runs = statement.runs.map { "bindings: " + $0.joined(separator: ", ") }
          console.line("\nSQL:\n\(statement.sql)\n" + runs.joined(separator: "\n"))
        }
      }
      return true
    } catch {
      console.errorLine(error.rendered(in: languageOption.language ?? Language.of(text)))
      return false
    }
  }
}
