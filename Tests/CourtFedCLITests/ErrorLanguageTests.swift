import CourtFedBundle
import CourtFedModel
import CourtFedQuery
import CourtFedReport
import CourtFedStore
import CourtFedWorkspace
import Foundation
import Testing

@testable import CourtFedCLI

/// Every message a person reads, in both languages: each error case of each module is built
/// here and must say something in English and in Chinese, and not the same thing. The switches
/// name every case without a `default`, so a new case does not compile until it is listed.
/// (Bundle errors have their own walk in `CourtFedBundleTests/ErrorTextTests`.)
@Suite("Every error case of every module in both languages")
struct ErrorLanguageTests {
  static func storeCase(_ error: StoreError) -> String {
    switch error {
    case .cannotOpen: "cannotOpen"
    case .notACourtFedDatabase: "notACourtFedDatabase"
    case .diskFull: "diskFull"
    case .readOnly: "readOnly"
    case .cannotRecord: "cannotRecord"
    case .missingFile: "missingFile"
    case .notAFile: "notAFile"
    case .needsUpgrade: "needsUpgrade"
    case .busy: "busy"
    case .corrupt: "corrupt"
    case .rollback: "rollback"
    case .equivocation: "equivocation"
    case .gap: "gap"
    case .brokenChain: "brokenChain"
    case .renamed: "renamed"
    case .nameTaken: "nameTaken"
    case .database: "database"
    }
  }

  static let store: [StoreError] = [
    .cannotOpen(path: "p", reason: .noSuchFile), .notACourtFedDatabase(path: "p", reason: .otherApplication),
    .diskFull(path: "p"),
    .readOnly(path: "p"), .cannotRecord(path: "p", reason: .system(errno: EIO)), .missingFile(path: "p"),
    .notAFile(path: "p"),
    .needsUpgrade(path: "p"), .busy(path: "p"), .corrupt(path: "p"), .rollback(court: "c", sequence: 1, last: 2),
    .equivocation(court: "c", sequence: 1, merged: "a", received: "b"), .gap(court: "c", missing: 2...3),
    .brokenChain(court: "c", sequence: 2, expected: "a", found: nil),
    .renamed(court: "c", changes: [NameChange(field: "short_name", old: "a", new: "b")]),
    .nameTaken(court: "c", field: "short_name", name: "n", owner: "o"), .database(.notMerged),
  ]

  static func openFailureCase(_ reason: StoreError.OpenFailure) -> String {
    switch reason {
    case .noSuchFile: "noSuchFile"
    case .notReadable: "notReadable"
    case .unexpected(.error): "unexpected(error)"
    case .unexpected(.sqlite): "unexpected(sqlite)"
    }
  }

  static let openFailures: [StoreError.OpenFailure] = [
    .noSuchFile, .notReadable, .unexpected(.error(type: "DecodingError")), .unexpected(.sqlite(resultCode: 14)),
  ]

  static func notADatabaseCase(_ reason: StoreError.NotADatabase) -> String {
    switch reason {
    case .notSQLite(nil): "notSQLite"
    case .notSQLite(.some): "notSQLite(cause)"
    case .noTables: "noTables"
    case .otherApplication: "otherApplication"
    case .unexpected: "unexpected"
    }
  }

  static let notADatabase: [StoreError.NotADatabase] = [
    .notSQLite(nil), .notSQLite(.sqlite(resultCode: 26)), .noTables, .otherApplication,
    .unexpected(.error(type: "DecodingError")),
  ]

  static func recordFailureCase(_ reason: StoreError.RecordFailure) -> String {
    switch reason {
    case .notJSON: "notJSON"
    case .system: "system"
    }
  }

  static let recordFailures: [StoreError.RecordFailure] = [.notJSON, .system(errno: EIO)]

  static func databaseFailureCase(_ failure: StoreError.DatabaseFailure) -> String {
    switch failure {
    case .notMerged: "notMerged"
    case .batchWriteFailed: "batchWriteFailed"
    case .batchCommitFailed: "batchCommitFailed"
    case .reading: "reading"
    case .unexpected: "unexpected"
    }
  }

  static let databaseFailures: [StoreError.DatabaseFailure] = [
    .notMerged, .batchWriteFailed(.sqlite(resultCode: 10)), .batchCommitFailed(.sqlite(resultCode: 10)),
    .reading(path: "/p", .error(type: "DecodingError")), .unexpected(.sqlite(resultCode: 1)),
  ]

  static func workspaceCase(_ error: WorkspaceWriteError) -> String {
    switch error {
    case .directoryNotEmpty: "directoryNotEmpty"
    case .invalidCourtID: "invalidCourtID"
    case .cannotWrite: "cannotWrite"
    }
  }

  static let workspace: [WorkspaceWriteError] = [
    .directoryNotEmpty("d"), .invalidCourtID("X"), .cannotWrite(path: "p", reason: "r"),
  ]

  static func commandCase(_ error: CommandError) -> String {
    switch error {
    case .noBundles: "noBundles"
    case .noSuchPath: "noSuchPath"
    case .notADemoFolder: "notADemoFolder"
    case .sampleInvalid: "sampleInvalid"
    case .demoRejected: "demoRejected"
    case .inBundle: "inBundle"
    case .cannotRead: "cannotRead"
    }
  }

  static let command: [CommandError] = [
    .noBundles(paths: ["p"]), .noSuchPath("p"), .notADemoFolder("p"), .sampleInvalid(folder: "f", samples: "s"),
    .demoRejected("d"), .inBundle(path: "p", .signatureInvalid), .cannotRead(path: "p"),
  ]

  static func modelCase(_ error: ModelError) -> String {
    switch error {
    case .invalidPeriod: "invalidPeriod"
    case .invalidCatalog: "invalidCatalog"
    }
  }

  static let model: [ModelError] = [.invalidPeriod("2021Q9"), .invalidCatalog("c")]

  static let export: [ExportCommand.ExportFailure] = [.bundle(.keyEncrypted), .wouldBeRefused(.signatureInvalid)]

  /// Both texts said, different, and the Chinese one in Chinese.
  func check(_ text: LocalizedText, _ name: String) {
    #expect(!text.en.isEmpty && !text.zh.isEmpty, "\(name)")
    #expect(text.en != text.zh, "\(name): the same text in both languages: \(text.en)")
    #expect(text.zh.unicodeScalars.contains { $0.properties.isIdeographic }, "\(name): no Chinese in \(text.zh)")
  }

  @Test("store, workspace, command, model and export errors: every case listed, both languages")
  func everyCase() {
    #expect(Set(Self.store.map(Self.storeCase)).count == 17)
    #expect(Set(Self.workspace.map(Self.workspaceCase)).count == 3)
    #expect(Set(Self.command.map(Self.commandCase)).count == 7)
    #expect(Set(Self.model.map(Self.modelCase)).count == 2)
    for error in Self.store { check(error.text, Self.storeCase(error)) }
    // Each typed reason: both texts, and the error's Chinese message carries the Chinese one only.
    func walk<Reason>(
      _ reasons: [Reason], _ name: (Reason) -> String, count: Int, text: (Reason) -> LocalizedText,
      error: (Reason) -> StoreError
    ) {
      #expect(Set(reasons.map(name)).count == count)
      for reason in reasons {
        check(text(reason), name(reason))
        let message = error(reason).text
        check(message, name(reason))
        #expect(message.zh.contains(text(reason).zh), "\(name(reason)): \(message.zh)")
        #expect(
          !message.zh.contains(text(reason).en), "\(name(reason)): English inside the Chinese text: \(message.zh)")
      }
    }
    walk(
      Self.openFailures, { "cannotOpen(\(Self.openFailureCase($0)))" }, count: 4, text: \.text,
      error: { .cannotOpen(path: "/p", reason: $0) })
    walk(
      Self.notADatabase, { "notACourtFedDatabase(\(Self.notADatabaseCase($0)))" }, count: 5, text: \.text,
      error: { .notACourtFedDatabase(path: "/p", reason: $0) })
    walk(
      Self.recordFailures, { "cannotRecord(\(Self.recordFailureCase($0)))" }, count: 2, text: \.text,
      error: { .cannotRecord(path: "/p", reason: $0) })
    walk(
      Self.databaseFailures, { "database(\(Self.databaseFailureCase($0)))" }, count: 5, text: \.text,
      error: { .database($0) })
    for error in Self.workspace { check(error.text, Self.workspaceCase(error)) }
    for error in Self.command { check(error.text, Self.commandCase(error)) }
    for error in Self.model { check(error.text, Self.modelCase(error)) }
    for error in Self.export { check(error.text, "\(error)") }
    check(QueryError.store(.busy(path: "p")).text, "QueryError.store")
  }

  @Test("report spec and meeting pack errors name the file and line in both languages")
  func reportErrors() {
    for spec in [
      "title = \"t\"\n", "title = \"t\"\nperiod = \"2021Q9\"\n", "title = 3\n", "[[section]]\nheading = 1\n",
    ] {
      do {
        _ = try ReportSpec(parsing: spec, file: "r.toml")
        Issue.record("the spec \(spec) was accepted")
      } catch {
        check(error.text, spec)
        #expect(error.text.en.hasPrefix("r.toml:") && error.text.zh.hasPrefix("r.toml:"))
      }
    }
  }
}
