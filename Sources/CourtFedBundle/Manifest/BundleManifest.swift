import CourtFedFormats
import CourtFedModel
import Foundation

/// The signed manifest of a bundle, `datapackage.json`: a Frictionless Data Package listing
/// the five data members with their length, SHA-256, size decompressed, row count and Table
/// Schema, and a `courtfed` object saying whose bundle it is and where it stands in the
/// court's sequence.
public struct BundleManifest: Sendable, Equatable {
  /// One data member as the manifest describes it.
  public struct Resource: Sendable, Equatable {
    package var table: BundleFormat.Table
    /// The compressed member's length.
    package var bytes: Int
    /// Lower-case hex SHA-256 of the compressed member.
    package var sha256: String
    /// The member's size once decompressed, in bytes; decompression stops beyond it.
    public var uncompressedBytes: Int
    /// The member's data rows, not counting the header.
    public var rows: Int
  }

  package var court: Court
  /// 1 for a court's first bundle, then one more each time.
  package var sequence: Int
  /// The SHA-256 (hex) of the court's previous manifest; nil for sequence 1.
  package var previousManifestSHA256: String?
  /// When the bundle was made, `2026-11-22T02:00:00Z`.
  package var created: String
  /// The periods the bundle's measures cover: the bundle is the court's full snapshot of them.
  public var periods: [Period]
  /// The quarters whose group scores a bundle of changes carries: it is the court's full
  /// snapshot of its groups' scores for these quarters, and other quarters' are untouched.
  /// Nil (the field absent) when the bundle carries the scores whole: a court's first bundle,
  /// `export --all`, and every bundle made before the field existed.
  public var scoreQuarters: [Period]?
  package var catalogVersion: String
  /// The five tables, in the fixed order.
  public var resources: [Resource]

  /// The package name: `courtfed-bj-xicheng-3`.
  package var name: String { "courtfed-\(court.id)-\(sequence)" }

  /// The manifest as JSON.
  package var json: JSONValue {
    func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }
    var courtfed: [String: JSONValue] = [
      "format_version": .integer(scoreQuarters == nil ? BundleFormat.version : BundleFormat.scoreQuartersVersion),
      "court": .object([
        "id": .string(court.id), "name": .string(court.name), "short_name": .string(court.shortName),
        "english_name": optional(court.englishName), "level": .string(court.level.rawValue),
        "parent": optional(court.parent), "region": optional(court.region),
      ]),
      "sequence": .integer(sequence),
      "previous_manifest_sha256": optional(previousManifestSHA256),
      "created": .string(created),
      "periods": .array(periods.map { .string($0.description) }),
      "catalog_version": .string(catalogVersion),
    ]
    if let scoreQuarters { courtfed["score_quarters"] = .array(scoreQuarters.map { .string($0.description) }) }
    return .object([
      "profile": .string("tabular-data-package"),
      "name": .string(name),
      "resources": .array(
        resources.map { resource in
          .object([
            "name": .string(resource.table.rawValue),
            "path": .string(resource.table.path),
            "profile": .string("tabular-data-resource"),
            "format": .string("csv"),
            "mediatype": .string("text/csv"),
            "encoding": .string("utf-8"),
            "compression": .string("gz"),
            "bytes": .integer(resource.bytes),
            "hash": .string("sha256:" + resource.sha256),
            "courtfed_uncompressed_bytes": .integer(resource.uncompressedBytes),
            "courtfed_rows": .integer(resource.rows),
            "schema": resource.table.schema,
          ])
        }),
      "courtfed": .object(courtfed),
    ])
  }

  /// The canonical bytes that are signed.
  package var canonicalBytes: Data { CanonicalJSON.encode(json) }

  package init(
    court: Court, sequence: Int, previousManifestSHA256: String?, created: String, periods: [Period],
    scoreQuarters: [Period]? = nil, catalogVersion: String, resources: [Resource]
  ) {
    self.court = court
    self.sequence = sequence
    self.previousManifestSHA256 = previousManifestSHA256
    self.created = created
    self.periods = periods
    self.scoreQuarters = scoreQuarters
    self.catalogVersion = catalogVersion
    self.resources = resources
  }

  /// Reads a parsed manifest strictly: every field present with the right type and range,
  /// no unknown field, the schemas exactly CourtFed's own.
  package init(json: JSONValue) throws(BundleError) {
    var top = try FieldReader(json, path: "the manifest")
    let courtfedValue = try top.take("courtfed")
    var courtfed = try FieldReader(courtfedValue, path: "courtfed")
    let version = try courtfed.integer("format_version")
    guard version == BundleFormat.version || version == BundleFormat.scoreQuartersVersion else {
      throw .unsupportedVersion(version)
    }
    var court = try FieldReader(try courtfed.take("court"), path: "courtfed.court")
    let id = try court.string("id")
    guard Court.isValidID(id) else {
      throw .manifestField(path: "courtfed.court.id", problem: "is not a valid court id")
    }
    let levelText = try court.string("level")
    guard let level = CourtLevel(rawValue: levelText) else {
      throw .manifestField(path: "courtfed.court.level", problem: "must be basic, intermediate or high")
    }
    self.court = Court(
      id: id, name: try court.string("name"), shortName: try court.string("short_name"),
      englishName: try court.optionalString("english_name"), level: level, parent: try court.optionalString("parent"),
      region: try court.optionalString("region"))
    try court.finish()

    sequence = try courtfed.integer("sequence")
    guard sequence >= 1 else { throw .manifestField(path: "courtfed.sequence", problem: "must be 1 or more") }
    previousManifestSHA256 = try courtfed.optionalString("previous_manifest_sha256")
    if let previous = previousManifestSHA256, !Self.isHexDigest(previous) {
      throw .manifestField(path: "courtfed.previous_manifest_sha256", problem: "must be 64 lower-case hex digits")
    }
    guard (sequence == 1) == (previousManifestSHA256 == nil) else {
      throw .manifestField(
        path: "courtfed.previous_manifest_sha256", problem: "must be null for sequence 1 and a hash after it")
    }
    created = try courtfed.string("created")
    guard Self.date(fromTimestamp: created) != nil else {
      throw .manifestField(path: "courtfed.created", problem: "must be a UTC time like 2026-11-22T02:00:00Z")
    }
    periods = try Self.periods(try courtfed.take("periods"), path: "courtfed.periods")
    scoreQuarters = try courtfed.takeIfPresent("score_quarters").map { value throws(BundleError) in
      try Self.periods(value, path: "courtfed.score_quarters", kind: .quarter)
    }
    guard (scoreQuarters != nil) == (version == BundleFormat.scoreQuartersVersion) else {
      throw .manifestField(
        path: "courtfed.format_version",
        problem: "must be \(BundleFormat.scoreQuartersVersion) with score_quarters and \(BundleFormat.version) without")
    }
    catalogVersion = try courtfed.string("catalog_version")
    try courtfed.finish()

    guard try top.string("profile") == "tabular-data-package" else {
      throw .manifestField(path: "profile", problem: "must be tabular-data-package")
    }
    let name = try top.string("name")
    guard case .array(let resourceValues) = try top.take("resources") else {
      throw .manifestField(path: "resources", problem: "must be a list")
    }
    resources = try Self.resources(resourceValues)
    try top.finish()
    guard name == self.name else { throw .manifestField(path: "name", problem: "must be \(self.name)") }
  }

  /// A sorted list of periods in canonical form, each once (each of `kind` when given).
  private static func periods(_ list: JSONValue, path: String, kind: PeriodKind? = nil) throws(BundleError)
    -> [Period]
  {
    guard case .array(let values) = list else { throw .manifestField(path: path, problem: "must be a list") }
    var periods: [Period] = []
    for (index, value) in values.enumerated() {
      guard case .string(let text) = value, let period = Period(canonical: text) else {
        if case .string(let text) = value, let year = Int(text.prefix(4)),
          text.utf8.prefix(4).allSatisfy({ $0 >= 48 && $0 <= 57 }),
          !Period.supportedYears.contains(year)
        {
          throw .manifestField(
            path: "\(path)[\(index)]",
            problem:
              "is in \(year), outside the years CourtFed accepts (\(Period.supportedYears.lowerBound)-\(Period.supportedYears.upperBound))"
          )
        }
        throw .manifestField(path: "\(path)[\(index)]", problem: "is not a period in canonical form (2021Q4)")
      }
      if let kind, period.kind != kind {
        throw .manifestField(path: "\(path)[\(index)]", problem: "is not a quarter (2021Q4)")
      }
      if let last = periods.last, !(last < period) {
        throw .manifestField(path: "\(path)[\(index)]", problem: "is out of order or repeated")
      }
      periods.append(period)
    }
    return periods
  }

  private static func resources(_ values: [JSONValue]) throws(BundleError) -> [Resource] {
    var result: [Resource] = []
    var seen = Set<String>()
    for (index, value) in values.enumerated() {
      let path = "resources[\(index)]"
      var reader = try FieldReader(value, path: path)
      let name = try reader.string("name")
      guard seen.insert(name).inserted else { throw .manifestField(path: "\(path).name", problem: "repeats '\(name)'") }
      let tables = BundleFormat.Table.allCases
      guard index < tables.count, name == tables[index].rawValue else {
        let expected = index < tables.count ? "'\(tables[index].rawValue)'" : "nothing: there are five tables"
        throw .manifestField(path: "\(path).name", problem: "is '\(name)'; expected \(expected)")
      }
      let table = tables[index]
      let memberPath = try reader.string("path")
      if let problem = pathProblem(memberPath, expected: table.path) {
        throw .manifestField(path: "\(path).path", problem: problem)
      }
      for (key, expected) in [
        ("profile", "tabular-data-resource"), ("format", "csv"), ("mediatype", "text/csv"), ("encoding", "utf-8"),
        ("compression", "gz"),
      ] {
        guard try reader.string(key) == expected else {
          throw .manifestField(path: "\(path).\(key)", problem: "must be \(expected)")
        }
      }
      let bytes = try reader.integer("bytes")
      let hash = try reader.string("hash")
      guard hash.hasPrefix("sha256:"), isHexDigest(String(hash.dropFirst(7))) else {
        throw .manifestField(path: "\(path).hash", problem: "must be sha256: and 64 lower-case hex digits")
      }
      let uncompressed = try reader.integer("courtfed_uncompressed_bytes")
      let rows = try reader.integer("courtfed_rows")
      guard try reader.take("schema") == table.schema else {
        throw .manifestField(path: "\(path).schema", problem: "is not CourtFed's schema for \(table.rawValue)")
      }
      try reader.finish()
      result.append(
        Resource(
          table: table, bytes: bytes, sha256: String(hash.dropFirst(7)), uncompressedBytes: uncompressed, rows: rows))
    }
    guard result.count == BundleFormat.Table.allCases.count else {
      throw .manifestField(path: "resources", problem: "must list the five tables, not \(result.count)")
    }
    return result
  }

  /// Why `path` is not the member path expected, in words, or nil when it is.
  static func pathProblem(_ path: String, expected: String) -> String? {
    if path == expected { return nil }
    if path.isEmpty { return "is empty" }
    if path.hasPrefix("/") { return "'\(path)' is absolute" }
    if path.split(separator: "/").contains("..") { return "'\(path)' climbs out with '..'" }
    if path.contains("\\") { return "'\(path)' has a backslash" }
    if !path.allSatisfy({ $0.isASCII && !$0.isWhitespace }) { return "'\(path)' has characters other than plain ASCII" }
    return "is '\(path)'; expected \(expected)"
  }

  static func isHexDigest(_ text: String) -> Bool {
    text.utf8.count == 64 && text.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
  }

  /// Parses `2026-11-22T02:00:00Z` (UTC, whole seconds), the one form manifests use; any
  /// other spelling of a time is refused. By hand: a formatter per bundle was a tenth of
  /// verifying a small one.
  package static func date(fromTimestamp text: String) -> Date? {
    let bytes = Array(text.utf8)
    guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A,
      bytes[16] == 0x3A, bytes[19] == 0x5A
    else { return nil }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for index in range {
        guard (0x30...0x39).contains(bytes[index]) else { return nil }
        value = value * 10 + Int(bytes[index] - 0x30)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
      let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), hour < 24, minute < 60,
      second < 60
    else { return nil }
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    let monthDays = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    guard (1...monthDays[month - 1]).contains(day) else { return nil }
    let days = daysFromCivil(year, month, day)
    return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3_600 + minute * 60 + second))
  }

  /// `2026-11-22T02:00:00Z` for `date`, to the second.
  package static func timestamp(_ date: Date) -> String {
    let seconds = Int(date.timeIntervalSince1970.rounded(.down))
    let days = Int((Double(seconds) / 86_400).rounded(.down))
    let (year, month, day) = civilFromDays(days)
    let rest = seconds - days * 86_400
    func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
    return
      "\(String(format: "%04d", year))-\(two(month))-\(two(day))T\(two(rest / 3_600)):\(two(rest % 3_600 / 60)):\(two(rest % 60))Z"
  }

  /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
  static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  /// The date of a day since 1970-01-01.
  static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp < 10 ? mp + 3 : mp - 9
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

}

/// Takes fields out of a JSON object one by one, so that whatever is left at the end is an
/// unknown field.
private struct FieldReader {
  var members: [String: JSONValue]
  let path: String

  init(_ value: JSONValue, path: String) throws(BundleError) {
    guard case .object(let members) = value else { throw .manifestField(path: path, problem: "must be an object") }
    self.members = members
    self.path = path
  }

  mutating func take(_ key: String) throws(BundleError) -> JSONValue {
    guard let value = members.removeValue(forKey: key) else {
      throw .manifestField(path: path == "the manifest" ? key : "\(path).\(key)", problem: "is missing")
    }
    return value
  }

  /// The field's value, or nil when the object does not have it (an optional field).
  mutating func takeIfPresent(_ key: String) -> JSONValue? { members.removeValue(forKey: key) }

  mutating func string(_ key: String) throws(BundleError) -> String {
    guard case .string(let text) = try take(key) else { throw problem(key, "must be a string") }
    return text
  }

  mutating func optionalString(_ key: String) throws(BundleError) -> String? {
    switch try take(key) {
    case .null: return nil
    case .string(let text): return text
    default: throw problem(key, "must be a string or null")
    }
  }

  mutating func integer(_ key: String) throws(BundleError) -> Int {
    guard case .integer(let value) = try take(key) else { throw problem(key, "must be a whole number") }
    guard value >= 0 else { throw problem(key, "must not be negative") }
    return value
  }

  func problem(_ key: String, _ text: String) -> BundleError {
    .manifestField(path: path == "the manifest" ? key : "\(path).\(key)", problem: text)
  }

  func finish() throws(BundleError) {
    if let unknown = members.keys.sorted().first {
      throw .manifestField(
        path: path == "the manifest" ? unknown : "\(path).\(unknown)", problem: "is not a field CourtFed knows")
    }
  }
}

extension BundleManifest {
  /// The manifest file's JSON; a syntax error becomes the bundle error that names its offset.
  static func json(_ data: Data) throws(BundleError) -> JSONValue {
    do {
      return try CanonicalJSON.parse(data)
    } catch {
      throw .manifestSyntax(offset: error.offset, detail: error.detail)
    }
  }
}
