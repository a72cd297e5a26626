import Foundation

/// A one-line progress bar on standard error, redrawn in place: shown only on a terminal
/// and only for long work, so logs and pipes get plain lines.
struct ProgressBar {
  let total: Int
  let label: String
  let enabled: Bool
  private let start = Date()
  private(set) var done = 0

  init(total: Int, label: String, console: Console, minimum: Int = 5) {
    self.total = total
    self.label = label
    enabled = console.isErrorTerminal && total >= minimum
  }

  mutating func advance(console: Console) {
    done += 1
    draw(console)
  }

  func draw(_ console: Console) {
    guard enabled else { return }
    let width = 30
    let filled = total == 0 ? width : width * done / total
    let elapsed = max(Date().timeIntervalSince(start), 0.001)
    let rate = Double(done) / elapsed
    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
    console.writeError("\r[\(bar)] \(done)/\(total) \(label), \(String(format: "%.1f", rate))/s ")
  }

  /// Clears the bar so a normal line can be printed.
  func clear(_ console: Console) {
    guard enabled else { return }
    console.writeError("\r\u{1B}[K")
  }
}
