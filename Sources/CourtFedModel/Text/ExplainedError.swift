/// An error a person reads: what is wrong and what to do about it, in English and Chinese.
///
/// Every module's error type conforms, so a command prints any of them the same way, in the
/// language `--lang` chose, and no error's Swift description ever reaches a user.
package protocol ExplainedError: Error {
  /// The message in both languages.
  var text: LocalizedText { get }
}

extension ModelError: ExplainedError {
  /// The message in both languages.
  package var text: LocalizedText { LocalizedText(en: message(in: .en), zh: message(in: .zh)) }
}
