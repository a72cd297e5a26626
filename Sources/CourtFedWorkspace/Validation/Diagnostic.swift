import CourtFedModel

/// Where a thing stands in a workspace: the file (relative to the workspace), line and column;
/// in a workbook, the sheet, row and column, shown as Excel names a cell.
public struct SourceLocation: Sendable, Hashable, Comparable {
  package var file: String
  /// The sheet of a workbook; nil in a text file.
  package var sheet: String?
  /// The sheet's place in the workbook, so findings come in sheet order.
  package var sheetIndex: Int
  /// 1-based (a sheet's row); 0 when the problem concerns the whole file or sheet.
  package var line: Int
  /// 1-based, in characters (a sheet's column: 1 is A); 0 when the problem concerns the whole
  /// line or file.
  package var column: Int

  /// A place in a text file (CSV or TOML): `line` and `column` are 1-based, 0 for the whole
  /// file or line.
  public init(file: String, line: Int = 0, column: Int = 0) {
    self.file = file
    self.sheet = nil
    self.sheetIndex = 0
    self.line = line
    self.column = column
  }

  /// A cell of a workbook's sheet: row `line`, column `column` (1 is A).
  package init(file: String, sheet: String, sheetIndex: Int, line: Int = 0, column: Int = 0) {
    self.file = file
    self.sheet = sheet
    self.sheetIndex = sheetIndex
    self.line = line
    self.column = column
  }

  /// Reading order: by file, then by sheet in the workbook's order, then by line and column,
  /// so that problems print in the order a person meets them.
  public static func < (lhs: SourceLocation, rhs: SourceLocation) -> Bool {
    (lhs.file, lhs.sheetIndex, lhs.line, lhs.column) < (rhs.file, rhs.sheetIndex, rhs.line, rhs.column)
  }

  /// `file:line:column`, leaving out what is zero; in a workbook `figures.xlsx:指标数据!C12`
  /// (a whole row `指标数据!12:12`, a whole sheet `指标数据`).
  package var description: String {
    var text = file
    if let sheet {
      text += ":" + Self.quotedSheetName(sheet)
      if line > 0, column > 0 {
        text += "!\(Self.columnName(column))\(line)"
      } else if line > 0 {
        text += "!\(line):\(line)"
      }
      return text
    }
    if line > 0 { text += ":\(line)" }
    if line > 0, column > 0 { text += ":\(column)" }
    return text
  }

  /// Excel's column name: 1 → A, 26 → Z, 27 → AA.
  package static func columnName(_ column: Int) -> String {
    var number = column
    var letters: [Character] = []
    while number > 0 {
      let remainder = (number - 1) % 26
      letters.append(Character(Unicode.Scalar(UInt8(65 + remainder))))
      number = (number - 1) / 26
    }
    return String(letters.reversed())
  }

  /// A sheet name as a formula writes it: quoted when it has anything but letters, digits,
  /// CJK characters and underscores (`'my sheet'`).
  static func quotedSheetName(_ name: String) -> String {
    let plain = name.unicodeScalars.allSatisfy {
      $0.properties.isAlphabetic || $0.properties.numericType != nil || $0 == "_"
    }
    return plain ? name : "'" + name.replacingOccurrences(of: "'", with: "''") + "'"
  }
}

/// A value read from a workspace file, with where it came from.
public struct Located<Value: Sendable>: Sendable {
  /// The value as read.
  public var value: Value
  package var location: SourceLocation

  /// `value`, read at `location`: the row a check names when the value is wrong.
  public init(_ value: Value, at location: SourceLocation) {
    self.value = value
    self.location = location
  }
}

extension Located: Equatable where Value: Equatable {}

/// One finding of `validate`: where, how serious, what, and what to do.
public struct Diagnostic: Sendable, Equatable {
  package var location: SourceLocation
  package var severity: Severity
  package var problem: WorkspaceProblem

  package init(_ severity: Severity, _ problem: WorkspaceProblem, at location: SourceLocation) {
    self.location = location
    self.severity = severity
    self.problem = problem
  }

  /// `file:line:column: error: message`, then an indented hint line when there is one; the
  /// shape compilers use, so editors and CI logs link to the place.
  package func formatted(in language: Language) -> String {
    var text = "\(location.description): \(severity.rawValue): \(problem.message.text(in: language))"
    if let hint = problem.hint {
      text += "\n    \(language == .zh ? "提示" : "hint"): \(hint.text(in: language))"
    }
    return text
  }
}

/// Findings as they are made, keeping the first `keptPerFile` of each file and counting the
/// rest, so a file of a million bad rows costs no more memory than one of a hundred.
package struct DiagnosticList: Sendable {
  /// How many findings of one file are kept.
  package static let keptPerFile = 100

  private var kept: [Diagnostic] = []
  private var keptByFile: [String: Int] = [:]
  /// Findings not kept, by file: errors and warnings.
  private var omitted: [String: [Int]] = [:]

  package init() {}

  /// Keeps `diagnostic`, or counts it when its file already has `keptPerFile`.
  package mutating func append(_ diagnostic: Diagnostic) {
    let file = diagnostic.location.file
    let count = keptByFile[file, default: 0]
    if count < Self.keptPerFile {
      keptByFile[file] = count + 1
      kept.append(diagnostic)
    } else {
      omitted[file, default: [0, 0]][diagnostic.severity == .error ? 0 : 1] += 1
    }
  }

  package mutating func append(contentsOf diagnostics: some Sequence<Diagnostic>) {
    for diagnostic in diagnostics { append(diagnostic) }
  }

  /// Whether findings in `file` are now only counted: a caller can skip the costly part of a
  /// message (suggestions) that nobody will see.
  package func isFull(_ file: String) -> Bool {
    keptByFile[file, default: 0] >= Self.keptPerFile
  }

  /// Counts `errors` more errors in `file` that were found but not made into findings.
  mutating func count(errors: Int, in file: String) {
    guard errors > 0 else { return }
    omitted[file, default: [0, 0]][0] += errors
  }

  /// Adds `diagnostics` one by one, as `append(_:)` does, keeping the per-file limit.
  package static func += (list: inout DiagnosticList, diagnostics: some Sequence<Diagnostic>) {
    list.append(contentsOf: diagnostics)
  }

  /// Adds the findings `other` kept and the counts of those it only counted, keeping the per-file
  /// limit.
  package static func += (list: inout DiagnosticList, other: DiagnosticList) {
    list.append(contentsOf: other.kept)
    for (file, counts) in other.omitted {
      list.omitted[file, default: [0, 0]][0] += counts[0]
      list.omitted[file, default: [0, 0]][1] += counts[1]
    }
  }

  /// Every error, kept or counted.
  package var errorCount: Int {
    kept.filter { $0.severity == .error }.count + omitted.values.reduce(0) { $0 + $1[0] }
  }

  /// Every warning, kept or counted.
  package var warningCount: Int {
    kept.filter { $0.severity == .warning }.count + omitted.values.reduce(0) { $0 + $1[1] }
  }

  /// The kept findings in file, line and column order, then one finding per file that had
  /// more, counting them.
  package var sorted: [Diagnostic] {
    var result = kept.sortedByLocation()
    for (file, counts) in omitted.sorted(by: { $0.key < $1.key }) {
      result.append(
        Diagnostic(
          counts[0] > 0 ? .error : .warning, .moreProblems(errors: counts[0], warnings: counts[1]),
          at: SourceLocation(file: file)))
    }
    return result
  }
}

extension Array where Element == Diagnostic {
  /// Whether any finding is an error.
  package var hasErrors: Bool { contains { $0.severity == .error } }

  /// The findings in file, line and column order, errors before warnings at one place.
  package func sortedByLocation() -> [Diagnostic] {
    enumerated().sorted { a, b in
      if a.element.location != b.element.location { return a.element.location < b.element.location }
      if a.element.severity != b.element.severity { return a.element.severity > b.element.severity }
      return a.offset < b.offset
    }.map(\.element)
  }
}
