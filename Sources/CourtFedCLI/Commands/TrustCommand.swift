import ArgumentParser
import CourtFedBundle
import CourtFedModel
import CourtFedReport
import Foundation

/// `courtfed trust add|list|revoke`: the coordinator's trust store.
struct TrustCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "trust",
    abstract: "Manage the trust store: which key signs for which court.",
    discussion: """
      The store is an OpenSSH allowed_signers file (default ./allowed_signers) with its \
      revocation list FILE.revoked beside it; both work with `ssh-keygen -Y verify`. A key \
      is trusted for one court only.
      """,
    subcommands: [Add.self, List.self, Revoke.self])

  struct Add: ContextCommand {
    static var messagePrefix: String { "courtfed trust \(_commandName)" }
    static let configuration = CommandConfiguration(abstract: "Trust a court's public key.")

    @Argument(help: "The court id, e.g. bj-xicheng.")
    var court: String

    @Argument(help: "The court's public key file (KEY.pub from `courtfed keygen`) or its private key.")
    var keyFile: String

    @Option(help: ArgumentHelp("Trust the key from this day on.", valueName: "YYYY-MM-DD"))
    var validAfter: String?

    @Option(help: ArgumentHelp("Stop trusting the key on this day.", valueName: "YYYY-MM-DD"))
    var validBefore: String?

    @OptionGroup var trust: TrustOption
    @OptionGroup var languageOption: LanguageOption
    var chosenLanguage: Language? { languageOption.language }

    func validate() throws {
      guard Court.isValidID(court) else { throw ValidationError("'\(court)' is not a valid court id") }
      for (name, value) in [("--valid-after", validAfter), ("--valid-before", validBefore)] {
        if let value, Self.day(value) == nil {
          throw ValidationError("\(name) must be a day like 2026-01-31, not '\(value)'")
        }
      }
    }

    static func day(_ text: String) -> Date? {
      let formatter = DateFormatter()
      formatter.dateFormat = "yyyy-MM-dd"
      formatter.timeZone = TimeZone(identifier: "UTC")
      formatter.locale = Locale(identifier: "en_US_POSIX")
      return formatter.date(from: text)
    }

    func run(in context: CommandContext) throws {
      let console = context.console
      do {
        let key = try publicKey(from: context.url(keyFile))
        var store =
          FileManager.default.fileExists(atPath: trust.url(in: context).path)
          ? try TrustStore.load(trust.url(in: context)) : TrustStore(emptyAt: trust.url(in: context))
        try store.add(
          court: court, key: key, validAfter: validAfter.flatMap(Self.day), validBefore: validBefore.flatMap(Self.day))
        try store.save()
        console.line(
          LocalizedText(
            en: "Trusted \(key.fingerprint) for \(court) in \(console.safe(trust.path)).",
            zh: "已在 \(console.safe(trust.path)) 中信任 \(key.fingerprint),用于 \(court)。"
          ).text(in: context.language(or: defaultLanguage)))
      }
    }
  }

  struct List: ContextCommand {
    static var messagePrefix: String { "courtfed trust \(_commandName)" }
    static let configuration = CommandConfiguration(abstract: "List the trusted keys.")

    @OptionGroup var trust: TrustOption
    @OptionGroup var languageOption: LanguageOption
    var chosenLanguage: Language? { languageOption.language }

    func run(in context: CommandContext) throws {
      let console = context.console
      let store = try TrustStore.load(trust.url(in: context))
      var table = TerminalTable(headers: ["court", "fingerprint", "valid", "status"])
      for entry in store.entries {
        table.rows.append([
          entry.courts.joined(separator: ","), entry.key.fingerprint, entry.window,
          store.isRevoked(entry.key) ? "revoked" : "trusted",
        ])
      }
      console.line(table.render())
      console.line(
        LocalizedText(
          en: "\(store.entries.count) keys, \(store.revoked.count) revoked, in \(console.safe(trust.path))",
          zh: "\(console.safe(trust.path)) 中共\(store.entries.count)个密钥,已吊销\(store.revoked.count)个"
        ).text(in: context.language(or: defaultLanguage)))
    }
  }

  struct Revoke: ContextCommand {
    static var messagePrefix: String { "courtfed trust \(_commandName)" }
    static let configuration = CommandConfiguration(
      abstract: "Revoke a court's keys, or one key.",
      discussion: "Revoked keys go to FILE.revoked; bundles they signed no longer verify.")

    @Argument(help: "The court whose keys to revoke.")
    var court: String?

    @Option(help: ArgumentHelp("Revoke only this key (a .pub or private key file).", valueName: "file"))
    var key: String?

    @OptionGroup var trust: TrustOption
    @OptionGroup var languageOption: LanguageOption
    var chosenLanguage: Language? { languageOption.language }

    func validate() throws {
      guard court != nil || key != nil else { throw ValidationError("name a court, or a key with --key") }
    }

    func run(in context: CommandContext) throws {
      let console = context.console
      do {
        var store = try TrustStore.load(trust.url(in: context))
        let keys = try store.revoke(court: court, key: try key.map { try publicKey(from: context.url($0)) })
        try store.save()
        for revoked in keys {
          console.line(
            LocalizedText(en: "Revoked \(revoked.fingerprint).", zh: "已吊销 \(revoked.fingerprint)。")
              .text(in: context.language(or: defaultLanguage)))
        }
      }
    }
  }
}

/// The public key in a `.pub` file, or the public half of a private key file.
func publicKey(from url: URL) throws(BundleError) -> CourtPublicKey {
  guard let text = try? String(contentsOf: url, encoding: .utf8) else {
    throw .keyFileUnreadable(path: url.path, reason: "no such file or not text")
  }
  if text.contains("BEGIN OPENSSH PRIVATE KEY") { return try CourtSigningKey.load(from: url).publicKey }
  return try CourtPublicKey(openSSHLine: text.trimmingCharacters(in: .whitespacesAndNewlines))
}
