import CLinux
import Glibc
import Support

/// One TCP (or Unix) stream socket on an ``EventLoop``: its descriptor, its handler and its queued output.
///
/// Confined to its loop's thread. Writes are queued and flushed once per loop iteration, so everything a
/// handler writes while processing one batch of events leaves in one syscall.
package final class Connection {
    enum State {
        case connecting
        case open
        /// `closeAfterFlush`: still sending; reads are discarded.
        case flushingThenClose
        /// Output done and write side shut down; reading until the peer closes or the linger deadline.
        case lingering
        case closed
    }

    package let fd: Int32
    let generation: UInt32
    // Strong and constant, so that calls through it need no reference counting (an unowned reference is retained
    // for each use). The cycle ends when the loop closes the connection.
    package let loop: EventLoop
    /// The remote address, when the kernel reported one.
    package let peer: SocketAddress?
    package var handler: (any ConnectionHandler)?
    /// When ``ConnectionHandler/connectionDeadlineReached(_:)`` fires; nil for never. Checked a few times a second,
    /// which suits protocol timeouts of seconds.
    package var deadline: MonotonicClock.Instant?
    /// Queued output beyond this closes the connection: a peer that does not read must not grow our memory.
    package var maxQueuedBytes = 64 * 1024 * 1024
    /// Above this much queued output the loop stops reading from the peer until the queue drains.
    package var readPauseThreshold = 1024 * 1024
    /// A peer whose oldest unsent byte waited longer than this is too far behind and is dropped (a game client
    /// seconds behind sees a stale world anyway). Nil: only ``maxQueuedBytes`` applies. Checked by the loop's sweep,
    /// so it costs nothing per write.
    package var maxQueueAge: Duration?
    /// The handler stopped reading (see ``suspendReads()``): the loop does not ask the kernel for input.
    package private(set) var readsSuspended = false
    /// Asks for ``ConnectionHandler/connectionDidDrain(_:)`` when the queue next empties.
    package var notifyWhenDrained = false

    var state: State {
        didSet { isOpen = state == .open }
    }
    var queue = WriteQueue()
    var registeredEvents: UInt32 = 0
    var isDirty = false
    var readPaused = false
    var lingerDeadline = MonotonicClock.Instant(nanoseconds: 0)
    /// Set by every write; the loop's sweep clears it and returns the output buffer of connections that stay quiet.
    var wroteSinceSweep = false
    /// Set by ``outputWillPause()``: the next flush that empties the queue gives the output buffer back.
    var releasesBufferWhenSent = false
    /// Queue bytes the loop's ``OutputBudget`` was told of: what was left unsent by the last flush. Bytes queued and
    /// sent within one loop iteration never count against the budget, so the common case costs it nothing.
    var budgetedBytes = 0
    /// Bytes ever queued and ever sent, for ``maxQueueAge``: the sweep remembers how much was queued at one sweep
    /// and drops the peer if that much has still not been sent `maxQueueAge` later.
    var totalQueued: UInt64 { queue.totalSent &+ UInt64(queue.byteCount) }
    var totalSent: UInt64 { queue.totalSent }
    var ageMark: (offset: UInt64, time: MonotonicClock.Instant)?

    init(fd: Int32, generation: UInt32, loop: EventLoop, peer: SocketAddress?, connecting: Bool) {
        self.fd = fd
        self.generation = generation
        self.loop = loop
        self.peer = peer
        self.state = connecting ? .connecting : .open
        self.isOpen = !connecting
    }

    /// Open for reading and writing: not connecting, closing or closed. Stored (kept by `state`'s observer) rather
    /// than computed, so that handlers in other modules read it without a call.
    package private(set) var isOpen: Bool

    /// Bytes queued and not yet accepted by the kernel.
    package var queuedByteCount: Int { queue.byteCount }

    /// Queues a copy of `bytes`.
    package func write(_ bytes: UnsafeRawBufferPointer) {
        guard canWrite else { return }
        queue.withTail(pool: &loop.pool) { $0.append(contentsOf: bytes) }
        didQueue()
    }

    package func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { write($0) }
    }

    /// Queues `bytes` by reference: for one encoded message sent to many connections.
    package func writeShared(_ bytes: [UInt8]) {
        guard canWrite else { return }
        queue.appendShared(bytes)
        didQueue()
    }

    /// Lets an encoder append straight into the output queue (no intermediate buffer).
    package func withOutputBuffer<R>(_ body: (inout [UInt8]) throws -> R) rethrows -> R {
        let result = try queue.withTail(pool: &loop.pool, body)
        didAppend()
        return result
    }

    /// ``withOutputBuffer(_:)`` for an encoder that returns nothing. Not generic, so that a caller in another module
    /// (which cannot specialize the generic one) does not go through its generic result handling on every message.
    package func encodeOutput(_ body: (inout [UInt8]) -> Void) {
        queue.withTail(pool: &loop.pool, body)
        didAppend()
    }

    private func didAppend() {
        if canWrite {
            didQueue()
        } else {
            queue.discard(pool: &loop.pool)
            didSend()
        }
    }

    /// Stops reading from the peer until ``resumeReads()``: a handler with work pending (pipelined requests it has
    /// not answered yet) takes no more input meanwhile.
    package func suspendReads() {
        guard !readsSuspended else { return }
        readsSuspended = true
        if state != .closed { loop.updateInterest(self) }
    }

    package func resumeReads() {
        guard readsSuspended else { return }
        readsSuspended = false
        if state != .closed { loop.updateInterest(self) }
    }

    /// Bounds what the kernel holds for this peer (see ``Socket/setSendBuffer(_:bytes:)``): past it, unsent output
    /// queues here, where ``maxQueueAge`` and the ``OutputBudget`` see it.
    package func setKernelSendBuffer(_ bytes: Int) {
        Socket.setSendBuffer(fd, bytes: bytes)
    }

    /// Says that this connection will now be quiet for a while (a greeting sent, then nothing until the peer
    /// speaks): once what is queued is sent, its output buffer goes back to the pool at once. Kept until the sweep
    /// instead, the buffers of many new connections would each leave a hole in the heap between longer-lived objects.
    package func outputWillPause() {
        releasesBufferWhenSent = true
        if queue.isEmpty { queue.releaseIdleBuffer(pool: &loop.pool) }
    }

    /// Closes now; queued output is dropped.
    package func close() {
        loop.close(self)
    }

    /// Sends what is queued, shuts down the write side, then waits (at most `linger`) for the peer to close
    /// before releasing the socket, so the last bytes are not lost to a reset (RFC 9112 §9.6).
    package func closeAfterFlush(linger: Duration = .seconds(2)) {
        guard state == .open || state == .connecting else { return }
        state = .flushingThenClose
        lingerDeadline = MonotonicClock.now() + linger
        if queue.isEmpty { loop.finishFlushing(self) } else { loop.markDirty(self) }
    }

    private var canWrite: Bool { state == .open || state == .connecting }

    private func didQueue() {
        wroteSinceSweep = true
        let queued = queue.byteCount
        if queued > maxQueuedBytes { return closeForBacklog(queued) }
        if closeIfOverBudget() { return }
        loop.markDirty(self)
    }

    /// Closes the connection when the process's output budget is exhausted and its queue holds more than a fair
    /// share; returns whether it did. Checked at each write and after a flush that left bytes queued.
    func closeIfOverBudget() -> Bool {
        let queued = queue.byteCount
        let budget = loop.outputBudget
        guard queued > budget.fairShare && budget.isExhausted else { return false }
        closeForBudget(queued, budget)
        return true
    }

    // The two closes are rare and their log lines long: kept out of line, so the checks on every write stay inlined.

    @inline(never)
    private func closeForBacklog(_ queued: Int) {
        loop.logger.warning(
            "closing \(peer?.description ?? "connection"): \(queued) bytes unsent",
            ["addr": .string(peer?.description ?? ""), "queued": LogValue(queued)])
        close()
    }

    @inline(never)
    private func closeForBudget(_ queued: Int, _ budget: OutputBudget) {
        budget.countOverrun()
        loop.logger.warning(
            "closing \(peer?.description ?? "connection"): \(queued) bytes unsent while the process's output "
                + "budget (\(budget.limit) bytes) is exhausted",
            ["addr": .string(peer?.description ?? ""), "queued": LogValue(queued)])
        close()
    }

    /// Tells the budget how much the last flush left queued.
    func didSend() {
        let queued = queue.byteCount
        guard queued != budgetedBytes else { return }
        loop.outputBudget.add(queued - budgetedBytes)
        budgetedBytes = queued
    }
}

@available(*, unavailable)
extension Connection: Sendable {}
