import GameProtocol
import Glibc
import NetCore
import Support
import Synchronization
import Web
import WebSocket
import World

/// One player's connection, on its I/O loop, from HELLO (or LOGIN; before it, a `Greeter`): takes a place in a
/// world and has its character loaded by the storage thread, then decodes each message, applies the rate limits and
/// queues it for its world, and sends the world's batches. A malformed message closes this connection only (1008),
/// with a log line.
final class GameSession: WebSocketDelegate {
    let id: SessionID
    private unowned let server: GameServer
    private var world: WorldRunner?
    private var socket: WebSocketConnection?
    /// The client's IP address (a trusted proxy's client, not the proxy), for bans and login limits.
    private let address: String
    /// Who this connection is: the token its cookie carried, or the one its `101` gave.
    private let token: PlayerToken
    private var phase = Phase.awaitingHello
    /// A PASSWORD waits for the storage thread's answer (one at a time).
    private var passwordInFlight = false
    /// PROFILE, to end the first batch the world sends (the one that starts with WELCOME, which BrowserQuest's
    /// client needs first), so entering stays one frame.
    private var pendingProfile: [UInt8]?
    /// This connection's message rate limits.
    private var limiter: MessageLimiter

    /// Who this session is, for JSON log lines: its connection, address, and (once known) player and world.
    private var logFields: LogMetadata {
        var fields: LogMetadata = ["conn": LogValue(id), "addr": .string(socket?.clientAddress.description ?? address)]
        switch phase {
        case .awaitingHello: break
        case .loading(let name, _), .playing(_, let name): fields = fields.merging(["player": .string(name)])
        }
        if let world { fields = fields.merging(["world": LogValue(world.index)]) }
        return fields
    }

    private enum Phase {
        case awaitingHello
        /// HELLO or LOGIN is with the storage thread; what the client says meanwhile is dropped.
        case loading(name: String, login: Bool)
        case playing(character: Int64, name: String)
    }

    /// Made by the connection's `Greeter` when HELLO or LOGIN arrives, on an open connection.
    init(id: SessionID, server: GameServer, token: PlayerToken, socket: WebSocketConnection) {
        self.id = id
        self.server = server
        self.token = token
        self.socket = socket
        address = socket.clientAddress.host
        limiter = MessageLimiter(server.messageLimitTable, now: MonotonicClock.now().nanoseconds)
        server.sessions.withValue(on: socket.connection.loop) { $0[id] = self }
    }

    /// Never called: a session begins on a connection already open (see `Greeter`).
    func webSocketDidOpen(_ socket: WebSocketConnection) {}

    func webSocket(_ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        // The loop's decoder: its WHO ids are read before the next message is decoded.
        let (decoded, whoIDs) = server.decoders.withValue(on: socket.connection.loop) { decoder in
            let decoded = decoder.decode(payload)
            guard case .success(.who) = decoded else { return (decoded, [Int]()) }
            return (decoded, decoder.whoIDs)
        }
        switch decoded {
        case .success(let message):
            guard admit(message, whoCount: whoIDs.count, on: socket) else { return }
            switch (phase, message) {
            case (.awaitingHello, _):
                break  // refused at HELLO: closing
            case (.loading, _):
                break  // The character is on its way; a client has nothing to say before WELCOME.
            case (.playing(let character, _), .password(let new, let current)):
                changePassword(of: character, to: new, current: current)
            case (_, .who):
                world?.post(.message(id, message, ids: whoIDs))
            default:
                world?.post(.message(id, message))
            }
        case .failure(let error):
            server.logger.info("closing \(socket.clientAddress): bad message: \(error)", logFields)
            socket.close(code: .policyViolation, reason: "malformed message")
        }
    }

    /// Applies the connection's rate limits: false drops the message (and may close a flooding connection).
    private func admit(_ message: ClientMessage, whoCount: Int, on socket: WebSocketConnection) -> Bool {
        switch limiter.admit(message, whoCount: whoCount, now: MonotonicClock.now().nanoseconds) {
        case .pass:
            return true
        case .drop(let kind):
            server.limitMetrics.countDrop(kind)
            return false
        case .close(let kind):
            server.limitMetrics.countDrop(kind)
            server.limitMetrics.closedForFlooding.add(1, ordering: .relaxed)
            server.logger.notice(
                "closing \(socket.clientAddress): kept sending over its rate limits "
                    + "(\(kind.rawValue) last)", logFields)
            socket.close(code: .policyViolation, reason: "too many messages")
            return false
        }
    }

    /// Takes a place in the least-full world, at HELLO; false (the connection closing with 1013) when all are full.
    private func joinWorld(_ socket: WebSocketConnection) -> Bool {
        guard let world = server.assignWorld() else {
            server.logger.notice("refusing \(socket.clientAddress): every world is full", logFields)
            socket.close(code: .init(1013), reason: "all worlds are full")
            return false
        }
        self.world = world
        server.gate.sessionJoined(id, address: address, world: world.index)
        world.post(.connected(id))
        return true
    }

    func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {
        server.logger.debug("session \(id) closed (\(code))", logFields.merging(["code": LogValue(code)]))
        server.sessions.withValue(on: socket.connection.loop) { $0[id] = nil }
        leaveWorld()
        self.socket = nil
    }

    /// Takes the session out of its world (its character saved a last time there); once only.
    private func leaveWorld() {
        guard let world else { return }
        server.gate.sessionLeft(id)
        world.post(.disconnected(id))
        world.occupancy.subtract(1, ordering: .relaxed)
        self.world = nil
    }

    // MARK: - Identity

    /// HELLO or LOGIN: asks the storage thread for the character, unless the name is banned or (for a password)
    /// has failed too often lately.
    func requestCharacter(named rawName: String, password: String?) {
        guard let socket else { return }
        if let reason = World.nameRefusal(rawName) {
            server.logger.info(
                "refusing a name from \(socket.clientAddress): \(reason): \(String(rawName.prefix(40)).debugDescription)",
                logFields)
            return socket.close(code: .init(GameCloseCode.nameRefused), reason: reason)
        }
        let name = World.sanitizeName(rawName, maxLength: server.configuration.world.maxNameLength)
        if let refusal = server.gate.refusal(name: name, address: address) {
            return Self.refuse(socket, refusal, atHello: true, logger: server.logger, fields: logFields)
        }
        if password != nil,
            let wait = server.loginThrottle.withLock({
                $0.waitTime(name: name, address: address, now: MonotonicClock.now())
            })
        {
            server.logger.notice(
                "refusing a login to \(name) from \(address): too many failed logins",
                logFields.merging(["player": .string(name)]))
            let minutes = max(1, (wait.wholeSeconds + 59) / 60)
            return socket.close(
                code: .init(GameCloseCode.loginFailed), reason: "too many failed logins; try again in \(minutes) min")
        }
        guard joinWorld(socket), let world else { return }
        phase = .loading(name: name, login: password != nil)
        let loop = socket.connection.loop
        let (server, id) = (self.server, self.id)
        server.storage.enter(
            EnterRequest(
                session: id, token: token.digest, name: name, password: password,
                supersede: {
                    loop.execute { server.sessions[loop][id]?.supersede() }
                },
                reply: { outcome in
                    loop.execute {
                        if let session = server.sessions[loop][id], session.loaded(outcome) { return }
                        if case .enter(let sheet, _, _) = outcome {
                            // Gone while loading: the world, which no longer knows the session, hands the
                            // character back to the storage thread (so it may play elsewhere).
                            world.post(.enter(id, sheet))
                        }
                    }
                }))
    }

    /// The storage thread's answer to HELLO or LOGIN, on this session's loop; false when the session is no longer
    /// waiting for it (it left its world meanwhile).
    private func loaded(_ outcome: EnterOutcome) -> Bool {
        guard let socket, let world, case .loading(let name, let login) = phase else { return false }
        switch outcome {
        case .enter(let sheet, let returning, let hasPassword):
            if login { server.loginThrottle.withLock { $0.recordSuccess(name: name) } }
            phase = .playing(character: sheet.id, name: sheet.name)
            var profile: [UInt8] = []
            ServerMessage.profile(name: sheet.name, returning: returning, hasPassword: hasPassword).encode(
                into: &profile)
            pendingProfile = profile
            world.post(.enter(id, sheet))
        case .nameTaken:
            server.logger.info("refusing \(name) to \(socket.clientAddress): name taken", logFields)
            socket.close(
                code: .init(GameCloseCode.nameTaken), reason: "name taken: log in with its password to play it here")
        case .loginFailed:
            server.loginThrottle.withLock { $0.recordFailure(name: name, address: address, now: MonotonicClock.now()) }
            server.logger.notice("failed login to \(name) from \(address)", logFields)
            socket.close(code: .init(GameCloseCode.loginFailed), reason: "wrong name or password")
        case .superseded:
            supersede()
        case .unavailable:
            socket.close(code: .init(1013), reason: "characters cannot be loaded right now; try again later")
        }
        return true
    }

    /// The same character started playing in another session: this one ends (the newest wins).
    private func supersede() {
        guard let socket else { return }
        server.logger.info("closing session \(id): its character is playing in another window", logFields)
        socket.close(code: .init(GameCloseCode.superseded), reason: "playing in another window")
        // Leave now, not when the peer answers the close: the newer session waits for this one's last save.
        leaveWorld()
    }

    private func changePassword(of character: Int64, to new: String, current: String) {
        guard !passwordInFlight, let socket else { return }
        passwordInFlight = true
        let loop = socket.connection.loop
        let (server, id) = (self.server, self.id)
        server.storage.setPassword(
            PasswordRequest(
                character: character, new: new, current: current,
                reply: { saved, text in
                    loop.execute { server.sessions[loop][id]?.passwordAnswered(saved: saved, text: text) }
                }))
    }

    private func passwordAnswered(saved: Bool, text: String) {
        passwordInFlight = false
        if saved, case .playing(_, let name) = phase { server.logger.info("\(name) set a password", logFields) }
        send(.password(saved: saved, text: text))
    }

    /// Sends one message outside the world's batches (answers from the storage thread).
    private func send(_ message: ServerMessage) {
        var bytes: [UInt8] = []
        message.encode(into: &bytes)
        socket?.send(.text, bytes)
    }

    // MARK: - Refusals and deliveries

    /// Closes a connection its gate refused: 1013 (try again later) while draining, 4003 when banned.
    static func refuse(
        _ socket: WebSocketConnection, _ refusal: GateRefusal, atHello: Bool, logger: Logger, fields: LogMetadata
    ) {
        let peer = socket.clientAddress.description
        switch refusal {
        case .draining:
            logger.info("refusing \(peer): draining", fields)
            socket.close(code: .init(1013), reason: "server is draining; try again later")
        case .banned:
            logger.notice(atHello ? "closing \(peer): banned name" : "refusing \(peer): banned address", fields)
            socket.close(code: .init(GameCloseCode.banned), reason: "banned")
        }
    }

    /// `text` cut to the 123 bytes a close frame's reason may hold, on a character boundary.
    static func closeReason(_ text: String) -> String {
        var reason = ""
        for character in text {
            guard reason.utf8.count + character.utf8.count <= 123 else { break }
            reason.append(character)
        }
        return reason
    }

    /// A delivery from the world thread, run on this session's loop.
    func deliver(_ delivery: SessionDelivery) {
        guard let socket else { return }
        switch delivery {
        case .frame(_, var payload):
            if let profile = pendingProfile, payload.last == UInt8(ascii: "]") {
                pendingProfile = nil
                payload.removeLast()
                payload.append(UInt8(ascii: ","))
                payload += profile
                payload.append(UInt8(ascii: "]"))
            }
            payload.withUnsafeBytes { socket.send(.text, $0) }
        case .close(_, let reason):
            switch reason {
            case .idle:
                socket.send(text: "timeout")
                socket.close(code: .normalClosure, reason: "idle")
            case .noHello:
                socket.close(code: .policyViolation, reason: "no HELLO")
            case .full:
                socket.close(code: .init(1013), reason: "world is full")
            case .misbehaving(let why):
                socket.close(code: .policyViolation, reason: why)
            case .kicked(let why):
                // WireQuest's client shows the reason and does not reconnect on its own.
                socket.close(code: .init(GameCloseCode.kicked), reason: Self.closeReason("kicked: \(why)"))
            case .moving:
                // 1012 Service Restart: our client and the bots reconnect at once, through the proxy, to another node.
                socket.close(code: .init(1012), reason: "this server is draining: continue on another")
            }
        }
    }
}

extension WebSocketCloseCode {
    init(_ code: GameCloseCode) { self.init(UInt16(code.rawValue)) }
}
