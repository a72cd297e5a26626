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

  struct Add: ParsableCommand {
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

    func run() throws {
      let console = Console.standard
      do {
        let key = try publicKey(from: URL(fileURLWithPath: keyFile))
        var store =
          FileManager.default.fileExists(atPath: trust.path)
          ? try TrustStore.load(trust.url) : TrustStore(emptyAt: trust.url)
        try store.add(
          court: court, key: key, validAfter: validAfter.flatMap(Self.day), validBefore: validBefore.flatMap(Self.day))
        try store.save()
        console.line("Trusted \(key.fingerprint) for \(court) in \(console.safe(trust.path)).")
      } catch {
        console.errorLine("courtfed trust add: \(console.safe(error.message))")
        throw ExitCode(ExitStatus.failure)
      }
    }
  }

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the trusted keys.")

    @OptionGroup var trust: TrustOption

    func run() throws {
      let console = Console.standard
      let store: TrustStore
      do {
        store = try TrustStore.load(trust.url)
      } catch {
        console.errorLine("courtfed trust list: \(console.safe(error.message))")
        throw ExitCode(ExitStatus.failure)
      }
      var table = TerminalTable(headers: ["court", "fingerprint", "valid", "status"])
      for entry in store.entries {
        table.rows.append([
          entry.courts.joined(separator: ","), entry.key.fingerprint, entry.window,
          store.isRevoked(entry.key) ? "revoked" : "trusted",
        ])
      }
      console.line(table.render())
      console.line("\(store.entries.count) keys, \(store.revoked.count) revoked, in \(console.safe(trust.path))")
    }
  }

  struct Revoke: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Revoke a court's keys, or one key.",
      discussion: "Revoked keys go to FILE.revoked; bundles they signed no longer verify.")

    @Argument(help: "The court whose keys to revoke.")
    var court: String?

    @Option(help: ArgumentHelp("Revoke only this key (a .pub or private key file).", valueName: "file"))
    var key: String?

    @OptionGroup var trust: TrustOption

    func validate() throws {
      guard court != nil || key != nil else { throw ValidationError("name a court, or a key with --key") }
    }

    func run() throws {
      let console = Console.standard
      do {
        var store = try TrustStore.load(trust.url)
        let keys = try store.revoke(court: court, key: try key.map { try publicKey(from: URL(fileURLWithPath: $0)) })
        try store.save()
        for revoked in keys { console.line("Revoked \(revoked.fingerprint).") }
      } catch {
        console.errorLine("courtfed trust revoke: \(console.safe(error.message))")
        throw ExitCode(ExitStatus.failure)
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

extension Error {
  /// The message of a `BundleError`, or the error's own description.
  var message: String {
    (self as? BundleError)?.message ?? "\(self)"
  }
}
