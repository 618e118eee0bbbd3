import GameMap
import GameProtocol
import NetCore
import Support
import Web
import WebSocket

/// What a bot does once in the world.
package enum BotBehavior: String, Sendable, CaseIterable {
    case wander, fight, chat, mixed
}

/// One headless player speaking the real protocol on the project's own WebSocket client: handshake, legal walks
/// along paths from the shared pathfinder, fights, chat, revive after death, reconnect when dropped.
final class Bot: WebSocketDelegate {
    private let index: Int
    private unowned let swarm: Swarm
    private var random: SplitMix64
    private let behavior: BotBehavior
    private var socket: WebSocketConnection?
    private var id = 0
    private var position = Tile(x: 0, y: 0)
    private var alive = false
    /// Mobs this bot has seen spawn (id → position), for the fight behaviour.
    private var mobs: [Int: Tile] = [:]
    /// Ids already asked about or spawned.
    private var known: Set<Int> = []
    private var target: Int?
    /// Walking a path until then; nil when free to act.
    private var busyUntil: MonotonicClock.Instant?
    private var chatSentAt: [String: MonotonicClock.Instant] = [:]
    private var timer: UInt64?
    /// When the bot's last session in a world ended, until it is in a world again: a reconnect's duration.
    private var lostAt: MonotonicClock.Instant?
    /// Connection attempts since the bot was last in a world; the first one after a loss is made sooner.
    private var attempts = 0
    /// Reads each frame's messages without building JSON values (a bot reads thousands of frames a second).
    private var scanner = BatchScanner()

    /// The character's name: the swarm's prefix and the bot's index (`bot17`).
    private let name: String
    /// The bot's token, the same on every connection (and every run with the same seed and prefix), so a
    /// reconnecting bot is the same character, as a browser with its cookie is.
    private let token: String

    init(index: Int, swarm: Swarm, behavior: BotBehavior, seed: UInt64) {
        self.index = index
        self.swarm = swarm
        self.behavior = behavior
        self.random = SplitMix64(seed: seed &+ UInt64(index) &* 0x9E37_79B9)
        name = "\(swarm.configuration.namePrefix)\(index)"
        token = Hex.encode(SHA256.hash(Array("wirequest bot \(name) seed \(seed)".utf8)).prefix(16))
    }

    private var hello: String { "[0,\"\(name)\",21,60]" }

    func connect(on loop: EventLoop) {
        do {
            try WebSocketClient.connect(
                to: swarm.url, on: loop, configuration: swarm.webSocketConfiguration,
                extraHeaders: [("Cookie", "wq_token=\(token)")], delegate: self)
        } catch {
            swarm.statistics.update { $0.errors += 1 }
            scheduleReconnect(on: loop, after: nil)
        }
    }

    // MARK: - WebSocketDelegate

    func webSocketDidOpen(_ socket: WebSocketConnection) {
        self.socket = socket
    }

    func webSocket(_ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        swarm.statistics.update {
            $0.messagesIn += 1
            $0.bytesIn += payload.count
        }
        if payload.count == 2, payload[0] == UInt8(ascii: "g"), payload[1] == UInt8(ascii: "o") {
            return send(hello)
        }
        scanner.begin(payload)
        while scanner.next() { handle(scanner) }
    }

    func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {
        self.socket = nil
        let wasInWorld = alive || id != 0
        if wasInWorld {
            swarm.statistics.update { $0.connected -= 1 }
            lostAt = MonotonicClock.now()
        }
        alive = false
        id = 0
        if let timer { socket.connection.loop.cancelTimer(timer) }
        guard swarm.isRunning else { return }
        if let reason = GameCloseCode(rawValue: Int(code)) {
            // Kicked, banned, its name taken, or its character playing elsewhere: a well-behaved client stays away,
            // as the browser client does.
            swarm.statistics.update { $0.kicked += 1 }
            let why = reason.constantName.lowercased().replacing("_", with: " ")
            printToStandardError("\(name): closed by the server: \(why) (close \(code)); staying away")
            return
        }
        swarm.statistics.update {
            $0.disconnects += 1
            // 1008: the server refused what the bot sent; 1013: no room (full or draining).
            if code == 1008 || code == 1013 { $0.refusals += 1 }
            if code == 1012 || code == 1001 { $0.restartCloses += 1 }
        }
        scheduleReconnect(on: socket.connection.loop, after: code)
    }

    func webSocketDidFail(reason: String) {
        swarm.statistics.update { $0.errors += 1 }
        guard swarm.isRunning, let loop = swarm.loop(for: index) else { return }
        scheduleReconnect(on: loop, after: nil)
    }

    /// When to try again, as the browser client does: at once (0–300 ms, spread so a drained node's players do
    /// not all arrive in the same instant) after 1012 (a node restarting or draining: another takes the bot) or
    /// 1001 (going away); within a second after any other loss; then every 1–2 s for as long as the swarm runs
    /// (refused connections, 1013 while every node is full or draining, a proxy with no node up).
    private func scheduleReconnect(on loop: EventLoop, after code: UInt16?) {
        let delay: Duration
        if attempts == 0, code == 1012 || code == 1001 {
            delay = .milliseconds(Int.random(in: 0...300, using: &random))
        } else if attempts == 0, code != nil {
            delay = .milliseconds(Int.random(in: 100...1000, using: &random))
        } else {
            delay = .seconds(1) + .milliseconds(Int.random(in: 0...1000, using: &random))
        }
        attempts += 1
        loop.scheduleTimer(after: delay) { [weak self] in
            guard let self, swarm.isRunning else { return }
            connect(on: loop)
        }
    }

    // MARK: - Messages

    private func handle(_ message: BatchScanner) {
        guard let code = message.int(0) else { return }
        switch MessageCode(rawValue: code) {
        case .welcome:
            swarm.statistics.update { $0.progress[index, default: BotProgress()].entered = true }
            let first = id == 0
            if !first && alive { swarm.statistics.update { $0.corrections += 1 } }
            id = message.int(1) ?? 0
            position = Tile(x: message.int(3) ?? 0, y: message.int(4) ?? 0)
            if first {
                let reconnected = lostAt.map { MonotonicClock.now() - $0 }
                swarm.statistics.update {
                    $0.connected += 1
                    if let reconnected {
                        $0.reconnects += 1
                        $0.longestReconnect = max($0.longestReconnect, reconnected)
                    }
                }
                lostAt = nil
                attempts = 0
            }
            alive = true
            busyUntil = nil
            scheduleAct()
        case .list:
            // As a BrowserQuest client does: ask WHO for the ids it does not know.
            let unknown = message.fields.dropFirst().filter { $0 != Int.min && mobs[$0] == nil && !known.contains($0) }
            known.formUnion(unknown)
            if !unknown.isEmpty { send("[20," + unknown.prefix(256).map(String.init).joined(separator: ",") + "]") }
        case .spawn:
            if let other = message.int(1) { known.insert(other) }
            if let kind = message.int(2), (2...14).contains(kind), let mob = message.int(1) {
                mobs[mob] = Tile(x: message.int(3) ?? 0, y: message.int(4) ?? 0)
            }
        case .despawn, .destroy:
            if let gone = message.int(1) {
                mobs[gone] = nil
                known.remove(gone)
                if gone == target { target = nil }
            }
        case .move:
            if let mover = message.int(1), mobs[mover] != nil {
                mobs[mover] = Tile(x: message.int(2) ?? 0, y: message.int(3) ?? 0)
            }
        case .health:
            if message.int(1) == 0 {
                alive = false
                swarm.statistics.update { $0.deaths += 1 }
                // Revive with HELLO on the same connection, as a player pressing Revive.
                socket?.connection.loop.scheduleTimer(after: .seconds(2)) { [weak self] in
                    guard let self else { return }
                    send(hello)
                }
            }
        case .notice:
            swarm.statistics.update { $0.notices += 1 }
        case .kill:
            swarm.statistics.update {
                $0.kills += 1
                $0.progress[index, default: BotProgress()].kills += 1
            }
            target = nil
        case .chat:
            if message.int(1) == id, let raw = message.text(at: 2),
                let sent = chatSentAt.removeValue(forKey: String(decoding: raw, as: UTF8.self))
            {
                let latency = Int((MonotonicClock.now() - sent).wholeNanoseconds / 1000)
                swarm.statistics.update { $0.latencies.append(latency) }
            }
        case .damage:
            let points = message.int(2) ?? 0
            let latency = chatSentAt.removeValue(forKey: "hit").map {
                Int((MonotonicClock.now() - $0).wholeNanoseconds / 1000)
            }
            swarm.statistics.update {
                if let latency { $0.latencies.append(latency) }
                $0.progress[index, default: BotProgress()].damageDealt += points
            }
        default:
            break
        }
    }

    // MARK: - Acting

    private func scheduleAct() {
        guard let loop = socket?.connection.loop else { return }
        let delay = Duration.milliseconds(Int.random(in: 700...1300, using: &random))
        timer = loop.scheduleTimer(after: delay) { [weak self] in self?.act() }
    }

    private func act() {
        defer { scheduleAct() }
        guard alive, socket != nil, busyUntil.map({ MonotonicClock.now() >= $0 }) ?? true else { return }
        let choice: BotBehavior
        if behavior == .mixed {
            choice = [BotBehavior.wander, .wander, .fight, .chat].randomElement(using: &random)!
        } else {
            choice = behavior
        }
        switch choice {
        case .wander, .mixed: wander()
        case .fight: fight()
        case .chat:
            let text = "hello \(index) \(UInt16.random(in: 0...9999, using: &random))"
            chatSentAt[text] = MonotonicClock.now()
            send("[11,\"\(text)\"]")
            if Int.random(in: 0..<3, using: &random) == 0 { wander() }
        }
    }

    /// Walks to a random reachable tile within a few tiles, along a path from the shared pathfinder.
    private func wander() {
        for _ in 0..<8 {
            let goal = Tile(
                x: position.x + Int.random(in: -6...6, using: &random),
                y: position.y + Int.random(in: -6...6, using: &random))
            guard swarm.map.isWalkable(x: goal.x, y: goal.y), goal != position,
                let path = swarm.pathfinder.path(on: swarm.map.collisions, from: position, to: goal)
            else { continue }
            walk(path)
            return
        }
    }

    /// Attacks the nearest known mob: walks next to it, then swings once per cooldown until it dies or goes.
    private func fight() {
        if let target, let mob = mobs[target], mob.isAdjacent(to: position) {
            chatSentAt["hit"] = MonotonicClock.now()
            return send("[8,\(target)]")
        }
        guard let (mobID, tile) = mobs.min(by: { $0.value.distance(to: position) < $1.value.distance(to: position) }),
            tile.distance(to: position) < 40
        else { return wander() }
        target = mobID
        send("[7,\(mobID)]")
        for (dx, dy) in [(0, 1), (0, -1), (1, 0), (-1, 0)] {
            let goal = Tile(x: tile.x + dx, y: tile.y + dy)
            if goal == position { return }
            guard swarm.map.isWalkable(x: goal.x, y: goal.y),
                let path = swarm.pathfinder.path(on: swarm.map.collisions, from: position, to: goal)
            else { continue }
            return walk(path)
        }
    }

    /// Sends MOVE for the path's end and counts the bot there once a walker at 120 ms per tile would be.
    private func walk(_ path: [Tile]) {
        guard let goal = path.last else { return }
        send("[4,\(goal.x),\(goal.y)]")
        position = goal
        busyUntil = MonotonicClock.now() + .milliseconds(125) * path.count
    }

    private func send(_ text: String) {
        guard let socket else { return }
        socket.send(text: text)
        swarm.statistics.update { $0.messagesOut += 1 }
    }
}
