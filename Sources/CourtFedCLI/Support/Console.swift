import CourtFedModel
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Where a command writes, and whether it may use colour. Commands take one so tests can
/// capture what they print.
package struct Console: Sendable {
  package var writeOut: @Sendable (String) -> Void
  package var writeError: @Sendable (String) -> Void
  /// Whether standard output is a terminal and colour is allowed (`NO_COLOR` unset).
  package var usesColor: Bool
  /// Whether standard error is a terminal (progress bars go there).
  package var isErrorTerminal: Bool

  package init(
    writeOut: @escaping @Sendable (String) -> Void, writeError: @escaping @Sendable (String) -> Void,
    usesColor: Bool, isErrorTerminal: Bool = false
  ) {
    self.writeOut = writeOut
    self.writeError = writeError
    self.usesColor = usesColor
    self.isErrorTerminal = isErrorTerminal
  }

  /// The process's own standard output and error.
  package static var standard: Console {
    let environment = ProcessInfo.processInfo.environment
    let colour = isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
    return Console(
      writeOut: { FileHandle.standardOutput.write(Data($0.utf8)) },
      writeError: { FileHandle.standardError.write(Data($0.utf8)) },
      usesColor: colour, isErrorTerminal: isatty(STDERR_FILENO) == 1 && environment["TERM"] != "dumb")
  }

  /// Prints a line to standard output.
  package func line(_ text: String = "") { writeOut(text + "\n") }

  /// `text` from outside (a file name, a name from a bundle, a message quoting either) with
  /// control and bidirectional characters shown as escapes (`\x1b`): it can neither move the
  /// cursor, clear the screen, set the window title, forge a line nor reverse what follows.
  package func safe(_ text: String) -> String { TerminalText.escaped(text) }

  /// Prints a line to standard error.
  package func errorLine(_ text: String) { writeError(text + "\n") }

  /// `text` in red, yellow, green or bold when colour is on; plain otherwise.
  package func styled(_ text: String, _ style: Style) -> String {
    usesColor ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
  }

  /// A terminal style; the raw value is its ANSI SGR code.
  package enum Style: String, Sendable {
    case red = "31"
    case yellow = "33"
    case green = "32"
    case bold = "1"
    case dim = "2"
  }
}

/// Exit codes, the same for every command: documented in `courtfed --help`.
package enum ExitStatus {
  /// The command did what was asked.
  package static let success: Int32 = 0
  /// The input has problems (a workspace with errors, a rejected bundle).
  package static let failure: Int32 = 1
  /// The command line itself is wrong.
  package static let usage: Int32 = 64
}

/// The clock commands use: now, or SOURCE_DATE_EPOCH (seconds since 1970) when it is set, for
/// reproducible exports and for checking a workspace as of a given day.
func currentTime() -> Date {
  if let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], let seconds = TimeInterval(epoch) {
    return Date(timeIntervalSince1970: seconds)
  }
  return Date()
}
