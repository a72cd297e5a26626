import CourtFedModel
import Foundation

/// One line of the trust file: a key trusted for one court.
package struct TrustEntry: Sendable, Equatable {
  /// The courts (principals) the key may sign for: exactly one (a line naming several is
  /// refused when the file is read).
  package var courts: [String]
  /// The namespaces the key may sign in; nil means any (OpenSSH's default).
  package var namespaces: [String]?
  package var validAfter: Date?
  package var validBefore: Date?
  package var key: CourtPublicKey
  /// The line in the file, from 1.
  package var line: Int

  /// `from 2024-01-01 until 2026-12-31`, or `always`.
  package var window: String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyy-MM-dd HH:mm"
    formatter.timeZone = TimeZone(identifier: "UTC")
    var parts: [String] = []
    if let validAfter { parts.append("from \(formatter.string(from: validAfter)) UTC") }
    if let validBefore { parts.append("until \(formatter.string(from: validBefore)) UTC") }
    return parts.isEmpty ? "always" : parts.joined(separator: " ")
  }
}

/// The coordinator's trust store: an OpenSSH `allowed_signers` file (principal = court id,
/// `namespaces=`, optional `valid-after=` / `valid-before=`), and beside it a revocation list
/// `<file>.revoked` of public key lines. The same two files work with
/// `ssh-keygen -Y verify -f FILE -r FILE.revoked`. Keys come from here, never from a bundle.
public struct TrustStore: Sendable {
  package let url: URL
  package private(set) var entries: [TrustEntry]
  package private(set) var revoked: [CourtPublicKey]
  /// Where each key's entries are in `entries`, and the revoked keys as a set: a national
  /// coordinator trusts thousands of keys and checks one per bundle.
  private var entriesByKey: [CourtPublicKey: [Int]] = [:]
  private var revokedKeys: Set<CourtPublicKey> = []

  package var revocationURL: URL { URL(fileURLWithPath: url.path + ".revoked") }

  /// An empty store that will be written at `url`.
  public init(emptyAt url: URL) {
    self.url = url
    entries = []
    revoked = []
  }

  /// `line` without the spaces and tabs at its ends (`CharacterSet.whitespaces`), in Swift:
  /// Foundation's `trimmingCharacters` goes through NSString, and a nation's trust file has
  /// 3,500 lines read by every command that checks a bundle or answers a question.
  static func trimmed(_ line: Substring) -> String {
    func isSpace(_ character: Character) -> Bool {
      character.unicodeScalars.allSatisfy { CharacterSet.whitespaces.contains($0) }
    }
    guard let first = line.firstIndex(where: { !isSpace($0) }), let last = line.lastIndex(where: { !isSpace($0) })
    else { return "" }
    return String(line[first...last])
  }

  /// Reads the trust file and its revocation list (which may be absent).
  public static func load(_ url: URL) throws(BundleError) -> TrustStore {
    var store = TrustStore(emptyAt: url)
    let text: String
    do {
      text = try String(contentsOf: url, encoding: .utf8)
    } catch {
      throw .unreadable(
        path: url.path,
        reason: "the trust file cannot be read (\(error.localizedDescription)); create it with `courtfed trust add`")
    }
    for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      let line = Self.trimmed(raw)
      if line.isEmpty || line.hasPrefix("#") { continue }
      let entry = try parseEntry(line, number: index + 1, path: url.path)
      // One court per key: a second line trusting the same key for another court is the same
      // attack as one line naming two.
      if let earlier = store.entriesByKey[entry.key]?.first.map({ store.entries[$0] }),
        earlier.courts != entry.courts
      {
        throw .trustKeyForSeveralCourts(
          path: url.path, line: entry.line, courts: earlier.courts + entry.courts, firstLine: earlier.line)
      }
      store.append(entry)
    }
    if let revokedText = try? String(contentsOf: store.revocationURL, encoding: .utf8) {
      for (index, raw) in revokedText.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
        let line = Self.trimmed(raw)
        if line.isEmpty || line.hasPrefix("#") { continue }
        do {
          store.revoke(try CourtPublicKey(openSSHLine: line))
        } catch {
          throw .trustFile(path: store.revocationURL.path, line: index + 1, detail: error.message)
        }
      }
    }
    return store
  }

  static func parseEntry(_ line: String, number: Int, path: String) throws(BundleError) -> TrustEntry {
    func failure(_ detail: String) -> BundleError { .trustFile(path: path, line: number, detail: detail) }
    var scanner = Substring(line)
    let principals = scanner.prefix { !$0.isWhitespace }
    scanner = scanner.dropFirst(principals.count).drop { $0.isWhitespace }
    let courts = principals.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
    guard !principals.isEmpty else { throw failure("expected 'COURT [options] ssh-ed25519 KEY'") }
    if let pattern = courts.first(where: { $0.contains("*") || $0.contains("?") || $0.hasPrefix("!") }) {
      throw failure("'\(pattern)' is a pattern; a key is trusted for named courts only")
    }
    // One court per key, as the README promises: a line naming several would let one key
    // sign for all of them.
    guard courts.count == 1 else {
      throw .trustKeyForSeveralCourts(path: path, line: number, courts: courts, firstLine: number)
    }
    guard Court.isValidID(courts[0]) else {
      throw failure("'\(courts[0])' is not a court id (2-64 of a-z, 0-9 and -, starting with a letter)")
    }
    var entry = TrustEntry(
      courts: courts, namespaces: nil, validAfter: nil, validBefore: nil,
      key: try CourtPublicKey(rawRepresentation: Data(count: 32)), line: number)
    if !scanner.hasPrefix("ssh-") {
      let options = try parseOptions(&scanner, failure: failure)
      for (name, value) in options {
        switch name.lowercased() {
        case "namespaces": entry.namespaces = value?.split(separator: ",").map(String.init)
        case "valid-after": entry.validAfter = try time(value, name: name, failure: failure)
        case "valid-before": entry.validBefore = try time(value, name: name, failure: failure)
        case "cert-authority": throw failure("certificate authorities are not supported; list each court's key")
        default: throw failure("unknown option '\(name)'")
        }
      }
      scanner = scanner.drop { $0.isWhitespace }
    }
    let fields = scanner.split(whereSeparator: { $0.isWhitespace }).map(String.init)
    guard fields.count >= 2 else { throw failure("expected a key: ssh-ed25519 AAAA...") }
    do {
      entry.key = try CourtPublicKey(type: fields[0], base64: fields[1])
    } catch {
      throw failure(error.message)
    }
    return entry
  }

  private static func parseOptions(_ scanner: inout Substring, failure: (String) -> BundleError) throws(BundleError)
    -> [(String, String?)]
  {
    var options: [(String, String?)] = []
    while let first = scanner.first, !first.isWhitespace {
      let name = scanner.prefix { $0 != "=" && $0 != "," && !$0.isWhitespace }
      scanner = scanner.dropFirst(name.count)
      var value: String?
      if scanner.first == "=" {
        scanner = scanner.dropFirst()
        if scanner.first == "\"" {
          scanner = scanner.dropFirst()
          let quoted = scanner.prefix { $0 != "\"" }
          guard scanner.dropFirst(quoted.count).first == "\"" else {
            throw failure("an option's quote is never closed")
          }
          value = String(quoted)
          scanner = scanner.dropFirst(quoted.count + 1)
        } else {
          let plain = scanner.prefix { $0 != "," && !$0.isWhitespace }
          value = String(plain)
          scanner = scanner.dropFirst(plain.count)
        }
      }
      options.append((String(name), value))
      if scanner.first == "," { scanner = scanner.dropFirst() }
    }
    return options
  }

  /// `YYYYMMDD`, `YYYYMMDDHHMM` or `YYYYMMDDHHMMSS`, with an optional `Z`; read as UTC.
  private static func time(_ value: String?, name: String, failure: (String) -> BundleError) throws(BundleError) -> Date
  {
    guard var text = value else { throw failure("\(name) needs a time") }
    if text.hasSuffix("Z") { text.removeLast() }
    guard [8, 12, 14].contains(text.count), text.allSatisfy(\.isNumber) else {
      throw failure("\(name)=\"\(value ?? "")\" is not a time like 20240101 or 20240101120000Z")
    }
    let padded = text + String(repeating: "0", count: 14 - text.count)
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyyMMddHHmmss"
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.locale = Locale(identifier: "en_US_POSIX")
    guard let date = formatter.date(from: padded) else {
      throw failure("\(name)=\"\(value ?? "")\" is not a valid time")
    }
    return date
  }

  static func timeText(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.dateFormat = "yyyyMMddHHmmss"
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.locale = Locale(identifier: "en_US_POSIX")
    return formatter.string(from: date) + "Z"
  }

  // MARK: Deciding

  /// The trust entry that lets `signature` sign for `court` at `time`, checking what
  /// `ssh-keygen -Y verify` checks (key listed, namespace allowed, validity window, not
  /// revoked) and that the key is trusted for that very court.
  package func authorize(_ signature: SSHSignature, court: String, at time: Date) throws(BundleError) -> TrustEntry {
    var fingerprint: String { signature.publicKey.fingerprint }
    if revokedKeys.contains(signature.publicKey) { throw .signerRevoked(fingerprint: fingerprint) }
    let matching = (entriesByKey[signature.publicKey] ?? []).map { entries[$0] }
    guard !matching.isEmpty else { throw .signerUnknown(fingerprint: fingerprint) }
    let forCourt = matching.filter { $0.courts.contains(court) }
    guard let entry = forCourt.first else {
      throw .signerWrongCourt(fingerprint: fingerprint, trustedFor: matching.flatMap(\.courts), claimed: court)
    }
    if let namespaces = entry.namespaces, !namespaces.contains(BundleFormat.namespace) {
      throw .signerNamespaceNotAllowed(fingerprint: fingerprint)
    }
    if let after = entry.validAfter, time < after {
      throw .signerOutsideValidity(fingerprint: fingerprint, window: entry.window)
    }
    if let before = entry.validBefore, time >= before {
      throw .signerOutsideValidity(fingerprint: fingerprint, window: entry.window)
    }
    return entry
  }

  /// Whether `key` is revoked.
  package func isRevoked(_ key: CourtPublicKey) -> Bool { revokedKeys.contains(key) }

  /// Whether some entry lists `key` (for any court): one lookup, not a walk over every entry
  /// (a nation's trust file has thousands, and every bundle asks).
  package func lists(_ key: CourtPublicKey) -> Bool { entriesByKey[key] != nil }

  private mutating func append(_ entry: TrustEntry) {
    entriesByKey[entry.key, default: []].append(entries.count)
    entries.append(entry)
  }

  private mutating func revoke(_ key: CourtPublicKey) {
    if revokedKeys.insert(key).inserted { revoked.append(key) }
  }

  // MARK: Changing

  /// Trusts `key` for `court`. A key is trusted for one court only, and never twice.
  public mutating func add(court: String, key: CourtPublicKey, validAfter: Date? = nil, validBefore: Date? = nil)
    throws(BundleError)
  {
    if let existing = entriesByKey[key]?.first.map({ entries[$0] }) {
      let owner = existing.courts.joined(separator: ",")
      throw .trustOperation(
        owner == court
          ? "the key \(key.fingerprint) is already trusted for \(court)"
          : "the key \(key.fingerprint) is already trusted for \(owner); a key signs for one court only")
    }
    if revokedKeys.contains(key) {
      throw .trustOperation("the key \(key.fingerprint) was revoked and cannot be trusted again")
    }
    append(
      TrustEntry(
        courts: [court], namespaces: [BundleFormat.namespace], validAfter: validAfter, validBefore: validBefore,
        key: key,
        line: entries.count + 1))
  }

  /// Revokes every key of `court`, or the one key given; returns the keys revoked.
  package mutating func revoke(court: String?, key: CourtPublicKey?) throws(BundleError) -> [CourtPublicKey] {
    let targets = entries.filter { entry in
      (court.map { entry.courts.contains($0) } ?? true) && (key.map { entry.key == $0 } ?? true)
    }.map(\.key).filter { !revokedKeys.contains($0) }
    guard !targets.isEmpty else {
      throw .trustOperation(
        "no trusted key matches \(court ?? key?.fingerprint ?? "that"); `courtfed trust list` shows them")
    }
    for target in targets { revoke(target) }
    return targets
  }

  /// The text of the trust file.
  package var allowedSignersText: String {
    var lines = [
      "# CourtFed trust store: OpenSSH allowed_signers format, one court key per line.",
      "# Check a bundle without CourtFed: ssh-keygen -Y verify -f THIS-FILE -r THIS-FILE.revoked -I COURT -n \(BundleFormat.namespace) -s datapackage.json.sig < datapackage.json",
    ]
    for entry in entries {
      var options = ["namespaces=\"\((entry.namespaces ?? [BundleFormat.namespace]).joined(separator: ","))\""]
      if let after = entry.validAfter { options.append("valid-after=\"\(Self.timeText(after))\"") }
      if let before = entry.validBefore { options.append("valid-before=\"\(Self.timeText(before))\"") }
      lines.append(
        "\(entry.courts.joined(separator: ",")) \(options.joined(separator: ",")) \(entry.key.openSSHLine(comment: ""))"
      )
    }
    return lines.joined(separator: "\n") + "\n"
  }

  /// Writes the trust file and the revocation list, each replaced atomically.
  public func save() throws(BundleError) {
    let revokedText =
      (["# Revoked court keys (CourtFed); ssh-keygen -Y verify -r reads this file."]
      + revoked.map { $0.openSSHLine(comment: "") }).joined(separator: "\n") + "\n"
    for (target, text) in [(url, allowedSignersText), (revocationURL, revokedText)] {
      do {
        try FileManager.default.createDirectory(
          at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target, options: .atomic)
      } catch {
        throw .cannotWrite(path: target.path, reason: error.localizedDescription)
      }
    }
  }
}
