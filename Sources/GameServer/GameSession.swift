import GameProtocol
import Glibc
import NetCore
import Support
import Synchronization
import Web
import WebSocket
import World

/// One player's connection, on its I/O loop: greets with `go`, decodes each message and queues it for its world,
/// and sends the world's batches. A malformed message closes this connection only (1008), with a log line.
final class GameSession: WebSocketDelegate {
    let id: SessionID
    private unowned let server: GameServer
    private var decoder = ClientMessageDecoder()
    private var world: WorldRunner?
    private var socket: WebSocketConnection?
    /// The peer's IP address, for bans.
    private var address = ""

    init(id: SessionID, server: GameServer) {
        self.id = id
        self.server = server
    }

    func webSocketDidOpen(_ socket: WebSocketConnection) {
        self.socket = socket
        server.sessions.withValue(on: socket.connection.loop) { $0[id] = self }
        address = socket.peer?.host ?? "unknown"
        if let refusal = server.gate.refusal(address: address) {
            return refuse(socket, refusal, atHello: false)
        }
        guard let world = server.assignWorld() else {
            server.logger.notice("refusing \(socket.peer?.description ?? "a client"): every world is full")
            socket.close(code: .init(1013), reason: "all worlds are full")
            return
        }
        self.world = world
        server.gate.sessionJoined(id, address: address, world: world.index)
        // BrowserQuest's handshake: raw `go`, then the client sends HELLO.
        socket.send(text: "go")
        world.post(.connected(id))
    }

    func webSocket(_ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        guard let world else { return }
        switch decoder.decode(payload) {
        case .success(let message):
            if case .hello(let name, _, _) = message,
                let refusal = server.gate.refusal(
                    name: World.sanitizeName(name, maxLength: server.configuration.world.maxNameLength),
                    address: address)
            {
                return refuse(socket, refusal, atHello: true)
            }
            if case .who = message {
                world.post(.message(id, message, ids: decoder.whoIDs))
            } else {
                world.post(.message(id, message))
            }
        case .failure(let error):
            server.logger.info("closing \(socket.peer?.description ?? "session \(id)"): bad message: \(error)")
            socket.close(code: .policyViolation, reason: "malformed message")
        }
    }

    func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {
        server.sessions.withValue(on: socket.connection.loop) { $0[id] = nil }
        if let world {
            server.gate.sessionLeft(id)
            world.post(.disconnected(id))
            world.occupancy.subtract(1, ordering: .relaxed)
        }
        world = nil
        self.socket = nil
    }

    /// Closes a connection its gate refused: 1013 (try again later) while draining, 4003 when banned.
    private func refuse(_ socket: WebSocketConnection, _ refusal: GateRefusal, atHello: Bool) {
        let peer = socket.peer?.description ?? (atHello ? "session \(id)" : "a client")
        switch refusal {
        case .draining:
            server.logger.info("refusing \(peer): draining")
            socket.close(code: .init(1013), reason: "server is draining; try again later")
        case .banned:
            server.logger.notice(atHello ? "closing \(peer): banned name" : "refusing \(peer): banned address")
            socket.close(code: .init(4003), reason: "banned")
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
        case .frame(_, let payload):
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
                // 4001 (private use): WireQuest's client shows the reason and does not reconnect on its own.
                socket.close(code: .init(4001), reason: Self.closeReason("kicked: \(why)"))
            }
        }
    }
}
