import HTTP
import NetCore
import Support
import WebSocket

/// HTTP/1.1 on one connection: parses requests (pipelined or not), answers static files, `/healthz` and errors,
/// and hands the connection to a ``WebSocketConnection`` on a valid upgrade.
final class HTTPServerHandler: ConnectionHandler {
    private let context: WebServer.Context
    private var parser: HTTPRequestParser
    /// Whether a request head is on its way (its header timeout runs); false while idle between requests.
    private var receivingHead = false
    private var shuttingDown = false
    /// Pipelined bytes read but not handled yet (see ``process(_:on:)``); reading is suspended while any wait.
    private var deferred: [UInt8] = []
    /// This connection's place among its address's connections; handed to the WebSocket on an upgrade.
    private var ticket: AddressLimiter.Ticket?
    /// The connection's client (the TCP peer, or whom a PROXY header named), and this request's, which a trusted
    /// proxy's forwarding header may name.
    private let client: ClientAddress
    private var requestClient: ClientAddress

    init(context: WebServer.Context, client: ClientAddress) {
        self.context = context
        self.client = client
        self.requestClient = client
        self.parser = HTTPRequestParser(limits: context.configuration.httpLimits)
    }

    func connectionDidOpen(_ connection: Connection) {
        let now = MonotonicClock.now()
        // One address may hold only so many connections; a trusted proxy speaks for many clients and holds any number.
        // With no such limit there is nothing to count, and no ticket for every connection to hold.
        if let ip = client.ip, context.addressLimiter.limits.maxConnections > 0,
            !context.configuration.trustedProxies.trusts(client)
        {
            ticket = context.addressLimiter.admitConnection(from: ip, now: now)
            guard ticket != nil else {
                if context.addressLimiter.shouldLogRefusal(of: ip, now: now) {
                    context.logger.notice(
                        "refusing connections from \(client.host): \(context.addressLimiter.limits.maxConnections) "
                            + "open already (logged once a minute)", ["addr": .string(client.host)])
                }
                return sendError(.tooManyRequests, on: connection, reason: "too many connections from your address")
            }
        }
        if let bytes = context.configuration.socketSendBuffer { connection.setKernelSendBuffer(bytes) }
        // A new connection must send its first request head within the header timeout.
        receivingHead = true
        connection.deadline = now + context.configuration.headerTimeout
    }

    func connectionDidClose(_ connection: Connection) {
        ticket?.release()
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {
        process(bytes, on: connection)
    }

    /// Parses and answers the requests in `bytes`, at most `maxRequestsPerRead` of them and only while this
    /// connection's output stays under `httpOutputHighWater`: a client pipelining thousands of requests gets them
    /// answered a batch per loop iteration, as fast as it reads, instead of freezing the loop and queueing megabytes.
    private func process(_ bytes: UnsafeMutableRawBufferPointer, on connection: Connection) {
        var index = 0
        var answered = 0
        while index < bytes.count, connection.isOpen {
            if answered == context.configuration.maxRequestsPerRead
                || connection.queuedByteCount > context.configuration.httpOutputHighWater
            {
                return postpone(UnsafeRawBufferPointer(rebasing: bytes[index...]), on: connection)
            }
            switch parser.next(UnsafeRawBufferPointer(bytes), index: &index) {
            case .needMore:
                if !receivingHead, !parser.isIdle {
                    receivingHead = true
                    connection.deadline = MonotonicClock.now() + context.configuration.headerTimeout
                }
                return
            case .head(let head):
                receivingHead = false
                answered += 1
                parser.reset()
                requestClient = context.configuration.trustedProxies.client(of: head.headers, connection: client)
                let upgraded = respond(to: head, on: connection)
                if let upgraded {
                    // Bytes after the upgrade request are already WebSocket frames.
                    if index < bytes.count {
                        upgraded.connection(
                            connection, didRead: UnsafeMutableRawBufferPointer(rebasing: bytes[index...]))
                    }
                    return
                }
                if connection.isOpen {
                    connection.deadline = MonotonicClock.now() + context.configuration.keepAliveTimeout
                }
            case .error(let error):
                context.logger.info("HTTP \(client): \(error)")
                sendError(error.status, on: connection, reason: error.reason)
                return
            }
        }
    }

    /// Keeps the unparsed rest of a read and stops reading until it is handled: on the next loop iteration (after
    /// every other ready connection had its turn), or once the output queued so far has drained.
    private func postpone(_ rest: UnsafeRawBufferPointer, on connection: Connection) {
        deferred.append(contentsOf: rest)
        connection.suspendReads()
        if connection.queuedByteCount > context.configuration.httpOutputHighWater {
            connection.notifyWhenDrained = true
        } else {
            connection.loop.executeSoon { [weak self, weak connection] in
                guard let self, let connection else { return }
                resume(connection)
            }
        }
    }

    func connectionDidDrain(_ connection: Connection) {
        resume(connection)
    }

    private func resume(_ connection: Connection) {
        guard connection.isOpen, !deferred.isEmpty else { return }
        var bytes = deferred
        deferred = []
        connection.resumeReads()
        bytes.withUnsafeMutableBytes { process($0, on: connection) }
    }

    func connectionDeadlineReached(_ connection: Connection) {
        if parser.isIdle && !receivingHead {
            connection.close()  // idle keep-alive connection
        } else {
            context.logger.info("HTTP \(client): request head not complete in time")
            sendError(.requestTimeout, on: connection, reason: "request head not received in time")
        }
    }

    func connectionShutdownRequested(_ connection: Connection) {
        shuttingDown = true
        connection.closeAfterFlush(linger: .milliseconds(500))
    }

    // MARK: - Responding

    /// Answers one request. Returns the WebSocket handler when the connection was upgraded.
    private func respond(to head: HTTPRequestHead, on connection: Connection) -> WebSocketConnection? {
        let keepAlive = head.keepAlive && !shuttingDown
        switch head.method {
        case .get, .head:
            break
        case .other:
            return reject(head, .notImplemented, on: connection, reason: "unknown method")
        default:
            return reject(
                head, .methodNotAllowed, on: connection, reason: "method not allowed",
                extraHeaders: [("Allow", "GET, HEAD")])
        }
        if head.hasBody {
            // GET and HEAD carry no body here; reading one we would ignore invites request smuggling.
            return reject(head, .badRequest, on: connection, reason: "request body not accepted")
        }
        if WebSocketHandshake.isUpgradeRequest(head) {
            return upgrade(head, on: connection)
        }
        let dynamic: DynamicResponse? =
            head.path == "/healthz"
            ? DynamicResponse(contentType: "text/plain; charset=utf-8", body: Array("ok\n".utf8))
            : context.configuration.routes[String(head.path)]?()
        if let dynamic {
            let body = dynamic.body
            var response = HTTPResponseHead(status: dynamic.status)
            response.headers.add(name: "Content-Type", value: dynamic.contentType)
            response.headers.add(name: "Content-Length", value: String(body.count))
            response.headers.add(name: "Cache-Control", value: "no-store")
            if !keepAlive { response.headers.add(name: "Connection", value: "close") }
            send(response, body: head.method == .head ? [] : body, for: head, on: connection, keepAlive: keepAlive)
            return nil
        }
        var file = context.staticFiles.response(for: head, keepAlive: keepAlive)
        if let extra = context.configuration.staticResponseHeaders, file.status == 200 || file.status == 304 {
            for (name, value) in extra(head) { file.head.headers.add(name: name, value: value) }
        }
        send(file.head, body: file.body, for: head, on: connection, keepAlive: keepAlive)
        return nil
    }

    private func upgrade(_ head: HTTPRequestHead, on connection: Connection) -> WebSocketConnection? {
        guard let service = context.webSocketService,
            context.configuration.webSocketPaths?.contains(String(head.path)) ?? true
        else {
            return reject(head, .notFound, on: connection, reason: "no WebSocket endpoint at this path")
        }
        if let ip = requestClient.ip, !context.configuration.trustedProxies.trusts(requestClient) {
            let now = MonotonicClock.now()
            guard context.addressLimiter.admitUpgrade(from: ip, now: now) else {
                if context.addressLimiter.shouldLogRefusal(of: ip, now: now) {
                    context.logger.notice(
                        "refusing WebSocket upgrades from \(requestClient.host): more than "
                            + "\(context.addressLimiter.limits.upgradeRate)/s (logged once a minute)",
                        ["addr": .string(requestClient.host)])
                }
                return reject(
                    head, .tooManyRequests, on: connection, reason: "too many WebSocket connections from your address",
                    extraHeaders: [("Retry-After", "1")])
            }
        }
        switch WebSocketHandshake.validate(head, allowedOrigins: context.configuration.allowedOrigins) {
        case .failure(let error):
            context.logger.info(
                "WebSocket upgrade from \(requestClient) refused: \(error.reason)",
                ["addr": .string(requestClient.description), "status": LogValue(error.status)])
            return reject(
                head, HTTPStatus(code: error.status), on: connection, reason: error.reason,
                extraHeaders: error.responseHeaders)
        case .success(let accept):
            accessLog(head, status: 101, bytes: 0, connection: connection)
            let webSocket = context.configuration.webSocket
            let deflate =
                webSocket.permessageDeflate
                ? PerMessageDeflateParameters.negotiate(
                    offers: head.headers[all: "Sec-WebSocket-Extensions"],
                    serverContextTakeover: webSocket.deflateContextWindowBits != nil) : nil
            let socket = WebSocketConnection(
                connection: connection, role: .server, configuration: webSocket, timing: context.webSocketTiming,
                deflate: deflate,
                logger: context.logger, clientAddress: requestClient)
            socket.addressTicket = ticket
            ticket = nil
            let delegate = service.makeDelegate(for: socket, request: head)
            var headers = delegate.handshakeHeaders
            if let deflate { headers.append(("Sec-WebSocket-Extensions", deflate.headerValue)) }
            // Queued by reference: the answer is an array already, and copying it would take an output buffer that
            // every new connection would hold until it goes quiet.
            connection.writeShared(WebSocketHandshake.responseBytes(accept: accept, extraHeaders: headers))
            // Most WebSockets go quiet after the handshake: the queue's own storage goes back once the 101 is sent.
            connection.outputWillPause()
            socket.start(delegate: delegate)
            return socket
        }
    }

    /// Sends an error and closes: after a refused request the rest of the stream cannot be trusted.
    private func reject(
        _ head: HTTPRequestHead, _ status: HTTPStatus, on connection: Connection, reason: String,
        extraHeaders: [(String, String)] = []
    ) -> WebSocketConnection? {
        accessLog(head, status: status.code, bytes: 0, connection: connection)
        sendError(status, on: connection, reason: reason, extraHeaders: extraHeaders)
        return nil
    }

    private func sendError(
        _ status: HTTPStatus, on connection: Connection, reason: String, extraHeaders: [(String, String)] = []
    ) {
        connection.write(
            HTTPResponseHead.errorResponse(status: status, keepAlive: false, extraHeaders: HTTPHeaders(extraHeaders)))
        connection.closeAfterFlush()
    }

    private func send(
        _ response: HTTPResponseHead, body: [UInt8], for head: HTTPRequestHead, on connection: Connection,
        keepAlive: Bool
    ) {
        accessLog(head, status: response.status.code, bytes: body.count, connection: connection)
        connection.withOutputBuffer { response.write(into: &$0) }
        if !body.isEmpty {
            if body.count < 16 * 1024 { connection.write(body) } else { connection.writeShared(body) }
        }
        if !keepAlive { connection.closeAfterFlush() }
    }

    private func accessLog(_ head: HTTPRequestHead, status: Int, bytes: Int, connection: Connection) {
        guard context.configuration.accessLog else { return }
        let agent = head.headers[first: "User-Agent"] ?? "-"
        context.accessLogger.info(
            "\(requestClient.host) \"\(head.method) \(head.target) \(head.version)\" \(status) \(bytes) \"\(agent)\"",
            [
                "addr": .string(requestClient.host), "method": "\(head.method)", "path": .string(head.target),
                "status": LogValue(status), "bytes": LogValue(bytes), "agent": .string(agent),
            ])
    }
}

@available(*, unavailable)
extension HTTPServerHandler: Sendable {}
