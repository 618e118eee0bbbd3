import NetCore
import Support
import Synchronization

/// A non-blocking Redis client on one NetCore `EventLoop`: pipelined commands with completion closures.
///
/// Every public method may be called from any thread: it hops onto the loop (`EventLoop.execute`), or runs at
/// once when already there. Completions and state callbacks run on the loop and must not block.
///
/// Commands are written as they come and flushed once per loop iteration, so a burst is one write; replies come
/// back in order and complete the oldest pending command. While the client is down, and when the pending bound
/// is reached, a command fails at once with ``RedisError/unavailable``: callers never wait on an outage.
///
/// `@unchecked Sendable`: the mutable state (`link`, `pending`, `handlers`, timers) is confined to `loop`'s thread,
/// which every public method hops to; `up` is an atomic; the rest is immutable.
package final class RedisClient: @unchecked Sendable {
    package typealias Completion = @Sendable (Result<RESPValue, RedisError>) -> Void

    package let loop: EventLoop
    package let configuration: RedisConfiguration
    private let logger: Logger
    private let link: RedisLink
    private let delegate: LinkDelegate
    private let up = Atomic<Bool>(false)

    // Loop thread only.
    private var pending: [Pending] = []
    private var pendingHead = 0
    private var pendingBytes = 0
    private var timeoutTimer: UInt64?
    private var stateHandlers: [@Sendable (Bool) -> Void] = []

    private struct Pending {
        var completion: Completion
        var deadline: MonotonicClock.Instant
        var bytes: Int
    }

    /// Resolves the URL's host (a name may block in getaddrinfo: call from a thread that may block, not a loop).
    /// The client does nothing until ``start()``.
    package init(configuration: RedisConfiguration, loop: EventLoop, logger: Logger = Logger(label: "redis"))
        throws(RedisError)
    {
        self.configuration = configuration
        self.loop = loop
        self.logger = logger
        let address = try configuration.url.resolve()
        link = RedisLink(configuration: configuration, address: address, loop: loop, logger: logger)
        delegate = LinkDelegate()
        delegate.client = self
        link.delegate = delegate
    }

    /// Whether the last state the loop reported was up. Readable from any thread; a hint, not a promise.
    package var isUp: Bool { up.load(ordering: .acquiring) }

    /// Connects (and keeps reconnecting until ``stop()``).
    package func start() {
        onLoop { $0.link.start() }
    }

    /// Closes the connection; pending commands fail with ``RedisError/connectionLost``.
    package func stop() {
        onLoop { $0.link.stop() }
    }

    /// Adds a handler called with `true` when the client comes up and `false` when an up client goes down. Runs on
    /// the loop; add handlers before ``start()`` to hear the first transition.
    package func onStateChange(_ handler: @escaping @Sendable (_ up: Bool) -> Void) {
        onLoop { $0.stateHandlers.append(handler) }
    }

    /// Sends a command (`["SET", "key", "value"]`). An error reply completes as ``RedisError/server(_:)``.
    package func send(_ arguments: [String], completion: @escaping Completion) {
        onLoop { client in
            client.enqueue(completion) { client.link.write(arguments) }
        }
    }

    /// Sends a command whose arguments are bytes (binary values).
    package func send(bytes arguments: [[UInt8]], completion: @escaping Completion) {
        onLoop { client in
            client.enqueue(completion) { client.link.write(arguments) }
        }
    }

    /// Sends a command and ignores its answer (failures are logged at debug level).
    package func send(_ arguments: [String]) {
        send(arguments) { [logger] result in
            if case .failure(let error) = result { logger.debug("\(arguments.first ?? ""): \(error)") }
        }
    }

    private func onLoop(_ body: @escaping @Sendable (RedisClient) -> Void) {
        if loop.inLoop {
            body(self)
        } else {
            loop.execute { [self] in body(self) }
        }
    }

    // MARK: - Loop thread

    private var pendingCount: Int { pending.count - pendingHead }

    private func enqueue(_ completion: @escaping Completion, write: () -> Int) {
        guard link.isUp, pendingCount < configuration.maxPendingCommands,
            pendingBytes < configuration.maxPendingBytes
        else { return completion(.failure(.unavailable)) }
        let bytes = write()
        guard bytes > 0 else { return completion(.failure(.unavailable)) }
        let deadline = MonotonicClock.now() + configuration.commandTimeout
        pending.append(Pending(completion: completion, deadline: deadline, bytes: bytes))
        pendingBytes += bytes
        if timeoutTimer == nil { armTimeout(deadline) }
    }

    private func armTimeout(_ deadline: MonotonicClock.Instant) {
        timeoutTimer = loop.scheduleTimer(at: deadline) { [weak self] in self?.checkTimeout() }
    }

    /// The oldest command's deadline came: it has timed out, or it was answered and the next one's is armed.
    private func checkTimeout() {
        timeoutTimer = nil
        guard pendingHead < pending.count else { return }
        let oldest = pending[pendingHead]
        guard oldest.deadline <= MonotonicClock.now() else { return armTimeout(oldest.deadline) }
        let pendingCount = pendingCount
        _ = popOldest()
        oldest.completion(.failure(.timeout))
        link.drop(reason: "no answer within \(configuration.commandTimeout) (\(pendingCount) command(s) pending)")
    }

    private func popOldest() -> Pending? {
        guard pendingHead < pending.count else { return nil }
        let entry = pending[pendingHead]
        pendingHead += 1
        pendingBytes -= entry.bytes
        if pendingHead == pending.count {
            pending.removeAll(keepingCapacity: pending.capacity <= 4096)
            pendingHead = 0
        } else if pendingHead >= 1024 && pendingHead * 2 >= pending.count {
            pending.removeSubrange(0..<pendingHead)
            pendingHead = 0
        }
        return entry
    }

    fileprivate func didReceive(_ value: RESPValue) {
        guard let entry = popOldest() else {
            link.drop(reason: "a reply with no command waiting for it")
            return
        }
        if case .error(let message) = value {
            entry.completion(.failure(.server(message)))
        } else {
            entry.completion(.success(value))
        }
    }

    fileprivate func stateChanged(up isUp: Bool) {
        up.store(isUp, ordering: .releasing)
        if !isUp {
            if let timeoutTimer { loop.cancelTimer(timeoutTimer) }
            timeoutTimer = nil
            let failed = pending[pendingHead...]
            pending.removeAll()
            pendingHead = 0
            pendingBytes = 0
            for entry in failed { entry.completion(.failure(.connectionLost)) }
        }
        for handler in stateHandlers { handler(isUp) }
    }
}

/// Forwards the link's events; a separate object so the link does not keep the client alive.
private final class LinkDelegate: RedisLinkDelegate {
    weak var client: RedisClient?

    func linkDidComeUp(_ link: RedisLink) { client?.stateChanged(up: true) }
    func linkDidGoDown(_ link: RedisLink) { client?.stateChanged(up: false) }
    func link(_ link: RedisLink, didReceive value: RESPValue) { client?.didReceive(value) }
}
