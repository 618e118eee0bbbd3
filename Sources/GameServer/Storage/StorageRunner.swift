import Glibc
import NetCore
import Storage
import Support
import Synchronization
import World

/// The storage thread: the only thread that touches the store (SQLite by default). Worlds hand it their saves after
/// each tick, sessions their HELLOs, LOGINs and PASSWORDs, the admin console its questions; it answers through the
/// closures they pass, on its own thread, and never makes them wait.
///
/// Saves are coalesced per character and written in one transaction at most every
/// ``StorageConfiguration/commitSpacing``; a failed write (a full disk) is retried with back-off while play goes
/// on. Each character is in play in at most one session: a newer session for it closes the older one (4002) and
/// gets the character once the older one's last save has arrived.
package final class StorageRunner: Sendable {
    private let jobs = Mailbox<Job>()
    private let wake = WakeSignal()
    private let thread: Mutex<NativeThread?> = Mutex(nil)
    private let hasher = WorkerThread(name: "wq-hash")
    /// Written by the storage thread, read by `/metrics` and the admin console.
    package let metrics = Mutex(StorageMetrics())
    /// Characters the last ``stop()`` could not write.
    private let unsaved = Atomic<Int>(0)
    package let configuration: StorageConfiguration
    /// How this node asks another to let a character go (set by the cluster service; nil until then).
    private let releaseRequester: Mutex<(@Sendable (_ node: String, _ character: Int64) -> Void)?> = Mutex(nil)

    enum Job: Sendable {
        case saves([CharacterSave])
        case enter(EnterRequest)
        case password(PasswordRequest)
        case run(@Sendable (StorageThread) -> Void)
        case stop
    }

    /// Starts the storage thread on `store`, which nothing else may use from now on.
    package init(
        store: sending any CharacterStore, configuration: StorageConfiguration = .init(),
        logger: Logger = Logger(label: "storage")
    ) {
        self.configuration = configuration
        let box = StoreBox(store)
        let thread = NativeThread(name: "wq-storage") { [self] in
            run(StorageThread(store: box.take(), runner: self, hasher: hasher, logger: logger))
        }
        self.thread.withLock { $0 = thread }
    }

    private func post(_ job: Job) {
        if jobs.post(job) { wake.signal() }
    }

    /// Runs `work` on the storage thread.
    func run(_ work: @escaping @Sendable (StorageThread) -> Void) { post(.run(work)) }

    // MARK: - For the worlds and the sessions

    /// Hands over a tick's saves (from a world thread).
    func save(_ saves: [CharacterSave]) {
        guard !saves.isEmpty else { return }
        post(.saves(saves))
    }

    /// Loads (or creates) the character a HELLO or LOGIN asks for.
    func enter(_ request: EnterRequest) { post(.enter(request)) }

    /// Sets a playing character's password.
    func setPassword(_ request: PasswordRequest) { post(.password(request)) }

    // MARK: - For the cluster

    /// Sets how a session waiting for a character another node plays asks that node to close its session (the
    /// newest session wins, across nodes as within one). Called on the storage thread; must not block.
    package func onReleaseNeeded(_ handler: @escaping @Sendable (_ node: String, _ character: Int64) -> Void) {
        releaseRequester.withLock { $0 = handler }
    }

    func askToRelease(node: String, character: Int64) {
        releaseRequester.withLock { $0 }?(node, character)
    }

    /// Another node wants this character: the session playing it here is closed (4002) and its last save, once
    /// written, gives the lease up.
    package func releaseForOtherNode(character: Int64) {
        post(.run { $0.releaseForOtherNode(character) })
    }

    // MARK: - For the admin console

    /// Runs `work` on the storage thread with the store and what is in play (operators' questions and changes).
    package func perform(_ work: @escaping @Sendable (StorageAccess) -> Void) {
        post(.run { work(StorageAccess(thread: $0)) })
    }

    /// Writes what is pending, retrying for up to ``StorageConfiguration/stopTimeout``, closes the store and ends the
    /// thread. Returns how many characters' latest state could not be written (0 unless the disk stayed full).
    @discardableResult
    package func stop() -> Int {
        post(.stop)
        let thread = self.thread.withLock { thread -> NativeThread? in
            defer { thread = nil }
            return thread
        }
        thread?.join()
        hasher.stop()
        return unsaved.load(ordering: .acquiring)
    }

    // MARK: - The thread

    private func run(_ state: StorageThread) {
        var batch: [Job] = []
        var stopping = false
        while !stopping {
            wake.wait(until: state.nextDeadline)
            jobs.takeAll(into: &batch)
            let cpuBefore = Self.threadCPUTime()
            for job in batch {
                switch job {
                case .saves(let saves): state.receive(saves)
                case .enter(let request):
                    if let password = request.password {
                        state.login(request, password: password)
                    } else {
                        state.enter(request)
                    }
                case .password(let request): state.setPassword(request)
                case .run(let work): work(state)
                case .stop: stopping = true
                }
            }
            batch.removeAll(keepingCapacity: true)
            let now = MonotonicClock.now()
            state.expireWaiters(now: now)
            state.commitIfDue(now: now)
            state.maintainLeases(now: now)
            let spent = Self.threadCPUTime() - cpuBefore
            metrics.withLock { $0.cpu += spent }
        }
        finish(state)
    }

    /// The last commit, retried until it works or the stop timeout passes; then the store closes.
    private func finish(_ state: StorageThread) {
        let deadline = MonotonicClock.now() + configuration.stopTimeout
        state.commitIfDue(now: MonotonicClock.now(), force: true)
        while !state.pending.isEmpty, MonotonicClock.now() < deadline {
            var pause = timespec(tv_sec: 0, tv_nsec: 200_000_000)
            nanosleep(&pause, nil)
            state.commitIfDue(now: MonotonicClock.now(), force: true)
        }
        if !state.pending.isEmpty {
            state.logger.critical(
                "\(state.pending.count) character(s) could not be saved before stopping: "
                    + "\(state.lastError.map { "\($0)" } ?? "unknown error")")
        }
        unsaved.store(state.pending.count, ordering: .releasing)
        if state.pending.isEmpty { state.releaseAllLeases() }
        state.store.close()
    }

    private static func threadCPUTime() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Duration(spec)
    }
}

/// What the admin console may do on the storage thread: use the store, and ask what is in play.
package struct StorageAccess {
    fileprivate let thread: StorageThread

    package var store: any CharacterStore { thread.store }

    /// Whether a session plays this character now.
    package func isOnline(_ character: Int64) -> Bool { thread.online[character] != nil }

    /// The character's latest state: the stored one with anything not yet written laid over it.
    package func current(_ record: CharacterRecord) -> CharacterRecord { thread.current(record) }

    /// Forgets unsaved state of a character that is gone (deleted by an operator).
    package func discardPending(_ character: Int64) { thread.pending[character] = nil }

    /// Seconds since 1970.
    package var wallClock: Int64 { thread.wallClock }

    /// Hashes `password` on the hasher thread (it is slow on purpose), stores it as the character's password back
    /// on the storage thread, then calls `done` there with the error, if any.
    package func setPassword(
        _ password: String, character: Int64, done: @escaping @Sendable (StorageAccess, StorageError?) -> Void
    ) {
        let iterations = thread.configuration.passwordIterations
        thread.hasher.post { [postBack = thread.postBack] in
            let hash = PasswordHash.make(password, iterations: iterations)
            postBack { thread in
                let access = StorageAccess(thread: thread)
                do throws(StorageError) {
                    try thread.store.setPasswordHash(hash, character: character)
                    done(access, nil)
                } catch {
                    done(access, error)
                }
            }
        }
    }
}

/// Moves the store into the storage thread exactly once.
private final class StoreBox: @unchecked Sendable {  // written once before the thread starts, read once by it
    private var store: (any CharacterStore)?
    init(_ store: sending any CharacterStore) { self.store = store }
    func take() -> any CharacterStore {
        defer { store = nil }
        return store!
    }
}
