import Glibc
import Synchronization

/// The process-wide logging configuration: one level, one format and one sink, changeable at run time (the admin
/// console's `loglevel` command), level and format read lock-free on every log call.
package enum LoggingSystem {
    private static let currentLevel = Atomic<Int>(LogLevel.info.rawValue)
    private static let currentFormat = Atomic<Int>(LogFormat.text.rawValue)
    private static let currentSink = Mutex<any LogSink>(StandardErrorSink())

    package static var level: LogLevel {
        get { LogLevel(rawValue: currentLevel.load(ordering: .relaxed)) ?? .info }
        set { currentLevel.store(newValue.rawValue, ordering: .relaxed) }
    }

    /// How lines are written (`--log-format`).
    package static var format: LogFormat {
        get { LogFormat(rawValue: currentFormat.load(ordering: .relaxed)) ?? .text }
        set { currentFormat.store(newValue.rawValue, ordering: .relaxed) }
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

/// A labelled logger, optionally carrying metadata every line it writes has (a session's `conn` and `addr`).
/// Messages and metadata are autoclosures so that a disabled level costs one atomic load and builds nothing.
///
/// ```swift
/// logger.info("\(name) left", ["player": .string(name), "world": 0])
/// ```
package struct Logger: Sendable {
    package let label: String
    /// Fields added to every line of this logger (before the call's own).
    package let metadata: LogMetadata

    package init(label: String, metadata: LogMetadata = [:]) {
        self.label = label
        self.metadata = metadata
    }

    /// This logger with `extra` fields on every line.
    package func with(_ extra: LogMetadata) -> Logger {
        Logger(label: label, metadata: metadata.merging(extra))
    }

    package func log(
        _ level: LogLevel, _ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]
    ) {
        guard LoggingSystem.isEnabled(level) else { return }
        let format = LoggingSystem.format
        LoggingSystem.emit(line(level, message(), format == .json ? metadata() : [:], format: format))
    }

    /// One finished line in `format`. Messages carry client-supplied text (names, refused commands, paths): it is
    /// escaped once, here, for every sink. Text lines are today's format and leave metadata out.
    package func line(
        _ level: LogLevel, _ message: String, _ metadata: LogMetadata = [:], format: LogFormat = .text
    ) -> String {
        switch format {
        case .text:
            return "\(Self.timestamp()) \(level) [\(label)] \(LogEscaping.escape(message))"
        case .json:
            return JSONLogLine.line(
                timestamp: Self.timestamp(), level: level, label: label, message: message,
                metadata: self.metadata.merging(metadata))
        }
    }

    package func isEnabled(_ level: LogLevel) -> Bool { LoggingSystem.isEnabled(level) }

    package func trace(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.trace, message(), metadata())
    }
    package func debug(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.debug, message(), metadata())
    }
    package func info(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.info, message(), metadata())
    }
    package func notice(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.notice, message(), metadata())
    }
    package func warning(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.warning, message(), metadata())
    }
    package func error(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.error, message(), metadata())
    }
    package func critical(_ message: @autoclosure () -> String, _ metadata: @autoclosure () -> LogMetadata = [:]) {
        log(.critical, message(), metadata())
    }

    /// UTC wall-clock time with milliseconds, e.g. `2026-11-21T06:40:00.123Z`.
    static func timestamp() -> String { UTCTime.now().iso8601 }
}
