import Glibc
import Terminal
import Testing

struct ConsoleTests {
    @Test func rawModeAndWidthRefuseAPipe() {
        let pipe = Pipe()
        #expect(RawMode(fd: pipe.read) == nil)
        #expect(terminalWidth(fd: pipe.read) == nil)
    }

    @Test func runFeedsLinesFromAPipeUntilEndOfFile() {
        var input = Pipe()
        var output = Pipe()
        input.send("status\r\nhelp\n\u{03}half")
        input.closeWriting()
        let console = Console(prompt: "> ", output: output.write)
        console.start()
        var lines: [String] = []
        var interrupts = 0
        var ends = 0
        console.run(
            input: input.read,
            onLine: { line in
                lines.append(line)
                console.println("ok \(line)")
                console.start()
                return true
            },
            onInterrupt: { interrupts += 1 },
            onEnd: { ends += 1 })
        output.closeWriting()
        #expect(lines == ["status", "help"])
        #expect(interrupts == 1)
        #expect(ends == 1)
        let prompt = "\r> \(esc)[0K"
        let expected =
            prompt + "status\r\nok status\r\n" + prompt + "help\r\nok help\r\n" + prompt + "^C\r\n" + prompt + "half"
        #expect(output.receiveAll() == expected)
    }

    @Test func runReturnsAtCtrlDOnAnEmptyLine() {
        let input = Pipe()
        let output = Pipe()
        input.send("a\n\u{04}")
        let console = Console(prompt: "> ", output: output.write)
        console.start()
        var lines: [String] = []
        var ends = 0
        // The write end is still open: returning proves Ctrl-D ended the loop, not end of file.
        console.run(
            input: input.read,
            onLine: {
                lines.append($0)
                return true
            }, onInterrupt: {}, onEnd: { ends += 1 })
        #expect(lines == ["a"])
        #expect(ends == 1)
    }

    @Test func runStopsWhenOnLineSaysSo() {
        let input = Pipe()
        let output = Pipe()
        input.send("first\nexit\nnever\n")
        let console = Console(prompt: "> ", output: output.write)
        var lines: [String] = []
        var ends = 0
        // The write end is still open: returning proves onLine's false ended the loop.
        console.run(
            input: input.read,
            onLine: {
                lines.append($0)
                return $0 != "exit"
            }, onInterrupt: {}, onEnd: { ends += 1 })
        #expect(lines == ["first", "exit"])
        #expect(ends == 0)
    }

    @Test func printAboveFromManyThreadsKeepsLinesAndPromptWhole() async {
        var output = Pipe()
        let console = Console(prompt: "> ", output: output.write)
        console.start()
        #expect(console.feed(Array("typing".utf8)).isEmpty)
        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for line in 0..<50 { console.printAbove("task \(task) line \(line)") }
                }
            }
        }
        output.closeWriting()
        let drawn = output.receiveAll()
        for task in 0..<4 {
            for line in 0..<50 {
                #expect(drawn.contains("\r\(esc)[0Ktask \(task) line \(line)\r\n\r> typing\(esc)[0K"))
            }
        }
    }

    @Test func withEditorWritesWhatTheChangeDrew() {
        var output = Pipe()
        let console = Console(prompt: "> ", output: output.write)
        console.start()
        console.withEditor { $0.setHistory(["older"]) }
        #expect(console.feed(Array("\u{1B}[A".utf8)).isEmpty)
        #expect(console.withEditor { $0.text } == "older")
        console.setWidth(40)
        console.hide()
        output.closeWriting()
        #expect(output.receiveAll() == "\r> \(esc)[0K\r> older\(esc)[0K\r> older\(esc)[0K\r\(esc)[0K")
    }
}

/// A pipe for one test, each end closed exactly once (tests run in parallel, so a second close could hit another
/// test's descriptor).
struct Pipe: ~Copyable {
    let read: Int32
    private(set) var write: Int32

    init() {
        var fds: [Int32] = [0, 0]
        precondition(Glibc.pipe(&fds) == 0)
        (read, write) = (fds[0], fds[1])
    }

    deinit {
        if write >= 0 { Glibc.close(write) }
        Glibc.close(read)
    }

    func send(_ text: String) {
        let bytes = Array(text.utf8)
        precondition(bytes.withUnsafeBytes { Glibc.write(write, $0.baseAddress, $0.count) } == bytes.count)
    }

    mutating func closeWriting() {
        if write >= 0 { Glibc.close(write) }
        write = -1
    }

    /// Everything until end of file; the write end must be closed.
    func receiveAll() -> String {
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(read, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            bytes += buffer[..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
