import CourtFedFormats
import Foundation
import Testing

@Suite("CSV reading")
struct CSVReaderTests {
  @Test("fields keep their line and character column, quoted fields span lines")
  func positions() throws {
    let text = "期间,指标,数值\r\n2021Q1,结案数,120\n2021Q2,\"备注,含逗号\",\"多\n行\"\n"
    let records = try CSVReader.records(in: text)
    #expect(records.count == 3)
    #expect(records[1].fields.map(\.text) == ["2021Q1", "结案数", "120"])
    #expect(records[1].fields[2].line == 2)
    #expect(records[1].fields[2].column == 12)
    #expect(records[2].fields[1].text == "备注,含逗号")
    #expect(records[2].fields[2].text == "多\n行")
    #expect(records[2].line == 3)
  }

  @Test("doubled quotes, blank lines and comma-only lines")
  func quotesAndBlanks() throws {
    let records = try CSVReader.records(in: "a,b\n\n,,\n\"say \"\"hi\"\"\",x\nlast,row")
    #expect(records.map { $0.fields.map(\.text) } == [["a", "b"], ["say \"hi\"", "x"], ["last", "row"]])
    #expect(records[1].line == 4)
  }

  @Test(
    "syntax errors name the line, column and kind",
    arguments: [
      ("a,b\n1,\"open\n", 2, 3, CSVSyntaxError.Kind.unterminatedQuote),
      ("a,b\n1,x\"y\n", 2, 4, .quoteInUnquotedField),
      ("a,b\n结案,\"x\"y\n", 2, 7, .textAfterClosingQuote),
    ])
  func errors(text: String, line: Int, column: Int, kind: CSVSyntaxError.Kind) {
    #expect(throws: CSVSyntaxError(line: line, column: column, kind: kind)) { try CSVReader.records(in: text) }
  }

  @Test("writing quotes only what needs it, and reads back")
  func writer() throws {
    let fields = ["plain", "has,comma", "has \"quote\"", "two\nlines", "=SUM(A1)"]
    let line = CSVWriter.line(fields)
    #expect(line == "plain,\"has,comma\",\"has \"\"quote\"\"\",\"two\nlines\",=SUM(A1)\r\n")
    #expect(try CSVReader.records(in: line)[0].fields.map(\.text) == fields)
  }
}

@Suite("Encoding detection")
struct EncodingTests {
  /// "期间,指标,数值\n2021Q1,结案数,120\n" as WPS saves it on a Chinese Windows (GB18030),
  /// bytes produced by `iconv -t GB18030`.
  static let gb18030: [UInt8] = [
    0xC6, 0xDA, 0xBC, 0xE4, 0x2C, 0xD6, 0xB8, 0xB1, 0xEA, 0x2C, 0xCA, 0xFD, 0xD6, 0xB5, 0x0A,
    0x32, 0x30, 0x32, 0x31, 0x51, 0x31, 0x2C, 0xBD, 0xE1, 0xB0, 0xB8, 0xCA, 0xFD, 0x2C, 0x31, 0x32, 0x30, 0x0A,
  ]
  static let text = "期间,指标,数值\n2021Q1,结案数,120\n"

  @Test("GB18030 bytes from a Chinese Windows are detected and decoded")
  func gb() throws {
    let (decoded, encoding) = try #require(TextEncoding.decode(Data(Self.gb18030)))
    #expect(encoding == .gb18030)
    #expect(decoded == Self.text)
    #expect(TextEncoding.encode(Self.text, as: .gb18030) == Data(Self.gb18030))
  }

  @Test("UTF-8 with and without BOM, and UTF-16 with BOM")
  func unicode() throws {
    #expect(TextEncoding.decode(Data(Self.text.utf8))?.encoding == .utf8)
    let bom = try #require(TextEncoding.decode(TextEncoding.encode(Self.text, as: .utf8WithBOM)))
    #expect(bom.encoding == .utf8WithBOM)
    #expect(bom.text == Self.text)
    let utf16 = try #require(TextEncoding.decode(TextEncoding.encode(Self.text, as: .utf16LittleEndian)))
    #expect(utf16 == (Self.text, .utf16LittleEndian))
  }

  @Test("bytes that are neither UTF-8 nor GB18030 are refused, with the place of the first bad byte")
  func neither() {
    let bytes = Data("ok\n结案".utf8) + Data([0x80, 0xFF, 0xFF])
    #expect(TextEncoding.decode(bytes) == nil)
    let position = TextEncoding.firstInvalidUTF8Position(in: bytes)
    #expect(position.line == 2)
    #expect(position.column == 3)
  }
}

@Suite("court.toml")
struct TOMLTests {
  @Test("tables, arrays of tables, strings, integers, booleans and comments")
  func parse() throws {
    let document = try TOMLDocument(
      parsing: """
        # profile
        [court]
        id = "bj-xicheng"  # stable
        name = '北京市西城区人民法院'
        escaped = "a \\"b\\" \\u4E2D"
        count = 1_000
        flag = true

        [[section]]
        query = "结案率 前三"
        [[section]]
        query = "信息工作 前三"
        """)
    let court = try #require(document.table("court"))
    #expect(court["id"]?.value == .string("bj-xicheng"))
    #expect(court["id"]?.line == 3)
    #expect(court["name"]?.value == .string("北京市西城区人民法院"))
    #expect(court["escaped"]?.value == .string("a \"b\" 中"))
    #expect(court["count"]?.value == .integer(1000))
    #expect(court["flag"]?.value == .boolean(true))
    #expect(document.tables(named: "section").map { $0["query"]?.value.text } == ["结案率 前三", "信息工作 前三"])
  }

  @Test("decimal numbers, and where each key and value stands")
  func decimals() throws {
    let document = try TOMLDocument(parsing: "[range]\nlow = 93.5\n  high = -1_000.25\nn = 7\n")
    let range = try #require(document.table("range"))
    #expect(range["low"]?.value == .float(93.5))
    #expect(range["high"]?.value.number == -1000.25)
    #expect(range["n"]?.value.number == 7)
    #expect(range["high"]?.line == 3 && range["high"]?.keyColumn == 3 && range["high"]?.column == 10)
  }

  @Test(
    "errors name the line and column",
    arguments: [
      ("[court]\nid = \"open", 2, 6, "the string is never closed"),
      ("[court]\nid = 12abc", 2, 8, "unexpected text after the value"),
      ("[court]\nid = \"a\"\nid = \"b\"", 3, 1, "the key id is set twice"),
      ("[court]\n= 1", 2, 1, "expected a key of letters, digits, '_' or '-'"),
      ("[court]\nx = [1, 2]", 2, 5, "expected a value: a \"string\", a number, true or false"),
      ("[range]\nlow = 95.", 2, 7, "'95.' is not a number"),
      ("[range]\nlow = 1.2.3", 2, 7, "'1.2.3' is not a number"),
      ("[court]\n[court]", 2, 1, "the table [court] is defined twice"),
    ])
  func errors(text: String, line: Int, column: Int, message: String) {
    do {
      _ = try TOMLDocument(parsing: text)
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.line == line && error.column == column)
      #expect(error.text.en == message)
      #expect(!error.text.zh.isEmpty && error.text.zh != error.text.en)
    }
  }
}
