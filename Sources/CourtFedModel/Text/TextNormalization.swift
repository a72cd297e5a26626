import Foundation

/// Folding used wherever a person types a name: metric names, keywords, court names, headers.
package enum TextNormalization {
  /// Full-width letters and digits to ASCII (NFKC), lower case, runs of spaces and
  /// underscores to one space, trimmed. `"Closure_Rate "` and `"ｃｌｏｓｕｒｅ rate"` both give
  /// `"closure rate"`; Chinese text passes through unchanged.
  package static func fold(_ text: String) -> String {
    let compatible = text.precomposedStringWithCompatibilityMapping.lowercased()
    var result = ""
    var pendingSpace = false
    for character in compatible {
      if character == "_" || character == "-" || character.isWhitespace {
        pendingSpace = !result.isEmpty
        continue
      }
      if pendingSpace {
        result.append(" ")
        pendingSpace = false
      }
      result.append(character)
    }
    return result
  }
}
