import Synchronization

/// Counters every bot updates from its loop thread and the reporter reads once a second.
///
/// `@unchecked Sendable`: every field is guarded by `lock`.
package final class BotStatistics: @unchecked Sendable {
    package struct Snapshot: Sendable {
        package var connected = 0
        package var messagesIn = 0
        package var messagesOut = 0
        package var bytesIn = 0
        package var errors = 0
        package var disconnects = 0
        package var corrections = 0
        /// Connections the server closed as a refusal: 1008 (policy) or 1013 (full, draining).
        package var refusals = 0
        package var kills = 0
        package var deaths = 0
        /// Operator notices received (`say`, shutdown countdowns).
        package var notices = 0
        /// Connections an operator closed (kick 4001, ban 4003); those bots stay away.
        package var kicked = 0
        /// Closes with 1012 (service restart: a node draining) or 1001 (going away), answered by reconnecting at once.
        package var restartCloses = 0
        /// Bots back in a world after losing their session (through a proxy: usually on another node).
        package var reconnects = 0
        /// The longest time from losing a session to the next WELCOME.
        package var longestReconnect = Duration.zero
        /// Action-to-answer latencies in microseconds since the last `drainLatencies`.
        package var latencies: [Int] = []
        /// What each bot (by index) has seen itself achieve, for `--progress`.
        package var progress: [Int: BotProgress] = [:]
    }

    private let lock = Mutex(Snapshot())

    package init() {}

    package func update(_ body: (inout Snapshot) -> Void) {
        lock.withLock { body(&$0) }
    }

    package var snapshot: Snapshot { lock.withLock { $0 } }

    /// Returns the latencies recorded since the last call and forgets them.
    package func drainLatencies() -> [Int] {
        lock.withLock { state in
            defer { state.latencies.removeAll(keepingCapacity: true) }
            return state.latencies
        }
    }
}

/// What one bot saw of its own progress since the swarm started: whether its character entered a world, the KILLs
/// and the DAMAGE points the server sent it. A test that kills the server compares these with what was stored.
package struct BotProgress: Sendable, Equatable {
    package var entered = false
    package var kills = 0
    package var damageDealt = 0
}

/// p-th percentile of `values` (0…1), or 0 when empty.
package func percentile(_ values: [Int], _ p: Double) -> Int {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}
