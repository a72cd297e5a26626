import CSQLiteSupport
import Foundation
import GRDBSQLite

/// Copies a merge's committed pages from the write-ahead log into the database file on a
/// thread of its own, with a connection of its own, while the merge goes on writing.
///
/// SQLite's automatic checkpoint copies them in the thread that commits, in the middle of a
/// merge, and waits there for the disk: at 3,500 courts a tenth of the monthly merge. A
/// passive checkpoint neither waits for the writer nor holds it up. Each commit asks for one
/// (`nudge`); the last is done before the thread stops, so a batch leaves nothing in the log
/// that a checkpoint could copy.
final class Checkpointer: @unchecked Sendable {  // Its state is guarded by `condition`.
  private let path: String
  private let condition = NSCondition()
  private var handle: OpaquePointer?
  private var nudged = false
  private var stopping = false
  private let finished = DispatchSemaphore(value: 0)

  init(path: String) { self.path = path }

  /// Opens the thread's connection (waiting up to five seconds while another connection
  /// holds the file) and starts the thread. False when the connection cannot be had: the
  /// store's own automatic checkpoint then copies the pages, as without this thread.
  func start() -> Bool {
    var handle: OpaquePointer?
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
      courtfed_sqlite_harden(UnsafeMutableRawPointer(handle)) == 0,
      sqlite3_busy_timeout(handle, 5_000) == SQLITE_OK,
      // A connection learns that the file is in WAL mode when it first reads it.
      sqlite3_exec(handle, "SELECT count(*) FROM sqlite_schema", nil, nil, nil) == SQLITE_OK
    else {
      sqlite3_close_v2(handle)
      return false
    }
    self.handle = handle
    let thread = Thread { [self] in
      defer { finished.signal() }
      run()
    }
    thread.name = "courtfed-checkpoint"
    thread.start()
    return true
  }

  /// Asks for a checkpoint: a transaction has committed.
  func nudge() {
    condition.lock()
    nudged = true
    condition.signal()
    condition.unlock()
  }

  /// Stops the thread once it has done the checkpoint asked for last, and waits for it.
  func stop() {
    condition.lock()
    let started = handle != nil
    stopping = true
    condition.signal()
    condition.unlock()
    if started { finished.wait() }
  }

  private func run() {
    defer { sqlite3_close_v2(handle) }
    while true {
      condition.lock()
      while !nudged && !stopping { condition.wait() }
      let checkpoint = nudged
      let stop = stopping
      nudged = false
      condition.unlock()
      // Asked for before the stop: done first, so the batch's last commit is copied too.
      if checkpoint { sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil) }
      if stop { return }
    }
  }
}
