import CourtFedModel
import Foundation
import Testing

@testable import CourtFedBundle

/// Every bundle error says what is wrong in both languages: a clerk reads Chinese.
@Suite("Bundle errors in both languages")
struct ErrorTextTests {
  static let all: [BundleError] = [
    .keyFileExists(path: "k"), .keyFileUnreadable(path: "k", reason: "r"),
    .keyPermissionsTooOpen(path: "k", mode: 0o644),
    .keyMalformed(detail: "d"), .keyEncrypted, .signatureMalformed(detail: "d"),
    .signatureWrongNamespace(found: "a", expected: "b"), .signatureInvalid, .signerUnknown(fingerprint: "f"),
    .signerRevoked(fingerprint: "f"), .signerOutsideValidity(fingerprint: "f", window: "w"),
    .signerNamespaceNotAllowed(fingerprint: "f"), .signerWrongCourt(fingerprint: "f", trustedFor: ["a"], claimed: "b"),
    .bundleTooLarge(size: 2, limit: 1), .unreadable(path: "p", reason: "r"),
    .notARegularFile(path: "p", kind: "a folder"), .archive(.badChecksum(member: 0)),
    .archive(.notARegularFile(name: "n", type: "5")), .archive(.malformedHeader(member: 0, field: "size")),
    .archive(.truncated), .archive(.trailingData), .archive(.tooManyMembers(limit: 7)),
    .unexpectedMember(name: "n", expected: "e"), .missingMember(name: "n"),
    .memberTooLarge(name: "n", size: 2, limit: 1),
    .manifestSyntax(offset: 1, detail: "d"), .manifestNotCanonical, .manifestField(path: "p", problem: "q"),
    .unsupportedVersion(2), .createdInFuture(created: "c"), .manifestName(path: "p", problem: .empty),
    .catalogUnknown(found: "9", expected: "1"), .periodNotEnded(path: "p", period: .quarter(2026, 4), created: "c"),
    .sequenceTooLarge(2, limit: 1), .memberLength(name: "n", declared: 1, actual: 2), .memberHash(name: "n"),
    .decompression(name: "n", .largerThanDeclared(1)),
    .decompression(name: "n", .smallerThanDeclared(declared: 2, actual: 1)), .decompression(name: "n", .trailingData),
    .decompression(name: "n", .corrupt("c")), .decompression(name: "n", .largerThanPossible(declared: 9)),
    .row(member: "m", line: 1, problem: "p"), .limitExceeded(member: "m", what: "w", limit: 1),
    .rowName(member: "m", line: 1, field: "f", problem: .controlCharacter(0x1B)),
    .inexactNumber(member: "m", line: 1, field: "f", text: "t"),
    .validation(member: "m", line: 1, problem: LocalizedText(en: "e", zh: "中")),
    .trustFile(path: "p", line: 1, detail: "d"), .trustOperation("d"),
    .trustKeyForSeveralCourts(path: "p", line: 1, courts: ["a", "b"], firstLine: 1), .workspaceInvalid(errors: 1),
    .cannotWrite(path: "p", reason: "r"), .exportState(path: "p", detail: "d"),
  ]

  @Test("each case has an English and a Chinese message, and they differ")
  func bothLanguages() {
    for error in Self.all {
      #expect(!error.text.en.isEmpty && !error.text.zh.isEmpty, "\(error)")
      #expect(error.text.en != error.text.zh, "\(error)")
      #expect(error.text.en == error.message)
    }
    #expect(
      BundleError.periodNotEnded(
        path: "courtfed.periods[3]", period: .quarter(2026, 4), created: "2026-12-01T00:00:00Z"
      )
      .text.zh == "datapackage.json:courtfed.periods[3] 为2026年第四季度,生成数据包时(2026-12-01T00:00:00Z)该期间尚未结束;期间结束后才能填报")
  }
}
