import ArgumentParser
import CourtFedBundle
import CourtFedModel
import Foundation

/// `courtfed keygen --court ID --out FILE`.
struct KeygenCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "keygen",
    abstract: "Make a court's Ed25519 signing key pair.",
    discussion: """
      Writes the private key to FILE (mode 0600, OpenSSH format, never overwritten) and the \
      public key to FILE.pub as one line, `ssh-ed25519 AAAA... COURT`. Send the .pub file to \
      the intermediate court, which trusts it with `courtfed trust add`. A key made by \
      `ssh-keygen -t ed25519 -N ''` works as well.
      """)

  @Option(help: "The court the key signs for, e.g. bj-xicheng (stored as the key's comment).")
  var court: String

  @Option(help: ArgumentHelp("Where to write the private key.", valueName: "file"))
  var out: String

  func validate() throws {
    guard Court.isValidID(court) else { throw ValidationError("'\(court)' is not a valid court id") }
  }

  func run() throws {
    let console = Console.standard
    let key = CourtSigningKey.generate(comment: court)
    do {
      try key.write(to: URL(fileURLWithPath: out))
    } catch {
      console.errorLine("courtfed keygen: \(error.message)")
      throw ExitCode(ExitStatus.failure)
    }
    console.line("Wrote the private key \(out) (keep it secret) and the public key \(out).pub.")
    console.line("  court        \(court)")
    console.line("  fingerprint  \(key.publicKey.fingerprint)")
    console.line("Send \(out).pub to the intermediate court: courtfed trust add \(court) \(out).pub")
  }
}
