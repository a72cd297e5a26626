import CourtFedFormats
import CourtFedModel
import CourtFedWorkspace
import Foundation

/// The rows of a bundle's five tables, checked against the schema and the catalog.
public struct BundleTables: Sendable {
  /// The reported figures, one per row of the measures table.
  public var measures: [MeasureValue] = []
  package var branches: [PartyBranch] = []
  package var groups: [PartyGroup] = []
  package var groupScores: [GroupScore] = []
  package var branchRatings: [BranchRating] = []

  package init() {}

  /// The CSV text of `table` (header row, RFC 4180, CRLF), rows in a fixed order, for `court`.
  func csv(_ table: BundleFormat.Table, court: String) -> Data {
    var text: [UInt8] = []
    text.reserveCapacity(table == .measures ? measures.count * 48 : 4096)
    CSVWriter.append(table.fields.map(\.name), to: &text)
    func add(_ fields: [String]) { CSVWriter.append([court] + fields, to: &text) }
    switch table {
    case .measures:
      for row in measures { add([row.period.description, row.measure, MeasureValue.format(row.value)]) }
    case .branches:
      for row in branches {
        add([row.id, row.name, row.division, row.secretary, String(row.memberCount), row.brand ?? ""])
      }
    case .groups:
      for row in groups {
        add([
          row.id, row.branchID, row.name, row.team, row.kind.rawValue, row.leader, String(row.leaderAge),
          String(row.leaderPartyYears), String(row.leaderCourtYears), String(row.memberCount),
        ])
      }
    case .groupScores:
      for row in groupScores {
        add([
          row.groupID, row.period.description, MeasureValue.format(row.basic), MeasureValue.format(row.bonus),
          MeasureValue.format(row.deduction),
        ])
      }
    case .branchRatings:
      for row in branchRatings { add([row.branchID, String(row.year), String(row.stars)]) }
    }
    return Data(text)
  }

  /// The order of measure rows in a bundle: by period, then measure key.
  static func measureOrder(_ left: MeasureValue, _ right: MeasureValue) -> Bool {
    (left.period, left.measure) < (right.period, right.measure)
  }

  /// Rows in the order a bundle writes them: by period then measure; by id; by group then
  /// period; by branch then year.
  mutating func sort() {
    measures.sort(by: Self.measureOrder)
    branches.sort { $0.id < $1.id }
    groups.sort { $0.id < $1.id }
    groupScores.sort { ($0.groupID, $0.period) < ($1.groupID, $1.period) }
    branchRatings.sort { ($0.branchID, $0.year) < ($1.branchID, $1.year) }
  }
}

/// Reads one decompressed data member into typed rows, stopping at the first bad row: one
/// bad row rejects the whole bundle.
struct TableChecker {
  let member: String
  let court: String
  let periods: [Period]
  let catalog: MetricCatalog
  let limits: BundleLimits
  /// When the bundle was made: every period must have ended by then.
  let created: Date

  func failure(_ line: Int, _ problem: String) -> BundleError { .row(member: member, line: line, problem: problem) }

  /// Where a row is, for the checks `validate` also runs.
  func location(_ line: Int) -> SourceLocation { SourceLocation(file: member, line: line) }

  /// Walks the records of `data`, checking the header, the field count, the court column and
  /// the field lengths, and hands each data record to `body` with its line.
  func records(
    _ data: Data, table: BundleFormat.Table, declaredRows: Int,
    _ body: (ByteCSV, [ByteCSV.Field], Int) throws(BundleError) -> Void
  ) throws(BundleError) {
    let courtBytes = Array(court.utf8)
    let header = table.fields.map { Array($0.name.utf8) }
    let result: Result<Int, BundleError> = data.withUnsafeBytes { raw in
      var reader = ByteCSV(raw.bindMemory(to: UInt8.self))
      var fields: [ByteCSV.Field] = []
      var rows = 0
      do {
        let line = reader.line
        guard try reader.next(into: &fields), fields.count == header.count,
          zip(fields, header).allSatisfy({ reader.equals($0, $1) })
        else {
          return .failure(failure(line, "the header must be \(table.fields.map(\.name).joined(separator: ","))"))
        }
        while true {
          let line = reader.line
          guard try reader.next(into: &fields) else { break }
          rows += 1
          guard rows <= limits.rows else {
            return .failure(.limitExceeded(member: member, what: "more rows", limit: limits.rows))
          }
          guard fields.count == header.count else {
            return .failure(failure(line, "has \(fields.count) fields; the schema has \(header.count)"))
          }
          guard reader.equals(fields[0], courtBytes) else {
            let found = reader.text(fields[0]) ?? "?"
            return .failure(failure(line, "is for court '\(found)', but the bundle is \(court)'s"))
          }
          if fields.contains(where: { $0.range.count > limits.fieldLength * 4 }) {
            return .failure(
              .limitExceeded(member: member, what: "a field longer than allowed", limit: limits.fieldLength))
          }
          try body(reader, fields, line)
        }
      } catch let error as ByteCSV.SyntaxError {
        return .failure(failure(error.line, error.detail))
      } catch let error as BundleError {
        return .failure(error)
      } catch {
        return .failure(failure(reader.line, "could not be read"))
      }
      return .success(rows)
    }
    let rows = try result.get()
    guard rows == declaredRows else {
      throw .row(member: member, line: 0, problem: "has \(rows) rows; the manifest says \(declaredRows)")
    }
  }

  /// A text field: valid UTF-8, no NUL, within the length limit, non-empty unless allowed.
  func text(_ reader: ByteCSV, _ field: ByteCSV.Field, _ name: String, line: Int, optional: Bool = false)
    throws(BundleError) -> String
  {
    guard let text = reader.text(field), !text.utf8.contains(0) else {
      throw failure(line, "\(name) is not valid UTF-8 text")
    }
    // Characters are never more than bytes: count them only for a long field.
    guard text.utf8.count <= limits.fieldLength || text.count <= limits.fieldLength else {
      throw .limitExceeded(
        member: member, what: "\(name) on line \(line) longer than allowed", limit: limits.fieldLength)
    }
    guard optional || !text.isEmpty else { throw failure(line, "\(name) is empty") }
    return text
  }

  /// A name field (a name, an id): text that follows the rules for names
  /// (`NameRules`), at most `limit` characters.
  func name(
    _ reader: ByteCSV, _ field: ByteCSV.Field, _ name: String, line: Int, limit: Int = NameRules.nameLimit,
    optional: Bool = false
  ) throws(BundleError) -> String {
    let value = try text(reader, field, name, line: line, optional: optional)
    if optional && value.isEmpty { return value }
    if let problem = NameRules.problem(in: value, limit: limit) {
      throw .rowName(member: member, line: line, field: name, problem: problem)
    }
    return value
  }

  func integer(_ reader: ByteCSV, _ field: ByteCSV.Field, _ name: String, line: Int, range: ClosedRange<Int>)
    throws(BundleError) -> Int
  {
    guard let (value, decimals) = reader.decimal(field), decimals == 0, let whole = Int(exactly: value),
      range.contains(whole)
    else {
      throw failure(line, "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
    }
    return whole
  }

  func number(_ reader: ByteCSV, _ field: ByteCSV.Field, _ name: String, line: Int, range: ClosedRange<Double>)
    throws(BundleError) -> Double
  {
    guard let (value, decimals) = reader.decimal(field), range.contains(value) else {
      throw failure(
        line,
        "\(name) must be a number from \(MeasureValue.format(range.lowerBound)) to \(MeasureValue.format(range.upperBound))"
      )
    }
    try exact(reader, field, name, decimals: decimals, line: line)
    return value
  }

  /// Refuses a number whose text has more significant digits than a double keeps (15), so
  /// that what is stored is what was written. Whole numbers are exact below 2^53, which the
  /// value limits ensure.
  func exact(_ reader: ByteCSV, _ field: ByteCSV.Field, _ name: String, decimals: Int, line: Int)
    throws(BundleError)
  {
    guard decimals > 0, field.range.count > 16, reader.significantDigits(field) > 15 else { return }
    throw .inexactNumber(member: member, line: line, field: name, text: reader.text(field) ?? "?")
  }

  func period(_ text: String, line: Int, kind: PeriodKind? = nil) throws(BundleError) -> Period {
    guard let period = Period(canonical: text) else {
      throw failure(line, "'\(text)' is not a period in canonical form (2021Q4)")
    }
    if let kind, period.kind != kind { throw failure(line, "'\(text)' is not a \(kind.rawValue)") }
    return period
  }
}
