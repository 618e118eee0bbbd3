import Support

/// What the storage thread reports about itself, for `/metrics` and the admin console: written by the storage
/// thread after each round of work, read under its lock by an I/O loop.
package struct StorageMetrics: Sendable {
    /// How many recent loads and commits the quantiles cover.
    static let window = 1024

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
    /// Whether the last commit failed (writes are being retried).
    package var failing = false

    private var loadTimes = [Duration](repeating: .zero, count: window)
    private var loadCount = 0
    private var commitTimes = [Duration](repeating: .zero, count: window)
    private var commitCount = 0

    mutating func recordLoad(_ duration: Duration) {
        loadTimes[loadCount % Self.window] = duration
        loadCount += 1
        loads += 1
    }

    mutating func recordCommit(_ duration: Duration, characters: Int) {
        commitTimes[commitCount % Self.window] = duration
        commitCount += 1
        commits += 1
        charactersWritten += UInt64(characters)
    }

    /// Quantiles (each 0…1) of the recent loads' durations, in seconds (the time from a HELLO reaching the storage
    /// thread to its character being ready).
    package func loadQuantiles(_ qs: [Double]) -> [Double] {
        loadTimes.prefix(min(loadCount, Self.window)).quantilesInSeconds(qs)
    }

    /// Quantiles of the recent commits' durations, in seconds.
    package func commitQuantiles(_ qs: [Double]) -> [Double] {
        commitTimes.prefix(min(commitCount, Self.window)).quantilesInSeconds(qs)
    }
}
