import CourtFedModel
import CourtFedQuery
import CourtFedStore
import Foundation

/// A meeting pack: a cover (title, date, how many courts reported and who is missing), one
/// section per query with its table and chart, and a closing note on the sources (every
/// court's bundles and their signers' fingerprints).
package struct MeetingPack: Sendable {
  package let spec: ReportSpec
  package let sections: [(heading: String, result: QueryResult)]
  package let cover: Cover
  package let sources: [Source]
  package let language: Language

  /// What the cover says about the data.
  package struct Cover: Sendable {
    package var period: Period?
    package var courts: Int
    package var reported: Int
    package var missing: [String]
    package var dataAsOf: String?
  }

  /// One court's latest bundle.
  package struct Source: Sendable {
    package var court: String
    package var name: String
    package var bundles: Int
    package var sequence: Int
    package var file: String
    package var signer: String
    package var mergedAt: String
    /// The signer's key has been revoked in the trust store since.
    package var revoked: Bool
  }

  /// Runs every section's query (with the spec's period where the query names none).
  ///
  /// - Parameter members: the courts expected to report (the trust store's), besides those
  ///   that sent bundles.
  /// - Throws: `MeetingPackError` naming the section whose query is wrong.
  package init(spec: ReportSpec, engine: QueryEngine, members: [String] = [], file: String) throws(MeetingPackError) {
    self.spec = spec
    var sections: [(heading: String, result: QueryResult)] = []
    for section in spec.sections {
      var query: Query
      do {
        query = try engine.parse(section.query)
      } catch {
        throw MeetingPackError(
          file: file, line: section.line,
          message: LocalizedText(
            en: "the query of section '\(section.heading)' has an error:\n\(error.rendered(in: .en))",
            zh: "“\(section.heading)”部分的查询有错误:\n\(error.rendered(in: .zh))"))
      }
      // The pack's period, for a query that names none; a trend takes it only when it holds
      // several of the trend's periods (the quarters of 2021), a trend by year every year.
      if !query.namesPeriod, let period = section.period ?? spec.period,
        query.kind != .trend || period.kind > query.trendKind
      {
        query.period = period
      }
      do {
        sections.append((section.heading, try engine.run(query, text: section.query)))
      } catch {
        throw MeetingPackError(
          file: file, line: section.line,
          message: LocalizedText(
            en: "the query of section '\(section.heading)' cannot be answered:\n\(error.rendered(in: .en))",
            zh: "“\(section.heading)”部分的查询无法回答:\n\(error.rendered(in: .zh))"))
      }
    }
    self.sections = sections
    language = spec.language ?? sections.first?.result.language ?? .zh
    let reader = engine.reader
    let period =
      spec.period ?? sections.compactMap { $0.result.provenance.period }.first.flatMap { Period(canonical: $0) }
    do {
      let completeness = try reader.completeness(members: members)
      let reported = period.map { completeness.reported($0) } ?? completeness.courts
      cover = Cover(
        period: period, courts: completeness.courts.count, reported: reported.count,
        missing: completeness.courts.filter { !reported.contains($0) }.map { completeness.names[$0] ?? $0 },
        dataAsOf: try reader.dataAsOf())
      let names = Dictionary(
        try reader.courts().map { ($0.id, $0.shortName) }, uniquingKeysWith: { first, _ in first })
      sources = try reader.latestBundles().map { bundle, count in
        Source(
          court: bundle.court, name: names[bundle.court] ?? bundle.court, bundles: count, sequence: bundle.sequence,
          file: bundle.fileName, signer: bundle.signerFingerprint, mergedAt: bundle.mergedAt,
          revoked: engine.revokedSigners.contains(bundle.signerFingerprint))
      }
    } catch {
      throw MeetingPackError(file: file, line: 1, message: error.text)
    }
    revokedSigners = !engine.revokedSigners.isEmpty
  }

  /// Whether revocations were checked (a trust store was given).
  let revokedSigners: Bool

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
    var note = words(
      "Every figure comes from the signed bundles below, each verified against the trust store when it was merged; "
        + "the signer is the fingerprint of the court's key (compare them with courtfed trust list).",
      "本文所有数据均来自下列经签名的数据包,合并时均已按信任列表验证签名;签名人为各院密钥指纹(可用 courtfed trust list 核对)。")
    let revoked = sources.filter(\.revoked).map(\.name)
    if !revoked.isEmpty {
      note += words(
        " The keys of \(revoked.joined(separator: ", ")) have since been revoked: their figures are marked in every table.",
        "其中\(revoked.joined(separator: "、"))的签名密钥此后已被撤销,其数据已在各表中标注。")
    }
    return note
  }

  /// The pack as one self-contained HTML file.
  package func html() -> String {
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
    ] + (revokedSigners ? [words("signer status", "签名状态")] : [])
  }

  var sourceRows: [[String]] {
    sources.map { source in
      [source.name, "\(source.bundles)", "#\(source.sequence)", source.file, source.signer, source.mergedAt]
        + (revokedSigners ? [source.revoked ? words("revoked", "已撤销") : words("valid", "有效")] : [])
    }
  }

  /// The pack as Markdown (tables without charts).
  package func markdown() -> String {
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
      lines.append("| " + row.map(ResultFormatter.markdownEscaped).joined(separator: " | ") + " |")
    }
    return lines.joined(separator: "\n") + "\n"
  }
}

/// A report spec whose query cannot be answered.
package struct MeetingPackError: ExplainedError, Sendable, CustomStringConvertible {
  package var file: String
  package var line: Int
  /// What is wrong, with the query's own message under it.
  package var message: LocalizedText

  /// `file:line: error: message` in both languages.
  package var text: LocalizedText {
    LocalizedText(en: "\(file):\(line): error: \(message.en)", zh: "\(file):\(line): 错误:\(message.zh)")
  }

  package var description: String { text.en }
}
