import NetCore
import Redis
import Support
import Synchronization

/// What the directory knows: every live node, this one included, sorted by id.
package struct ClusterSnapshot: Sendable, Equatable {
    package var nodes: [NodeInfo]
    /// Redis is unreachable (or not read yet): the other nodes are the last view read, kept for at most the TTL.
    package var stale: Bool

    package init(nodes: [NodeInfo] = [], stale: Bool = false) {
        self.nodes = nodes
        self.stale = stale
    }

    package func node(_ id: String) -> NodeInfo? { nodes.first { $0.id == id } }
}

/// The cluster's list of nodes, kept in Redis: each node writes its own record with a TTL and reads everyone's.
///
/// Every heartbeat (1 s) the node pipelines `SET wq:node:<id> <record> PX <ttl>` and `SADD wq:nodes <id>`; four times
/// per heartbeat it reads `SMEMBERS wq:nodes` and `MGET` of the members' records, and `SREM`s members whose record
/// has expired. A node that dies stops refreshing its record, so the others drop it within the TTL plus a quarter
/// heartbeat (3.25 s). ``leave(completion:)`` removes the record at once.
///
/// Runs on the client's loop; ``snapshot`` is readable from any thread. `@unchecked Sendable`: `current` is behind
/// its Mutex; the other mutable state is confined to the client's loop, which every public method hops to.
package final class ClusterDirectory: @unchecked Sendable {
    package static let nodesKey = "wq:nodes"
    package static func nodeKey(_ id: String) -> String { "wq:node:\(id)" }

    package let nodeID: String
    package let heartbeat: Duration
    package let ttl: Duration
    private let client: RedisClient
    private let info: @Sendable () -> NodeInfo
    private let logger: Logger
    private let current = Mutex(ClusterSnapshot())

    // Loop thread only.
    private var running = false
    private var timer: UInt64?
    private var nextWrite = MonotonicClock.now()
    /// This node's record as last written (`info` is asked once per heartbeat).
    private var own: NodeInfo?
    private var listening = false
    private var others: [NodeInfo] = []
    private var lastRead = MonotonicClock.now()
    private var inOutage = false
    /// A read succeeded since start: before that, failures are the client still connecting, not an outage.
    private var everRead = false
    private var badRecordsLogged: Set<String> = []
    private var changeHandlers: [@Sendable (ClusterSnapshot) -> Void] = []

    /// `info` describes this node; it is called on the client's loop at every heartbeat, so it must be cheap and
    /// thread-safe (read a Mutex-guarded copy the game side keeps up to date). Its `id` is replaced by `nodeID`.
    package init(
        client: RedisClient, nodeID: String, heartbeat: Duration = .seconds(1), ttl: Duration = .seconds(3),
        logger: Logger = Logger(label: "cluster"), info: @escaping @Sendable () -> NodeInfo
    ) throws(ClusterError) {
        guard NodeID.isValid(nodeID) else { throw .invalidNodeID(nodeID) }
        guard heartbeat > .zero, ttl > heartbeat else {
            throw .invalidConfiguration("the TTL (\(ttl)) must be longer than the heartbeat (\(heartbeat))")
        }
        self.client = client
        self.nodeID = nodeID
        self.heartbeat = heartbeat
        self.ttl = ttl
        self.logger = logger
        self.info = info
    }

    /// The last view, sorted by id, with this node always present (once started). Any thread.
    package var snapshot: ClusterSnapshot { current.withLock { $0 } }

    package var nodes: [NodeInfo] { snapshot.nodes }

    /// Adds a handler called on the client's loop whenever the snapshot changes (membership, records, staleness).
    package func onChange(_ handler: @escaping @Sendable (ClusterSnapshot) -> Void) {
        onLoop { $0.changeHandlers.append(handler) }
    }

    /// Starts heartbeating (the client should be started too). A reconnect to Redis heartbeats at once.
    package func start() {
        onLoop { directory in
            guard !directory.running else { return }
            directory.running = true
            directory.lastRead = MonotonicClock.now()
            directory.nextWrite = directory.lastRead
            if !directory.listening {
                directory.listening = true
                directory.client.onStateChange { [weak directory] up in
                    guard up, let directory, directory.running else { return }
                    directory.nextWrite = MonotonicClock.now()
                    directory.tick()
                }
            }
            directory.tick()
        }
    }

    /// Stops heartbeating and removes this node from Redis (`DEL` its record, `SREM` it); `completion` runs on the
    /// loop once Redis answered or failed (at most the command timeout later).
    package func leave(completion: (@Sendable () -> Void)? = nil) {
        onLoop { directory in
            directory.running = false
            if let timer = directory.timer { directory.client.loop.cancelTimer(timer) }
            directory.timer = nil
            directory.client.send(["DEL", Self.nodeKey(directory.nodeID)])
            directory.client.send(["SREM", Self.nodesKey, directory.nodeID]) { _ in completion?() }
        }
    }

    private func onLoop(_ body: @escaping @Sendable (ClusterDirectory) -> Void) {
        if client.loop.inLoop {
            body(self)
        } else {
            client.loop.execute { [self] in body(self) }
        }
    }

    // MARK: - Loop thread

    /// Reads come 4 times per heartbeat, so a dead node's expiry is seen at most a quarter heartbeat late.
    private var readInterval: Duration { heartbeat / 4 }

    private func tick() {
        if let timer { client.loop.cancelTimer(timer) }
        timer = nil
        guard running else { return }
        let now = MonotonicClock.now()
        if now >= nextWrite || own == nil {
            nextWrite = now + heartbeat
            var own = info()
            own.id = nodeID
            self.own = own
            let ttlMilliseconds = String(max(1, ttl.wholeNanoseconds / 1_000_000))
            client.send(["SET", Self.nodeKey(nodeID), own.encoded(), "PX", ttlMilliseconds])
            client.send(["SADD", Self.nodesKey, nodeID])
        }
        client.send(["SMEMBERS", Self.nodesKey]) { [weak self] result in self?.didReadMembers(result) }
        publish(stale: inOutage || !everRead)
        timer = client.loop.scheduleTimer(after: readInterval) { [weak self] in
            guard let self else { return }
            timer = nil
            tick()
        }
    }

    private func didReadMembers(_ result: Result<RESPValue, RedisError>) {
        guard running else { return }
        guard case .success(let value) = result, let members = value.array else {
            return readFailed(result)
        }
        var ids: [String] = []
        var garbage: [String] = []
        for member in members {
            guard let id = member.string else { continue }
            if NodeID.isValid(id) {
                if id != nodeID { ids.append(id) }
            } else {
                garbage.append(id)
            }
        }
        if !garbage.isEmpty {
            logger.warning("removing \(garbage.count) invalid id(s) from \(Self.nodesKey)")
            client.send(["SREM", Self.nodesKey] + garbage)
        }
        guard !ids.isEmpty else { return didRead(others: []) }
        client.send(["MGET"] + ids.map(Self.nodeKey)) { [weak self, ids] result in
            guard let self, running else { return }
            guard case .success(let value) = result, let records = value.array, records.count == ids.count else {
                return readFailed(result)
            }
            var found: [NodeInfo] = []
            var expired: [String] = []
            for (id, record) in zip(ids, records) {
                guard let bytes = record.bytes else {
                    expired.append(id)
                    continue
                }
                do throws(ClusterError) {
                    let node = try NodeInfo.decode(bytes)
                    guard node.id == id else { throw .badPayload("record of \(id) names \(node.id)") }
                    found.append(node)
                    badRecordsLogged.remove(id)
                } catch {
                    if badRecordsLogged.insert(id).inserted { logger.warning("skipping node \(id): \(error)") }
                }
            }
            if !expired.isEmpty { client.send(["SREM", Self.nodesKey] + expired) }
            didRead(others: found)
        }
    }

    private func didRead(others found: [NodeInfo]) {
        lastRead = MonotonicClock.now()
        everRead = true
        if inOutage {
            inOutage = false
            logger.notice("cluster directory: Redis reachable again; \(found.count) other node(s)")
        }
        others = found
        publish(stale: false)
    }

    private func readFailed(_ result: Result<RESPValue, RedisError>) {
        if !inOutage, everRead {
            inOutage = true
            let why: String
            switch result {
            case .failure(let error): why = "\(error)"
            case .success: why = "unexpected reply"
            }
            logger.warning(
                "cluster directory: cannot read the node list (\(why)); keeping \(others.count) other node(s) "
                    + "for \(ttl)")
        }
        if MonotonicClock.now() - lastRead > ttl, !others.isEmpty {
            logger.warning("cluster directory: dropping \(others.count) other node(s) not seen for \(ttl)")
            others = []
        }
        publish(stale: inOutage || !everRead)
    }

    private func publish(stale: Bool) {
        var all = others
        if let own { all.append(own) }
        all.sort { $0.id < $1.id }
        let next = ClusterSnapshot(nodes: all, stale: stale)
        let changed = current.withLock { snapshot in
            guard snapshot != next else { return false }
            snapshot = next
            return true
        }
        if changed { for handler in changeHandlers { handler(next) } }
    }
}
