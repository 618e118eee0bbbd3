import GameProtocol
import Glibc
import NetCore
import Support
import Synchronization
import World

/// Runs one `World` on its own thread at a fixed tick rate: takes the inputs queued since the last tick, steps
/// the world, and hands each player's batch to the I/O loop that owns the player's connection.
package final class WorldRunner: Sendable {
    package let index: Int
    private let inbox = Mailbox<WorldInput>()
    private let outboxes: [Mailbox<SessionDelivery>]
    private let loops: [EventLoop]
    private let deliver: @Sendable (EventLoop) -> Void
    private let adminReply: @Sendable (UInt64, AdminReply) -> Void
    private let storage: StorageRunner
    private let running = Atomic<Bool>(true)
    private let thread: Mutex<NativeThread?> = Mutex(nil)
    /// Players in this world (for POPULATION, /status and least-full assignment); written by the world thread.
    package let playerCount = Atomic<Int>(0)
    /// Sessions assigned and not yet gone; maintained by the server, counted against the world's cap.
    let occupancy = Atomic<Int>(0)
    package let capacity: Int
    /// Tick durations and totals, written by the world thread once per tick, read by `/metrics`.
    package let metrics = Mutex(TickMetrics())
    /// One tick's slot: a second divided by the tick rate.
    private let tickInterval: Duration

    init(
        index: Int, world: sending World, loops: [EventLoop], outboxes: [Mailbox<SessionDelivery>],
        storage: StorageRunner, totalPlayers: @escaping @Sendable () -> Int,
        deliver: @escaping @Sendable (EventLoop) -> Void,
        adminReply: @escaping @Sendable (UInt64, AdminReply) -> Void
    ) {
        self.adminReply = adminReply
        self.storage = storage
        self.index = index
        self.loops = loops
        self.outboxes = outboxes
        self.deliver = deliver
        self.capacity = world.configuration.maxPlayers
        self.tickInterval = .seconds(1) / max(1, world.configuration.tickRate)
        let box = WorldBox(world)
        let thread = NativeThread(name: "wq-world-\(index)") { [self] in
            run(box.take(), totalPlayers: totalPlayers)
        }
        self.thread.withLock { $0 = thread }
    }

    /// Queues an input for the next tick (any thread).
    func post(_ input: WorldInput) {
        _ = inbox.post(input)
    }

    func stop() {
        running.store(false, ordering: .releasing)
        let thread = self.thread.withLock { thread -> NativeThread? in
            defer { thread = nil }
            return thread
        }
        thread?.join()
    }

    private func run(_ world: World, totalPlayers: @Sendable () -> Int) {
        var inputs: [WorldInput] = []
        var outbox = Outbox()
        var perLoop = [[SessionDelivery]](repeating: [], count: loops.count)
        var next = MonotonicClock.now()
        while running.load(ordering: .acquiring) {
            next += tickInterval
            sleep(until: next)
            let started = MonotonicClock.now()
            let startedCPU = threadCPUTime()
            inbox.takeAll(into: &inputs)
            world.step(inputs, totalPlayers: totalPlayers(), outbox: &outbox)
            inputs.removeAll(keepingCapacity: true)
            playerCount.store(world.playerCount, ordering: .relaxed)
            var bytes = 0
            for frame in outbox.frames {
                bytes += frame.payload.count
                perLoop[SessionIdentity.loopIndex(of: frame.session)].append(.frame(frame.session, frame.payload))
            }
            let frames = outbox.frames.count
            for (session, reason) in outbox.disconnects {
                perLoop[SessionIdentity.loopIndex(of: session)].append(.close(session, reason))
            }
            for (request, reply) in outbox.adminReplies { adminReply(request, reply) }
            storage.save(outbox.saves)
            outbox.removeAll()
            for (loopIndex, deliveries) in perLoop.enumerated() where !deliveries.isEmpty {
                if outboxes[loopIndex].post(contentsOf: deliveries) { deliver(loops[loopIndex]) }
                perLoop[loopIndex].removeAll(keepingCapacity: true)
            }
            // A tick that overran its slot starts the next one at once rather than trying to catch up in a burst.
            let now = MonotonicClock.now()
            let cpu = threadCPUTime() - startedCPU
            let statistics = world.statistics
            metrics.withLock {
                $0.record(
                    duration: now - started, cpu: cpu, budget: tickInterval, frames: frames, bytes: bytes,
                    statistics: statistics)
            }
            if now > next + tickInterval { next = now }
        }
        // Stopping: what arrived since the last tick (the disconnections of a shutdown) is applied, then every
        // character still in the world is saved.
        inbox.takeAll(into: &inputs)
        world.step(inputs, totalPlayers: totalPlayers(), outbox: &outbox)
        storage.save(outbox.saves)
        world.saveEveryone(outbox: &outbox)
        storage.save(outbox.saves)
    }

    /// CPU time this thread has used.
    private func threadCPUTime() -> Duration {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Duration(spec)
    }

    private func sleep(until deadline: MonotonicClock.Instant) {
        var spec = deadline.posixTimespec
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &spec, nil) == EINTR {}
    }
}

/// What a world sends a session: a frame (one batch) or a request to close.
enum SessionDelivery: Sendable {
    case frame(SessionID, [UInt8])
    case close(SessionID, DisconnectReason)
}

/// Session ids carry the index of the I/O loop that owns the connection in their top 16 bits, so a world can
/// route output without a shared lookup table.
enum SessionIdentity {
    static func make(loop: Int, serial: UInt64) -> SessionID { UInt64(loop) << 48 | (serial & 0xFFFF_FFFF_FFFF) }
    static func loopIndex(of session: SessionID) -> Int { Int(session >> 48) }
}

/// Moves a non-Sendable world into its thread exactly once.
private final class WorldBox: @unchecked Sendable {  // written once before the thread starts, read once by it
    private var world: World?
    init(_ world: sending World) { self.world = world }
    func take() -> World {
        defer { world = nil }
        return world!
    }
}
