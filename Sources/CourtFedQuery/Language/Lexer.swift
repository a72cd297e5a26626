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
    /// January to a month of a year: 2021年1-6月, 2021年1至6月.
    case yearToDate(YearToDate)
    /// A period without its year: 第一季度, 上半年, 1-6月, jan-jun.
    case yearless(YearlessPeriod)
    /// 去年, last quarter.
    case relative(RelativePeriod)
    /// From one year to another: 2019-2023, 2019年至2023年.
    case range(Period, Period)
    /// Text written like a period that is not one (`2021Q5`, `1900`), with why.
    case badPeriod(LocalizedText)
    /// Text that names nothing the query language knows.
    case unknown(String)
  }

  var kind: Kind
  /// Character offsets into the query, half-open.
  var range: Range<Int>
}

/// Splits a query into tokens, in one pass that never looks back more than a name's length:
/// linear in the query's length.
///
/// A lexeme ends where a separator (space, comma, 、, ...) begins, and never crosses one:
/// periods (`2021`, `2021Q4`, `2021-06`, `2021年第四季度`) are scanned as lexemes of their own
/// wherever they stand; English words are matched to names of up to six words; Chinese,
/// written without spaces, is segmented by longest match against the lexicon from the left
/// and from the right, and a run the two read differently is reported as ambiguous.
struct Lexer {
  let lexicon: Lexicon
  let characters: [Character]
  /// Each character folded (full-width to ASCII, lower case).
  let folded: [Character]

  init(_ query: String, lexicon: Lexicon) {
    self.lexicon = lexicon
    characters = Array(query)
    folded = characters.map { character in
      if character.isASCII { return Character(character.lowercased()) }
      let compatible = String(character).precomposedStringWithCompatibilityMapping.lowercased()
      return compatible.count == 1 ? compatible.first! : character
    }
  }

  static let englishNumbers = [
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "twenty": 20,
  ]

  static let separators: Set<Character> = [",", ";", "，", "、", "。", "；", "：", ":", "!", "！"]

  private func isSeparator(_ index: Int) -> Bool {
    let character = folded[index]
    return character.isWhitespace || Self.separators.contains(character)
  }

  /// An ASCII letter, digit, `_`, `-` or `.`: the characters of an English word.
  private func isWordCharacter(_ index: Int) -> Bool {
    guard index < folded.count, let ascii = folded[index].asciiValue else { return false }
    return (ascii >= 97 && ascii <= 122) || (ascii >= 48 && ascii <= 57) || ascii == 95 || ascii == 45 || ascii == 46
  }

  private func isDigit(_ index: Int) -> Bool {
    guard index >= 0, index < folded.count, let ascii = folded[index].asciiValue else { return false }
    return ascii >= 48 && ascii <= 57
  }

  /// The tokens, and the problems found.
  func tokens() -> (tokens: [Token], problems: [QueryProblem]) {
    var words: [Token] = []
    var problems: [QueryProblem] = []
    var index = 0
    while index < characters.count {
      if isSeparator(index) {
        index += 1
        continue
      }
      if let (kind, end) = period(at: index) {
        words.append(Token(kind: kind, range: index..<end))
        index = end
        continue
      }
      if let (kind, end) = monthsFromJanuary(at: index) {
        words.append(Token(kind: kind, range: index..<end))
        index = end
        continue
      }
      let character = folded[index]
      if character == "=" || character == "?" || character == "？" {
        words.append(Token(kind: .keyword(character == "=" ? .equals : .help), range: index..<index + 1))
        index += 1
        continue
      }
      if isWordCharacter(index) {
        var end = index
        while end < characters.count, isWordCharacter(end) { end += 1 }
        let text = String(folded[index..<end])
        if text.allSatisfy(\.isNumber) {
          // Numbers stay small: a limit is at most a few thousand courts.
          words.append(Token(kind: text.count <= 6 ? .number(Int(text)!) : .unknown(text), range: index..<end))
        } else if let month = Self.englishMonthsFromJanuary(text) {
          words.append(Token(kind: .yearless(.yearToDate(month: month)), range: index..<end))
        } else if let number = Self.englishNumbers[text] {
          words.append(Token(kind: .number(number), range: index..<end))
        } else {
          words.append(Token(kind: .unknown(text), range: index..<end))
        }
        index = end
        continue
      }
      // A run of other characters (Chinese), with the digits written inside it (前3名), up
      // to a separator, an English word or a period.
      var end = index + 1
      while end < characters.count, !isSeparator(end), folded[end] != "=", folded[end] != "?", folded[end] != "？" {
        if isDigit(end) {
          if period(at: end) != nil || monthsFromJanuary(at: end) != nil { break }
        } else if isWordCharacter(end) {
          break
        }
        end += 1
      }
      let (segment, problem) = segment(index..<end)
      words += segment
      if let problem { problems.append(problem) }
      index = end
    }
    return (mergeEnglish(words), problems)
  }

  // MARK: Periods

  /// A period written at `index`, and where it ends: `2021`, `2021H1`, `2021Q4`, `2021-06`,
  /// `2021/6`, `2021M06`, `2021年`, `2021年上半年`, `2021年第四季度`, `2021年四季度`, `2021年Q4`,
  /// `2021年6月`, `2021年十二月`. Four digits not preceded by a digit start one; a year must not
  /// run on into letters or digits (`20215`, `2021abc`). Nil when no period starts here.
  private func period(at index: Int) -> (Token.Kind, Int)? {
    guard !isDigit(index - 1), (index..<index + 4).allSatisfy(isDigit), !isDigit(index + 4) else { return nil }
    let year = Int(String(folded[index..<index + 4]))!
    if let (last, end) = yearRangeEnd(after: index + 4) {
      guard let first = Period(year: year, kind: .year), let second = Period(year: last, kind: .year), first < second
      else {
        let text = String(characters[index..<end])
        return (
          .badPeriod(
            LocalizedText(
              en: "'\(text)' is not a range of years: the first must come before the second, both 1949–2999",
              zh: "“\(text)”不是有效的年份范围:前一年须早于后一年")), end
        )
      }
      return (.range(first, second), end)
    }
    var end = index + 4
    var kind = PeriodKind.year
    var number = 1
    func character(_ offset: Int) -> Character? { end + offset < folded.count ? folded[end + offset] : nil }
    /// One or two digits at `end + offset`, and how many.
    func digits(_ offset: Int) -> (Int, Int)? {
      guard isDigit(end + offset) else { return nil }
      if isDigit(end + offset + 1) { return (Int(String(folded[end + offset...end + offset + 1]))!, 2) }
      return (Int(String(folded[end + offset]))!, 1)
    }
    switch character(0) {
    case "h", "q":
      guard let (value, length) = digits(1), length == 1 else { return nil }
      kind = character(0) == "h" ? .half : .quarter
      number = value
      end += 2
    case "-", "/", "m":
      guard let (value, length) = digits(1) else { return nil }
      kind = .month
      number = value
      end += 1 + length
    case "年":
      end += 1
      if let (months, length) = monthRange(at: end) {
        end += length
        if isWordCharacter(end) { return nil }
        guard let first = months.first, first == 1, let ytd = YearToDate(year: year, month: months.last) else {
          return (.badPeriod(Self.notFromJanuary(String(characters[index..<end]))), end)
        }
        return (.yearToDate(ytd), end)
      }
      if let (found, length) = chinesePeriod(at: end) {
        (kind, number) = found
        end += length
      }
    default:
      break
    }
    // A period runs into nothing English: 2021Q4x and 20215 are not periods.
    if isWordCharacter(end) { return nil }
    let text = String(characters[index..<end])
    guard let period = Period(year: year, kind: kind, index: number) else {
      let years = Period.supportedYears
      let reason =
        Period.supportedYears.contains(year)
        ? LocalizedText(
          en: "'\(text)' is not a period: halves are H1–H2, quarters Q1–Q4, months 1–12",
          zh: "“\(text)”不是有效期间:半年为上、下半年,季度为第一至第四季度,月份为1–12月")
        : LocalizedText(
          en: "'\(text)' is not a year CourtFed accepts (\(years.lowerBound)–\(years.upperBound))",
          zh: "“\(text)”不在可用年份范围内(\(years.lowerBound)–\(years.upperBound)年)")
      return (.badPeriod(reason), end)
    }
    return (.period(period), end)
  }

  /// The end of a range of years after the first year's digits at `start`: `-2023`, `年-2023年`,
  /// `年至2023年`, `~2023`; the second year and where the range ends.
  private func yearRangeEnd(after start: Int) -> (Int, Int)? {
    var end = start
    if folded[safe: end] == "年" { end += 1 }
    guard let dash = folded[safe: end], ["-", "至", "到", "~", "—", "–"].contains(dash) else { return nil }
    end += 1
    guard (end..<end + 4).allSatisfy(isDigit), !isDigit(end + 4) else { return nil }
    let year = Int(String(folded[end..<end + 4]))!
    end += 4
    if folded[safe: end] == "年" { end += 1 }
    if isWordCharacter(end) { return nil }
    return (year, end)
  }

  /// `1-6月`, `1至6月`, `1月-6月`, `1~6月` at `start`: the first and last month, and the length.
  private func monthRange(at start: Int) -> ((first: Int?, last: Int), Int)? {
    func number(at offset: Int) -> (Int, Int)? {
      guard isDigit(offset) else { return nil }
      if isDigit(offset + 1) {
        guard !isDigit(offset + 2) else { return nil }
        return (Int(String(folded[offset...offset + 1]))!, 2)
      }
      return (Int(String(folded[offset]))!, 1)
    }
    guard let (first, firstLength) = number(at: start) else { return nil }
    var end = start + firstLength
    if folded[safe: end] == "月" { end += 1 }
    guard let dash = folded[safe: end], ["-", "至", "~", "—", "–", "到"].contains(dash) else { return nil }
    end += 1
    guard let (last, lastLength) = number(at: end) else { return nil }
    end += lastLength
    guard folded[safe: end] == "月" else { return nil }
    end += 1
    guard (1...12).contains(first), (1...12).contains(last), first < last else {
      return ((nil, max(1, min(12, last))), end - start)
    }
    return ((first, last), end - start)
  }

  static func notFromJanuary(_ text: String) -> LocalizedText {
    LocalizedText(
      en: "'\(text)' is not a year to date: it must run from January to a later month, as in 1-6月",
      zh: "“\(text)”不是累计期间:累计须从1月起至其后某月,如“1-6月”")
  }

  /// A year to date written without its year at `index` (`1-6月`), or nil.
  private func monthsFromJanuary(at index: Int) -> (Token.Kind, Int)? {
    guard !isDigit(index - 1), folded[safe: index - 1] != "年", let (months, length) = monthRange(at: index) else {
      return nil
    }
    guard months.first == 1 else {
      return (.badPeriod(Self.notFromJanuary(String(characters[index..<index + length]))), index + length)
    }
    return (.yearless(.yearToDate(month: months.last)), index + length)
  }

  /// `jan-jun` (January to June), the month it ends with.
  static func englishMonthsFromJanuary(_ word: String) -> Int? {
    let parts = word.split(separator: "-")
    guard parts.count == 2, parts[0] == "jan" || parts[0] == "january" else { return nil }
    let names = YearToDate.monthNames.map { $0.lowercased() }
    guard let index = names.firstIndex(where: { parts[1].hasPrefix($0) && parts[1].count <= 9 }), index > 0 else {
      return nil
    }
    return index + 1
  }

  /// The part after 年: 上半年, 下半年, (第)四季度, Q4, 6月, 十二月.
  private func chinesePeriod(at start: Int) -> ((PeriodKind, Int), Int)? {
    func text(_ length: Int) -> String? {
      start + length <= folded.count ? String(folded[start..<start + length]) : nil
    }
    if text(3) == "上半年" { return ((.half, 1), 3) }
    if text(3) == "下半年" { return ((.half, 2), 3) }
    if text(1) == "q", isDigit(start + 1) { return ((.quarter, Int(String(folded[start + 1]))!), 2) }
    let quarterNumbers: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4]
    let offset = folded[safe: start] == "第" ? 1 : 0
    if let quarter = folded[safe: start + offset].flatMap({ quarterNumbers[$0] }),
      start + offset + 3 <= folded.count, String(folded[start + offset + 1..<start + offset + 3]) == "季度"
    {
      return ((.quarter, quarter), offset + 3)
    }
    // A month: one or two digits, or a Chinese numeral up to 十二, then 月.
    for length in [2, 1] where start + length < folded.count && folded[start + length] == "月" {
      let number = String(folded[start..<start + length])
      if let month = Int(number) ?? ChineseNumeral.value(of: number) { return ((.month, month), length + 1) }
    }
    // 2021年度: the year.
    if text(1) == "度" { return ((.year, 1), 1) }
    return nil
  }

  // MARK: English

  /// Joins runs of English words into the longest names and keywords they spell.
  private func mergeEnglish(_ tokens: [Token]) -> [Token] {
    var result: [Token] = []
    var index = 0
    // Looking for a misspelt name costs edit distances against the lexicon: a few per query
    // are enough for "did you mean", and a long query of nonsense stays fast.
    var misspellingsLeft = 1
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
      } else if misspellingsLeft > 0, let (token, next) = misspelled(tokens, from: index, budget: &misspellingsLeft) {
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
  private func misspelled(_ tokens: [Token], from index: Int, budget: inout Int) -> (Token, Int)? {
    guard index + 1 < tokens.count, case .unknown(let first) = tokens[index].kind, first.count <= Lexicon.longestMatch,
      case .unknown = tokens[index + 1].kind
    else { return nil }
    budget -= 1
    guard lexicon.startsNameOfSeveralWords(first) else { return nil }
    var words: [String] = []
    var best: (token: Token, next: Int, distance: Int)?
    for end in index..<min(tokens.count, index + 4) {
      guard case .unknown(let word) = tokens[end].kind else { break }
      words.append(word)
      let joined = words.joined(separator: " ")
      guard words.count > 1,
        let nearest = lexicon.suggestions(for: joined, severalWords: true, kinds: { _ in true }).first
      else {
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
    case .yearless(let period): .yearless(period)
    case .relative(let period): .relative(period)
    }
  }

  // MARK: Chinese

  /// Unknown text swallows the one-character words beside it (结按率 is a typo of 结案率,
  /// not 结 + 按 + 率), so the suggestion is made for the whole.
  private func absorbingNeighbours(_ tokens: [Token]) -> [Token] {
    guard tokens.contains(where: { if case .unknown = $0.kind { true } else { false } }) else { return tokens }
    var result: [Token] = []
    let isUnknown = { (token: Token) in if case .unknown = token.kind { true } else { false } }
    let isLoose = { (token: Token) in
      if case .keyword = token.kind, token.range.count == 1 { return true }
      return isUnknown(token)
    }
    for token in tokens {
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
    let raw = String(folded[range])
    if let entry = lexicon.lookup(folded: raw) { return Token(kind: Self.kind(entry), range: range) }
    if raw.count <= 6, let number = Int(raw) ?? ChineseNumeral.value(of: raw) {
      return Token(kind: .number(number), range: range)
    }
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

extension Array {
  /// The element at `index`, or nil outside the array.
  subscript(safe index: Int) -> Element? {
    index >= 0 && index < count ? self[index] : nil
  }
}
