import Glibc
import Storage
import Support
import Synchronization
import World

/// The storage thread's own state: the store, the saves not yet written, and which characters are in play. Lives
/// on that thread alone (``StorageRunner`` posts to it), so it needs no lock but the metrics'.
final class StorageThread {
    let store: any CharacterStore
    let configuration: StorageConfiguration
    let logger: Logger
    /// Its runner: for the metrics it shares, and to post work back to this thread (from the hasher).
    let runner: StorageRunner
    /// Runs password hashes; its answers come back as jobs.
    let hasher: WorkerThread

    /// The latest state of each character not yet written; one entry per character however many saves arrived.
    var pending: [Int64: CharacterProgress] = [:]
    /// No commit before this instant (commit spacing, or the back-off after a failure).
    var nextCommit = MonotonicClock.now()
    var retryDelay: Duration
    /// Since when commits fail, and when that was last logged.
    var failingSince: MonotonicClock.Instant?
    var lastFailureLog = MonotonicClock.now()
    var lastError: StorageError?

    /// Characters in a world now, with the session that plays each.
    var online: [Int64: Occupant] = [:]
    /// A session waiting for a character that another session still plays (the newest waiter only).
    var waiting: [Int64: Waiter] = [:]
    /// Sessions waiting for a character another node holds, with when to ask the store again.
    var leaseWaiting: [Int64: (waiter: Waiter, retryAt: MonotonicClock.Instant)] = [:]
    /// Characters that left and whose lease goes once their last save is written.
    var releasing: Set<Int64> = []
    /// When this node renews its leases next.
    var nextLeaseRenewal = MonotonicClock.now()
    /// Whether the last lease renewal failed (the database was out of reach).
    var renewalFailed = false

    struct Occupant {
        var session: SessionID
        var supersede: @Sendable () -> Void
    }

    struct Waiter {
        var request: EnterRequest
        var returning: Bool
        var deadline: MonotonicClock.Instant
    }

    init(store: any CharacterStore, runner: StorageRunner, hasher: WorkerThread, logger: Logger) {
        self.store = store
        self.configuration = runner.configuration
        self.logger = logger
        self.runner = runner
        self.hasher = hasher
        self.retryDelay = configuration.retryDelay
    }

    func updateMetrics(_ body: (inout StorageMetrics) -> Void) {
        runner.metrics.withLock { body(&$0) }
    }

    /// Runs `work` on this thread later (from another thread: the hasher's answers).
    var postBack: @Sendable (@escaping @Sendable (StorageThread) -> Void) -> Void {
        { [runner] work in runner.run(work) }
    }

    /// Seconds since 1970, for first and last seen and the audit log.
    var wallClock: Int64 { Int64(time(nil)) }

    // MARK: - Saves

    /// Takes the worlds' saves: the latest state of each character wins; a leaving character is free to play
    /// elsewhere, which may let a waiting session in.
    func receive(_ saves: [CharacterSave]) {
        for save in saves {
            pending[save.sheet.id] = save.sheet.progress
            if save.leaving {
                if configuration.leaseNode != nil { releasing.insert(save.sheet.id) }
                release(save.sheet.id)
            }
        }
        updateMetrics {
            $0.savesReceived += UInt64(saves.count)
            $0.pending = pending.count
        }
    }

    /// Writes everything pending in one transaction, if the spacing or the back-off allows it now (or `force`).
    /// A failure keeps every pending state for the next try, logs once when writes start failing and then once a
    /// minute, and never touches what was written before.
    func commitIfDue(now: MonotonicClock.Instant, force: Bool = false) {
        guard !pending.isEmpty, force || now >= nextCommit else { return }
        let batch = Array(pending.values)
        let started = MonotonicClock.now()
        do {
            try store.save(batch, now: wallClock)
            pending.removeAll(keepingCapacity: true)
            releaseWrittenLeases()
            let finished = MonotonicClock.now()
            if let since = failingSince {
                logger.notice(
                    "writes work again after \(Int((finished - since).wholeSeconds)) s; "
                        + "\(batch.count) character(s) saved")
            }
            failingSince = nil
            lastError = nil
            retryDelay = configuration.retryDelay
            nextCommit = finished + configuration.commitSpacing
            updateMetrics {
                $0.recordCommit(finished - started, characters: batch.count)
                $0.pending = 0
                $0.failing = false
            }
        } catch {
            let finished = MonotonicClock.now()
            if failingSince == nil || error != lastError || finished - lastFailureLog >= .seconds(60) {
                logger.error(
                    "could not save \(pending.count) character(s): \(error); play goes on, "
                        + "retrying in \(retryDelay.wholeSeconds) s (nothing saved before is lost)")
                lastFailureLog = finished
            }
            if failingSince == nil { failingSince = finished }
            lastError = error
            nextCommit = finished + retryDelay
            retryDelay = min(retryDelay * 2, configuration.maxRetryDelay)
            updateMetrics {
                $0.commitFailures += 1
                $0.failing = true
            }
        }
    }

    /// When the thread must wake by itself: the next commit while saves are pending, and the next waiter's
    /// deadline.
    var nextDeadline: MonotonicClock.Instant? {
        let commit = pending.isEmpty ? nil : nextCommit
        let waiter = waiting.values.map(\.deadline).min()
        let lease = configuration.leaseNode == nil ? nil : min(nextLeaseRenewal, nextLeaseRetry ?? nextLeaseRenewal)
        return [commit, waiter, lease].compactMap { $0 }.min()
    }

    /// The store's record of a character with its unsaved state laid over it: what a session entering now must get.
    func current(_ record: CharacterRecord) -> CharacterRecord {
        guard let unsaved = pending[record.id] else { return record }
        var record = record
        record.progress = unsaved
        return record
    }
}
