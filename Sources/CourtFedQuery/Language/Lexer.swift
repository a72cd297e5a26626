import CourtFedModel
import Foundation

/// A token of a query, with the characters it came from.
struct Token: Equatable {
  enum Kind: Equatable {
    case keyword(Keyword)
    case metric(String)
    case court(String)
    case region(String)
    case number(Int)
    case period(Period)
    /// Text that names nothing the query language knows.
    case unknown(String)
  }

  var kind: Kind
  /// Character offsets into the query, half-open.
  var range: Range<Int>
}

/// Splits a query into tokens. English words are matched to names of up to six words;
/// Chinese, written without spaces, is segmented by longest match against the lexicon from the
/// left and from the right, and a run the two read differently is reported as ambiguous.
struct Lexer {
  let lexicon: Lexicon
  let characters: [Character]
  /// Each character folded (full-width to ASCII, lower case).
  let folded: [String]

  init(_ query: String, lexicon: Lexicon) {
    self.lexicon = lexicon
    characters = Array(query)
    folded = characters.map { character in
      character.isASCII
        ? character.lowercased() : String(character).precomposedStringWithCompatibilityMapping.lowercased()
    }
  }

  static let englishNumbers = [
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twenty": 20,
  ]

  private func isASCIIWord(_ index: Int) -> Bool {
    let text = folded[index]
    return text.count == 1
      && text.unicodeScalars.allSatisfy {
        ($0.isASCII && (CharacterSet.alphanumerics.contains($0))) || $0 == "_" || $0 == "-" || $0 == "."
      }
  }

  private func isSeparator(_ index: Int) -> Bool {
    let text = folded[index]
    return text.allSatisfy { $0.isWhitespace } || [",", ";", "，", "、", "。", "；", "：", ":"].contains(text)
  }

  /// The tokens, or the problems found.
  func tokens() -> (tokens: [Token], problems: [QueryProblem]) {
    var words: [Token] = []
    var problems: [QueryProblem] = []
    var index = 0
    while index < characters.count {
      if isSeparator(index) {
        index += 1
        continue
      }
      if let period = period(at: index) {
        words.append(Token(kind: .period(period.0), range: index..<period.1))
        index = period.1
        continue
      }
      if folded[index] == "=" || folded[index] == "?" || folded[index] == "？" {
        words.append(Token(kind: .keyword(folded[index] == "=" ? .equals : .help), range: index..<index + 1))
        index += 1
        continue
      }
      if isASCIIWord(index) {
        var end = index
        while end < characters.count, isASCIIWord(end) { end += 1 }
        let text = folded[index..<end].joined()
        if let number = Int(text), (0...9999).contains(number) {
          words.append(Token(kind: .number(number), range: index..<end))
        } else if let number = Self.englishNumbers[text] {
          words.append(Token(kind: .number(number), range: index..<end))
        } else {
          words.append(Token(kind: .unknown(text), range: index..<end))
        }
        index = end
        continue
      }
      // A run of other characters: Chinese, segmented.
      var end = index
      while end < characters.count, !isSeparator(end), !isASCIIWord(end) || isCJKDigitContext(end),
        period(at: end) == nil || end == index
      {
        if end > index, period(at: end) != nil { break }
        end += 1
      }
      end = max(end, index + 1)
      let (segment, problem) = segment(index..<end)
      words += segment
      if let problem { problems.append(problem) }
      index = end
    }
    return (mergeEnglish(words), problems)
  }

  /// Digits inside Chinese (前3名) stay with the Chinese run.
  private func isCJKDigitContext(_ index: Int) -> Bool {
    guard folded[index].allSatisfy(\.isNumber), index > 0 else { return false }
    return !isASCIIWord(index - 1) && !isSeparator(index - 1)
  }

  /// The longest period written at `index` (`2021Q4`, `2021年第四季度`, `2021-06`), with its end.
  private func period(at index: Int) -> (Period, Int)? {
    guard index + 4 <= characters.count, (index..<index + 4).allSatisfy({ folded[$0].allSatisfy(\.isNumber) }),
      index == 0 || !folded[index - 1].allSatisfy(\.isNumber)
    else { return nil }
    var best: (Period, Int)?
    for end in (index + 4)...min(characters.count, index + 12) {
      let text = folded[index..<end].joined()
      if let period = try? Period(parsing: text) { best = (period, end) }
    }
    guard let best else { return nil }
    // A year must not run into more digits or letters (20215 is not a year).
    if best.1 < characters.count, isASCIIWord(best.1), best.0.kind == .year, !folded[best.1].allSatisfy(\.isNumber) {
      return nil
    }
    return best
  }

  /// Joins runs of English words into the longest names and keywords they spell.
  private func mergeEnglish(_ tokens: [Token]) -> [Token] {
    var result: [Token] = []
    var index = 0
    while index < tokens.count {
      guard case .unknown = tokens[index].kind else {
        result.append(tokens[index])
        index += 1
        continue
      }
      var matched: (Token, Int)?
      var words: [String] = []
      for end in index..<min(tokens.count, index + 6) {
        switch tokens[end].kind {
        case .unknown(let word): words.append(word)
        case .number(let number): words.append(String(number))
        default: break
        }
        guard words.count == end - index + 1 else { break }
        if let entry = lexicon.lookup(words.joined(separator: " ")) {
          matched = (
            Token(kind: Self.kind(entry), range: tokens[index].range.lowerBound..<tokens[end].range.upperBound), end + 1
          )
        }
      }
      if let (token, next) = matched {
        result.append(token)
        index = next
      } else if let (token, next) = misspelled(tokens, from: index) {
        result.append(token)
        index = next
      } else {
        result.append(tokens[index])
        index += 1
      }
    }
    return result
  }

  /// A run of words starting at `index` that is close to a name ("clearence rate"), as one
  /// unknown token, so the suggestion is made for the whole.
  private func misspelled(_ tokens: [Token], from index: Int) -> (Token, Int)? {
    guard index + 1 < tokens.count, case .unknown(let first) = tokens[index].kind,
      case .unknown = tokens[index + 1].kind,
      lexicon.startsNameOfSeveralWords(first)
    else { return nil }
    var words: [String] = []
    var best: (token: Token, next: Int, distance: Int)?
    for end in index..<min(tokens.count, index + 6) {
      guard case .unknown(let word) = tokens[end].kind else { break }
      words.append(word)
      let joined = words.joined(separator: " ")
      guard words.count > 1, let nearest = lexicon.suggestions(for: joined, kinds: { _ in true }).first else {
        continue
      }
      let distance = EditDistance.between(joined, nearest)
      if best == nil || distance < best!.distance {
        let range = tokens[index].range.lowerBound..<tokens[end].range.upperBound
        best = (Token(kind: .unknown(joined), range: range), end + 1, distance)
      }
    }
    return best.map { ($0.token, $0.next) }
  }

  static func kind(_ entry: Lexicon.Entry) -> Token.Kind {
    switch entry {
    case .keyword(let keyword): .keyword(keyword)
    case .metric(let key): .metric(key)
    case .court(let id): .court(id)
    case .region(let name): .region(name)
    }
  }

  /// Unknown text swallows the one-character words beside it (结按率 is a typo of 结案率,
  /// not 结 + 按 + 率), so the suggestion is made for the whole.
  private func absorbingNeighbours(_ tokens: [Token]) -> [Token] {
    guard tokens.contains(where: { if case .unknown = $0.kind { true } else { false } }) else { return tokens }
    var result: [Token] = []
    for token in tokens {
      let isUnknown = { (token: Token) in if case .unknown = token.kind { true } else { false } }
      let isLoose = { (token: Token) in
        if case .keyword = token.kind, token.range.count == 1 { return true }
        return isUnknown(token)
      }
      if let last = result.last, isLoose(token), isLoose(last), isUnknown(token) || isUnknown(last),
        last.range.upperBound == token.range.lowerBound
      {
        let range = last.range.lowerBound..<token.range.upperBound
        result[result.count - 1] = Token(kind: .unknown(text(range)), range: range)
      } else {
        result.append(token)
      }
    }
    return result
  }

  /// Segments a run of Chinese by longest match, from the left and from the right.
  private func segment(_ range: Range<Int>) -> ([Token], QueryProblem?) {
    let forward = absorbingNeighbours(segmentForward(range))
    let backward = segmentBackward(range)
    let known = { (tokens: [Token]) in tokens.allSatisfy { if case .unknown = $0.kind { false } else { true } } }
    // Only one direction reads every word: take it.
    if !known(forward), known(backward) { return (backward, nil) }
    if forward.map(\.range) != backward.map(\.range), known(forward), known(backward) {
      let left = forward.map { text($0.range) }.joined(separator: " ")
      let right = backward.map { text($0.range) }.joined(separator: " ")
      let problem = QueryProblem(
        range: range,
        message: LocalizedText(
          en: "'\(text(range))' can be read two ways: '\(left)' or '\(right)'",
          zh: "“\(text(range))”有两种分法:“\(left)”或“\(right)”"),
        suggestion: LocalizedText(en: "put a space between the words you mean", zh: "请在词语之间加空格"))
      return (forward, problem)
    }
    return (forward, nil)
  }

  private func text(_ range: Range<Int>) -> String { String(characters[range]) }

  private func match(_ range: Range<Int>) -> Token? {
    if let entry = lexicon.lookup(folded[range].joined()) { return Token(kind: Self.kind(entry), range: range) }
    let raw = folded[range].joined()
    if let number = Int(raw) ?? ChineseNumeral.value(of: raw) { return Token(kind: .number(number), range: range) }
    return nil
  }

  private func segmentForward(_ range: Range<Int>) -> [Token] {
    var tokens: [Token] = []
    var index = range.lowerBound
    var unknownStart: Int?
    while index < range.upperBound {
      var found: Token?
      for length in stride(from: min(lexicon.longest, range.upperBound - index), through: 1, by: -1) {
        if let token = match(index..<index + length) {
          found = token
          break
        }
      }
      if let found {
        if let start = unknownStart {
          tokens.append(Token(kind: .unknown(text(start..<index)), range: start..<index))
          unknownStart = nil
        }
        tokens.append(found)
        index = found.range.upperBound
      } else {
        if unknownStart == nil { unknownStart = index }
        index += 1
      }
    }
    if let start = unknownStart {
      tokens.append(Token(kind: .unknown(text(start..<range.upperBound)), range: start..<range.upperBound))
    }
    return tokens
  }

  private func segmentBackward(_ range: Range<Int>) -> [Token] {
    var tokens: [Token] = []
    var end = range.upperBound
    var unknownEnd: Int?
    while end > range.lowerBound {
      var found: Token?
      for length in stride(from: min(lexicon.longest, end - range.lowerBound), through: 1, by: -1) {
        if let token = match(end - length..<end) {
          found = token
          break
        }
      }
      if let found {
        if let last = unknownEnd {
          tokens.append(Token(kind: .unknown(text(end..<last)), range: end..<last))
          unknownEnd = nil
        }
        tokens.append(found)
        end = found.range.lowerBound
      } else {
        if unknownEnd == nil { unknownEnd = end }
        end -= 1
      }
    }
    if let last = unknownEnd {
      tokens.append(Token(kind: .unknown(text(range.lowerBound..<last)), range: range.lowerBound..<last))
    }
    return tokens.reversed()
  }
}
