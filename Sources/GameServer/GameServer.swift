import GameMap
import GameProtocol
import HTTP
import NetCore
import Support
import Synchronization
import Web
import WebSocket
import World

/// `wirequest serve`: worlds on their own threads, players on the I/O loops, static files and `/status` beside
/// them on the same port.
package final class GameServer: WebSocketService {
    package let configuration: GameServerConfiguration
    package let group: EventLoopGroup
    let logger = Logger(label: "game")
    let sessions: LoopLocal<[SessionID: GameSession]>
    /// Per loop, the connections that have not said HELLO yet.
    let helloDeadlines: LoopLocal<HelloDeadlines<Greeter>>
    /// Per loop, the decoder of client messages: one decode runs at a time on a loop, and sessions need not carry one.
    let decoders: LoopLocal<ClientMessageDecoder>
    private let outboxes: [Mailbox<SessionDelivery>]
    private let runners: Mutex<[WorldRunner]> = Mutex([])
    private let serial = Atomic<UInt64>(0)
    private let web: Mutex<WebServer?> = Mutex(nil)
    /// When `init` ran, for uptime.
    package let startedAt = MonotonicClock.now()
    /// The same moment on the real clock, in seconds since 1970, for `process_start_time_seconds`.
    package let startedAtUnixSeconds = WallClock.secondsSince1970()
    /// Who may play: bans and the drain switch live behind it (the admin service's directory in `serve`).
    let gate: any SessionGate
    /// The storage thread: characters load through it and every world's saves go to it.
    package let storage: StorageRunner
    /// Failed password logins per name and per address, shared by the loops.
    let loginThrottle = Mutex(LoginThrottle())
    /// What the rate limits and the pre-HELLO timeout refused.
    package let limitMetrics = LimitMetrics()
    /// The message limits every session's `MessageLimiter` reads.
    let messageLimitTable: MessageLimitTable
    /// The last `/metrics` page and when it was rendered: a flood of scrapes costs one render per interval.
    private let metricsCache: Mutex<(at: MonotonicClock.Instant, body: [UInt8])?> = Mutex(nil)
    private let metricsServer: Mutex<(server: WebServer, address: SocketAddress)?> = Mutex(nil)
    /// The other nodes of the cluster, when this server is a node of one (see ``updateCluster(_:)``).
    let cluster: Mutex<ClusterPopulation?> = Mutex(nil)
    /// Where the worlds' answers to ``ask(world:_:id:)`` go, from the world threads.
    private let adminReplies: Mutex<(@Sendable (UInt64, AdminReply) -> Void)?> = Mutex(nil)

    /// A server on `group`'s loops keeping its characters through `storage`; ``start()`` loads the map and opens the
    /// port.
    package init(
        configuration: GameServerConfiguration, group: EventLoopGroup, storage: StorageRunner,
        gate: any SessionGate = OpenGate()
    ) {
        self.configuration = configuration
        messageLimitTable = MessageLimitTable(configuration.messageLimits)
        self.group = group
        self.storage = storage
        self.gate = gate
        sessions = LoopLocal(loopCount: group.loops.count) { [:] }
        helloDeadlines = LoopLocal(loopCount: group.loops.count) { HelloDeadlines() }
        decoders = LoopLocal(loopCount: group.loops.count) { ClientMessageDecoder() }
        outboxes = group.loops.map { _ in Mailbox<SessionDelivery>() }
    }

    /// The worlds, in index order (empty until ``start()``).
    package var worlds: [WorldRunner] { runners.withLock { $0 } }

    /// Open TCP connections on every loop (HTTP and WebSocket).
    package var connectionCount: Int { group.connectionCount }

    /// Posts an operator's request to world `index` for its next tick; the answer goes to the handler set with
    /// ``onAdminReply(_:)``, tagged with `id`.
    package func ask(world index: Int, _ request: AdminRequest, id: UInt64) {
        worlds[index].post(.admin(id, request))
    }

    /// Sets who receives the worlds' answers to ``ask(world:_:id:)``; the handler is called on the answering world's
    /// thread.
    package func onAdminReply(_ handler: @escaping @Sendable (UInt64, AdminReply) -> Void) {
        adminReplies.withLock { $0 = handler }
    }

    /// Loads the map, starts the worlds and starts serving. Returns the bound address.
    @discardableResult
    package func start() throws -> SocketAddress {
        let map = try TileMap.load(path: configuration.mapPath)
        logger.notice(
            "map \(configuration.mapPath): \(map.width)×\(map.height), \(map.doors.count) doors, "
                + "\(map.checkpoints.count) checkpoints, \(map.staticEntities.count) placed entities")
        var started: [WorldRunner] = []
        for index in 0..<configuration.worlds {
            var worldConfiguration = configuration.world
            worldConfiguration.index = index
            worldConfiguration.maxPlayers = configuration.playersPerWorld
            worldConfiguration.tickRate = configuration.tickRate
            worldConfiguration.flushInterval = configuration.flushInterval
            let world = World(map: map, configuration: worldConfiguration)
            started.append(
                WorldRunner(
                    index: index, world: world, loops: group.loops, outboxes: outboxes, storage: storage,
                    totalPlayers: { [unowned self] in populationTotal },
                    deliver: { [unowned self] loop in loop.execute { self.drain(on: loop) } },
                    adminReply: { [unowned self] id, reply in adminReplies.withLock { $0 }?(id, reply) }))
        }
        runners.withLock { $0 = started }
        var web = configuration.web
        // BrowserQuest's protocol is JSON text: a binary message is a client we do not speak to (closed with 1003).
        web.webSocket.acceptsBinary = false
        let operatorRoutes: [String: @Sendable () -> DynamicResponse] = [
            "/status": { [unowned self] in
                DynamicResponse(contentType: "application/json", body: Array(statusJSON.utf8))
            },
            "/metrics": { [unowned self] in
                DynamicResponse(contentType: PrometheusText.contentType, body: cachedMetrics())
            },
        ]
        // Readiness stays on the public port even with --metrics-listen: the proxy checks the port it sends players to.
        web.routes["/ready"] = { [unowned self] in healthResponse() }
        web.routes.merge(try mapRoutes(for: map)) { $1 }
        if let listen = configuration.metricsListen {
            try startMetricsServer(host: listen.host, port: listen.port, routes: operatorRoutes)
        } else {
            web.routes.merge(operatorRoutes) { $1 }
        }
        // Every page a browser opens gives (or renews) its token, so the WebSocket it opens next carries it: our
        // client and BrowserQuest's original one alike.
        web.staticResponseHeaders = { request in
            guard PlayerToken.isDocument(request) else { return [] }
            return [(PlayerToken(request: request) ?? .random()).setCookie]
        }
        let server = WebServer(configuration: web, group: group, webSocketService: self)
        self.web.withLock { $0 = server }
        return try server.start()
    }

    /// Where `/metrics` is served when ``GameServerConfiguration/metricsListen`` is set (with the real port).
    package var metricsAddress: SocketAddress? { metricsServer.withLock { $0?.address } }

    /// `/metrics` and `/status` on their own address, on the same loops: no files, no WebSocket, nothing for players.
    private func startMetricsServer(
        host: String, port: Int, routes: [String: @Sendable () -> DynamicResponse]
    ) throws {
        var web = WebServerConfiguration()
        web.host = host
        web.port = port
        web.staticMounts = []
        web.webSocketPaths = []
        web.routes = routes
        web.accessLog = configuration.web.accessLog
        let server = WebServer(
            configuration: web, group: group, webSocketService: nil, logger: Logger(label: "metrics"))
        let address = try server.start()
        logger.notice("serving /metrics and /status on \(address)")
        metricsServer.withLock { $0 = (server, address) }
    }

    /// The `/metrics` page, rendered at most four times a second however often it is asked for.
    private func cachedMetrics() -> [UInt8] {
        let now = MonotonicClock.now()
        if let cached = metricsCache.withLock({ $0 }), now - cached.at < .milliseconds(250) { return cached.body }
        let body = Array(metricsText.utf8)
        metricsCache.withLock { $0 = (now, body) }
        return body
    }

    /// Stops accepting, closes every connection with 1001, then stops the worlds, each saving every character it
    /// still holds. The storage thread is its owner's to stop afterwards (it writes what the worlds handed over).
    package func shutdownGracefully(timeout: Duration = .seconds(4)) {
        let server = web.withLock { $0 }
        server?.shutdownGracefully(timeout: timeout)
        for runner in runners.withLock({ $0 }) { runner.stop() }
    }

    package var totalPlayers: Int {
        runners.withLock { $0.reduce(0) { $0 + $1.playerCount.load(ordering: .relaxed) } }
    }

    // MARK: - WebSocketService

    package func makeDelegate(for socket: WebSocketConnection, request: HTTPRequestHead) -> any WebSocketDelegate {
        let id = SessionIdentity.make(
            loop: socket.connection.loop.index, serial: serial.add(1, ordering: .relaxed).newValue)
        return Greeter(id: id, server: self, token: PlayerToken(request: request))
    }

    /// The least-full world with room, reserving a place in it; nil when every world is full.
    ///
    /// Fullness is counted in steps of a tenth of the cap, lowest index first among equals: a quiet server puts its
    /// first players together instead of one per world, and a busy one still spreads them evenly.
    func assignWorld() -> WorldRunner? {
        runners.withLock { runners in
            var best: WorldRunner?
            var bestBand = Int.max
            for runner in runners {
                let occupancy = runner.occupancy.load(ordering: .relaxed)
                guard occupancy < runner.capacity else { continue }
                let band = occupancy / max(1, runner.capacity / 10)
                if band < bestBand {
                    best = runner
                    bestBand = band
                }
            }
            best?.occupancy.add(1, ordering: .relaxed)
            return best
        }
    }

    /// Runs on `loop`: hands every queued world delivery to its session.
    private func drain(on loop: EventLoop) {
        var deliveries: [SessionDelivery] = []
        outboxes[loop.index].takeAll(into: &deliveries)
        let local = sessions[loop]
        for delivery in deliveries {
            switch delivery {
            case .frame(let id, _), .close(let id, _):
                local[id]?.deliver(delivery)
            }
        }
    }
}

extension GameServer {
    /// Gives a new connection ``GameServerConfiguration/helloTimeout`` to say HELLO (see `HelloDeadlines`).
    func awaitHello(_ greeter: Greeter, on loop: EventLoop) {
        let deadline = MonotonicClock.now() + configuration.helloTimeout
        if helloDeadlines.withValue(on: loop, { $0.append(greeter, deadline: deadline) }) {
            setHelloTimer(on: loop, at: deadline)
        }
    }

    private func setHelloTimer(on loop: EventLoop, at deadline: MonotonicClock.Instant) {
        _ = loop.scheduleTimer(at: deadline) { [self] in
            let now = MonotonicClock.now()
            while let greeter = helloDeadlines.withValue(on: loop, { $0.popDue(now: now) }) { greeter.helloTimedOut() }
            if let next = helloDeadlines.withValue(on: loop, { $0.nextTimer() }) { setHelloTimer(on: loop, at: next) }
        }
    }
}
