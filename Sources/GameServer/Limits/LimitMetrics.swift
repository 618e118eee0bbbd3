import Synchronization

/// What the connection limits refused, counted on the loops and read by `/metrics`.
package final class LimitMetrics: Sendable {
    /// Only a flooding client's messages come here, so a lock shared by the loops is cheap enough.
    private let dropped = Mutex([UInt64](repeating: 0, count: MessageRateLimits.Kind.allCases.count))
    /// Connections closed for flooding past their rate limits.
    let closedForFlooding = Atomic<UInt64>(0)
    /// Connections closed because they sent no HELLO within the pre-HELLO timeout.
    let helloTimeouts = Atomic<UInt64>(0)

    package init() {}

    func countDrop(_ kind: MessageRateLimits.Kind) {
        dropped.withLock { $0[kind.index] += 1 }
    }

    /// Messages dropped over their rate limit, by kind.
    package func droppedMessages(_ kind: MessageRateLimits.Kind) -> UInt64 {
        dropped.withLock { $0[kind.index] }
    }
}
