/// An interactive single-line editor in the style of linenoise, with no I/O of its own.
///
/// Terminal input goes in through `feed`, which returns the finished lines and other events; the bytes to write to the
/// terminal (echo, redraws, cursor moves) come out through `takeOutput`. Keeping the I/O outside makes every key
/// testable byte for byte and lets `Console` serialise the editor with log output under one lock.
///
/// The line is drawn on a single terminal row and scrolled horizontally so the cursor stays visible. Each Unicode
/// scalar is taken to be one column wide: combining marks, wide (CJK) characters and emoji make the cursor drift on
/// screen, though the edited text stays right. The prompt must be plain printable text, since its columns are
/// counted the same way.
///
/// After a `.line` or `.endOfInput` the editor is inactive: nothing is drawn until `start()`, so the caller can print
/// its answer first. Keys typed meanwhile still edit the next line, and a line finished while inactive is echoed with
/// the prompt so the transcript shows every command sent.
package struct LineEditor: Sendable {
    /// What a run of input bytes amounted to.
    package enum Event: Equatable, Sendable {
        /// Enter was pressed; the text, without the line ending.
        case line(String)
        /// Ctrl-C: the line was thrown away and a fresh prompt drawn.
        case interrupt
        /// Ctrl-D on an empty line.
        case endOfInput
    }

    /// The prompt drawn before the line. Setting it redraws an active line.
    package var prompt: String {
        didSet {
            promptScalars = Array(prompt.unicodeScalars)
            refresh()
        }
    }

    /// Terminal columns. Setting it (after SIGWINCH) redraws an active line at the new width. A terminal that narrowed
    /// may already have wrapped the old line onto two rows; only the last of them is redrawn.
    package var width: Int {
        didSet { refresh() }
    }

    /// Completes the text before the cursor into candidate full lines. One candidate replaces that text; several
    /// insert their longest common prefix, and a second Tab in a row lists them above the prompt. Under `Console` it
    /// runs inside the console's lock, so it must not call back into the console.
    package var completion: (@Sendable (String) -> [String])?

    /// Entered lines, oldest first, at most `historyLimit` of them.
    package internal(set) var history: [String] = []

    /// Where the cursor is, in Unicode scalars from the start of the line.
    package internal(set) var cursor = 0

    /// Whether the prompt and line are on screen: set by `start()` and `show()`, cleared by `hide()` and by Enter.
    package internal(set) var isActive = false

    package let historyLimit: Int
    /// The longest line in UTF-8 bytes; keys that would go past it ring the bell instead.
    package let maxLineBytes: Int

    var promptScalars: [Unicode.Scalar]
    var line: [Unicode.Scalar] = []
    /// The UTF-8 size of `line`, kept up to date so the length limit costs nothing per key.
    var lineBytes = 0
    /// The first line scalar shown on screen; see `adjustScroll`.
    var scroll = 0
    var output: [UInt8] = []

    /// The history entry being shown: `history.count` is the line being edited.
    var historyIndex = 0
    /// Edits made to recalled history entries (and to the new line, at `history.count`) while browsing, so Up and
    /// Down come back to them. Cleared when a line is entered or interrupted; `history` itself never changes.
    var historyEdits: [Int: [Unicode.Scalar]] = [:]

    var lastKeyWasTab = false

    /// Bytes of an incomplete UTF-8 scalar or escape sequence, waiting for the rest.
    var pending: [UInt8] = []
    /// A CR was the last key, so an LF right after it is the same Enter.
    var swallowLineFeed = false
    /// An over-long escape sequence is being skipped through its final byte.
    var skippingEscape = false

    package init(prompt: String, width: Int = 80, historyLimit: Int = 500, maxLineBytes: Int = 4096) {
        self.prompt = prompt
        self.promptScalars = Array(prompt.unicodeScalars)
        self.width = width
        self.historyLimit = max(0, historyLimit)
        self.maxLineBytes = max(0, maxLineBytes)
    }

    /// The line being edited.
    package var text: String { String(String.UnicodeScalarView(line)) }

    /// Replaces the history, keeping the newest `historyLimit` entries, for example with entries saved last session.
    package mutating func setHistory(_ entries: [String]) {
        history = Array(entries.suffix(historyLimit))
        historyIndex = history.count
        historyEdits = [:]
    }

    /// The bytes to write to the terminal since the last call.
    package mutating func takeOutput() -> [UInt8] {
        defer { output = [] }
        return output
    }

    /// Draws the prompt and whatever was typed ahead. Call it once at startup and after each `.line` or `.endOfInput`
    /// once the answer has been printed. Does nothing if the prompt is already shown.
    package mutating func start() {
        show()
    }

    /// Redraws the prompt line after `hide()`.
    package mutating func show() {
        guard !isActive else { return }
        isActive = true
        refresh()
    }

    /// Erases the prompt line and stops drawing until `show()`, for output that should not go through `printAbove`.
    package mutating func hide() {
        guard isActive else { return }
        emit("\r\u{1B}[0K")
        isActive = false
    }

    /// Prints `text` on its own lines above the prompt: erases the prompt line, writes the text (a newline becomes
    /// CR LF, and a final newline is added if missing), then redraws the prompt, line and cursor. This is how log
    /// lines and answers appear while the operator types without mangling what they typed.
    package mutating func printAbove(_ text: String) {
        if isActive { emit("\r\u{1B}[0K") }
        var previous: UInt8 = 0
        for byte in text.utf8 {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { output.append(UInt8(ascii: "\r")) }
            output.append(byte)
            previous = byte
        }
        if previous != UInt8(ascii: "\n") { emit("\r\n") }
        refresh()
    }

    /// Processes input bytes, which may split UTF-8 scalars and escape sequences anywhere, and returns the events
    /// they completed, in order.
    package mutating func feed(_ bytes: some Sequence<UInt8>) -> [Event] {
        pending.append(contentsOf: bytes)
        var events: [Event] = []
        var index = 0
        while index < pending.count {
            guard let (token, length) = nextToken(at: index) else { break }
            index += length
            let isTab = token == .control(0x09)
            if token == .control(0x0A) && swallowLineFeed {
                swallowLineFeed = false
                continue
            }
            swallowLineFeed = token == .control(0x0D)
            handle(token, events: &events)
            lastKeyWasTab = isTab
        }
        pending.removeFirst(index)
        return events
    }
}

/// One decoded key.
enum Token: Equatable {
    case scalar(Unicode.Scalar)
    /// A C0 control byte or DEL.
    case control(UInt8)
    case key(Key)
    /// Bytes that mean nothing here: invalid UTF-8, unknown escape sequences, a lone ESC before a normal key.
    case ignored
}

/// The editing keys that arrive as escape sequences.
enum Key: Equatable {
    case up, down, left, right, home, end, delete
}

extension LineEditor {
    /// Escape sequences longer than this are skipped through their final byte without being buffered.
    static let maxEscapeLength = 32

    /// Decodes the token starting at `pending[index]` and its length in bytes, or nil if more bytes are needed.
    mutating func nextToken(at index: Int) -> (Token, Int)? {
        let byte = pending[index]
        if skippingEscape {
            if (0x20...0x3F).contains(byte) { return (.ignored, 1) }
            skippingEscape = false
            if (0x40...0x7E).contains(byte) { return (.ignored, 1) }
        }
        switch byte {
        case 0x1B: return escapeSequence(at: index)
        case 0x00..<0x20, 0x7F: return (.control(byte), 1)
        case 0x20..<0x80: return (.scalar(Unicode.Scalar(byte)), 1)
        default: return utf8Scalar(at: index)
        }
    }

    /// ESC [ (CSI) and ESC O (SS3) sequences. ESC before anything else (Alt+key) is dropped and the key kept.
    mutating func escapeSequence(at index: Int) -> (Token, Int)? {
        guard index + 1 < pending.count else { return nil }
        switch pending[index + 1] {
        case UInt8(ascii: "["):
            var end = index + 2
            while end < pending.count {
                let byte = pending[end]
                if (0x40...0x7E).contains(byte) {
                    return (csiKey(parameters: pending[(index + 2)..<end], final: byte), end - index + 1)
                }
                // Not part of a CSI sequence: drop what came before and let the byte be read again.
                guard (0x20...0x3F).contains(byte) else { return (.ignored, end - index) }
                end += 1
                if end - index > Self.maxEscapeLength {
                    skippingEscape = true
                    return (.ignored, end - index)
                }
            }
            return nil
        case UInt8(ascii: "O"):
            guard index + 2 < pending.count else { return nil }
            let final = pending[index + 2]
            guard (0x40...0x7E).contains(final) else { return (.ignored, 2) }
            return (ss3Key(final: final), 3)
        default:
            return (.ignored, 1)
        }
    }

    func csiKey(parameters: ArraySlice<UInt8>, final: UInt8) -> Token {
        if parameters.isEmpty {
            return ss3Key(final: final)
        }
        guard final == UInt8(ascii: "~"), parameters.count == 1 else { return .ignored }
        switch parameters.first! {
        case UInt8(ascii: "1"), UInt8(ascii: "7"): return .key(.home)
        case UInt8(ascii: "4"), UInt8(ascii: "8"): return .key(.end)
        case UInt8(ascii: "3"): return .key(.delete)
        default: return .ignored
        }
    }

    func ss3Key(final: UInt8) -> Token {
        switch final {
        case UInt8(ascii: "A"): return .key(.up)
        case UInt8(ascii: "B"): return .key(.down)
        case UInt8(ascii: "C"): return .key(.right)
        case UInt8(ascii: "D"): return .key(.left)
        case UInt8(ascii: "H"): return .key(.home)
        case UInt8(ascii: "F"): return .key(.end)
        default: return .ignored
        }
    }

    /// A multi-byte scalar. Invalid bytes are dropped one maximal invalid prefix at a time, as a decoder replacing
    /// errors would; C1 control characters are dropped too, since echoing them would drive the terminal.
    func utf8Scalar(at index: Int) -> (Token, Int)? {
        let lead = pending[index]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: (length, value) = (2, UInt32(lead & 0x1F))
        case 0xE0...0xEF: (length, value) = (3, UInt32(lead & 0x0F))
        case 0xF0...0xF4: (length, value) = (4, UInt32(lead & 0x07))
        default: return (.ignored, 1)
        }
        for offset in 1..<length {
            guard index + offset < pending.count else { return nil }
            let byte = pending[index + offset]
            var valid: ClosedRange<UInt8> = 0x80...0xBF
            if offset == 1 {
                switch lead {
                case 0xE0: valid = 0xA0...0xBF  // overlong
                case 0xED: valid = 0x80...0x9F  // surrogates
                case 0xF0: valid = 0x90...0xBF  // overlong
                case 0xF4: valid = 0x80...0x8F  // above U+10FFFF
                default: break
                }
            }
            guard valid.contains(byte) else { return (.ignored, offset) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value), !(0x80...0x9F).contains(value) else { return (.ignored, length) }
        return (.scalar(scalar), length)
    }
}
