import CSQLiteSupport
import Foundation
import GRDBSQLite

/// Copies a merge's committed pages from the write-ahead log into the database file on a
/// thread of its own, with a connection of its own, while the merge goes on writing.
///
/// SQLite's automatic checkpoint copies them in the thread that commits, in the middle of a
/// merge, and waits there for the disk: at 3,500 courts a tenth of the monthly merge. A
/// passive checkpoint neither waits for the writer nor holds it up; what it has not copied
/// when the merge ends, closing the store copies.
final class Checkpointer: @unchecked Sendable {  // Its state is guarded by `condition`.
  private let path: String
  private let condition = NSCondition()
  private var nudged = false
  private var stopping = false
  private var running = false
  private let finished = DispatchSemaphore(value: 0)

  init(path: String) { self.path = path }

  /// Starts the thread, which waits for `nudge`.
  func start() {
    condition.lock()
    running = true
    condition.unlock()
    let thread = Thread { [self] in
      defer { finished.signal() }
      run()
    }
    thread.name = "courtfed-checkpoint"
    thread.start()
  }

  /// Asks for a checkpoint: a transaction has committed.
  func nudge() {
    condition.lock()
    nudged = true
    condition.signal()
    condition.unlock()
  }

  /// Stops the thread once the checkpoint under way (if any) is done.
  func stop() {
    condition.lock()
    let wasRunning = running
    running = false
    stopping = true
    condition.signal()
    condition.unlock()
    if wasRunning { finished.wait() }
  }

  private func run() {
    var handle: OpaquePointer?
    defer { sqlite3_close_v2(handle) }
    // Without a connection (the file cannot be opened for writing), the store's own
    // automatic checkpoint still copies the pages.
    guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK,
      courtfed_sqlite_harden(UnsafeMutableRawPointer(handle)) == 0,
      // A connection learns that the file is in WAL mode when it first reads it.
      sqlite3_exec(handle, "SELECT count(*) FROM sqlite_schema", nil, nil, nil) == SQLITE_OK
    else { return }
    while true {
      condition.lock()
      while !nudged && !stopping { condition.wait() }
      let stop = stopping
      nudged = false
      condition.unlock()
      if stop { return }
      sqlite3_wal_checkpoint_v2(handle, nil, SQLITE_CHECKPOINT_PASSIVE, nil, nil)
    }
  }
}
