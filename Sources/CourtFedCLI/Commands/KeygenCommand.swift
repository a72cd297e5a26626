import ArgumentParser
import CourtFedBundle
import CourtFedModel
import Foundation

/// `courtfed keygen --court ID --out FILE`.
struct KeygenCommand: ContextCommand {
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

  @OptionGroup var languageOption: LanguageOption
  var chosenLanguage: Language? { languageOption.language }

  func validate() throws {
    guard Court.isValidID(court) else { throw ValidationError("'\(court)' is not a valid court id") }
  }

  func run(in context: CommandContext) throws {
    let console = context.console
    let key = CourtSigningKey.generate(comment: court)
    try key.write(to: context.url(out))
    if context.language(or: defaultLanguage) == .zh {
      console.line("已写入私钥 \(out)(请妥善保密)和公钥 \(out).pub。")
      console.line("  法院    \(court)")
      console.line("  指纹    \(key.publicKey.fingerprint)")
      console.line("请将 \(out).pub 交给中级法院,由其运行:courtfed trust add \(court) \(out).pub")
    } else {
      console.line("Wrote the private key \(out) (keep it secret) and the public key \(out).pub.")
      console.line("  court        \(court)")
      console.line("  fingerprint  \(key.publicKey.fingerprint)")
      console.line("Send \(out).pub to the intermediate court: courtfed trust add \(court) \(out).pub")
    }
  }
}
