import Support

/// What the storage thread reports about itself, for `/metrics` and the admin console: written by the storage
/// thread after each round of work, read under its lock by an I/O loop.
package struct StorageMetrics: Sendable {
    /// How many recent loads and commits the quantiles cover.
    static let window = 1024
    /// Bounds of the load and commit histograms, in seconds: a cached page is well under a millisecond, an fsync a
    /// few, a password hash a hundred or so, a struggling disk seconds.
    package static let bucketBounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]

    /// CPU time the storage thread has used.
    package var cpu: Duration = .zero
    /// Character saves the worlds handed over (before coalescing).
    package var savesReceived: UInt64 = 0
    /// Character rows written in committed transactions.
    package var charactersWritten: UInt64 = 0
    package var commits: UInt64 = 0
    /// Transactions that failed (a full disk, an I/O error) and will be retried.
    package var commitFailures: UInt64 = 0
    /// Characters whose latest state is not written yet.
    package var pending = 0
    /// Characters in a world now (each at most once).
    package var online = 0
    package var loads: UInt64 = 0
    package var created: UInt64 = 0
    package var refusedNames: UInt64 = 0
    package var logins: UInt64 = 0
    package var failedLogins: UInt64 = 0
    /// Sessions closed because the same character started playing elsewhere.
    package var superseded: UInt64 = 0
    /// Logins that waited for another node to let their character go, and those refused after waiting.
    package var leaseWaits: UInt64 = 0
    package var leaseRefusals: UInt64 = 0
    /// Whether the last commit failed (writes are being retried).
    package var failing = false

    /// How long HELLO or LOGIN took on the storage thread for a stored character, and for a new one (created,
    /// which commits at once), and how long commits took: the last 1,024 of each.
    package private(set) var loadTimes = DurationRing(capacity: window)
    package private(set) var createTimes = DurationRing(capacity: window)
    package private(set) var commitTimes = DurationRing(capacity: window)
    /// The same since the start, as histograms that add up across nodes.
    package private(set) var loadHistogram = DurationHistogram(bounds: bucketBounds)
    package private(set) var createHistogram = DurationHistogram(bounds: bucketBounds)
    package private(set) var commitHistogram = DurationHistogram(bounds: bucketBounds)

    mutating func recordLoad(_ duration: Duration, created: Bool) {
        if created {
            createTimes.record(duration)
            createHistogram.record(duration)
        } else {
            loadTimes.record(duration)
            loadHistogram.record(duration)
        }
        loads += 1
    }

    mutating func recordCommit(_ duration: Duration, characters: Int) {
        commitTimes.record(duration)
        commitHistogram.record(duration)
        commits += 1
        charactersWritten += UInt64(characters)
    }
}

/// The last `capacity` durations of something, for quantiles.
package struct DurationRing: Sendable {
    private var values: [Duration]
    private var count = 0

    init(capacity: Int) { values = [Duration](repeating: .zero, count: capacity) }

    mutating func record(_ duration: Duration) {
        values[count % values.count] = duration
        count += 1
    }

    /// Quantiles (each 0…1) of the recorded durations, in seconds.
    package func quantiles(_ qs: [Double]) -> [Double] {
        values.prefix(min(count, values.count)).quantilesInSeconds(qs)
    }
}
