import Support
import Terminal
import Testing

struct LineEditorDisplayTests {
    @Test func horizontalScrollKeepsTheCursorVisible() {
        // Width 10: 9 usable columns (the last is never written), 2 for the prompt, 7 for the line.
        var editor = LineEditor.started(width: 10)
        _ = editor.type("abcdef")
        #expect(editor.drawn() == "abcdef")
        _ = editor.type("g")
        #expect(editor.drawn() == "\r> bcdefg\(esc)[0K")
        _ = editor.type(keys("^A"))
        #expect(editor.drawn() == "\r> abcdefg\(esc)[0K\r\(esc)[2C")
        _ = editor.type(keys("^E"))
        #expect(editor.drawn() == "\r> bcdefg\(esc)[0K")
        _ = editor.type(keys("^H"))
        #expect(editor.drawn() == "\r> abcdef\(esc)[0K")
    }

    @Test func scrollingLeftMovesTheViewOnlyWhenTheCursorLeavesIt() {
        var editor = LineEditor.started(width: 10)
        _ = editor.type("abcdefghij")
        _ = editor.drawn()
        _ = editor.type(String(repeating: keys("^[[D"), count: 6))
        #expect(editor.drawn() == String(repeating: "\(esc)[D", count: 6))
        _ = editor.type(keys("^[[D"))
        #expect(editor.drawn() == "\r> defghij\(esc)[0K\r\(esc)[2C")
        #expect(editor.cursor == 3)
    }

    @Test func resizingRedrawsAtTheNewWidth() {
        var editor = LineEditor.started()
        _ = editor.type("abcdefghij")
        _ = editor.drawn()
        editor.width = 8
        #expect(editor.drawn() == "\r> ghij\(esc)[0K")
        editor.hide()
        _ = editor.drawn()
        editor.width = 80
        #expect(editor.drawn() == "")
    }

    @Test func aPromptWiderThanTheTerminalIsCutFromTheLeft() {
        var editor = LineEditor(prompt: "0123456789> ", width: 8)
        editor.start()
        #expect(editor.drawn() == "\r89> \(esc)[0K")
        editor.prompt = "$ "
        #expect(editor.drawn() == "\r$ \(esc)[0K")
    }

    @Test func printAboveErasesPrintsAndRedrawsWithTheCursor() {
        var editor = LineEditor.started()
        _ = editor.type("abc\(esc)[D\(esc)[D")
        _ = editor.drawn()
        editor.printAbove("log 1\nlog 2")
        #expect(editor.drawn() == "\r\(esc)[0Klog 1\r\nlog 2\r\n\r> abc\(esc)[0K\r\(esc)[3C")
        editor.printAbove("crlf\r\n")
        #expect(editor.drawn() == "\r\(esc)[0Kcrlf\r\n\r> abc\(esc)[0K\r\(esc)[3C")
        editor.printAbove("")
        #expect(editor.drawn() == "\r\(esc)[0K\r\n\r> abc\(esc)[0K\r\(esc)[3C")
    }

    @Test func printAboveWhileInactiveOnlyPrints() {
        var editor = LineEditor.started()
        _ = editor.type("cmd\r")
        _ = editor.drawn()
        editor.printAbove("answer\n")
        #expect(editor.drawn() == "answer\r\n")
        editor.start()
        editor.hide()
        #expect(editor.drawn() == "\r> \(esc)[0K\r\(esc)[0K")
        editor.printAbove("x")
        #expect(editor.drawn() == "x\r\n")
        editor.show()
        #expect(editor.drawn() == "\r> \(esc)[0K")
    }

    static let commands: @Sendable (String) -> [String] = { prefix in
        ["help", "status", "stop", "kick"].filter { $0.hasPrefix(prefix) }
    }

    @Test func completionWithOneCandidateReplacesTheTextBeforeTheCursor() {
        var editor = LineEditor.started()
        editor.completion = Self.commands
        _ = editor.type("he\t")
        #expect(editor.text == "help")
        #expect(editor.drawn() == "help")
        _ = editor.type(keys("^Uki x^B^B\t"))
        #expect(editor.text == "kick x")
        #expect(editor.cursor == 4)
        // A candidate that does not extend the typed text (a case-insensitive completer, say) still replaces it.
        editor.completion = { _ in ["STATUS"] }
        _ = editor.type(keys("^E^Ust"))
        _ = editor.drawn()
        _ = editor.type("\t")
        #expect(editor.text == "STATUS")
        #expect(editor.drawn() == "\r> STATUS\(esc)[0K")
    }

    @Test func completionWithSeveralCandidatesInsertsTheCommonPrefixThenLists() {
        var editor = LineEditor.started()
        editor.completion = Self.commands
        _ = editor.type("s")
        _ = editor.drawn()
        _ = editor.type("\t")
        #expect(editor.text == "st")
        #expect(editor.drawn() == "t")
        _ = editor.type("\t")
        #expect(editor.drawn() == "\r\(esc)[0Kstatus  stop\r\n\r> st\(esc)[0K")
        // Not after another key: the first Tab without progress only rings.
        _ = editor.type(keys("^A^E\t"))
        #expect(editor.drawn().hasSuffix("\u{07}"))
        _ = editor.type(keys("^Ux\t"))
        #expect(editor.drawn().hasSuffix("x\u{07}"))
    }

    @Test func completionListsWrapToTheWidth() {
        var editor = LineEditor.started(width: 20)
        editor.completion = { _ in ["aaaaa1", "aaaaa2", "aaaaa3"] }
        _ = editor.type("\t")
        _ = editor.drawn()
        _ = editor.type("\t")
        #expect(editor.drawn() == "\r\(esc)[0Kaaaaa1  aaaaa2\r\naaaaa3\r\n\r> aaaaa\(esc)[0K")
    }

    @Test func tabWithoutCompletionRings() {
        var editor = LineEditor.started()
        _ = editor.type("\t")
        #expect(editor.drawn() == "\u{07}")
        #expect(editor.text == "")
    }

    /// Random keys on narrow terminals, checked against a model terminal after every key: the row shows a tail of the
    /// prompt and a slice of the line around the cursor, and nothing is written into the last column.
    @Test(arguments: [(6, "> "), (10, "> "), (14, "wirequest> "), (80, "> ")])
    func randomEditingKeepsTheScreenConsistent(width: Int, prompt: String) {
        let keyPresses = [
            "a", "b", " ", "é", "🙂", "^[[D", "^[[C", "^A", "^E", "^H", "^[[3~", "^W", "^U", "^K", "^[[A", "^[[B",
            "\r", "^C", "^D", "^L", "\t", "^[[1;5C", "log",
        ]
        var random = SplitMix64(seed: UInt64(width))
        var editor = LineEditor.started(prompt: prompt, width: width)
        editor.completion = { prefix in [prefix + "ab", prefix + "ac"] }
        var screen = Screen()
        screen.apply(Array("\r\(prompt)".utf8))
        for _ in 0..<3000 {
            let key = keyPresses[Int(random.next() % UInt64(keyPresses.count))]
            screen.widestColumn = -1
            if key == "log" {
                editor.printAbove("log line")
                screen.apply(editor.takeOutput())
                #expect(screen.rowsAbove.last == "log line")
            } else if !editor.type(keys(key)).isEmpty {
                editor.start()
            }
            screen.apply(editor.takeOutput())
            #expect(screen.unknownSequences.isEmpty)
            // Printed text may wrap like any output; only the prompt row must stay clear of the last column.
            if key != "log" && key != "\t" { #expect(screen.widestColumn < width - 1) }
            if !check(screen, editor, prompt: prompt, width: width) { return }
        }
    }

    /// Whether the row is a tail of the prompt followed by the slice of the line that the cursor position implies.
    func check(_ screen: Screen, _ editor: LineEditor, prompt: String, width: Int) -> Bool {
        let line = Array(editor.text.unicodeScalars)
        let promptScalars = Array(prompt.unicodeScalars)
        // A prompt up to half the width is never cut, and then a line that fits is shown whole.
        let fits = promptScalars.count + line.count < width - 1 && promptScalars.count <= (width - 1) / 2
        let consistent = (0...min(promptScalars.count, screen.row.count)).contains { shown in
            let first = editor.cursor - (screen.column - shown)
            let visible = screen.row[shown...]
            guard screen.row.prefix(shown).elementsEqual(promptScalars.suffix(shown)), first >= 0,
                first + visible.count <= line.count, screen.column >= shown
            else { return false }
            return visible.elementsEqual(line[first..<(first + visible.count)])
                && (!fits || (shown == promptScalars.count && first == 0 && visible.count == line.count))
        }
        // The cursor's cell is on screen, before the last column, and shows the character under the cursor.
        let cursorVisible =
            screen.column < width - 1 && (editor.cursor == line.count || screen.column < screen.row.count)
        #expect(consistent, "row \(screen.rowText.debugDescription) column \(screen.column), line \(line)")
        #expect(cursorVisible, "row \(screen.rowText.debugDescription) column \(screen.column), line \(line)")
        return consistent && cursorVisible
    }
}
