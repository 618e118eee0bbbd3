import Glibc
import Synchronization

/// The process-wide logging configuration: one level and one sink, changeable at run time (the admin console's
/// `loglevel` command), read lock-free on every log call.
package enum LoggingSystem {
    private static let currentLevel = Atomic<Int>(LogLevel.info.rawValue)
    private static let currentSink = Mutex<any LogSink>(StandardErrorSink())

    package static var level: LogLevel {
        get { LogLevel(rawValue: currentLevel.load(ordering: .relaxed)) ?? .info }
        set { currentLevel.store(newValue.rawValue, ordering: .relaxed) }
    }

    /// Replaces where lines go (tests, the admin console's prompt-preserving terminal).
    package static func bootstrap(_ sink: any LogSink) {
        currentSink.withLock { $0 = sink }
    }

    static func emit(_ line: String) {
        let sink = currentSink.withLock { $0 }
        sink.write(line)
    }

    static func isEnabled(_ level: LogLevel) -> Bool {
        level.rawValue >= currentLevel.load(ordering: .relaxed)
    }
}

/// A labelled logger. Messages are autoclosures so that a disabled level costs one atomic load and builds nothing.
package struct Logger: Sendable {
    package let label: String

    package init(label: String) {
        self.label = label
    }

    package func log(_ level: LogLevel, _ message: @autoclosure () -> String) {
        guard LoggingSystem.isEnabled(level) else { return }
        LoggingSystem.emit(line(level, message()))
    }

    /// One finished line. Messages carry client-supplied text (names, refused commands, paths): it is escaped
    /// once, here, for every sink.
    package func line(_ level: LogLevel, _ message: String) -> String {
        "\(Self.timestamp()) \(level) [\(label)] \(LogEscaping.escape(message))"
    }

    package func isEnabled(_ level: LogLevel) -> Bool { LoggingSystem.isEnabled(level) }

    package func trace(_ message: @autoclosure () -> String) { log(.trace, message()) }
    package func debug(_ message: @autoclosure () -> String) { log(.debug, message()) }
    package func info(_ message: @autoclosure () -> String) { log(.info, message()) }
    package func notice(_ message: @autoclosure () -> String) { log(.notice, message()) }
    package func warning(_ message: @autoclosure () -> String) { log(.warning, message()) }
    package func error(_ message: @autoclosure () -> String) { log(.error, message()) }
    package func critical(_ message: @autoclosure () -> String) { log(.critical, message()) }

    /// UTC wall-clock time with milliseconds, e.g. `2026-11-21T06:40:00.123Z`.
    static func timestamp() -> String { UTCTime.now().iso8601 }
}
