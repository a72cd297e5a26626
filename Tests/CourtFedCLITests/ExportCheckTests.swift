import CourtFedBundle
import CourtFedModel
import CourtFedWorkspace
import Foundation
import Testing

@testable import CourtFedCLI

/// `export` applies the verifier's limits to the bundle it makes, before writing anything
/// (issue 16: a 400,000-character court name passed validate and export, and every
/// coordinator then refused the bundle).
@Suite("export checks its bundle as a coordinator would")
struct ExportCheckTests {
  static func key() throws -> CourtSigningKey {
    try CourtSigningKey(seed: Data(repeating: 7, count: 32), comment: "TEST KEY")
  }

  static func bundle(name: String) throws -> ExportedBundle {
    var workspace = Workspace(
      directory: URL(fileURLWithPath: "/nonexistent"),
      court: Court(id: "bj-test", name: name, shortName: "测试法院", level: .basic), language: .zh)
    workspace.measures = [
      Located(MeasureValue(period: .quarter(2021, 4), measure: "cases_new", value: 3000), at: SourceLocation(file: "x"))
    ]
    return BundleWriter.make(workspace, key: try key(), state: nil, now: Date(timeIntervalSince1970: 1_650_000_000))
  }

  @Test("a bundle a coordinator accepts passes")
  func accepted() throws {
    let now = Date(timeIntervalSince1970: 1_650_000_000)
    let bundle = try Self.bundle(name: "北京市测试区人民法院")
    #expect(ExportCommand.coordinatorRefusal(bundle, court: "bj-test", key: try Self.key(), now: now) == nil)
  }

  @Test("a court name that makes the manifest larger than a coordinator reads is refused before writing")
  func hugeName() throws {
    let now = Date(timeIntervalSince1970: 1_650_000_000)
    let refusal = ExportCommand.coordinatorRefusal(
      try Self.bundle(name: String(repeating: "很", count: 400_000)), court: "bj-test", key: try Self.key(), now: now)
    // The name alone is 1,200,000 bytes of UTF-8; the verifier reads a manifest of at most 1 MiB.
    guard case .memberTooLarge(let name, let size, let limit) = refusal else {
      Issue.record("expected the manifest to be refused, got \(String(describing: refusal))")
      return
    }
    #expect(name == "datapackage.json" && size > 1_200_000 && limit == 1 << 20)
    let message = ExportCommand.ExportFailure.wouldBeRefused(.memberTooLarge(name: name, size: size, limit: limit))
    #expect(message.text.en.hasPrefix("a coordinator would refuse this bundle: datapackage.json is"))
    #expect(message.text.en.hasSuffix("; nothing was written"))
  }
}
