/// How much a log line matters; lines below the process-wide level are never built.
package enum LogLevel: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    case trace, debug, info, notice, warning, error, critical

    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool { lhs.rawValue < rhs.rawValue }

    package var description: String {
        switch self {
        case .trace: "trace"
        case .debug: "debug"
        case .info: "info"
        case .notice: "notice"
        case .warning: "warning"
        case .error: "error"
        case .critical: "critical"
        }
    }

    /// Parses a level name as typed on the command line (`info`, `WARNING`, `warn`).
    package init?(name: String) {
        let lowered = name.lowercased()
        if lowered == "warn" {
            self = .warning
            return
        }
        guard let level = LogLevel.allCases.first(where: { $0.description == lowered }) else { return nil }
        self = level
    }
}
