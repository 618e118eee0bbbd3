import HTTP
import NetCore
import Support
import WebSocket

/// RFC 6455 over a `Connection`: runs a `WebSocketSession` on the bytes the loop reads, answers pings, keeps
/// idle connections alive, and runs the closing handshake with its timeout. Server and client roles alike.
package final class WebSocketConnection: ConnectionHandler {
    // The stored properties go widest first, so that the small ones pack together: every idle connection holds these.
    package let connection: Connection
    package var delegate: (any WebSocketDelegate)?
    /// The few settings used after `init`, shared by a server's connections: every idle connection holds a reference,
    /// not the whole ``WebSocketConfiguration``.
    private let configuration: WebSocketTiming
    /// The loop's shared codec, when deflate was negotiated.
    private let codec: PerMessageDeflateCodec?
    /// The connection's place among its address's connections (server role), given back when it closes.
    package var addressTicket: AddressLimiter.Ticket?
    private var timedMessage: UInt64 = 0
    private let logger: Logger
    /// Who the client is: the TCP peer, or the client a trusted proxy named. Logs, bans and limits use this.
    package let clientAddress: ClientAddress
    private var session: WebSocketSession
    // `connection.deadline` is the earlier of these two: the keep-alive ping and the message timeout.
    private var pingDeadline: MonotonicClock.Instant?
    private var closeCode: UInt16?
    /// Set by every read; the ping timer clears it, so a busy connection costs no clock reads.
    private var heardFromPeer = true
    private var awaitingPong = false
    private var didNotifyClose = false
    private var messageDeadline: MonotonicClock.Instant?

    /// The negotiated permessage-deflate parameters, or nil when messages are not compressed.
    package var deflate: PerMessageDeflateParameters? { session.configuration.deflate }

    /// `deflate`: the permessage-deflate parameters agreed in the handshake, if any. Call on the connection's loop.
    package convenience init(
        connection: Connection, role: WebSocketRole, configuration: WebSocketConfiguration,
        deflate: PerMessageDeflateParameters? = nil, logger: Logger, clientAddress: ClientAddress? = nil
    ) {
        self.init(
            connection: connection, role: role, configuration: configuration, timing: WebSocketTiming(configuration),
            deflate: deflate, logger: logger, clientAddress: clientAddress)
    }

    /// `timing`: made once from `configuration` and shared by the connections that use it.
    init(
        connection: Connection, role: WebSocketRole, configuration: WebSocketConfiguration, timing: WebSocketTiming,
        deflate: PerMessageDeflateParameters?, logger: Logger, clientAddress: ClientAddress?
    ) {
        self.connection = connection
        self.clientAddress = clientAddress ?? ClientAddress(peer: connection.peer)
        self.configuration = timing
        self.logger = logger
        let codec = deflate == nil ? nil : DeflateCodecs.codec(for: connection.loop)
        self.codec = codec
        var random = SystemRandomNumberGenerator()
        session = WebSocketSession(
            configuration: .init(
                role: role, maxMessageSize: configuration.maxMessageSize, maxFragments: configuration.maxFragments,
                acceptsBinary: configuration.acceptsBinary, deflate: deflate,
                compressionThreshold: configuration.compressionThreshold,
                contextWindowBits: configuration.deflateContextWindowBits),
            maskSeed: random.next(), codec: codec)
        connection.maxQueuedBytes = max(configuration.maxQueuedBytes, configuration.maxMessageSize * 2 + 1024)
        connection.maxQueueAge = configuration.maxQueueAge
    }

    /// Takes over the connection from the handshake and tells the delegate.
    package func start(delegate: any WebSocketDelegate) {
        self.delegate = delegate
        connection.handler = self
        armPingTimer()
        delegate.webSocketDidOpen(self)
    }

    /// Open for sending messages: the closing handshake has not started.
    package var isOpen: Bool { session.state == .open && connection.isOpen }

    /// The TCP peer (a proxy, when there is one); see ``clientAddress``.
    package var peer: SocketAddress? { connection.peer }

    // MARK: - Sending

    /// Queues one message; it leaves with everything else written during this loop iteration.
    package func send(_ opcode: WebSocketOpcode, _ payload: UnsafeRawBufferPointer) {
        guard connection.isOpen else { return }
        connection.encodeOutput { _ = session.writeMessage(opcode, payload, into: &$0) }
    }

    package func send(text: String) {
        var text = text
        text.withUTF8 { send(.text, UnsafeRawBufferPointer($0)) }
    }

    package func send(_ opcode: WebSocketOpcode, _ payload: [UInt8]) {
        payload.withUnsafeBytes { send(opcode, $0) }
    }

    /// Queues a frame already encoded by `FrameEncoder` (unmasked: server role), to send one encoding to many
    /// connections. Small frames are copied into the output buffer, large ones queued by reference. With
    /// permessage-deflate the frame simply goes uncompressed (RSV1 clear), which RFC 7692 §6 allows.
    package func sendEncodedFrame(_ frame: [UInt8]) {
        guard isOpen else { return }
        if frame.count < 2048 { connection.write(frame) } else { connection.writeShared(frame) }
    }

    /// Starts the closing handshake (RFC 6455 §7.1.2): sends close, then waits `closeTimeout` for the peer's.
    package func close(code: WebSocketCloseCode = .normalClosure, reason: String = "") {
        guard connection.isOpen, session.state == .open else { return }
        connection.encodeOutput { _ = session.writeClose(code: code, reason: reason, into: &$0) }
        if session.state == .closed {
            connection.closeAfterFlush()
        } else {
            connection.deadline = MonotonicClock.now() + configuration.closeTimeout
        }
    }

    // MARK: - ConnectionHandler

    package func connectionDidOpen(_ connection: Connection) {}

    package func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {
        heardFromPeer = true
        var index = 0
        while connection.isOpen {
            switch session.next(bytes, index: &index) {
            case .needMore:
                // `case` rather than `==`: the synthesized `==` of another module's enum is a call.
                if case .open = session.state, session.isReceivingMessage || messageDeadline != nil { timeMessage() }
                return
            case .message(let opcode, let payload):
                if case .open = session.state { delegate?.webSocket(self, didReceive: opcode, payload: payload) }
                if let codec { codec.trim(above: 256 * 1024) }
                // The read ended with a message that lay in it (so no assembly buffer waits to be recycled): done,
                // without asking the session to say `.needMore`.
                if index == bytes.count, let start = payload.baseAddress, let base = bytes.baseAddress,
                    start >= UnsafeRawPointer(base), start + payload.count <= UnsafeRawPointer(base + bytes.count)
                {
                    if case .open = session.state, session.isReceivingMessage || messageDeadline != nil {
                        timeMessage()
                    }
                    return
                }
            case .ping(let payload):
                guard admitPing() else {
                    logger.info(
                        "closing WebSocket \(peerDescription) with 1008: ping flood",
                        ["addr": .string(peerDescription), "code": 1008])
                    closeCode = WebSocketCloseCode.policyViolation.rawValue
                    connection.encodeOutput {
                        _ = session.writeClose(code: .policyViolation, reason: "too many pings", into: &$0)
                    }
                    connection.closeAfterFlush()
                    return
                }
                if answerPing { connection.encodeOutput { _ = session.writePong(payload, into: &$0) } }
            case .pong:
                awaitingPong = false
            case .closeReceived(let code, _):
                closeCode = code ?? WebSocketCloseCode.noStatusReceived.rawValue
                if session.state != .closed {
                    // Echo the peer's code (§5.5.1); a close without a code is answered with an empty close.
                    let reply = code.map { WebSocketCloseCode($0) }
                    connection.encodeOutput { _ = session.writeClose(code: reply, reason: "", into: &$0) }
                }
                // §7.1.1: the server closes the TCP connection first; a client waits for it (the linger covers both).
                connection.closeAfterFlush()
                return
            case .failure(let code, let reason):
                return fail(code, "\(reason)")
            }
        }
    }

    private func fail(_ code: WebSocketCloseCode, _ reason: String) {
        logger.info(
            "closing WebSocket \(peerDescription) with \(code): \(reason)",
            ["addr": .string(peerDescription), "code": LogValue(code.rawValue)])
        closeCode = code.rawValue
        connection.encodeOutput { _ = session.writeClose(code: code, reason: reason, into: &$0) }
        connection.closeAfterFlush()
    }

    /// Starts the message timeout when a read ends inside a message, and stops it once no message is pending.
    /// Callers check first that a message is pending or timed, so a read of whole messages makes no call.
    private func timeMessage() {
        guard configuration.messageTimeout > .zero else { return }
        if session.isReceivingMessage {
            // A clock read only when a message spans reads, and a fresh limit for each new message.
            guard messageDeadline == nil || timedMessage != session.messagesBegun else { return }
            timedMessage = session.messagesBegun
            messageDeadline = MonotonicClock.now() + configuration.messageTimeout
        } else {
            guard messageDeadline != nil else { return }
            messageDeadline = nil
        }
        updateDeadline()
    }

    private func updateDeadline() {
        switch (pingDeadline, messageDeadline) {
        case (let ping?, let message?): connection.deadline = min(ping, message)
        case (let ping?, nil): connection.deadline = ping
        case (nil, let message?): connection.deadline = message
        case (nil, nil): connection.deadline = nil
        }
    }

    package func connectionDidReadEOF(_ connection: Connection) {
        connection.close()
    }

    package func connectionDeadlineReached(_ connection: Connection) {
        if session.state != .open {
            logger.debug("WebSocket \(peerDescription): no close frame within the close timeout")
            return connection.close()
        }
        let now = MonotonicClock.now()
        if let messageDeadline, now >= messageDeadline {
            return fail(.policyViolation, "message not completed in time")
        }
        guard let pingDeadline, now >= pingDeadline else { return updateDeadline() }
        if heardFromPeer {
            heardFromPeer = false
            awaitingPong = false
            return armPingTimer()
        }
        if awaitingPong {
            logger.info("WebSocket \(peerDescription): no answer to keep-alive ping; dropping")
            closeCode = WebSocketCloseCode.abnormal.rawValue
            return connection.close()
        }
        awaitingPong = true
        connection.encodeOutput { _ = session.writePing(UnsafeRawBufferPointer(start: nil, count: 0), into: &$0) }
        armPingTimer()
    }

    package func connectionShutdownRequested(_ connection: Connection) {
        close(code: .goingAway, reason: "server shutting down")
        if session.state == .open { connection.close() }
    }

    package func connectionDidClose(_ connection: Connection) {
        addressTicket?.release()
        guard !didNotifyClose else { return }
        didNotifyClose = true
        let delegate = self.delegate
        self.delegate = nil
        delegate?.webSocketDidClose(self, code: closeCode ?? WebSocketCloseCode.abnormal.rawValue)
    }

    /// Whether the last ping is answered (set by ``admitPing()``).
    private var answerPing = true
    /// Boxed: made at the first ping, which most connections (browsers) never send.
    private var pongs: Pongs?
    private var unansweredPings = 0

    /// Takes a pong token for a ping; false when the peer has sent too many pings unanswered (close it).
    private func admitPing() -> Bool {
        guard configuration.pingRate > 0 else {
            answerPing = true
            return true
        }
        let now = MonotonicClock.now().nanoseconds
        let pongs =
            self.pongs
            ?? Pongs(TokenBucket(rate: configuration.pingRate, burst: max(1, configuration.pingBurst), now: now))
        self.pongs = pongs
        answerPing = pongs.bucket.take(now: now)
        if !answerPing { unansweredPings += 1 }
        return unansweredPings <= configuration.pingFloodLimit
    }

    private func armPingTimer() {
        guard configuration.pingInterval > .zero else { return }
        pingDeadline = MonotonicClock.now() + configuration.pingInterval
        updateDeadline()
    }

    private var peerDescription: String { clientAddress.description }
}

/// The settings of ``WebSocketConfiguration`` a connection uses once open.
final class WebSocketTiming: Sendable {
    let pingInterval: Duration
    let closeTimeout: Duration
    let messageTimeout: Duration
    let pingRate: Double
    let pingBurst: Double
    let pingFloodLimit: Int

    init(_ configuration: WebSocketConfiguration) {
        pingInterval = configuration.pingInterval
        closeTimeout = configuration.closeTimeout
        messageTimeout = configuration.messageTimeout
        pingRate = configuration.pingRate
        pingBurst = configuration.pingBurst
        pingFloodLimit = configuration.pingFloodLimit
    }
}

private final class Pongs {
    var bucket: TokenBucket

    init(_ bucket: TokenBucket) { self.bucket = bucket }
}

@available(*, unavailable)
extension WebSocketConnection: Sendable {}
