import Synchronization

/// Bytes queued for sending across every connection of a process, against one limit.
///
/// Each connection tells the budget what its queue holds after each flush (output sent within the loop iteration
/// that queued it never counts). While the total is over the limit a
/// connection holding more than ``fairShare`` is closed at its next write: under memory pressure the peers that
/// read slowest pay, and everyone else's output keeps flowing. HTTP handlers also stop taking pipelined requests
/// while their own output is queued, so one reader cannot queue unboundedly in the first place.
package final class OutputBudget: Sendable {
    /// The most queued output the process holds before it starts dropping the largest queues.
    package let limit: Int
    /// A connection queueing more than this while the budget is exhausted is closed.
    package let fairShare: Int
    private let used = Atomic<Int>(0)
    private let overruns = Atomic<Int>(0)

    package init(limit: Int = .max, fairShare: Int = 64 * 1024) {
        self.limit = limit
        self.fairShare = fairShare
    }

    /// Queued bytes now, over all connections.
    package var queuedBytes: Int { used.load(ordering: .relaxed) }

    /// Connections closed because the budget was exhausted, since start.
    package var overrunCount: Int { overruns.load(ordering: .relaxed) }

    package var isExhausted: Bool { used.load(ordering: .relaxed) > limit }

    func add(_ delta: Int) {
        if delta != 0 { used.add(delta, ordering: .relaxed) }
    }

    func countOverrun() {
        overruns.add(1, ordering: .relaxed)
    }
}
