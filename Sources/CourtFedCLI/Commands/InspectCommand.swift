import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedReport
import Foundation

/// `courtfed inspect BUNDLE`.
struct InspectCommand: ContextCommand {
  static let configuration = CommandConfiguration(
    commandName: "inspect",
    abstract: "Show a bundle's manifest and signer without a trust store (never trusted).",
    discussion: "For a look before trusting: use `courtfed verify` to decide whether to believe it.")

  @Argument(help: "The bundle file.")
  var bundle: String

  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }

  func run(in context: CommandContext) throws {
    let console = context.console
    let inspection: BundleInspection
    do {
      // Size and kind checked before reading, as verify does.
      let data = try BundleFile.read(context.url(bundle), limit: BundleLimits().bundleBytes)
      inspection = try BundleInspection(data)
    } catch {
      throw CommandError.inBundle(path: bundle, error)
    }
    let manifest = inspection.manifest
    let court = manifest.court
    let warning = LocalizedText(
      en: "NOT VERIFIED: inspect consults no trust store; run `courtfed verify` to trust a bundle.",
      zh: "未经验证:inspect 不查信任库;要信任数据包请运行 `courtfed verify`。")
    console.line(console.styled(warning.text(in: context.language(or: defaultLanguage)), .yellow))
    var table = TerminalTable(headers: ["", ""])
    table.rows = [
      [
        "court",
        "\(court.name) \(court.shortName) (\(court.id)), \(court.level.rawValue), reports to \(court.parent ?? "-")",
      ],
      [
        "sequence",
        "\(manifest.sequence), previous manifest \(manifest.previousManifestSHA256 ?? "none (first bundle)")",
      ],
      ["created", manifest.created],
      ["periods", manifest.periods.map(\.description).joined(separator: " ")],
      [
        "score quarters",
        manifest.scoreQuarters.map {
          $0.isEmpty ? "none (scores unchanged)" : $0.map(\.description).joined(separator: " ")
        }
          ?? "all (the scores whole)",
      ],
      ["catalog", manifest.catalogVersion],
      [
        "signer",
        "\(inspection.signerFingerprint) (signature \(inspection.signatureMatches ? "matches the manifest" : "DOES NOT match the manifest"))",
      ],
      ["manifest", "sha256 \(inspection.manifestSHA256)"],
    ]
    for resource in manifest.resources {
      table.rows.append([
        resource.table.rawValue,
        "\(resource.rows) rows, \(resource.bytes) bytes (\(resource.uncompressedBytes) uncompressed), sha256 \(resource.sha256.prefix(16))…",
      ])
    }
    // Everything in the manifest came from outside: shown escaped.
    table.rows = table.rows.map { $0.map(console.safe) }
    console.line(table.renderRows())
  }
}
