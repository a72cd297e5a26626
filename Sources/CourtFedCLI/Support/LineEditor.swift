import CourtFedModel
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A key as the line editor sees it.
enum EditorKey: Equatable {
  case text(String)
  case enter, backspace, delete, left, right, up, down, home, end, tab, endOfInput, clearLine, interrupt
}

/// The line being edited, with history and completion, kept apart from the terminal so it
/// can be tested: `feed` a key, get what to do.
struct LineEditorState {
  enum Action: Equatable {
    /// Redraw the line.
    case redraw
    /// The line is done.
    case submit(String)
    /// Input ended (Ctrl-D on an empty line).
    case end
    /// Show these completions under the line, then redraw.
    case list([String])
  }

  private(set) var buffer: [Character] = []
  private(set) var cursor = 0
  var history: [String]
  private var historyIndex: Int
  private var draft: [Character] = []
  let candidates: [String]
  private var lastWasTab = false

  init(history: [String] = [], candidates: [String]) {
    self.history = history
    historyIndex = history.count
    self.candidates = candidates
  }

  var text: String { String(buffer) }
  /// Display columns between the cursor and the end of the line.
  var columnsAfterCursor: Int { DisplayWidth.of(String(buffer[cursor...])) }

  mutating func feed(_ key: EditorKey) -> Action {
    let wasTab = lastWasTab
    lastWasTab = key == .tab
    switch key {
    case .text(let text):
      let characters = Array(text.filter { !$0.isNewline && $0 != "\t" })
      buffer.insert(contentsOf: characters, at: cursor)
      cursor += characters.count
    case .enter:
      let line = text
      if !line.trimmingCharacters(in: .whitespaces).isEmpty, history.last != line { history.append(line) }
      historyIndex = history.count
      buffer = []
      cursor = 0
      return .submit(line)
    case .backspace:
      guard cursor > 0 else { return .redraw }
      buffer.remove(at: cursor - 1)
      cursor -= 1
    case .delete:
      if cursor < buffer.count { buffer.remove(at: cursor) }
    case .left: cursor = max(0, cursor - 1)
    case .right: cursor = min(buffer.count, cursor + 1)
    case .home: cursor = 0
    case .end: cursor = buffer.count
    case .clearLine:
      buffer.removeSubrange(0..<cursor)
      cursor = 0
    case .up:
      guard historyIndex > 0 else { return .redraw }
      if historyIndex == history.count { draft = buffer }
      historyIndex -= 1
      buffer = Array(history[historyIndex])
      cursor = buffer.count
    case .down:
      guard historyIndex < history.count else { return .redraw }
      historyIndex += 1
      buffer = historyIndex == history.count ? draft : Array(history[historyIndex])
      cursor = buffer.count
    case .interrupt:
      // Ctrl-C: drop the line; on an empty line, leave.
      if buffer.isEmpty { return .end }
      buffer = []
      cursor = 0
      historyIndex = history.count
    case .endOfInput:
      if buffer.isEmpty { return .end }
      if cursor < buffer.count { buffer.remove(at: cursor) }
    case .tab:
      return complete(listing: wasTab)
    }
    return .redraw
  }

  /// Completes the word before the cursor from the candidates: the longest common part of
  /// every match; on a second Tab, the matches are listed.
  private mutating func complete(listing: Bool) -> Action {
    let before = String(buffer[..<cursor])
    // The word being typed: after the last space, or (Chinese has no spaces) the longest
    // tail that begins some candidate.
    let lastWord = before.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
    var prefix = lastWord
    var matches = candidates.filter { $0.lowercased().hasPrefix(prefix.lowercased()) && $0.count > prefix.count }
    // A multi-word English name ("clearance ra…") spans spaces: try the longer tails too.
    if !before.isEmpty {
      let words = before.split(separator: " ", omittingEmptySubsequences: false)
      for start in 0..<max(0, words.count - 1) {
        let tail = words[start...].joined(separator: " ")
        let found = candidates.filter { $0.lowercased().hasPrefix(tail.lowercased()) && $0.count > tail.count }
        if !found.isEmpty, !tail.isEmpty {
          prefix = tail
          matches = found
          break
        }
      }
    }
    guard !prefix.isEmpty, !matches.isEmpty else { return .redraw }
    if matches.count == 1 {
      let rest = Array(matches[0].dropFirst(prefix.count)) + [" "]
      buffer.insert(contentsOf: rest, at: cursor)
      cursor += rest.count
      return .redraw
    }
    let common = matches.dropFirst().reduce(Array(matches[0])) { common, match in
      Array(zip(common, match).prefix { $0.lowercased() == $1.lowercased() }.map(\.0))
    }
    if common.count > prefix.count {
      let rest = Array(common.dropFirst(prefix.count))
      buffer.insert(contentsOf: rest, at: cursor)
      cursor += rest.count
      return .redraw
    }
    return listing ? .list(matches.sorted()) : .redraw
  }
}

/// An interactive line editor on the terminal: arrows move and recall history (kept in
/// ~/.courtfed_history), Tab completes metric names and query words, Ctrl-D or Ctrl-C on an
/// empty line ends. No package for this is on the machine (linenoise, libedit bindings), and
/// the part that matters, CJK input and display widths, is what `LineEditorState` tests.
final class LineEditor {
  private var state: LineEditorState
  private let historyURL: URL?
  private var lastSaved: String?

  init(candidates: [String]) {
    let home = ProcessInfo.processInfo.environment["HOME"].map { URL(fileURLWithPath: $0) }
    historyURL = home?.appendingPathComponent(".courtfed_history")
    let saved =
      historyURL.flatMap { try? String(contentsOf: $0, encoding: .utf8) }?.split(separator: "\n").map(String.init) ?? []
    state = LineEditorState(history: Array(saved.suffix(500)), candidates: candidates)
    lastSaved = saved.last
  }

  /// Reads one line after `prompt`; nil at the end of input.
  func readLine(prompt: String) -> String? {
    var original = termios()
    guard tcgetattr(STDIN_FILENO, &original) == 0 else { return Swift.readLine() }
    var raw = original
    // Ctrl-C arrives as a key, so the terminal is always restored.
    raw.c_lflag &= ~tcflag_t(ICANON | ECHO | ISIG)
    raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &raw)
    defer { tcsetattr(STDIN_FILENO, TCSAFLUSH, &original) }
    write(prompt)
    while let key = readKey() {
      switch state.feed(key) {
      case .redraw:
        redraw(prompt)
      case .submit(let line):
        write("\n")
        // Saved as the in-memory history keeps it: a line repeated at once is kept once.
        if let historyURL, !line.trimmingCharacters(in: .whitespaces).isEmpty, line != lastSaved {
          lastSaved = line
          if let handle = try? FileHandle(forWritingTo: historyURL) {
            handle.seekToEndOfFile()
            handle.write(Data((line + "\n").utf8))
            try? handle.close()
          } else {
            try? Data((line + "\n").utf8).write(to: historyURL)
          }
        }
        return line
      case .end:
        write("\n")
        return nil
      case .list(let matches):
        write("\n" + matches.joined(separator: "  ") + "\n")
        redraw(prompt)
      }
    }
    return nil
  }

  private func redraw(_ prompt: String) {
    var text = "\r" + prompt + state.text + "\u{1B}[K"
    let back = state.columnsAfterCursor
    if back > 0 { text += "\u{1B}[\(back)D" }
    write(text)
  }

  private func write(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
  }

  private func byte() -> UInt8? {
    var value: UInt8 = 0
    return read(STDIN_FILENO, &value, 1) == 1 ? value : nil
  }

  /// One key from the terminal: a UTF-8 character, a control key or an escape sequence.
  private func readKey() -> EditorKey? {
    guard let first = byte() else { return .endOfInput }
    switch first {
    case 0x0D, 0x0A: return .enter
    case 0x7F, 0x08: return .backspace
    case 0x09: return .tab
    case 0x04: return .endOfInput
    case 0x03: return .interrupt
    case 0x01: return .home
    case 0x05: return .end
    case 0x15: return .clearLine
    case 0x1B:
      guard let second = byte(), second == 0x5B || second == 0x4F, let third = byte() else { return .text("") }
      switch third {
      case 0x41: return .up
      case 0x42: return .down
      case 0x43: return .right
      case 0x44: return .left
      case 0x48: return .home
      case 0x46: return .end
      case 0x33:
        _ = byte()  // "~"
        return .delete
      default: return .text("")
      }
    default:
      // A UTF-8 sequence: its length comes from the first byte.
      let length = first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : first >= 0xC0 ? 2 : 1
      var bytes = [first]
      for _ in 1..<length { if let next = byte() { bytes.append(next) } }
      guard first >= 0x20 || length > 1 else { return .text("") }
      return .text(String(decoding: bytes, as: UTF8.self))
    }
  }
}
