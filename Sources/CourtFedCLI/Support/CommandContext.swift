import ArgumentParser
import CourtFedModel
import Foundation

/// What a command runs with: where it writes, what time it is, which language it speaks and
/// which folder relative paths start from. The executable passes the process's own; tests
/// pass their own and run every command in-process (swiftly's `SwiftlyCommand.run(_ ctx:)`).
package struct CommandContext: Sendable {
  /// Standard output and error, and whether colour is on.
  package var console: Console
  /// The clock: now, or `SOURCE_DATE_EPOCH` for reproducible runs.
  package var now: @Sendable () -> Date
  /// The language `--lang` chose, or `COURTFED_LANG`; nil lets each command decide (the
  /// workspace's language, the question's).
  package var language: Language?
  /// The folder relative paths are read from.
  package var currentDirectory: URL
  /// Whether standard input is a terminal (interactive queries) or a file or pipe.
  package var inputIsTerminal: Bool
  /// Reads one line of standard input; nil at its end.
  package var readLine: @Sendable () -> String?

  package init(
    console: Console, now: @escaping @Sendable () -> Date, language: Language? = nil, currentDirectory: URL,
    inputIsTerminal: Bool = false, readLine: @escaping @Sendable () -> String? = { nil }
  ) {
    self.console = console
    self.now = now
    self.language = language
    self.currentDirectory = currentDirectory
    self.inputIsTerminal = inputIsTerminal
    self.readLine = readLine
  }

  /// The process's own streams, clock, folder and environment.
  package static var standard: CommandContext {
    let environment = ProcessInfo.processInfo.environment
    return CommandContext(
      console: .standard, now: currentTime, language: environment["COURTFED_LANG"].flatMap(Language.init(rawValue:)),
      currentDirectory: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
      inputIsTerminal: isatty(STDIN_FILENO) == 1, readLine: { Swift.readLine() })
  }

  /// `path` as given on the command line, from the current folder.
  package func url(_ path: String) -> URL {
    // Appended rather than resolved `relativeTo:`, which drops the folder's last component
    // when its URL lacks the trailing slash.
    let url =
      path.hasPrefix("/") ? URL(fileURLWithPath: path) : currentDirectory.appendingPathComponent(path)
    return url.standardizedFileURL
  }

  /// The language for a message: the one chosen, else `fallback`.
  package func language(or fallback: Language) -> Language { language ?? fallback }
}

/// An error to say in the language a command found while running (its workspace's), unless
/// `--lang` chose one.
struct ErrorInLanguage: Error {
  var error: any ExplainedError
  var language: Language
}

/// A subcommand that runs with a context. Errors a person reads are thrown, as any
/// `ExplainedError`, and printed in one place (`CourtFedCommand.run(_:in:)`); `ExitCode`
/// ends the command with that status once the command has said why itself.
protocol ContextCommand: ParsableCommand {
  /// The language of `--lang`, for commands that have the flag.
  var chosenLanguage: Language? { get }
  /// The language of errors when none was chosen.
  var defaultLanguage: Language { get }
  /// What a message starts with: `courtfed verify:`, `courtfed trust list:`.
  static var messagePrefix: String { get }
  /// Runs the command in `context`.
  func run(in context: CommandContext) throws
}

extension ContextCommand {
  var chosenLanguage: Language? { nil }
  var defaultLanguage: Language { .en }

  static var messagePrefix: String { "courtfed \(_commandName)" }

  /// The process's entry point: runs in the standard context.
  func run() throws {
    let status = CourtFedCommand.execute(self, in: .standard)
    if status != ExitStatus.success { throw ExitCode(status) }
  }
}

extension CourtFedCommand {
  /// Parses `arguments` (without the program name) and runs the command they name in
  /// `context`, returning the exit status: 0 success, 1 the input has errors, 64 the command
  /// line is wrong. Help, the version and completion scripts go to standard output.
  package static func run(_ arguments: [String], in context: CommandContext) -> Int32 {
    do {
      var command = try parseAsRoot(arguments)
      if let command = command as? any ContextCommand { return execute(command, in: context) }
      // `courtfed help COMMAND` and the root on its own: the parser's own commands, which
      // end by throwing what to print.
      try command.run()
      return ExitStatus.success
    } catch {
      return said(error, in: context)
    }
  }

  /// Prints what the parser threw (help, the version, a usage error) and returns its status:
  /// 0 for what was asked for, 64 for a wrong command line.
  private static func said(_ error: any Error, in context: CommandContext) -> Int32 {
    let status = exitCode(for: error).rawValue
    let message = fullMessage(for: error)
    if status == ExitStatus.success {
      context.console.line(message)
      return status
    }
    context.console.errorLine(message)
    return ExitStatus.usage
  }

  /// Runs `command` in `context`, printing a thrown error's message in the chosen language:
  /// the one place errors become text and exit statuses.
  static func execute(_ command: some ContextCommand, in context: CommandContext) -> Int32 {
    var context = context
    if let chosen = command.chosenLanguage { context.language = chosen }
    let console = context.console
    let prefix = type(of: command).messagePrefix
    do {
      try command.run(in: context)
      return ExitStatus.success
    } catch let exit as ExitCode {
      return exit.rawValue
    } catch let said as ErrorInLanguage {
      let language = context.language(or: said.language)
      console.errorLine("\(prefix): \(console.safe(said.error.text.text(in: language)))")
      return ExitStatus.failure
    } catch let error as ExplainedError {
      let language = context.language(or: command.defaultLanguage)
      // A message of several lines (every problem of a ranges file) keeps its lines; each is
      // escaped on its own.
      let lines = error.text.text(in: language).split(separator: "\n", omittingEmptySubsequences: false)
      console.errorLine("\(prefix): " + lines.map { console.safe(String($0)) }.joined(separator: "\n"))
      return ExitStatus.failure
    } catch let error as ValidationError {
      console.errorLine("\(prefix): \(console.safe(error.message))")
      return ExitStatus.usage
    } catch {
      // Never a Swift description: say what kind of thing failed and that it is a bug to report.
      let language = context.language(or: command.defaultLanguage)
      console.errorLine(
        "\(prefix): "
          + (language == .zh
            ? "内部错误(\(type(of: error)));请将此消息和所用命令报告给维护人员"
            : "internal error (\(type(of: error))); please report this message and the command to the maintainers"))
      return ExitStatus.failure
    }
  }
}
