import GRDBSQLite

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
