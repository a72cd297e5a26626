import CourtFedModel
import CourtFedQuery
import CourtFedStore
import Foundation
import GRDB

/// A meeting pack: a cover (title, date, how many courts reported and who is missing), one
/// section per query with its table and chart, and a closing note on the sources (every
/// court's bundles and their signers' fingerprints).
public struct MeetingPack: Sendable {
  public let spec: ReportSpec
  public let sections: [(heading: String, result: QueryResult)]
  public let cover: Cover
  public let sources: [Source]
  public let language: Language

  /// What the cover says about the data.
  public struct Cover: Sendable {
    public var period: Period?
    public var courts: Int
    public var reported: Int
    public var missing: [String]
    public var dataAsOf: String?
  }

  /// One court's latest bundle.
  public struct Source: Sendable {
    public var court: String
    public var name: String
    public var bundles: Int
    public var sequence: Int
    public var file: String
    public var signer: String
    public var mergedAt: String
  }

  /// Runs every section's query (with the spec's period where the query names none).
  ///
  /// - Parameter members: the courts expected to report (the trust store's), besides those
  ///   that sent bundles.
  /// - Throws: `MeetingPackError` naming the section whose query is wrong.
  public init(spec: ReportSpec, engine: QueryEngine, members: [String] = [], file: String) throws {
    self.spec = spec
    var sections: [(heading: String, result: QueryResult)] = []
    for section in spec.sections {
      var query: Query
      do {
        query = try engine.parse(section.query)
      } catch {
        throw MeetingPackError(
          file: file, line: section.line,
          message:
            "the query of section '\(section.heading)' has an error:\n\(error.rendered(in: spec.language ?? .zh))")
      }
      if query.period == nil, let period = spec.period { query.period = period }
      sections.append((section.heading, try engine.run(query)))
    }
    self.sections = sections
    language = spec.language ?? sections.first?.result.language ?? .zh
    let store = engine.store
    let period =
      spec.period ?? sections.compactMap { $0.result.provenance.period }.first.flatMap { try? Period(parsing: $0) }
    let completeness = try store.completeness(members: members)
    let reported = period.map { completeness.reported($0) } ?? completeness.courts
    cover = Cover(
      period: period, courts: completeness.courts.count, reported: reported.count,
      missing: completeness.courts.filter { !reported.contains($0) }.map { completeness.names[$0] ?? $0 },
      dataAsOf: try store.read { db in try String.fetchOne(db, sql: "SELECT MAX(merged_at) FROM bundles") })
    sources = try store.read { db in
      try Row.fetchAll(
        db,
        sql: """
          SELECT c.id, c.short_name, b.sequence, b.file_name, b.signer_fingerprint, b.merged_at,
                 (SELECT COUNT(*) FROM bundles x WHERE x.court = c.id) AS count
          FROM courts c JOIN bundles b ON b.court = c.id AND b.sequence = c.last_sequence
          ORDER BY c.id
          """
      ).map { row in
        Source(
          court: row["id"], name: row["short_name"], bundles: row["count"], sequence: row["sequence"],
          file: row["file_name"], signer: row["signer_fingerprint"], mergedAt: row["merged_at"])
      }
    }
  }

  var formatter: ResultFormatter {
    ResultFormatter(language: language, classification: spec.classification ?? ResultFormatter.internalUse)
  }

  private func words(_ en: String, _ zh: String) -> String { language == .zh ? zh : en }

  /// The date on the cover: the spec's, else today's.
  var date: String {
    spec.date ?? ISO8601DateFormatter.string(from: Date(), timeZone: .gmt, formatOptions: [.withFullDate])
  }

  /// The cover's facts, as label and text.
  var coverFacts: [(label: String, text: String, warning: Bool)] {
    var facts: [(String, String, Bool)] = [(words("Date", "日期"), date, false)]
    if let period = cover.period {
      facts.append((words("Period", "期间"), language == .zh ? period.chineseDescription : period.description, false))
    }
    let complete = cover.reported == cover.courts
    facts.append(
      (
        words("Data", "数据完整性"),
        complete
          ? words("all \(cover.courts) courts reported", "\(cover.courts)家法院均已报送")
          : words(
            "\(cover.reported) of \(cover.courts) courts reported; missing: \(cover.missing.joined(separator: ", "))",
            "\(cover.courts)家法院中\(cover.reported)家已报送;未报送:\(cover.missing.joined(separator: "、"))"),
        !complete
      ))
    if let asOf = cover.dataAsOf { facts.append((words("Data as of", "数据截至"), asOf, false)) }
    facts.append((words("Sections", "内容"), "\(sections.count)", false))
    return facts
  }

  var sourcesNote: String {
    words(
      "Every figure comes from the signed bundles below, each verified against the trust store before it was merged; "
        + "the signer is the fingerprint of the court's key (compare them with courtfed trust list).",
      "本文所有数据均来自下列经签名的数据包,合并前均已按信任列表验证签名;签名人为各院密钥指纹(可用 courtfed trust list 核对)。")
  }

  /// The pack as one self-contained HTML file.
  public func html() -> String {
    let renderer = ResultHTML(formatter: formatter.with(classification: ""))
    let classification = spec.classification ?? ResultFormatter.internalUse
    var body = "<div class=\"cover\">\n"
    if !classification.isEmpty { body += "<p class=\"classification\">\(HTML.escape(classification))</p>\n" }
    body += "<h1>\(HTML.escape(spec.title))</h1>\n<dl>\n"
    for fact in coverFacts {
      body +=
        "<dt>\(HTML.escape(fact.label))</dt><dd\(fact.warning ? " class=\"missing\"" : "")>\(HTML.escape(fact.text))</dd>\n"
    }
    body += "</dl>\n<ol>\n"
    for section in sections { body += "<li>\(HTML.escape(section.heading))</li>\n" }
    body += "</ol>\n</div>\n"
    for section in sections {
      body += "<section class=\"pack-section\">\n"
      if !classification.isEmpty { body += "<p class=\"classification\">\(HTML.escape(classification))</p>\n" }
      body += renderer.section(section.result, heading: section.heading) + "</section>\n"
    }
    body += "<section class=\"pack-section sources\">\n<h2>\(words("Sources", "数据来源"))</h2>\n"
    body += "<p>\(HTML.escape(sourcesNote))</p>\n<table>\n<thead><tr>"
    for header in sourceHeaders { body += "<th>\(HTML.escape(header))</th>" }
    body += "</tr></thead>\n<tbody>\n"
    for row in sourceRows { body += "<tr>" + row.map { "<td>\(HTML.escape($0))</td>" }.joined() + "</tr>\n" }
    body += "</tbody>\n</table>\n</section>\n"
    body += renderer.footer()
    return HTML.document(title: spec.title, language: language, body: body)
  }

  var sourceHeaders: [String] {
    [
      words("court", "法院"), words("bundles", "数据包数"), words("latest", "最新序号"), words("file", "文件"),
      words("signer", "签名人"), words("merged", "合并时间"),
    ]
  }

  var sourceRows: [[String]] {
    sources.map { [$0.name, "\($0.bundles)", "#\($0.sequence)", $0.file, $0.signer, $0.mergedAt] }
  }

  /// The pack as Markdown (tables without charts).
  public func markdown() -> String {
    let classification = spec.classification ?? ResultFormatter.internalUse
    let sectionFormatter = formatter.with(classification: "")
    var lines: [String] = []
    if !classification.isEmpty { lines += ["**\(classification)**", ""] }
    lines += ["# \(spec.title)", ""]
    for fact in coverFacts { lines.append("- \(fact.label): \(fact.warning ? "**\(fact.text)**" : fact.text)") }
    lines.append("")
    for section in sections {
      lines += ["## \(section.heading)", "", sectionFormatter.markdown(section.result)]
    }
    lines += ["## \(words("Sources", "数据来源"))", "", sourcesNote, ""]
    lines.append("| " + sourceHeaders.joined(separator: " | ") + " |")
    lines.append("|" + sourceHeaders.map { _ in "---" }.joined(separator: "|") + "|")
    for row in sourceRows {
      lines.append("| " + row.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// A report spec whose query cannot be answered.
public struct MeetingPackError: Error, Sendable, CustomStringConvertible {
  public var file: String
  public var line: Int
  public var message: String
  public var description: String { "\(file):\(line): error: \(message)" }
}

extension ResultFormatter {
  /// A copy with another classification line.
  func with(classification: String) -> ResultFormatter {
    var copy = self
    copy.classification = classification
    return copy
  }
}
