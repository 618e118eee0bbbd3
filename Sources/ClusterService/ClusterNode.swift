import Admin
import AdminService
import Cluster
import GameServer
import Glibc
import NetCore
import Redis
import Support
import Synchronization
import Web

/// How `serve --cluster` joins the others: where Redis is and what this node is called.
package struct ClusterSettings: Sendable {
    /// `redis://[:password@]host[:port][/db]`.
    package var redisURL: String
    /// This node's id: 1 to 32 letters, digits, `-` or `_`, unique in the cluster.
    package var node: String
    /// The address the directory shows for this node (operators' eyes only); nil: the listening address.
    package var advertisedAddress: String?
    /// How long a forwarded admin line may take on another node (a drain waits for the proxy first).
    package var adminTimeout: Duration = .seconds(6)

    package init(redisURL: String, node: String, advertisedAddress: String? = nil) {
        self.redisURL = redisURL
        self.node = node
        self.advertisedAddress = advertisedAddress
    }
}

/// Why a node could not join its cluster at start (a bad URL or node id; Redis being down is not one of them).
package struct ClusterJoinError: Error, CustomStringConvertible {
    package var description: String
}

/// A game server as one node of a cluster: it announces itself and its worlds in the Redis directory, keeps the
/// others' populations for `/status` and POPULATION, runs the admin lines other nodes forward over the bus, and
/// releases characters another node's session asks for.
///
/// Everything runs on the group's first loop (the admin loop), as non-blocking Redis traffic. With Redis down the
/// worlds play on: the directory goes stale, forwarded lines fail fast, and all of it resumes when Redis is back;
/// each outage is logged once, by the client.
package enum ClusterNode {
    /// Joins `parts` to the cluster `settings` names; the membership's `leave` takes it out again as it stops.
    package static func join(_ parts: ClusterParts, settings: ClusterSettings) throws -> ClusterMembership {
        guard let url = RedisURL(settings.redisURL) else {
            throw ClusterJoinError(description: "--cluster '\(settings.redisURL)': expected redis://host[:port][/db]")
        }
        guard NodeID.isValid(settings.node) else {
            throw ClusterJoinError(
                description: "--node '\(settings.node)': 1 to 32 letters, digits, '-' or '_', unique in the cluster")
        }
        let logger = Logger(label: "cluster")
        let loop = parts.server.group.loops[0]
        let configuration = RedisConfiguration(url: url)
        let client: RedisClient
        let subscriber: RedisSubscriber
        let directory: ClusterDirectory
        let bus: ClusterBus
        do {
            client = try RedisClient(configuration: configuration, loop: loop)
            subscriber = try RedisSubscriber(configuration: configuration, loop: loop)
            directory = try ClusterDirectory(
                client: client, nodeID: settings.node, logger: logger,
                info: describe(
                    parts, node: settings.node, address: settings.advertisedAddress ?? "\(parts.address)"))
            bus = try ClusterBus(nodeID: settings.node, client: client, subscriber: subscriber, logger: logger)
        } catch {
            throw ClusterJoinError(description: "cannot join the cluster at \(url): \(error)")
        }
        let server = parts.server
        let node = settings.node
        directory.onChange { snapshot in
            let others = snapshot.nodes.filter { $0.id != node }
                .map { NodePopulation(node: $0.id, worlds: $0.worlds.map(\.population)) }
            server.updateCluster(ClusterPopulation(node: node, others: others))
        }
        serveForwardedLines(on: bus, admin: parts.admin)
        bus.on("release") { message, _ in
            guard let character = Int64(message.body) else { return }
            parts.storage.releaseForOtherNode(character: character)
        }
        parts.storage.onReleaseNeeded { holder, character in
            bus.send(to: holder, kind: "release", body: String(character))
        }
        parts.admin.attach(
            cluster: BusAdminLink(node: node, directory: directory, bus: bus, timeout: settings.adminTimeout))
        let address = settings.advertisedAddress ?? "\(parts.address)"
        let duplicate = Atomic<Bool>(false)
        refuseDuplicate(
            of: settings.node, address: address, client: client, parts: parts, logger: logger,
            found: { duplicate.store(true, ordering: .releasing) })
        bus.start()
        subscriber.start()
        client.start()
        directory.start()
        logger.notice("node \(node) joining the cluster at \(url)")
        let refused: @Sendable () -> Bool = { duplicate.load(ordering: .acquiring) }
        return ClusterMembership(
            leave: {
                // Out of the directory at once, so /status elsewhere stops counting this node before it closes (but
                // a node turned away leaves the record alone: it is the other process's).
                let left = Atomic<Bool>(refused())
                if !refused() { directory.leave { left.store(true, ordering: .releasing) } }
                let deadline = MonotonicClock.now() + .seconds(1)
                while !left.load(ordering: .acquiring) && MonotonicClock.now() < deadline {
                    var pause = timespec(tv_sec: 0, tv_nsec: 10_000_000)
                    nanosleep(&pause, nil)
                }
                subscriber.stop()
                client.stop()
            }, refused: refused)
    }

    /// Two processes with one node id would share leases and a directory record: a node whose id is already
    /// announced from another address stops at once. The same address is this node's own previous run (killed less
    /// than the TTL ago: two live processes cannot share a port), whose record it simply replaces.
    /// Checked once, when Redis first answers, before this node's first heartbeat writes its record.
    private static func refuseDuplicate(
        of node: String, address: String, client: RedisClient, parts: ClusterParts, logger: Logger,
        found: @escaping @Sendable () -> Void
    ) {
        let checked = Atomic<Bool>(false)
        client.onStateChange { up in
            guard up, !checked.exchange(true, ordering: .relaxed) else { return }
            client.send(["GET", ClusterDirectory.nodeKey(node)]) { result in
                guard case .success(let value) = result, let payload = value.bytes,
                    let record = try? NodeInfo.decode(payload), record.address != address
                else { return }
                logger.critical(
                    "another process already runs as node \(node) (at \(record.address)); stopping: give each node "
                        + "its own --node")
                found()
                parts.admin.requestShutdown()
            }
        }
    }

    /// What the directory says about this node at each heartbeat: cheap atomics only (it runs on the loop).
    private static func describe(
        _ parts: ClusterParts, node: String, address: String
    ) -> @Sendable () -> NodeInfo {
        let startedAt = Int64(time(nil)) * 1000
        let server = parts.server
        let gate = parts.admin.directory
        return {
            NodeInfo(
                id: node, address: address, draining: gate.isDraining, startedAt: startedAt,
                worlds: server.worlds.map {
                    WorldInfo(population: $0.playerCount.load(ordering: .relaxed), capacity: $0.capacity)
                },
                counters: ["connections": Int64(server.connectionCount)])
        }
    }

    /// Lines other nodes' consoles send here (`@NODE …`, and cluster-wide commands), run as this node's own.
    private static func serveForwardedLines(on bus: ClusterBus, admin: AdminService) {
        bus.on("admin") { message, respond in
            guard let request = ForwardedLine(body: message.body) else {
                return respond(ForwardedLine.answer(AdminResponse(.usage, "malformed forwarded line\n")))
            }
            admin.loop.execute {
                admin.executeHere(
                    AdminRequestLine(json: request.json, command: request.line),
                    actor: "\(request.actor) via \(message.from)"
                ) { response in respond(ForwardedLine.answer(response)) }
            }
        }
    }
}

/// The admin console's way to the other nodes: the directory for who is there, the bus to ask them.
private struct BusAdminLink: AdminClusterLink {
    let node: String
    let directory: ClusterDirectory
    let bus: ClusterBus
    let timeout: Duration

    func nodes() -> [String] {
        var ids = directory.snapshot.nodes.map(\.id)
        if !ids.contains(node) { ids.append(node) }
        return ids.sorted()
    }

    func forward(
        _ line: String, json: Bool, actor: String, to node: String,
        reply: @escaping @Sendable (AdminResponse?) -> Void
    ) {
        let body = ForwardedLine(json: json, actor: actor, line: line).body
        bus.request(to: node, kind: "admin", body: body, timeout: timeout) { result in
            guard case .success(let text) = result else { return reply(nil) }
            reply(ForwardedLine.response(text))
        }
    }
}

/// An admin line as the bus carries it: `json actor\nline`, and its answer as `STATUS\nbody`.
struct ForwardedLine: Equatable {
    var json: Bool
    var actor: String
    var line: String

    init(json: Bool, actor: String, line: String) {
        self.json = json
        self.actor = actor
        self.line = line
    }

    init?(body: String) {
        guard let newline = body.firstIndex(of: "\n") else { return nil }
        let head = body[..<newline]
        guard let space = head.firstIndex(of: " ") else { return nil }
        switch head[..<space] {
        case "1": json = true
        case "0": json = false
        default: return nil
        }
        actor = String(head[head.index(after: space)...])
        line = String(body[body.index(after: newline)...])
    }

    var body: String {
        // The actor is one line; a newline in it would shift the line that follows.
        (json ? "1 " : "0 ") + actor.filter { $0 != "\n" && $0 != "\r" } + "\n" + line
    }

    static func answer(_ response: AdminResponse) -> String { response.status.rawValue + "\n" + response.body }

    static func response(_ text: String) -> AdminResponse? {
        guard let newline = text.firstIndex(of: "\n"), let status = AdminStatus(rawValue: String(text[..<newline]))
        else { return nil }
        return AdminResponse(status, String(text[text.index(after: newline)...]))
    }
}
