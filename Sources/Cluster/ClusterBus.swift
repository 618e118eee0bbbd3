import NetCore
import Redis
import Support
import Synchronization

/// Messages between nodes over Redis pub/sub: `wq:bus` reaches every node, `wq:to:<node>` one node.
///
/// Fire-and-forget messages, and requests whose answer comes back on the asker's own channel with kind `reply`
/// (or `fail`) and the request's id. Handlers are registered per kind.
///
/// The client and the subscriber must share one loop: handlers, completions and replies run on it. Every public
/// method may be called from any thread; so may a handler's `respond`, so a handler can answer later from another
/// thread (a world thread). `@unchecked Sendable`: the mutable state is confined to that loop, which every public
/// method hops to.
package final class ClusterBus: @unchecked Sendable {
    package typealias Respond = @Sendable (_ body: String) -> Void
    package typealias Handler = @Sendable (_ message: ClusterEnvelope, _ respond: @escaping Respond) -> Void
    package typealias Reply = @Sendable (Result<String, ClusterError>) -> Void

    package static let broadcastChannel = "wq:bus"
    package static func channel(of node: String) -> String { "wq:to:\(node)" }
    /// Largest body sent or accepted.
    package static let maxBodyBytes = 1 << 20
    /// Requests awaiting an answer at most; beyond, new ones fail at once with ``ClusterError/unavailable``.
    package static let maxPendingRequests = 10_000

    package let nodeID: String
    private let client: RedisClient
    private let subscriber: RedisSubscriber
    private let logger: Logger
    private let nextID: Atomic<UInt64>

    // Loop thread only.
    private var handlers: [String: Handler] = [:]
    private var pending: [UInt64: (reply: Reply, timer: UInt64)] = [:]
    private var started = false

    /// Fails when `nodeID` is invalid or the client and subscriber run on different loops.
    package init(
        nodeID: String, client: RedisClient, subscriber: RedisSubscriber, logger: Logger = Logger(label: "bus")
    ) throws(ClusterError) {
        guard NodeID.isValid(nodeID) else { throw .invalidNodeID(nodeID) }
        guard client.loop === subscriber.loop else {
            throw .invalidConfiguration("the bus's client and subscriber must share one event loop")
        }
        self.nodeID = nodeID
        self.client = client
        self.subscriber = subscriber
        self.logger = logger
        // Ids start at a random point so an answer meant for a previous run of this node matches nothing.
        var random = SystemRandomNumberGenerator()
        nextID = Atomic(random.next() >> 2 | 1)
    }

    /// Subscribes to `wq:bus` and this node's channel. Call before the subscriber's `start()` so that its "up"
    /// means the bus is listening.
    package func start() {
        onLoop { bus in
            guard !bus.started else { return }
            bus.started = true
            bus.subscriber.onMessage { [weak bus] channel, payload in bus?.received(channel: channel, payload: payload)
            }
            bus.subscriber.subscribe([Self.broadcastChannel, Self.channel(of: bus.nodeID)])
        }
    }

    /// Handles messages of `kind` (replacing an earlier handler). For a request, call `respond` once with the answer
    /// (later calls are ignored); for a one-way message `respond` does nothing.
    package func on(_ kind: String, handler: @escaping Handler) {
        onLoop { $0.handlers[kind] = handler }
    }

    /// Sends to every node, this one included. `completion` (on the loop) gets how many nodes were listening.
    package func broadcast(
        kind: String, body: String, completion: (@Sendable (Result<Int, ClusterError>) -> Void)? = nil
    ) {
        onLoop { bus in
            bus.publish(ClusterEnvelope(kind: kind, from: bus.nodeID, body: body), to: Self.broadcastChannel) {
                completion?($0)
            }
        }
    }

    /// Sends one-way to `node`; fails with ``ClusterError/unreachable(_:)`` when no one listens there.
    package func send(
        to node: String, kind: String, body: String, completion: (@Sendable (Result<Void, ClusterError>) -> Void)? = nil
    ) {
        onLoop { bus in
            guard NodeID.isValid(node) else {
                completion?(.failure(.invalidNodeID(node)))
                return
            }
            bus.publish(ClusterEnvelope(kind: kind, from: bus.nodeID, body: body), to: Self.channel(of: node)) {
                result in completion?(result.flatMap { $0 == 0 ? .failure(.unreachable(node)) : .success(()) })
            }
        }
    }

    /// Asks `node` and calls `reply` once on the loop: its answer, ``ClusterError/remote(_:)``, a timeout,
    /// ``ClusterError/unreachable(_:)`` at once when nobody listens on its channel, or ``ClusterError/unavailable``.
    package func request(
        to node: String, kind: String, body: String, timeout: Duration = .seconds(2), reply: @escaping Reply
    ) {
        let id = nextID.add(1, ordering: .relaxed).newValue
        onLoop { bus in
            guard NodeID.isValid(node) else { return reply(.failure(.invalidNodeID(node))) }
            guard bus.pending.count < Self.maxPendingRequests else { return reply(.failure(.unavailable)) }
            let timer = bus.client.loop.scheduleTimer(after: timeout) { [weak bus] in
                bus?.complete(id, .failure(.timeout))
            }
            bus.pending[id] = (reply, timer)
            let envelope = ClusterEnvelope(kind: kind, from: bus.nodeID, requestID: id, body: body)
            bus.publish(envelope, to: Self.channel(of: node)) { [weak bus] result in
                switch result {
                case .success(0): bus?.complete(id, .failure(.unreachable(node)))
                case .success: break
                case .failure(let error): bus?.complete(id, .failure(error))
                }
            }
        }
    }

    /// Asks every node of `nodes` at once; `completion` runs once on the loop when all have answered or failed
    /// (so at most `timeout` later), with one result per node.
    package func gather(
        kind: String, body: String, nodes: [String], timeout: Duration = .seconds(2),
        completion: @escaping @Sendable ([String: Result<String, ClusterError>]) -> Void
    ) {
        let targets = Array(Set(nodes))
        guard !targets.isEmpty else { return onLoop { _ in completion([:]) } }
        let results = Mutex<[String: Result<String, ClusterError>]>([:])
        for node in targets {
            request(to: node, kind: kind, body: body, timeout: timeout) { result in
                let done = results.withLock { all -> [String: Result<String, ClusterError>]? in
                    all[node] = result
                    return all.count == targets.count ? all : nil
                }
                if let done { completion(done) }
            }
        }
    }

    private func onLoop(_ body: @escaping @Sendable (ClusterBus) -> Void) {
        if client.loop.inLoop {
            body(self)
        } else {
            client.loop.execute { [self] in body(self) }
        }
    }

    // MARK: - Loop thread

    /// Also called from `respond` on any thread: it reads only immutable state and sends through the client.
    private func publish(
        _ envelope: ClusterEnvelope, to channel: String,
        completion: @escaping @Sendable (Result<Int, ClusterError>) -> Void
    ) {
        guard ClusterEnvelope.isValidKind(envelope.kind) else {
            return completion(.failure(.invalidKind(envelope.kind)))
        }
        let size = envelope.body.utf8.count
        guard size <= Self.maxBodyBytes else { return completion(.failure(.tooLarge(size))) }
        client.send(bytes: [Array("PUBLISH".utf8), Array(channel.utf8), envelope.encoded()]) { result in
            switch result {
            case .success(let value): completion(.success(Int(value.integer ?? 0)))
            case .failure(let error): completion(.failure(ClusterError(error)))
            }
        }
    }

    private func complete(_ id: UInt64, _ result: Result<String, ClusterError>) {
        guard let entry = pending.removeValue(forKey: id) else { return }
        client.loop.cancelTimer(entry.timer)
        entry.reply(result)
    }

    private func received(channel: String, payload: [UInt8]) {
        guard channel == Self.broadcastChannel || channel == Self.channel(of: nodeID) else { return }
        let envelope: ClusterEnvelope
        do {
            envelope = try ClusterEnvelope.decode(payload, maxBodyBytes: Self.maxBodyBytes)
        } catch {
            logger.warning("ignoring a bus message on \(channel): \(error)")
            return
        }
        switch envelope.kind {
        case ClusterEnvelope.replyKind:
            complete(envelope.requestID, .success(envelope.body))
        case ClusterEnvelope.failKind:
            complete(envelope.requestID, .failure(.remote(envelope.body)))
        default:
            dispatch(envelope)
        }
    }

    private func dispatch(_ envelope: ClusterEnvelope) {
        let respond = makeRespond(to: envelope)
        guard let handler = handlers[envelope.kind] else {
            logger.debug("no handler for bus message '\(envelope.kind)' from \(envelope.from)")
            if envelope.requestID != 0 {
                answer(envelope, kind: ClusterEnvelope.failKind, "no handler for '\(envelope.kind)'")
            }
            return
        }
        handler(envelope, respond)
    }

    private func makeRespond(to envelope: ClusterEnvelope) -> Respond {
        guard envelope.requestID != 0 else { return { _ in } }
        let answered = Atomic<Bool>(false)
        return { [weak self] body in
            guard let self, !answered.exchange(true, ordering: .relaxed) else { return }
            answer(envelope, kind: ClusterEnvelope.replyKind, body)
        }
    }

    /// Thread-safe: only reads immutable fields and sends through the client.
    private func answer(_ request: ClusterEnvelope, kind: String, _ body: String) {
        let envelope = ClusterEnvelope(kind: kind, from: nodeID, requestID: request.requestID, body: body)
        publish(envelope, to: Self.channel(of: request.from)) { [logger] result in
            if case .failure(let error) = result { logger.debug("answer to \(request.from) lost: \(error)") }
        }
    }
}
