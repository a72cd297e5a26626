import Foundation

/// What a run of the `courtfed` binary printed and how it ended.
package struct CommandResult: Sendable {
  package var stdout: String
  package var stderr: String
  package var exitCode: Int32
}

/// Runs the built `courtfed` binary as a user would, as argument-parser's
/// `AssertExecuteCommand` does.
package enum CommandRunner {
  /// Runs `courtfed` with `arguments`, with `NO_COLOR` set and standard input closed.
  package static func run(
    _ arguments: [String], environment: [String: String] = [:], currentDirectory: URL? = nil,
    executable: URL = ProjectPaths.courtfedBinary
  ) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    for (key, value) in environment { env[key] = value }
    process.environment = env
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }
    return try collect(process, input: nil)
  }

  /// Runs another program (`ssh-keygen`, `tar`, ...) found on the PATH, with optional input.
  package static func tool(
    _ name: String, _ arguments: [String], input: Data? = nil, in directory: URL? = nil
  ) throws -> CommandResult {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [name] + arguments
    if let directory { process.currentDirectoryURL = directory }
    return try collect(process, input: input)
  }

  /// Runs `process`, writing `input` to its standard input (or closing it) and reading its
  /// standard output and error at the same time, so neither pipe can fill and block the child.
  private static func collect(_ process: Process, input: Data?) throws -> CommandResult {
    let out = Pipe()
    let err = Pipe()
    let stdin = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = input == nil ? FileHandle.nullDevice : stdin
    try process.run()
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    DispatchQueue.global().async(group: group) { errData = err.fileHandleForReading.readDataToEndOfFile() }
    if let input {
      DispatchQueue.global().async(group: group) {
        stdin.fileHandleForWriting.write(input)
        try? stdin.fileHandleForWriting.close()
      }
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(
      stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
      exitCode: process.terminationStatus)
  }
}
