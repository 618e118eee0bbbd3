import CLinux
import Glibc
import Support
import Synchronization

/// One epoll instance driven by one thread: sockets, timers and tasks handed over from other threads.
///
/// Everything but ``execute(_:)``, ``index`` and ``connectionCount`` is confined to the loop's thread.
/// `@unchecked Sendable`: cross-thread state is the `tasks` queue (guarded by its `Mutex`), the eventfd used to
/// wake the loop, and atomics; the rest is touched only by the thread inside ``run()``.
package final class EventLoop: @unchecked Sendable {
    /// Position in its ``EventLoopGroup``; services keep per-loop state in arrays indexed by it.
    package let index: Int
    package let logger: Logger
    /// The process-wide bound on queued output this loop's connections count against.
    package let outputBudget: OutputBudget

    let epollFD: Int32
    private let wakeFD: Int32
    private let timerFD: Int32
    private let tasks = Mutex<[@Sendable () -> Void]>([])
    private let wakePending = Atomic<Bool>(false)
    let openConnections = Atomic<Int>(0)
    private let loopThread = Atomic<UInt>(0)

    // Loop thread only.
    var pool = BufferPool()
    /// By descriptor. Each entry holds one reference (passed retained), so that dispatching an event reads the
    /// connection without a retain and release; ``close(_:)`` moves that reference to `graveyard`.
    var connections: [Unmanaged<Connection>?] = []
    var nextGeneration: UInt32 = 1
    var listeners: [Int32: Listener] = [:]
    private var timers = TimerHeap()
    private var armedDeadline: MonotonicClock.Instant?
    /// Connections written to this iteration, unretained: each is in `connections` or, closed meanwhile, in
    /// `graveyard` until the iteration's flush is done.
    var dirty: [Unmanaged<Connection>] = []
    /// The batch of `dirty` being flushed; kept to reuse its storage.
    var flushing: [Unmanaged<Connection>] = []
    /// Connections closed this iteration: kept alive until it ends, so code still running for one (a handler that
    /// closed it, the dirty list) never outlives it.
    var graveyard: [Connection] = []
    private let readBuffer: UnsafeMutableRawBufferPointer
    private var running = false
    private var soon: [() -> Void] = []
    private var shutdown: (deadline: MonotonicClock.Instant, done: () -> Void)?

    /// Size of the shared read buffer: one read takes at most this much from one socket.
    package static let readBufferSize = 64 * 1024
    static let sweepInterval = Duration.milliseconds(250)
    private static let wakeTag = UInt64.max
    private static let timerTag = UInt64.max - 1

    package init(
        index: Int = 0, logger: Logger = Logger(label: "loop"), outputBudget: OutputBudget = OutputBudget()
    ) throws(IOError) {
        self.index = index
        self.logger = logger
        self.outputBudget = outputBudget
        epollFD = try syscall("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
        wakeFD = try syscall("eventfd") { eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC)) }
        timerFD = try syscall("timerfd_create") {
            timerfd_create(CLOCK_MONOTONIC, Int32(TFD_NONBLOCK) | Int32(TFD_CLOEXEC))
        }
        readBuffer = .allocate(byteCount: Self.readBufferSize, alignment: 16)
        try register(fd: wakeFD, tag: Self.wakeTag, events: EPOLLIN.rawValue)
        try register(fd: timerFD, tag: Self.timerTag, events: EPOLLIN.rawValue)
    }

    deinit {
        for case let connection? in connections { connection.release() }
        Glibc.close(epollFD)
        Glibc.close(wakeFD)
        Glibc.close(timerFD)
        readBuffer.deallocate()
    }

    /// Open connections on this loop; readable from any thread (for least-loaded placement and metrics).
    package var connectionCount: Int { openConnections.load(ordering: .relaxed) }

    /// Whether the caller is this loop's thread.
    package var inLoop: Bool { loopThread.load(ordering: .acquiring) == UInt(pthread_self()) }

    // MARK: - Cross-thread

    /// Runs `task` on the loop thread at the next iteration. Safe from any thread.
    package func execute(_ task: @escaping @Sendable () -> Void) {
        tasks.withLock { $0.append(task) }
        if !wakePending.exchange(true, ordering: .acquiringAndReleasing) {
            var one: UInt64 = 1
            _ = Glibc.write(wakeFD, &one, 8)
        }
    }

    // MARK: - Running

    /// Runs the loop on the calling thread until ``stop()`` (or a graceful shutdown completes).
    package func run() {
        loopThread.store(UInt(pthread_self()), ordering: .releasing)
        running = true
        _ = scheduleTimer(at: MonotonicClock.now() + Self.sweepInterval) { [unowned self] in sweep() }
        let capacity = 1024
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: capacity)
        defer { events.deallocate() }
        while running {
            armTimer()
            let count = epoll_wait(epollFD, events, Int32(capacity), soon.isEmpty ? -1 : 0)
            if count < 0 {
                if errno == EINTR { continue }
                logger.critical("epoll_wait failed: \(IOError(errnoCode: errno, function: "epoll_wait"))")
                break
            }
            for i in 0..<Int(count) {
                dispatch(tag: events[i].data.u64, events: events[i].events)
            }
            runSoon()
            flushDirty()
            if !graveyard.isEmpty { graveyard.removeAll(keepingCapacity: true) }
        }
        closeEverything()
        graveyard.removeAll()
    }

    /// Leaves ``run()`` after the current iteration. Loop thread only; from elsewhere use `execute { stop() }`.
    package func stop() {
        running = false
    }

    /// Asks every connection to finish (``ConnectionHandler/connectionShutdownRequested(_:)``), stops accepting,
    /// and leaves ``run()`` once all connections have closed or at `deadline`, whichever comes first.
    package func beginGracefulShutdown(deadline: MonotonicClock.Instant) {
        for fd in Array(listeners.keys) { removeListener(fd: fd) }
        shutdown = (deadline, { [unowned self] in running = false })
        for case let entry? in connections where entry.takeUnretainedValue().state != .closed {
            let connection = entry.takeUnretainedValue()
            connection.handler?.connectionShutdownRequested(connection)
        }
        _ = scheduleTimer(at: deadline) { [unowned self] in
            if running {
                logger.warning("shutdown deadline reached with \(connectionCount) connection(s) still open")
                running = false
            }
        }
        checkShutdownCompleteAfterClose()
    }

    func checkShutdownCompleteAfterClose() {
        if let shutdown, openConnections.load(ordering: .relaxed) == 0 { shutdown.done() }
    }

    /// Runs `task` on this loop after the events of the current iteration: how a handler yields to the other
    /// connections and continues where it left off. Loop thread only.
    package func executeSoon(_ task: @escaping () -> Void) {
        soon.append(task)
    }

    private func runSoon() {
        guard !soon.isEmpty else { return }
        let batch = soon
        soon.removeAll(keepingCapacity: true)
        for task in batch { task() }
    }

    // MARK: - Timers

    /// Calls `action` on the loop thread at `deadline`. Returns an id for ``cancelTimer(_:)``.
    @discardableResult
    package func scheduleTimer(at deadline: MonotonicClock.Instant, _ action: @escaping () -> Void) -> UInt64 {
        timers.schedule(at: deadline, action)
    }

    /// Calls `action` on the loop thread once `delay` has passed. Returns an id for ``cancelTimer(_:)``.
    @discardableResult
    package func scheduleTimer(after delay: Duration, _ action: @escaping () -> Void) -> UInt64 {
        timers.schedule(at: MonotonicClock.now() + delay, action)
    }

    package func cancelTimer(_ id: UInt64) {
        timers.cancel(id)
    }

    private func armTimer() {
        guard let earliest = timers.earliestDeadline else { return }
        // Compared as numbers: `Instant`'s `==` lives in another module, so it would be a call every iteration.
        guard earliest.nanoseconds != armedDeadline?.nanoseconds else { return }
        armedDeadline = earliest
        var spec = itimerspec()
        // A zero it_value disarms; a deadline already past must still fire.
        spec.it_value = max(earliest, MonotonicClock.Instant(nanoseconds: 1)).posixTimespec
        timerfd_settime(timerFD, Int32(TFD_TIMER_ABSTIME), &spec, nil)
    }

    private func runDueTimers() {
        var expirations: UInt64 = 0
        _ = Glibc.read(timerFD, &expirations, 8)
        armedDeadline = nil
        let now = MonotonicClock.now()
        while let action = timers.popDue(now: now) { action() }
    }

    /// Fires the deadline of every connection whose deadline has passed, and ends lingering closes.
    private func sweep() {
        let now = MonotonicClock.now()
        for case let entry? in connections {
            let connection = entry.takeUnretainedValue()
            switch connection.state {
            case .open, .connecting:
                if !connection.wroteSinceSweep { connection.queue.releaseIdleBuffer(pool: &pool) }
                connection.wroteSinceSweep = false
                if let limit = connection.maxQueueAge, isTooFarBehind(connection, limit: limit, now: now) {
                    logger.warning(
                        "closing \(connection.peer?.description ?? "connection"): more than \(limit) behind "
                            + "(\(connection.queue.byteCount) bytes unsent)")
                    close(connection)
                    continue
                }
                if let deadline = connection.deadline, deadline <= now {
                    connection.deadline = nil
                    connection.handler?.connectionDeadlineReached(connection)
                }
            case .flushingThenClose, .lingering:
                if connection.lingerDeadline <= now { close(connection) }
            case .closed:
                break
            }
        }
        _ = scheduleTimer(at: now + Self.sweepInterval) { [unowned self] in sweep() }
    }

    /// Whether bytes queued at an earlier sweep are still unsent `limit` later (see ``Connection/maxQueueAge``).
    private func isTooFarBehind(_ connection: Connection, limit: Duration, now: MonotonicClock.Instant) -> Bool {
        if let mark = connection.ageMark, connection.totalSent < mark.offset {
            return now - mark.time > limit
        }
        connection.ageMark = connection.queue.isEmpty ? nil : (connection.totalQueued, now)
        return false
    }

    // MARK: - Tasks

    private func runTasks() {
        var counter: UInt64 = 0
        _ = Glibc.read(wakeFD, &counter, 8)
        wakePending.store(false, ordering: .releasing)
        let batch = tasks.withLock { queue -> [@Sendable () -> Void] in
            let taken = queue
            queue.removeAll(keepingCapacity: true)
            return taken
        }
        for task in batch { task() }
    }

    // MARK: - Dispatch

    private func dispatch(tag: UInt64, events: UInt32) {
        if tag == Self.wakeTag { return runTasks() }
        if tag == Self.timerTag { return runDueTimers() }
        let fd = Int32(truncatingIfNeeded: tag & 0xFFFF_FFFF)
        let generation = UInt32(truncatingIfNeeded: tag >> 32)
        if generation == 0 {
            if let listener = listeners[fd] { acceptAll(listener) }
            return
        }
        guard Int(fd) < connections.count, let entry = connections[Int(fd)] else { return }
        // Unretained: if a handler closes the connection, `graveyard` keeps it alive until the iteration ends.
        entry._withUnsafeGuaranteedRef { connection in
            guard connection.generation == generation else { return }
            if events & EPOLLOUT.rawValue != 0 { handleWritable(connection) }
            if events & (EPOLLIN.rawValue | EPOLLHUP.rawValue | EPOLLERR.rawValue) != 0, connection.state != .closed {
                handleReadable(connection)
            }
        }
    }

    private func handleReadable(_ connection: Connection) {
        if connection.state == .connecting { return handleWritable(connection) }
        let n = wq_read(connection.fd, readBuffer.baseAddress!, readBuffer.count)
        if n > 0 {
            switch connection.state {
            case .open:
                connection.handler?.connection(
                    connection, didRead: UnsafeMutableRawBufferPointer(rebasing: readBuffer[0..<n]))
            case .flushingThenClose, .lingering, .connecting, .closed:
                break  // closing: what the peer still sends is discarded
            }
        } else if n == 0 {
            if connection.state == .open {
                connection.handler?.connectionDidReadEOF(connection)
            } else {
                close(connection)
            }
        } else {
            let code = errno
            if code == EAGAIN || code == EWOULDBLOCK || code == EINTR { return }
            if code != ECONNRESET && code != EPIPE {
                logger.debug(
                    "read from \(connection.peer?.description ?? "?"): \(IOError(errnoCode: code, function: "read"))")
            }
            close(connection)
        }
    }

    private func handleWritable(_ connection: Connection) {
        if connection.state == .connecting {
            let error = Socket.pendingError(connection.fd)
            if error != 0 {
                connection.handler?.connectionDidFail(connection, error: IOError(errnoCode: error, function: "connect"))
                return close(connection)
            }
            connection.state = .open
            updateInterest(connection)
            connection.handler?.connectionDidOpen(connection)
            if connection.queue.isEmpty { return }
        }
        flush(connection)
    }
}

@available(*, unavailable)
extension TimerHeap: Sendable {}
