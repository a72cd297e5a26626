import Foundation
import Testing

/// The sample federation in bundles/workspaces is what the generator makes, byte for byte.
@Suite("Sample generator")
struct SampleGeneratorTests {
  @Test("the generator makes the committed files byte for byte")
  func regenerates() throws {
    let output = ToolsPaths.temporaryDirectory("samples")
    defer { try? FileManager.default.removeItem(at: output) }
    let run = try ToolsPaths.run(try ToolsPaths.binary("generate-samples"), [output.path])
    #expect(run.code == 0, "\(run.stderr)")
    let manager = FileManager.default
    let committed = try manager.contentsOfDirectory(atPath: ToolsPaths.sampleWorkspaces.path).sorted()
    #expect(try manager.contentsOfDirectory(atPath: output.path).sorted() == committed)
    #expect(committed.count == 10)
    for folder in committed {
      let files = try manager.contentsOfDirectory(atPath: output.appendingPathComponent(folder).path).sorted()
      let kept = try manager.contentsOfDirectory(
        atPath: ToolsPaths.sampleWorkspaces.appendingPathComponent(folder).path
      ).sorted()
      #expect(files == kept, "\(folder)")
      for file in files {
        let made = try Data(contentsOf: output.appendingPathComponent(folder).appendingPathComponent(file))
        let kept = try Data(
          contentsOf: ToolsPaths.sampleWorkspaces.appendingPathComponent(folder).appendingPathComponent(file))
        #expect(
          made == kept,
          "\(folder)/\(file) differs: run `swift run --package-path tools generate-samples bundles/workspaces` and commit"
        )
      }
    }
  }
}
