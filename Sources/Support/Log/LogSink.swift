import Glibc
import Synchronization

/// Where finished log lines go. Sinks are called from any thread and must serialise their own output.
package protocol LogSink: Sendable {
    func write(_ line: String)
}

/// Writes `line` and a newline to standard error in one write(2).
package func printToStandardError(_ line: String) {
    StandardErrorSink().write(line)
}

/// Writes each line to standard error with one write(2), so lines from different threads never interleave.
package struct StandardErrorSink: LogSink {
    package init() {}

    package func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(UInt8(ascii: "\n"))
        writeAll(2, bytes)
    }
}

/// Collects lines in memory; for tests that assert on what was logged.
package final class MemorySink: LogSink {
    private let lines = Mutex<[String]>([])

    package init() {}

    package func write(_ line: String) { lines.withLock { $0.append(line) } }

    package var contents: [String] { lines.withLock { $0 } }
}

/// A message that ends the program (a port in use, an unreadable file): as it is in the text format, for the person
/// at the terminal; with `--log-format json`, a `critical` JSON line like every other, so a log pipeline reads it too.
package func printErrorLine(_ text: String, label: String = "main") {
    switch LoggingSystem.format {
    case .text: printToStandardError(text)
    case .json: printToStandardError(Logger(label: label).line(.critical, text, format: .json))
    }
}
