import Foundation
import GRDB
import GRDBSQLite

// SQLite's C API, where going through GRDB's values costs more than SQLite's own work: a
// merge writes millions of rows, and a nation's question reads tens of thousands.

/// Binds `text` to parameter `index` of a prepared statement, copied by SQLite. Through
/// `withUTF8`: passing a Swift string as a C string copies a short one to the heap first,
/// which a merge would do millions of times.
func bindText(_ handle: OpaquePointer?, _ index: Int32, _ text: String) {
  var text = text
  _ = text.withUTF8 { bytes in
    // An empty buffer may have no address, which SQLite would read as NULL.
    bytes.isEmpty
      ? sqlite3_bind_text(handle, index, "", 0, nil)
      : sqlite3_bind_text(
        handle, index, bytes.baseAddress, Int32(bytes.count), unsafeBitCast(-1, to: sqlite3_destructor_type.self))
  }
}

/// Runs `statement` with `texts` bound to its parameters in order, calling `row` with the
/// statement's handle for each row (read it with `sqlite3_column_…` and `columnText`), then
/// resets it.
func eachRow(
  of statement: Statement, in db: Database, binding texts: [String], _ row: (OpaquePointer?) throws -> Void
) throws {
  let handle = statement.sqliteStatement
  sqlite3_reset(handle)
  defer { sqlite3_reset(handle) }
  for (index, text) in texts.enumerated() { bindText(handle, Int32(index + 1), text) }
  var status = sqlite3_step(handle)
  while status == SQLITE_ROW {
    try row(handle)
    status = sqlite3_step(handle)
  }
  guard status == SQLITE_DONE else { throw stepError(status, statement, db) }
}

/// Runs a statement that returns no rows with `texts` bound to its parameters in order.
func run(_ statement: Statement, in db: Database, binding texts: [String]) throws {
  try eachRow(of: statement, in: db, binding: texts) { _ in }
}

/// The error of a step that returned `status`.
func stepError(_ status: Int32, _ statement: Statement, _ db: Database) -> DatabaseError {
  DatabaseError(
    resultCode: ResultCode(rawValue: status), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
    sql: statement.sql)
}

/// The bytes of text column `column` of the current row (valid until the next step); empty
/// for NULL.
func columnText(_ handle: OpaquePointer?, _ column: Int32) -> UnsafeBufferPointer<UInt8> {
  guard let start = sqlite3_column_text(handle, column) else { return UnsafeBufferPointer(start: nil, count: 0) }
  return UnsafeBufferPointer(start: start, count: Int(sqlite3_column_bytes(handle, column)))
}

/// Whether `text` is spelled by the UTF-8 `bytes`.
func spells(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
  var text = text
  return text.withUTF8 { own in
    own.count == bytes.count && (own.isEmpty || memcmp(own.baseAddress!, bytes.baseAddress!, own.count) == 0)
  }
}

/// Whether column `column` of the current row is the text `text` (NULL when `text` is nil).
func columnIs(_ handle: OpaquePointer?, _ column: Int32, _ text: String?) -> Bool {
  guard let text else { return sqlite3_column_type(handle, column) == SQLITE_NULL }
  return sqlite3_column_type(handle, column) == SQLITE_TEXT && spells(text, columnText(handle, column))
}

/// Whether column `column` of the current row is the integer `number`.
func columnIs(_ handle: OpaquePointer?, _ column: Int32, _ number: Int) -> Bool {
  sqlite3_column_type(handle, column) == SQLITE_INTEGER && sqlite3_column_int64(handle, column) == Int64(number)
}

/// Whether column `column` of the current row is the real number `number`.
func columnIs(_ handle: OpaquePointer?, _ column: Int32, _ number: Double) -> Bool {
  sqlite3_column_type(handle, column) == SQLITE_FLOAT && sqlite3_column_double(handle, column) == number
}

/// A fixed list of texts (a catalog's measure keys), found by the bytes of a column without
/// making a string of each row's.
struct TextKeys {
  /// The keys' UTF-8 bytes in byte order, each with its place in the list given.
  private let sorted: [(bytes: [UInt8], index: Int)]
  /// Each key's place in `sorted`, by its place in the list given.
  private let ranks: [Int]

  init(_ keys: [String]) {
    sorted = keys.enumerated().map { (Array($0.element.utf8), $0.offset) }.sorted {
      $0.bytes.lexicographicallyPrecedes($1.bytes)
    }
    var ranks = [Int](repeating: 0, count: keys.count)
    for (rank, key) in sorted.enumerated() { ranks[key.index] = rank }
    self.ranks = ranks
  }

  /// The place in byte order of the key at `index` of the list given.
  func rank(of index: Int) -> Int { ranks[index] }

  /// The place of the key spelled by `bytes` in the list given, or nil.
  func index(of bytes: UnsafeBufferPointer<UInt8>) -> Int? {
    var low = 0
    var high = sorted.count
    while low < high {
      let middle = (low + high) / 2
      let order = sorted[middle].bytes.withUnsafeBufferPointer { compare($0, bytes) }
      if order == 0 { return sorted[middle].index }
      if order < 0 { low = middle + 1 } else { high = middle }
    }
    return nil
  }

  /// The byte order of two texts: negative, zero or positive.
  private func compare(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Int {
    let common = min(left.count, right.count)
    if common > 0, let a = left.baseAddress, let b = right.baseAddress {
      let order = memcmp(a, b, common)
      if order != 0 { return Int(order) }
    }
    return left.count - right.count
  }
}
