import Glibc
import Synchronization

/// A `LineEditor` shared between the thread reading the keyboard and every thread that prints, writing the editor's
/// output to a terminal.
///
/// One lock covers both the editor and the write, so a log line printed from another thread can never land inside a
/// redraw, and the screen always matches the editor's idea of it. Writes block under that lock: a terminal that
/// stops reading (a stalled SSH session, say) stalls every printing thread, as a blocking stderr would.
package final class Console: Sendable {
    private let editor: Mutex<LineEditor>
    private let outputFD: Int32

    package init(editor: LineEditor, output: Int32 = 1) {
        self.editor = Mutex(editor)
        self.outputFD = output
    }

    package convenience init(prompt: String, width: Int = 80, output: Int32 = 1) {
        self.init(editor: LineEditor(prompt: prompt, width: width), output: output)
    }

    /// Prints `text` above the prompt without disturbing the line being typed; safe from any thread.
    package func printAbove(_ text: String) {
        withEditor { $0.printAbove(text) }
    }

    /// Prints an answer; the same as `printAbove`, named for the command handlers' side.
    package func println(_ text: String) {
        printAbove(text)
    }

    /// Feeds input to the editor and writes its echo. `run` is the usual way in; this is for callers with their own
    /// read loop.
    package func feed(_ bytes: [UInt8]) -> [LineEditor.Event] {
        withEditor { $0.feed(bytes) }
    }

    /// Draws the prompt: at startup and after each answer. See `LineEditor.start()`.
    package func start() {
        withEditor { $0.start() }
    }

    package func hide() {
        withEditor { $0.hide() }
    }

    package func show() {
        withEditor { $0.show() }
    }

    /// Takes a new terminal width (after SIGWINCH) and redraws.
    package func setWidth(_ width: Int) {
        withEditor { $0.width = width }
    }

    /// Runs `body` on the editor under the lock, then writes whatever it drew: for history, completion and prompt
    /// changes. `body` must not call back into this console, whose lock is not reentrant.
    package func withEditor<Result: Sendable>(_ body: (inout LineEditor) -> Result) -> Result {
        editor.withLock { editor in
            let result = body(&editor)
            writeAll(outputFD, editor.takeOutput())
            return result
        }
    }

    /// Reads `input` until it ends, feeding the editor and calling back for each event, on the calling thread (a
    /// dedicated one: the reads block). The callbacks run outside the lock, so they may print and call `start()`.
    ///
    /// Input is fed one line at a time, each line's events handled before the next is read, so with pasted or
    /// typed-ahead commands each answer appears right after its command once `onLine` has called `start()`.
    ///
    /// `onLine` returns whether to keep reading; returning false (an `exit` command) ends `run` without `onEnd`.
    /// Otherwise `run` returns after calling `onEnd` once: at end of file or a read error (a partial last line is dropped, since after
    /// a hang-up it is half a command), or at Ctrl-D on an empty line (dropping the rest of that read). Calling `run`
    /// again carries on reading. `input` must be a blocking descriptor.
    package func run(
        input fd: Int32 = 0, onLine: (String) -> Bool, onInterrupt: () -> Void, onEnd: () -> Void
    ) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return onEnd() }
            var start = 0
            while start < count {
                var end = start
                while end < count && buffer[end] != UInt8(ascii: "\r") && buffer[end] != UInt8(ascii: "\n") {
                    end += 1
                }
                end = min(end + 1, count)
                for event in feed(Array(buffer[start..<end])) {
                    switch event {
                    case .line(let text): if !onLine(text) { return }
                    case .interrupt: onInterrupt()
                    case .endOfInput: return onEnd()
                    }
                }
                start = end
            }
        }
    }
}

/// Writes all of `bytes`, retrying after signals and partial writes. Errors other than EINTR drop the rest: there is
/// nowhere left to report a broken terminal.
private func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
    bytes.withUnsafeBytes { raw in
        var offset = 0
        while offset < raw.count {
            let written = write(fd, raw.baseAddress! + offset, raw.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
