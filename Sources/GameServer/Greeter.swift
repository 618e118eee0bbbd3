import GameProtocol
import NetCore
import Support
import Synchronization
import Web
import WebSocket
import World

/// A connection that has not said HELLO yet. It greets with `go` and holds only who the connection is (its id and
/// token) until HELLO or LOGIN makes it a ``GameSession``: an idle connection costs this and not a whole session, and
/// takes no world place until it speaks (it must do so within ``GameServerConfiguration/helloTimeout``).
final class Greeter: WebSocketDelegate {
    let id: SessionID
    private unowned let server: GameServer
    /// Who this connection is: the token its cookie carried, or one given with the handshake.
    private let token: PlayerToken
    /// Whether the upgrade carried no token, so the `101` gives this one (browsers keep it).
    private let tokenIsNew: Bool
    /// Until HELLO, the connection closes or the deadline passes; then nil, so a greeter left in the deadline queue
    /// does not keep its connection.
    private var socket: WebSocketConnection?

    init(id: SessionID, server: GameServer, token: PlayerToken?) {
        self.id = id
        self.server = server
        self.token = token ?? .random()
        tokenIsNew = token == nil
    }

    /// Made when asked (once, for the `101`) rather than stored: an idle connection need not hold the cookie.
    var handshakeHeaders: [(String, String)] { tokenIsNew ? [token.setCookie] : [] }

    /// Who this connection is, for JSON log lines.
    private func logFields(_ socket: WebSocketConnection) -> LogMetadata {
        ["conn": LogValue(id), "addr": .string(socket.clientAddress.description)]
    }

    func webSocketDidOpen(_ socket: WebSocketConnection) {
        server.logger.debug("session \(id) opened from \(socket.clientAddress)", logFields(socket))
        if let refusal = server.gate.refusal(address: socket.clientAddress.host) {
            return GameSession.refuse(
                socket, refusal, atHello: false, logger: server.logger, fields: logFields(socket))
        }
        self.socket = socket
        // BrowserQuest's handshake: raw `go`, then the client sends HELLO.
        socket.send(text: "go")
        socket.connection.outputWillPause()
        server.awaitHello(self, on: socket.connection.loop)
    }

    func webSocket(_ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer) {
        let message = server.decoders.withValue(on: socket.connection.loop) { $0.decode(payload) }
        switch message {
        case .success(.hello(let name, _, _)):
            // The claimed armor and weapon are ignored: the store decides.
            begin(socket, name: name, password: nil)
        case .success(.login(let name, let password)):
            begin(socket, name: name, password: password)
        case .success:
            server.logger.info("closing \(socket.clientAddress): first message was not HELLO", logFields(socket))
            socket.close(code: .policyViolation, reason: "first message was not HELLO")
        case .failure(let error):
            server.logger.info("closing \(socket.clientAddress): bad message: \(error)", logFields(socket))
            socket.close(code: .policyViolation, reason: "malformed message")
        }
    }

    /// HELLO or LOGIN: the connection becomes a session, which asks for the character.
    private func begin(_ socket: WebSocketConnection, name: String, password: String?) {
        self.socket = nil
        let session = GameSession(id: id, server: server, token: token, socket: socket)
        socket.delegate = session
        session.requestCharacter(named: name, password: password)
    }

    /// The HELLO deadline passed (`GameServer.awaitHello(_:on:)`): closes the connection if it is still here.
    func helloTimedOut() {
        guard let socket else { return }
        self.socket = nil
        guard socket.isOpen else { return }
        server.limitMetrics.helloTimeouts.add(1, ordering: .relaxed)
        server.logger.info("closing \(socket.clientAddress): no HELLO in time", logFields(socket))
        socket.close(code: .policyViolation, reason: "no HELLO")
    }

    func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {
        server.logger.debug("session \(id) closed (\(code))", logFields(socket).merging(["code": LogValue(code)]))
        self.socket = nil
    }
}
