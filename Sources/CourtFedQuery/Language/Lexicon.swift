import CourtFedModel

/// Everything a query can name, for segmenting Chinese and for suggestions.
///
/// Names come from two places: the query language and the catalog (keywords, metric names),
/// and the data (court and region names, from bundles). The data never changes the meaning
/// of the language's own words: a keyword beats a metric, a metric beats a court, a court
/// beats a region, and a court or region name that is itself a run of the language's words
/// (a court short-named 结案率前三) is left out, so such a court is named by its id instead.
struct Lexicon {
  /// Folded spelling → meaning.
  enum Entry: Equatable {
    case keyword(Keyword)
    case metric(String)
    case court(String)
    /// A region (`courts.region`): every court in it.
    case region(String)
    /// A period without its year (第一季度, 上半年, 前三季度, first half).
    case yearless(YearlessPeriod)
    /// A period named from today (去年, last quarter).
    case relative(RelativePeriod)

    /// Lower wins when two entries share a spelling.
    var priority: Int {
      switch self {
      case .keyword, .yearless, .relative: 0
      case .metric: 1
      case .court: 2
      case .region: 3
      }
    }
  }

  /// The longest spelling matched, in characters: longer names are never looked up, which
  /// keeps segmenting linear in the query's length.
  static let longestMatch = 48

  var entries: [String: Entry] = [:]
  /// The longest entry, in characters (at most `longestMatch`).
  var longest = 1
  /// Spellings by length, as scalar arrays, for suggestions.
  private var byLength: [Int: [(key: String, scalars: [UInt32], entry: Entry)]] = [:]
  /// The same for spellings of several words only (`clearance rate`), for a misspelt run of
  /// English words.
  private var severalWordsByLength: [Int: [(key: String, scalars: [UInt32], entry: Entry)]] = [:]
  /// The first words of names of several words ("clearance" of "clearance rate").
  private var firstWords: [[UInt32]] = []

  init(catalog: MetricCatalog, courts: [(id: String, names: [String])], regions: [String] = []) {
    for keyword in Keyword.allCases {
      for spelling in keyword.spellings { add(spelling, .keyword(keyword)) }
    }
    for (spellings, entry) in Self.periodWords {
      for spelling in spellings { add(spelling, entry) }
    }
    for metric in catalog.metrics {
      for name in metric.names { add(name, .metric(metric.key)) }
    }
    // The language's own words, before any name from the data is added.
    let language = Words(entries)
    for court in courts {
      for name in court.names + [court.id] {
        let folded = TextNormalization.fold(name)
        if !language.compose(folded) { add(folded: folded, .court(court.id)) }
      }
    }
    for region in regions {
      let folded = TextNormalization.fold(region)
      if !language.compose(folded) { add(folded: folded, .region(region)) }
    }
    var firsts = Set<String>()
    for (key, entry) in entries {
      let scalars = key.unicodeScalars.map(\.value)
      byLength[scalars.count, default: []].append((key, scalars, entry))
      let words = key.split(separator: " ")
      if words.count > 1 {
        firsts.insert(String(words[0]))
        severalWordsByLength[scalars.count, default: []].append((key, scalars, entry))
      }
    }
    firstWords = firsts.sorted().map { $0.unicodeScalars.map(\.value) }
  }

  /// Periods written without a year, and periods named from today, in both languages.
  static let periodWords: [([String], Entry)] = {
    var words: [([String], Entry)] = [
      (["上半年", "first half"], .yearless(.half(1))),
      (["下半年", "second half"], .yearless(.half(2))),
      (["前两季度", "前二季度", "前2季度"], .yearless(.yearToDate(month: 6))),
      (["前三季度", "前3季度", "first three quarters", "first 3 quarters"], .yearless(.yearToDate(month: 9))),
      (["今年", "本年", "this year"], .relative(.thisYear)),
      (["去年", "上年", "last year"], .relative(.lastYear)),
      (["上季度", "上一季度", "上个季度", "last quarter"], .relative(.lastQuarter)),
      (["上月", "上个月", "上一个月", "last month"], .relative(.lastMonth)),
    ]
    let numerals = ["一", "二", "三", "四"]
    let ordinals = ["first", "second", "third", "fourth"]
    for quarter in 1...4 {
      let numeral = numerals[quarter - 1]
      words.append(
        (
          [
            "第\(numeral)季度", "\(numeral)季度", "第\(quarter)季度", "\(quarter)季度", "q\(quarter)",
            "\(ordinals[quarter - 1]) quarter",
          ],
          .yearless(.quarter(quarter))
        ))
    }
    return words
  }()

  /// The language's own words (keywords, metric names), for telling whether a name from the
  /// data reads wholly as them.
  struct Words {
    let words: [String: Entry]
    /// Every character of those words: a name with any other character (not a digit) is not
    /// made of them, which settles most court names without splitting them.
    let characters: Set<Character>
    /// Every beginning of those words (without spaces): a split stops trying longer words at
    /// the first run of characters no word begins with.
    let prefixes: Set<String>

    init(_ words: [String: Entry]) {
      self.words = words
      characters = Set(words.keys.flatMap { $0 })
      var prefixes = Set<String>()
      for word in words.keys {
        var prefix = ""
        for character in word where character != " " {
          prefix.append(character)
          prefixes.insert(prefix)
        }
      }
      self.prefixes = prefixes
    }

    /// Whether `folded` (a folded name) reads wholly as these words and digits: such a name
    /// would change the meaning of other people's queries.
    func compose(_ folded: String) -> Bool {
      let characters = Array(folded.filter { $0 != " " })
      guard !characters.isEmpty else { return true }
      guard characters.allSatisfy({ self.characters.contains($0) || $0.isNumber }) else { return false }
      // reachable[i]: the first i characters split into known words.
      var reachable = [Bool](repeating: false, count: characters.count + 1)
      reachable[0] = true
      for start in 0..<characters.count where reachable[start] {
        var word = ""
        var digits = true
        for end in (start + 1)...min(characters.count, start + longestMatch) {
          word.append(characters[end - 1])
          digits = digits && characters[end - 1].isNumber
          if words[word] != nil || digits { reachable[end] = true }
          // No longer word can begin here once no word begins with these characters.
          if !digits && !prefixes.contains(word) { break }
        }
      }
      return reachable[characters.count]
    }
  }

  /// Whether `word` could be a misspelling of the first word of a name of several words.
  func startsNameOfSeveralWords(_ word: String) -> Bool {
    let scalars = word.unicodeScalars.map(\.value)
    let limit = EditDistance.limit(for: word)
    return firstWords.contains { EditDistance.within(scalars, $0, limit: limit) != nil }
  }

  private mutating func add(_ spelling: String, _ entry: Entry) {
    add(folded: TextNormalization.fold(spelling), entry)
  }

  private mutating func add(folded: String, _ entry: Entry) {
    guard !folded.isEmpty, folded.count <= Self.longestMatch else { return }
    if let existing = entries[folded], existing.priority <= entry.priority { return }
    entries[folded] = entry
    longest = max(longest, folded.count)
  }

  /// The entry for exactly `text`.
  func lookup(_ text: String) -> Entry? { entries[TextNormalization.fold(text)] }

  /// The entry for text already folded.
  func lookup(folded text: String) -> Entry? { entries[text] }

  /// Spellings close to `text`: metric names first, then court names, then (for text of three
  /// characters or more: short keywords such as 名 are near anything) the language's words;
  /// at most three, in one pass over the lexicon.
  func suggestions(for text: String) -> [String] {
    let found = suggestions(for: text, limit: Int.max) { _ in true }
    var ordered: [String] = []
    for wanted in [0, 1, 2] {
      for key in found {
        guard let entry = entries[key] else { continue }
        let group =
          switch entry {
          case .metric: 0
          case .court: 1
          case .keyword: text.count < 3 ? -1 : 2
          case .region, .yearless, .relative: -1
          }
        if group == wanted { ordered.append(key) }
      }
    }
    return Array(ordered.prefix(3))
  }

  /// Spellings close to `text`, for "did you mean"; with `severalWords`, only names of several
  /// words.
  func suggestions(
    for text: String, severalWords: Bool = false, limit count: Int = 3, kinds: (Entry) -> Bool
  ) -> [String] {
    let index = severalWords ? severalWordsByLength : byLength
    let folded = TextNormalization.fold(text)
    let scalars = folded.unicodeScalars.map(\.value)
    // No spelling is longer than `longestMatch`: a longer text is near none of them.
    guard scalars.count <= Self.longestMatch * 2 else { return [] }
    let limit = EditDistance.limit(for: folded)
    var found: [(key: String, distance: Int)] = []
    for length in max(0, scalars.count - limit)...(scalars.count + limit) {
      for candidate in index[length] ?? [] where kinds(candidate.entry) {
        if let distance = EditDistance.within(scalars, candidate.scalars, limit: limit) {
          found.append((candidate.key, distance))
        }
      }
    }
    found.sort { ($0.distance, $0.key) < ($1.distance, $1.key) }
    return found.prefix(count).map(\.key)
  }
}
