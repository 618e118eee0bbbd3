import HTTP
import NetCore
import Support
import WebSocket

/// A `ws://host:port/path` address. (No `wss:`: TLS is left to a reverse proxy, as for the server.)
package struct WebSocketURL: Sendable, Equatable, CustomStringConvertible {
    package var host: String
    package var port: Int
    package var path: String

    package init(host: String, port: Int, path: String = "/") {
        self.host = host
        self.port = port
        self.path = path
    }

    /// Parses `ws://host[:port][/path]`; the port defaults to 80.
    package init?(_ text: String) {
        guard text.hasPrefix("ws://") else { return nil }
        let rest = text.dropFirst(5)
        let authority = rest.prefix { $0 != "/" }
        path = rest.count > authority.count ? String(rest.dropFirst(authority.count)) : "/"
        var hostPart = Substring(authority)
        port = 80
        if let bracket = authority.lastIndex(of: "]") {
            // [v6]:port
            hostPart = authority[...bracket]
            let after = authority[authority.index(after: bracket)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()) else { return nil }
                port = value
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            guard let value = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = value
        }
        guard !hostPart.isEmpty, (1...65535).contains(port) else { return nil }
        host = String(hostPart)
    }

    package var description: String { "ws://\(host):\(port)\(path)" }
}

/// The client side of RFC 6455 on NetCore: connects, sends the opening handshake with a random key, checks the
/// server's answer, then runs a client-role ``WebSocketConnection`` (masked frames) for the delegate.
package enum WebSocketClient {
    /// Opens a connection from `loop`; call on that loop's thread. The delegate hears `webSocketDidOpen` or
    /// `webSocketDidFail`.
    @discardableResult
    package static func connect(
        to url: WebSocketURL, on loop: EventLoop, configuration: WebSocketConfiguration = .init(),
        origin: String? = nil, extraHeaders: [(String, String)] = [], handshakeTimeout: Duration = .seconds(10),
        delegate: any WebSocketDelegate, logger: Logger = Logger(label: "ws-client")
    ) throws(IOError) -> Connection {
        let address = try SocketAddress(host: url.host, port: url.port)
        return try loop.connect(to: address) { connection in
            ClientHandshake(
                url: url, configuration: configuration, origin: origin, extraHeaders: extraHeaders,
                timeout: handshakeTimeout, delegate: delegate, logger: logger)
        }
    }
}

/// Waits for the server's `101 Switching Protocols`, then hands the connection to a ``WebSocketConnection``.
private final class ClientHandshake: ConnectionHandler {
    private let url: WebSocketURL
    private let configuration: WebSocketConfiguration
    private let origin: String?
    private let extraHeaders: [(String, String)]
    private let timeout: Duration
    private var delegate: (any WebSocketDelegate)?
    private let logger: Logger
    private var parser = HTTPResponseParser()
    private let key: String

    init(
        url: WebSocketURL, configuration: WebSocketConfiguration, origin: String?, extraHeaders: [(String, String)],
        timeout: Duration, delegate: any WebSocketDelegate, logger: Logger
    ) {
        self.url = url
        self.configuration = configuration
        self.origin = origin
        self.extraHeaders = extraHeaders
        self.timeout = timeout
        self.delegate = delegate
        self.logger = logger
        var random = SystemRandomNumberGenerator()
        key = WebSocketHandshake.makeKey(random: (0..<16).map { _ in random.next() })
    }

    func connectionDidOpen(_ connection: Connection) {
        connection.deadline = MonotonicClock.now() + timeout
        let host = url.port == 80 ? url.host : "\(url.host):\(url.port)"
        var headers = extraHeaders
        if configuration.permessageDeflate {
            headers.append(("Sec-WebSocket-Extensions", PerMessageDeflateParameters.clientOffer))
        }
        let request = WebSocketHandshake.requestBytes(
            host: host, path: url.path, key: key, origin: origin, extraHeaders: headers)
        connection.write(request)
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {
        var index = 0
        switch parser.next(UnsafeRawBufferPointer(bytes), index: &index) {
        case .needMore:
            return
        case .error(let error):
            fail(connection, "bad handshake response: \(error)")
        case .head(let head):
            guard head.status.code == 101 else {
                return fail(connection, "server answered \(head.status.code) \(head.status.reasonPhrase)")
            }
            guard head.headers.containsToken("websocket", inField: "Upgrade"),
                head.headers.containsToken("upgrade", inField: "Connection"),
                let accept = head.headers[first: "Sec-WebSocket-Accept"],
                WebSocketHandshake.isValidAccept(accept, forKey: key)
            else {
                return fail(connection, "server's 101 answer is not a valid WebSocket handshake")
            }
            // RFC 6455 §4.1: extensions the client did not offer fail the connection.
            var deflate: PerMessageDeflateParameters?
            switch PerMessageDeflateParameters.checkAnswer(head.headers[all: "Sec-WebSocket-Extensions"]) {
            case .declined: break
            case .accepted(let parameters) where configuration.permessageDeflate: deflate = parameters
            case .accepted: return fail(connection, "server answered an extension that was not offered")
            case .invalid(let reason): return fail(connection, reason)
            }
            guard let delegate else { return connection.close() }
            self.delegate = nil
            let socket = WebSocketConnection(
                connection: connection, role: .client, configuration: configuration, deflate: deflate,
                logger: logger)
            socket.start(delegate: delegate)
            if index < bytes.count, connection.isOpen {
                socket.connection(connection, didRead: UnsafeMutableRawBufferPointer(rebasing: bytes[index...]))
            }
        }
    }

    func connectionDeadlineReached(_ connection: Connection) {
        fail(connection, "no handshake answer in time")
    }

    func connectionDidReadEOF(_ connection: Connection) {
        fail(connection, "server closed the connection during the handshake")
    }

    func connectionDidFail(_ connection: Connection, error: IOError) {
        let delegate = self.delegate
        self.delegate = nil
        delegate?.webSocketDidFail(reason: "\(error)")
    }

    func connectionDidClose(_ connection: Connection) {
        let delegate = self.delegate
        self.delegate = nil
        delegate?.webSocketDidFail(reason: "connection closed during the handshake")
    }

    private func fail(_ connection: Connection, _ reason: String) {
        let delegate = self.delegate
        self.delegate = nil
        logger.debug("WebSocket client \(url): \(reason)")
        delegate?.webSocketDidFail(reason: reason)
        connection.close()
    }
}
