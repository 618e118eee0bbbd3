import Support
import Testing

struct LogEscapingTests {
    @Test func escapesC0DelAndC1() {
        #expect(LogEscaping.escape("a\u{0}b") == #"a\x00b"#)
        #expect(LogEscaping.escape("\u{1B}[2J\u{1B}]0;owned\u{7}") == #"\x1b[2J\x1b]0;owned\x07"#)
        #expect(LogEscaping.escape("x\u{7F}y") == #"x\x7fy"#)
        #expect(LogEscaping.escape("csi\u{9B}31m next\u{85}line") == #"csi\u{009b}31m next\u{0085}line"#)
    }

    @Test func keepsALineOneLine() {
        let forged = "kick bob\n2026-12-05T00:00:00.000Z notice [admin] root: ban 1.2.3.4\r"
        let escaped = LogEscaping.escape(forged)
        #expect(!escaped.contains("\n") && !escaped.contains("\r"))
        #expect(escaped == #"kick bob\n2026-12-05T00:00:00.000Z notice [admin] root: ban 1.2.3.4\r"#)
        #expect(LogEscaping.escape("a\tb") == #"a\tb"#)
    }

    @Test func escapesBidiControlsButNotOtherText() {
        #expect(LogEscaping.escape("Ada\u{202E}nimda") == #"Ada\u{202e}nimda"#)
        #expect(LogEscaping.escape("\u{2066}x\u{2069}\u{200F}\u{61C}") == #"\u{2066}x\u{2069}\u{200f}\u{061c}"#)
        // Non-ASCII that only shares a lead byte with them stays as it is.
        for text in ["Élodie — “quoted” … ✓", "山田", "محمد", "🙂", "plain ASCII line", ""] {
            #expect(LogEscaping.escape(text) == text)
        }
    }

    @Test func theLoggerEscapesEveryMessage() {
        let line = Logger(label: "admin").line(.notice, "root: refused 'x\u{1B}[31m\u{0}\ny'")
        #expect(line.hasSuffix(#"notice [admin] root: refused 'x\x1b[31m\x00\ny'"#))
        #expect(!line.contains("\u{1B}") && !line.contains("\n"))
    }
}
