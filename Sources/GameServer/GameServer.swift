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
    let group: EventLoopGroup
    let logger = Logger(label: "game")
    let sessions: LoopLocal<[SessionID: GameSession]>
    private let outboxes: [Mailbox<SessionDelivery>]
    let runners: Mutex<[WorldRunner]> = Mutex([])
    private let serial = Atomic<UInt64>(0)
    private let web: Mutex<WebServer?> = Mutex(nil)
    /// When `init` ran, for uptime.
    package let startedAt = MonotonicClock.now()
    /// Sessions' addresses, bans and the drain switch, for the admin console.
    let directory = AdminDirectory()
    /// The admin console's state, on loop 0 (``adminLoop``).
    let adminState: LoopLocal<AdminLoopState>
    let adminLogger = Logger(label: "admin")
    /// What `shutdown` calls at the end of its countdown (`runUntilSignalled` wakes its wait).
    private let shutdownHandler: Mutex<(@Sendable () -> Void)?> = Mutex(nil)

    /// Loads the map once and builds every world from it (worlds share the immutable map).
    package init(configuration: GameServerConfiguration, group: EventLoopGroup) throws {
        self.configuration = configuration
        self.group = group
        sessions = LoopLocal(loopCount: group.loops.count) { [:] }
        outboxes = group.loops.map { _ in Mailbox<SessionDelivery>() }
        adminState = LoopLocal(loopCount: group.loops.count) { AdminLoopState() }
    }

    /// Sets what ends the process gracefully when an operator's `shutdown` countdown reaches zero.
    package func onShutdownRequest(_ handler: @escaping @Sendable () -> Void) {
        shutdownHandler.withLock { $0 = handler }
    }

    func requestShutdown() {
        if let handler = shutdownHandler.withLock({ $0 }) { handler() }
    }

    /// Whether HELLO's `name`, as the world will spell it, is banned.
    func isBanned(name: String) -> Bool {
        directory.isBanned(
            name: World.sanitizeName(name, maxLength: configuration.world.maxNameLength), now: MonotonicClock.now())
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
            let world = World(map: map, configuration: worldConfiguration)
            started.append(
                WorldRunner(
                    index: index, world: world, loops: group.loops, outboxes: outboxes,
                    totalPlayers: { [unowned self] in totalPlayers },
                    deliver: { [unowned self] loop in loop.execute { self.drain(on: loop) } },
                    adminReply: { [unowned self] id, reply in
                        adminLoop.execute { self.collectAdminReply(id, reply) }
                    }))
        }
        runners.withLock { $0 = started }
        var web = configuration.web
        web.routes["/status"] = { [unowned self] in
            DynamicResponse(contentType: "application/json", body: Array(statusJSON.utf8))
        }
        web.routes["/metrics"] = { [unowned self] in
            DynamicResponse(contentType: "text/plain; version=0.0.4; charset=utf-8", body: Array(metricsText.utf8))
        }
        let server = WebServer(configuration: web, group: group, webSocketService: self)
        self.web.withLock { $0 = server }
        return try server.start()
    }

    /// Stops accepting, closes every connection with 1001, then stops the worlds.
    package func shutdownGracefully(timeout: UInt64 = 4_000_000_000) {
        let server = web.withLock { $0 }
        server?.shutdownGracefully(timeout: timeout)
        for runner in runners.withLock({ $0 }) { runner.stop() }
    }

    /// Per-world player counts, as BrowserQuest's `/status` reports them: `[12,0,3]`.
    package var statusJSON: String {
        "[" + runners.withLock { $0.map { String($0.playerCount.load(ordering: .relaxed)) } }.joined(separator: ",")
            + "]"
    }

    /// Prometheus text exposition: per world players, tick duration quantiles over the last ten seconds, overruns
    /// and output counters; and the open connections.
    package var metricsText: String {
        var lines: [String] = []
        func family(_ name: String, _ type: String, _ help: String, _ values: (WorldRunner, TickMetrics) -> [String]) {
            lines.append("# HELP wirequest_\(name) \(help)")
            lines.append("# TYPE wirequest_\(name) \(type)")
            for runner in runners.withLock({ $0 }) {
                let metrics = runner.metrics.withLock { $0 }
                for value in values(runner, metrics) { lines.append("wirequest_\(name)\(value)") }
            }
        }
        family("players", "gauge", "Players in the world.") { runner, _ in
            ["{world=\"\(runner.index)\"} \(runner.playerCount.load(ordering: .relaxed))"]
        }
        family("tick_seconds", "summary", "World tick duration over the last ten seconds.") { runner, metrics in
            zip([0.5, 0.99, 1], metrics.quantiles([0.5, 0.99, 1])).map {
                "{world=\"\(runner.index)\",quantile=\"\($0)\"} \($1)"
            }
        }
        family(
            "tick_cpu_seconds", "summary",
            "World thread CPU time per tick over the last ten seconds (the tick's own work, without waiting for a core)."
        ) { runner, metrics in
            zip([0.5, 0.99, 1], metrics.cpuQuantiles([0.5, 0.99, 1])).map {
                "{world=\"\(runner.index)\",quantile=\"\($0)\"} \($1)"
            }
        }
        family("ticks_total", "counter", "Ticks run.") { runner, metrics in
            ["{world=\"\(runner.index)\"} \(metrics.ticks)"]
        }
        family("tick_overruns_total", "counter", "Ticks that took longer than their slot.") { runner, metrics in
            ["{world=\"\(runner.index)\"} \(metrics.overruns)"]
        }
        family("messages_out_total", "counter", "Messages queued to players.") { runner, metrics in
            ["{world=\"\(runner.index)\"} \(metrics.statistics.messagesOut)"]
        }
        family("frames_out_total", "counter", "Batches (one WebSocket frame each) sent to players.") {
            runner, metrics in
            ["{world=\"\(runner.index)\"} \(metrics.framesOut)"]
        }
        family("bytes_out_total", "counter", "Payload bytes sent to players.") { runner, metrics in
            ["{world=\"\(runner.index)\"} \(metrics.bytesOut)"]
        }
        family("refused_total", "counter", "Client intents the world refused.") { runner, metrics in
            let s = metrics.statistics
            return [
                "{world=\"\(runner.index)\",kind=\"move\"} \(s.refusedMoves)",
                "{world=\"\(runner.index)\",kind=\"teleport\"} \(s.refusedTeleports)",
                "{world=\"\(runner.index)\",kind=\"hit\"} \(s.refusedHits)",
                "{world=\"\(runner.index)\",kind=\"loot\"} \(s.refusedLoots)",
                "{world=\"\(runner.index)\",kind=\"chat\"} \(s.droppedChats)",
                "{world=\"\(runner.index)\",kind=\"kick\"} \(s.kickedForAbuse)",
            ]
        }
        func single(_ name: String, _ type: String, _ help: String, _ value: String) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            lines.append("\(name) \(value)")
        }
        single(
            "wirequest_connections", "gauge", "Open TCP connections (HTTP and WebSocket).", "\(group.connectionCount)")
        single(
            "wirequest_uptime_seconds", "gauge", "Seconds since the server started.",
            "\(Double((MonotonicClock.now() - startedAt) / 1_000_000) / 1000)")
        // The standard process metrics of Prometheus client libraries, under their usual names.
        if let process = ProcessStatistics.current() {
            single("process_cpu_seconds_total", "counter", "User and system CPU time.", "\(process.cpuSeconds)")
            single("process_resident_memory_bytes", "gauge", "Resident memory.", "\(process.residentBytes)")
            single("process_open_fds", "gauge", "Open file descriptors.", "\(process.openFiles)")
            single("process_threads", "gauge", "OS threads.", "\(process.threads)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    package var totalPlayers: Int {
        runners.withLock { $0.reduce(0) { $0 + $1.playerCount.load(ordering: .relaxed) } }
    }

    // MARK: - WebSocketService

    package func makeDelegate(for socket: WebSocketConnection, request: HTTPRequestHead) -> any WebSocketDelegate {
        let id = SessionIdentity.make(
            loop: socket.connection.loop.index, serial: serial.add(1, ordering: .relaxed).newValue)
        return GameSession(id: id, server: self)
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
