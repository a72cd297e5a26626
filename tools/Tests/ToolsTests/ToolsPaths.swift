import Foundation

/// Paths for the tools' tests, found from this file's own path: the repository's root, the
/// sample workspaces, and the executables this package built next to the test bundle.
enum ToolsPaths {
  /// The repository's root folder (tools/Tests/ToolsTests/ToolsPaths.swift is four levels down).
  static let root: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // ToolsTests
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()  // tools
    .deletingLastPathComponent()

  static var sampleWorkspaces: URL { root.appendingPathComponent("bundles/workspaces") }

  /// An executable of the tools package: the build folder holding the test bundle.
  static func binary(_ name: String) throws -> URL {
    var url = Bundle.main.bundleURL
    while url.path != "/" {
      let candidate = url.appendingPathComponent(name)
      if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
      url = url.deletingLastPathComponent()
    }
    throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: name])
  }

  /// A new empty folder under the system's temporary folder.
  static func temporaryDirectory(_ name: String) -> URL {
    let url = FileManager.default.temporaryDirectory
      .appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }

  /// Runs a program (the sqlite3 tool, a built executable) and returns its exit code and
  /// what it printed on standard output and standard error.
  static func run(_ executable: URL, _ arguments: [String]) throws -> (code: Int32, stdout: String, stderr: String) {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // stderr on its own thread, so neither pipe can fill up while the other is read.
    nonisolated(unsafe) var errData = Data()
    let errReader = Thread { errData = err.fileHandleForReading.readDataToEndOfFile() }
    errReader.start()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while !errReader.isFinished { usleep(1000) }
    return (
      process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self)
    )
  }

  /// The sqlite3 tool's answer to one statement over a database file.
  static func sqlite(_ database: URL, _ sql: String) throws -> String {
    let result = try run(URL(fileURLWithPath: "/usr/bin/env"), ["sqlite3", "-readonly", database.path, sql])
    return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
  }
}
