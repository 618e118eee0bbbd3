import Terminal
import Testing

struct LineEditorTests {
    @Test func startDrawsThePromptOnce() {
        var editor = LineEditor(prompt: "> ")
        #expect(!editor.isActive)
        editor.start()
        #expect(editor.drawn() == "\r> \(esc)[0K")
        editor.start()
        #expect(editor.drawn() == "")
        #expect(editor.isActive)
    }

    @Test func typingThenEnterGivesTheLine() {
        var editor = LineEditor.started()
        #expect(editor.type("hello").isEmpty)
        #expect(editor.drawn() == "hello")
        #expect(editor.type("\r") == [.line("hello")])
        #expect(editor.drawn() == "\r\n")
        #expect(editor.text == "")
        #expect(!editor.isActive)
        editor.start()
        #expect(editor.drawn() == "\r> \(esc)[0K")
    }

    @Test func crLFIsOneEnterEvenWhenSplit() {
        var editor = LineEditor.started()
        #expect(editor.type("a\r\nb\n\n") == [.line("a"), .line("b"), .line("")])
        editor.start()
        #expect(editor.type("c\r") == [.line("c")])
        #expect(editor.type("\n").isEmpty)
        #expect(editor.type("\n") == [.line("")])
    }

    @Test func utf8SplitAcrossFeeds() {
        var editor = LineEditor.started()
        #expect(editor.feed([0xC3]).isEmpty)
        #expect(editor.drawn() == "")
        #expect(editor.feed([0xA9]).isEmpty)
        #expect(editor.drawn() == "é")
        for byte in Array("🙂".utf8) {
            #expect(editor.feed([byte]).isEmpty)
        }
        #expect(editor.text == "é🙂")
        #expect(editor.cursor == 2)
        #expect(editor.type("\r") == [.line("é🙂")])
    }

    @Test func invalidUTF8AndC1ControlsAreDropped() {
        var editor = LineEditor.started()
        // Stray continuation, bad second bytes, an overlong form, a surrogate, a C1 control (U+0085), too high a lead.
        let bytes: [UInt8] = [
            0x61, 0x80, 0xC3, 0x28, 0xE0, 0x80, 0x80, 0xC0, 0xAF, 0xED, 0xA0, 0x80, 0xC2, 0x85, 0xF5, 0x62,
        ]
        #expect(editor.feed(bytes).isEmpty)
        #expect(editor.text == "a(b")
    }

    @Test func escapeSequenceSplitByteByByte() {
        var editor = LineEditor.started()
        _ = editor.type("ac")
        for byte in Array("\(esc)[D".utf8) { #expect(editor.feed([byte]).isEmpty) }
        #expect(editor.cursor == 1)
        for byte in Array("\(esc)OD".utf8) { #expect(editor.feed([byte]).isEmpty) }
        #expect(editor.cursor == 0)
        for byte in Array("\(esc)[C".utf8) { _ = editor.feed([byte]) }
        _ = editor.type("b")
        #expect(editor.text == "abc")
    }

    @Test func insertInTheMiddleRedrawsAndPlacesTheCursor() {
        var editor = LineEditor.started()
        _ = editor.type("hllo")
        _ = editor.drawn()
        _ = editor.type("\(esc)[H\(esc)[C")
        #expect(editor.drawn() == "\r> hllo\(esc)[0K\r\(esc)[2C\(esc)[C")
        _ = editor.type("e")
        #expect(editor.drawn() == "\r> hello\(esc)[0K\r\(esc)[4C")
        #expect(editor.text == "hello")
        #expect(editor.cursor == 2)
    }

    /// Arguments spell ESC as "^[" and Ctrl-A as "^A" so the test log stays printable.
    @Test(arguments: ["^[[H", "^[[1~", "^[[7~", "^[OH", "^A"])
    func homeKeys(sequence: String) {
        var editor = LineEditor.started()
        _ = editor.type("abc" + keys(sequence))
        #expect(editor.cursor == 0)
        #expect(editor.text == "abc")
    }

    @Test(arguments: ["^[[F", "^[[4~", "^[[8~", "^[OF", "^E"])
    func endKeys(sequence: String) {
        var editor = LineEditor.started()
        _ = editor.type(keys("abc^A" + sequence))
        #expect(editor.cursor == 3)
    }

    @Test func ctrlBAndCtrlFMoveAndStopAtTheEdges() {
        var editor = LineEditor.started()
        _ = editor.type("ab\u{02}\u{02}\u{02}")
        #expect(editor.cursor == 0)
        _ = editor.drawn()
        _ = editor.type("\u{02}\(esc)[D")
        #expect(editor.drawn() == "")
        _ = editor.type("\u{06}\u{06}\u{06}\(esc)[C")
        #expect(editor.cursor == 2)
    }

    @Test func backspaceAndDeleteAtTheEdges() {
        var editor = LineEditor.started()
        _ = editor.type("\u{7F}\u{08}\(esc)[3~")
        #expect(editor.drawn() == "")
        _ = editor.type("abc\u{7F}")
        #expect(editor.text == "ab")
        _ = editor.type("\u{08}")
        #expect(editor.text == "a")
        _ = editor.drawn()
        _ = editor.type("\(esc)[3~")
        #expect(editor.drawn() == "")
        _ = editor.type("bc\u{01}\(esc)[3~")
        #expect(editor.text == "bc")
        _ = editor.type("\u{7F}")
        #expect(editor.text == "bc")
        #expect(editor.cursor == 0)
    }

    @Test func killKeys() {
        var editor = LineEditor.started()
        _ = editor.type("one two three\(esc)[D\(esc)[D\(esc)[D\(esc)[D\(esc)[D")
        _ = editor.type("\u{0B}")
        #expect(editor.text == "one two ")
        _ = editor.type("\u{17}")
        #expect(editor.text == "one ")
        _ = editor.type("x  \u{17}")
        #expect(editor.text == "one ")
        _ = editor.type("\u{17}\u{17}")
        #expect(editor.text == "")
        _ = editor.type("keep this\u{02}\u{02}\u{02}\u{02}\u{15}")
        #expect(editor.text == "this")
        #expect(editor.cursor == 0)
    }

    @Test func historyWalksBackAndReturnsToTheEditedLine() {
        var editor = LineEditor.started()
        for command in ["a", "b", "b", "", "c"] {
            _ = editor.type(command + "\r")
            editor.start()
        }
        #expect(editor.history == ["a", "b", "c"])
        _ = editor.type("dr")
        _ = editor.type("\(esc)[A")
        #expect(editor.text == "c")
        _ = editor.type("\u{10}")
        #expect(editor.text == "b")
        _ = editor.type("\(esc)OA\(esc)[A\(esc)[A")
        #expect(editor.text == "a")
        _ = editor.type("\(esc)[B\u{0E}")
        #expect(editor.text == "c")
        _ = editor.type("\(esc)OB")
        #expect(editor.text == "dr")
        #expect(editor.cursor == 2)
        _ = editor.type("\(esc)[B")
        #expect(editor.text == "dr")
    }

    @Test func editsToRecalledEntriesLastUntilEnter() {
        var editor = LineEditor.started()
        editor.setHistory(["first", "second"])
        _ = editor.type("\(esc)[Ax\(esc)[A\(esc)[B")
        #expect(editor.text == "secondx")
        #expect(editor.type("\r") == [.line("secondx")])
        #expect(editor.history == ["first", "second", "secondx"])
        editor.start()
        _ = editor.type("\(esc)[A\(esc)[A")
        #expect(editor.text == "second")
    }

    @Test func historyLimit() {
        var editor = LineEditor.started(historyLimit: 2)
        for command in ["a", "b", "c"] {
            _ = editor.type(command + "\r")
            editor.start()
        }
        #expect(editor.history == ["b", "c"])
        editor.setHistory(["1", "2", "3", "4"])
        #expect(editor.history == ["3", "4"])

        var none = LineEditor.started(historyLimit: 0)
        _ = none.type("a\r")
        #expect(none.history.isEmpty)
    }

    @Test func ctrlCDiscardsTheLineAndDrawsAFreshPrompt() {
        var editor = LineEditor.started()
        _ = editor.type("abc")
        _ = editor.drawn()
        #expect(editor.type("\u{03}") == [.interrupt])
        #expect(editor.drawn() == "^C\r\n\r> \(esc)[0K")
        #expect(editor.text == "")
        #expect(editor.isActive)
        _ = editor.type("xyz\u{01}")
        _ = editor.drawn()
        _ = editor.type("\u{03}")
        #expect(editor.drawn() == "\r> xyz\(esc)[0K^C\r\n\r> \(esc)[0K")
        #expect(editor.type("\r") == [.line("")])
    }

    @Test func ctrlDEndsInputOnlyOnAnEmptyLine() {
        var editor = LineEditor.started()
        _ = editor.type("ab\u{01}")
        #expect(editor.type("\u{04}").isEmpty)
        #expect(editor.text == "b")
        _ = editor.type("\u{04}")
        _ = editor.drawn()
        #expect(editor.type("\u{04}") == [.endOfInput])
        #expect(editor.drawn() == "\r\n")
        #expect(!editor.isActive)
    }

    @Test func unknownEscapeSequencesAreSwallowedWhole() {
        var editor = LineEditor.started()
        let events = editor.type("a\(esc)[1;5Cb\(esc)[200~c\(esc)[201~\(esc)[15~\(esc)OPd\(esc)xe\(esc)\(esc)[Df")
        #expect(events.isEmpty)
        #expect(editor.text == "abcdxfe")
        // Longer than any real key: skipped through its final byte without being buffered.
        _ = editor.type("\u{05}\(esc)[" + String(repeating: "1;", count: 40) + "mg")
        #expect(editor.text == "abcdxfeg")
        // A control byte inside a sequence ends it and still counts.
        #expect(editor.type("\(esc)[1\r") == [.line("abcdxfeg")])
    }

    @Test func linesLongerThanTheLimitRingTheBell() {
        var editor = LineEditor.started(maxLineBytes: 4)
        _ = editor.type("abc")
        _ = editor.drawn()
        _ = editor.type("é")
        #expect(editor.drawn() == "\u{07}")
        _ = editor.type("de")
        #expect(editor.drawn() == "d\u{07}")
        #expect(editor.text == "abcd")
        _ = editor.type("\u{7F}é")
        #expect(editor.text == "abc")
    }

    @Test func typeAheadWhileInactiveIsDrawnByStartAndLinesAreEchoed() {
        var editor = LineEditor.started()
        _ = editor.type("one\r")
        _ = editor.drawn()
        #expect(editor.type("two\rthr") == [.line("two")])
        #expect(editor.drawn() == "> two\r\n")
        editor.start()
        #expect(editor.drawn() == "\r> thr\(esc)[0K")
        #expect(editor.history == ["one", "two"])
    }

    @Test func ctrlLClearsTheScreenAndRedraws() {
        var editor = LineEditor.started()
        _ = editor.type("ab\u{02}")
        _ = editor.drawn()
        _ = editor.type("\u{0C}")
        #expect(editor.drawn() == "\(esc)[H\(esc)[2J\r> ab\(esc)[0K\r\(esc)[3C")
    }
}
