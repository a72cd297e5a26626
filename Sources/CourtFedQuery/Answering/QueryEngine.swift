import CourtFedModel
import CourtFedStore
import Foundation
import Synchronization

/// Parses queries and answers them from the store, read-only.
///
/// The store hands over each court's stored figures for the measures and periods a question
/// needs; the engine computes indicators, city figures, ranks, changes and completeness from
/// them by the rules of `Specs/query-language.md`, in one place for every kind of question.
public final class QueryEngine: Sendable {
  package let reader: StoreReader
  package let catalog: MetricCatalog
  /// Today, for "the latest complete period" and "has this period ended": injectable so a
  /// test can stand on any day.
  package let now: Date
  /// Fingerprints (`SHA256:…`) of signers revoked in the trust store: figures they signed are
  /// flagged in every format.
  package let revokedSigners: Set<String>
  /// The trust store those came from, named in the provenance.
  package let trustStore: String?
  /// Leave figures signed by revoked keys out of tables and city figures.
  package let excludeRevoked: Bool
  /// Whether results carry their provenance (a few more reads); benchmarks turn it off to
  /// time the answer alone.
  package let withProvenance: Bool
  /// The office's reference ranges (`ranges.toml` beside the database), if it has set any.
  package let ranges: ReferenceRanges?
  /// Where the ranges file is looked for, named when a question needs one and there is none.
  package let rangesLocation: String

  /// The longest query accepted, in characters: a question is a line, and anything longer is
  /// refused at once rather than read.
  package static let maximumQueryLength = 1000

  /// The names of courts and regions, read from the database and reread when a merge has
  /// changed it.
  struct Names: Sendable {
    var version: String
    var lexicon: Lexicon
    var courts: [String: CourtRecord]
    var ordered: [CourtRecord]
  }
  private let names: Mutex<Names?> = Mutex(nil)
  /// Bundle records by id, kept for the data version they were read at: a bundle's row never
  /// changes once merged, and a nation's provenance names 3,500 of them in every answer.
  private let bundleRecords: Mutex<(version: String, byID: [Int64: BundleRecord])> = Mutex((version: "", byID: [:]))
  /// Past this many records kept, only the last read's are kept (a nation's five years of
  /// monthly bundles would be 210,000).
  static let bundleRecordsKept = 50_000

  /// An engine answering questions over `reader`'s database. `now` decides which periods have
  /// ended; `revokedSigners` (fingerprints, `SHA256:…`) flags, or with `excludeRevoked` leaves out,
  /// the figures those keys signed, naming `trustStore` in the provenance; `withProvenance: false`
  /// skips the provenance reads (benchmarks). `ranges` are the office's reference ranges, and
  /// `rangesLocation` the path a question needing them is told to create when there are none.
  public init(
    reader: StoreReader, now: Date = Date(), revokedSigners: Set<String> = [], trustStore: String? = nil,
    excludeRevoked: Bool = false, withProvenance: Bool = true, ranges: ReferenceRanges? = nil,
    rangesLocation: String = ReferenceRanges.fileName
  ) {
    self.ranges = ranges
    self.rangesLocation = rangesLocation
    self.reader = reader
    catalog = reader.catalog
    self.now = now
    self.revokedSigners = revokedSigners
    self.trustStore = trustStore
    self.excludeRevoked = excludeRevoked
    self.withProvenance = withProvenance
  }

  /// The courts and the lexicon, reloaded when the data changed since they were read.
  func currentNames() throws(StoreError) -> Names {
    let version = try reader.dataVersion()
    if let cached = names.withLock({ $0 }), cached.version == version { return cached }
    let courts = try reader.courts()
    let spellings = courts.map { court -> (id: String, names: [String]) in
      // 北京市西城区人民法院, 西城法院, 西城, the English name and its first word, the id's last part.
      var names = [court.name, court.shortName]
      if court.shortName.hasSuffix("法院"), court.shortName.count > 2 {
        names.append(String(court.shortName.dropLast(2)))
      }
      if let english = court.englishName {
        names.append(english)
        if let first = english.split(separator: " ").first, first.count > 2 { names.append(String(first)) }
      }
      if let last = court.id.split(separator: "-").last, last.count > 2 { names.append(String(last)) }
      return (court.id, names)
    }
    let regions = Array(Set(courts.compactMap(\.region).filter { !$0.isEmpty })).sorted()
    let fresh = Names(
      version: version, lexicon: Lexicon(catalog: catalog, courts: spellings, regions: regions),
      courts: Dictionary(courts.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }), ordered: courts)
    names.withLock { $0 = fresh }
    return fresh
  }

  /// Parses `text`.
  ///
  /// - Throws: `QueryError.refused` with every problem found, each pointing into the text.
  public func parse(_ text: String) throws(QueryError) -> Query {
    guard text.count <= Self.maximumQueryLength else {
      throw .refused(
        query: String(text.prefix(40)) + "…",
        problems: [
          QueryProblem(
            range: 0..<41,
            message: LocalizedText(
              en: "the query is \(text.count) characters long; a question is at most \(Self.maximumQueryLength)",
              zh: "查询长达\(text.count)个字符;一次提问最多\(Self.maximumQueryLength)个字符"),
            suggestion: LocalizedText(en: "ask one short question per line", zh: "请每行只问一个简短的问题"))
        ])
    }
    var parser = try makeParser(text)
    let clauses = parser.clauses()
    var resolver = Resolver(query: text, clauses: clauses, catalog: catalog, hadProblems: !parser.problems.isEmpty)
    let query = resolver.resolve()
    let problems = parser.problems + resolver.problems
    guard problems.isEmpty else {
      throw .refused(query: text, problems: problems.sorted { $0.range.lowerBound < $1.range.lowerBound })
    }
    return query
  }

  /// A parser over `text`'s tokens, with the lexicon of the data as it is now.
  private func makeParser(_ text: String) throws(QueryError) -> Parser {
    let lexicon: Lexicon
    do {
      lexicon = try currentNames().lexicon
    } catch {
      throw .store(error)
    }
    let (tokens, problems) = Lexer(text, lexicon: lexicon).tokens()
    return Parser(query: text, tokens: tokens, lexicon: lexicon, problems: problems)
  }

  /// Where each clause of `text` stands, in order: for tests that permute or drop clauses.
  package func clauseRanges(_ text: String) throws(QueryError) -> [Range<Int>] {
    var parser = try makeParser(text)
    let clauses = parser.clauses()
    guard parser.problems.isEmpty else { throw .refused(query: text, problems: parser.problems) }
    return clauses.map(\.range)
  }

  /// Which clauses of `text` name a metric, in order: their order matters when several are
  /// named (the first ranks), so tests that permute clauses keep it.
  package func metricClauses(_ text: String) throws(QueryError) -> [Bool] {
    var parser = try makeParser(text)
    return parser.clauses().map { if case .metric = $0.kind { true } else { false } }
  }

  /// Parses and answers `text`.
  ///
  /// - Throws: `QueryError.refused` when the query cannot be answered as written (with a
  ///   caret under the words concerned), `.store` when the database cannot be read.
  public func answer(_ text: String) throws(QueryError) -> QueryResult {
    // The parse reads the courts' names: from the same snapshot as the answer.
    try inSnapshot { try run(try parse(text), text: text) }
  }

  /// Answers a parsed query; `text` is the query as written, for pointing at its words.
  public func run(_ query: Query, text: String = "") throws(QueryError) -> QueryResult {
    try inSnapshot { try compute(query, text: text) }
  }

  /// `body` with every read it makes in one snapshot of the store (`StoreReader.snapshot`),
  /// its errors as a `QueryError`.
  private func inSnapshot<T>(_ body: () throws -> T) throws(QueryError) -> T {
    do {
      return try reader.snapshot(body)
    } catch let error as QueryError {
      throw error
    } catch let error as StoreError {
      throw .store(error)
    } catch {
      throw .store(.database(.unexpected(.error(type: "\(type(of: error))"))))
    }
  }

  /// The answer to `query` (`run`).
  private func compute(_ query: Query, text: String) throws -> QueryResult {
    switch query.kind {
    case .showMetrics: return showMetrics(query)
    case .help: return help(query)
    case .showCourts: return try showCourts(query)
    case .showPeriods: return try showPeriods(query)
    case .groups: return try groups(query, text: text)
    case .fiveStarBranches: return try fiveStar(query, text: text)
    case .partyCounts: return try partyCounts(query)
    case .trend: return try trend(query, text: text)
    case .ranking, .versusAverage, .change, .cityTotal, .outsideRange: return try metricAnswer(query, text: text)
    case .healthCheck, .healthSummary: return try healthAnswer(query, text: text)
    case .severalMetrics: return try severalMetrics(query, text: text)
    }
  }

  /// A refusal pointing at `range` of `text` (the whole query when nil).
  func refusal(_ text: String, _ range: Range<Int>?, _ message: LocalizedText, hint: LocalizedText? = nil)
    -> QueryError
  {
    .refused(
      query: text,
      problems: [QueryProblem(range: range ?? 0..<max(1, text.count), message: message, suggestion: hint)])
  }

  /// The records of the bundles `ids` (the result may hold others): read from the store once
  /// per data version (`names.version`), then kept.
  func bundles(_ ids: some Sequence<Int64>, _ names: Names) throws(StoreError) -> [Int64: BundleRecord] {
    var known = bundleRecords.withLock { $0.version == names.version ? $0.byID : [:] }
    var missing = Set<Int64>()
    // By index: `known[id] == nil` would copy each record out to compare it with nil.
    for id in ids where known.index(forKey: id) == nil { missing.insert(id) }
    guard !missing.isEmpty else { return known }
    let read = try reader.bundles(ids: missing)
    known.merge(read) { kept, _ in kept }
    let kept = known.count <= Self.bundleRecordsKept ? known : read
    bundleRecords.withLock { $0 = (names.version, kept) }
    return known
  }

  /// The records of the bundles behind the figures of `tables`: for the provenance, and to
  /// flag figures from revoked signers; none when neither is wanted.
  func bundles(behind tables: [MetricFigures], _ names: Names) throws(StoreError) -> [Int64: BundleRecord] {
    guard withProvenance || !revokedSigners.isEmpty else { return [:] }
    return try bundles(tables.lazy.flatMap { $0.courts.lazy.flatMap(\.bundles) }, names)
  }

  /// The court's short name, or its id for a court the database does not know.
  func courtName(_ id: String, _ names: Names) -> CourtName {
    CourtName(id: id, name: names.courts[id]?.shortName ?? id)
  }

  /// The courts a question covers: the city's (every court in the database), or one level's.
  /// Named courts and regions narrow the rows shown, never this.
  func scope(_ query: Query, _ names: Names) -> [CourtRecord] {
    guard let level = query.level else { return names.ordered }
    return names.ordered.filter { $0.courtLevel == level }
  }

  /// Whether a court's row is shown: every court of the scope, or the named courts and
  /// regions.
  func isShown(_ court: CourtRecord, _ query: Query) -> Bool {
    guard query.namesCourts else { return true }
    return query.courts.contains(court.id) || court.region.map(query.regions.contains) == true
  }

  /// Which courts a city figure covers, in words.
  func scopeText(_ query: Query) -> LocalizedText {
    guard let level = query.level else { return LocalizedText(en: "the city", zh: "全市") }
    return LocalizedText(en: "\(level.name(in: .en)) courts", zh: "\(level.name(in: .zh))法院")
  }
}
