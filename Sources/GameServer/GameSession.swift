import GameProtocol
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

    init(id: SessionID, server: GameServer) {
        self.id = id
        self.server = server
    }

    func webSocketDidOpen(_ socket: WebSocketConnection) {
        self.socket = socket
        server.sessions.withValue(on: socket.connection.loop) { $0[id] = self }
        guard let world = server.assignWorld() else {
            server.logger.notice("refusing \(socket.peer?.description ?? "a client"): every world is full")
            socket.close(code: .init(1013), reason: "all worlds are full")
            return
        }
        self.world = world
        // BrowserQuest's handshake: raw `go`, then the client sends HELLO.
        socket.send(text: "go")
        world.post(.connected(id))
    }

    func webSocket(_ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        guard let world else { return }
        switch decoder.decode(payload) {
        case .success(let message):
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
            world.post(.disconnected(id))
            world.occupancy.subtract(1, ordering: .relaxed)
        }
        world = nil
        self.socket = nil
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
            }
        }
    }
}
