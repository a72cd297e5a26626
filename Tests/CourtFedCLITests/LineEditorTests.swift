import CourtFedModel
import Testing

@testable import CourtFedCLI

@Suite("Interactive line editing")
struct LineEditorTests {
  static let candidates = QueryCommand.completions(.standard)

  func type(_ keys: [EditorKey], into state: inout LineEditorState) -> [LineEditorState.Action] {
    keys.map { state.feed($0) }
  }

  @Test("typing Chinese, moving and deleting keep the cursor in display columns")
  func chineseEditing() {
    var state = LineEditorState(candidates: [])
    _ = type([.text("结案率"), .text(" 前三"), .left, .left, .left], into: &state)
    #expect(state.text == "结案率 前三")
    #expect(state.columnsAfterCursor == 5)  // " 前三": a space and two wide characters
    _ = type([.backspace], into: &state)
    #expect(state.text == "结案 前三")
    _ = type([.end, .backspace, .home, .delete], into: &state)
    #expect(state.text == "案 前")
    #expect(state.feed(.enter) == .submit("案 前"))
    #expect(state.text.isEmpty)
  }

  @Test("history: up recalls earlier lines, down returns to what was being typed")
  func history() {
    var state = LineEditorState(history: ["信息工作 前三"], candidates: [])
    _ = type([.text("closure rate top 3"), .enter, .text("draft")], into: &state)
    _ = type([.up], into: &state)
    #expect(state.text == "closure rate top 3")
    _ = type([.up], into: &state)
    #expect(state.text == "信息工作 前三")
    _ = type([.up], into: &state)
    #expect(state.text == "信息工作 前三")
    _ = type([.down, .down], into: &state)
    #expect(state.text == "draft")
    #expect(state.history == ["信息工作 前三", "closure rate top 3"])
  }

  @Test("Tab completes metric names in both languages, across spaces; a second Tab lists the choices")
  func completion() {
    var state = LineEditorState(candidates: Self.candidates)
    _ = type([.text("信息工"), .tab], into: &state)
    #expect(state.text.hasPrefix("信息工作"))
    var english = LineEditorState(candidates: Self.candidates)
    _ = type([.text("backlog clearance r"), .tab], into: &english)
    #expect(english.text == "backlog clearance rate ")
    var ambiguous = LineEditorState(candidates: ["closure rate", "closed to new ratio", "cases closed"])
    _ = type([.text("clos"), .tab], into: &ambiguous)
    #expect(ambiguous.text == "clos")
    #expect(ambiguous.feed(.tab) == .list(["closed to new ratio", "closure rate"]))
  }

  @Test("Ctrl-D ends only on an empty line; Ctrl-C drops the line, and on an empty one ends")
  func ending() {
    var state = LineEditorState(candidates: [])
    _ = type([.text("ab"), .left], into: &state)
    #expect(state.feed(.endOfInput) == .redraw)
    #expect(state.text == "a")
    #expect(state.feed(.interrupt) == .redraw)
    #expect(state.text.isEmpty)
    #expect(state.feed(.interrupt) == .end)
    #expect(state.feed(.endOfInput) == .end)
  }
}
