import NetCore
import Support

/// What a ``RedisLink`` tells its owner. Called on the link's loop.
protocol RedisLinkDelegate: AnyObject {
    /// Connected, and AUTH/SELECT/PING succeeded: commands may flow.
    func linkDidComeUp(_ link: RedisLink)
    /// A link that was up is gone (closed, failed, dropped or stopped).
    func linkDidGoDown(_ link: RedisLink)
    /// A value that arrived after the handshake.
    func link(_ link: RedisLink, didReceive value: RESPValue)
}

/// One logical connection to Redis that keeps itself connected: connect with a timeout, log in, parse, and
/// reconnect with backoff after every loss until stopped. The client and the subscriber each own one.
///
/// Confined to `loop`: every method must be called on its thread.
final class RedisLink: ConnectionHandler {
    let loop: EventLoop
    let configuration: RedisConfiguration
    private let address: SocketAddress
    private let logger: Logger
    weak var delegate: (any RedisLinkDelegate)?

    private(set) var connection: Connection?
    private(set) var isUp = false
    private var parser: RESPParser
    private var handshakeRemaining = 0
    private var stopped = true
    private var reconnectDelay: Duration
    private var connectTimer: UInt64?
    private var reconnectTimer: UInt64?
    /// The last failure was logged: later ones in the same outage go to debug.
    private var failureLogged = false

    init(configuration: RedisConfiguration, address: SocketAddress, loop: EventLoop, logger: Logger) {
        self.configuration = configuration
        self.address = address
        self.loop = loop
        self.logger = logger
        parser = RESPParser(limits: configuration.parserLimits)
        reconnectDelay = configuration.minReconnectDelay
    }

    func start() {
        guard stopped else { return }
        stopped = false
        connect()
    }

    /// Closes for good (until ``start()``); an up link reports down first.
    func stop() {
        stopped = true
        if let reconnectTimer { loop.cancelTimer(reconnectTimer) }
        reconnectTimer = nil
        connection?.close()
    }

    /// Closes the current connection (a protocol error, a timeout); the link reconnects after the backoff.
    func drop(reason: String) {
        guard let connection else { return }
        note("dropping the connection to \(configuration.url): \(reason)")
        connection.close()
    }

    /// Queues one command on the open connection; returns the bytes it took (0 when there is no connection).
    @discardableResult
    func write(_ arguments: [String]) -> Int {
        guard let connection, connection.isOpen else { return 0 }
        return connection.withOutputBuffer { buffer in
            let before = buffer.count
            RESPEncoder.appendCommand(arguments, into: &buffer)
            return buffer.count - before
        }
    }

    @discardableResult
    func write(_ arguments: [[UInt8]]) -> Int {
        guard let connection, connection.isOpen else { return 0 }
        return connection.withOutputBuffer { buffer in
            let before = buffer.count
            RESPEncoder.appendCommand(arguments, into: &buffer)
            return buffer.count - before
        }
    }

    // MARK: - Connecting

    private func connect() {
        reconnectTimer = nil
        guard !stopped, connection == nil else { return }
        parser.reset()
        do {
            _ = try loop.connect(to: address) { connection in
                self.connection = connection
                connection.maxQueuedBytes = max(configuration.maxPendingBytes * 2, 1 << 20)
                return self
            }
        } catch {
            fail("cannot connect to \(configuration.url): \(error)")
            scheduleReconnect()
            return
        }
        connectTimer = loop.scheduleTimer(after: configuration.connectTimeout) { [weak self] in
            guard let self else { return }
            connectTimer = nil
            guard !isUp, let connection else { return }
            fail("no connection to \(configuration.url) within \(configuration.connectTimeout)")
            connection.close()
        }
    }

    private func scheduleReconnect() {
        guard !stopped, reconnectTimer == nil else { return }
        let delay = reconnectDelay
        reconnectDelay = min(reconnectDelay * 2, configuration.maxReconnectDelay)
        reconnectTimer = loop.scheduleTimer(after: delay) { [weak self] in self?.connect() }
    }

    /// Logs the first failure of an outage as a warning and the retries at debug level.
    private func fail(_ message: String) {
        if failureLogged {
            logger.debug(message)
        } else {
            failureLogged = true
            logger.warning(message)
        }
    }

    private func note(_ message: String) {
        logger.warning(message)
    }

    // MARK: - ConnectionHandler

    func connectionDidOpen(_ connection: Connection) {
        guard connection === self.connection else { return }
        var commands: [[String]] = []
        if let password = configuration.url.password {
            commands.append(["AUTH"] + (configuration.url.username.map { [$0] } ?? []) + [password])
        }
        if configuration.url.database != 0 { commands.append(["SELECT", String(configuration.url.database)]) }
        commands.append(["PING"])
        handshakeRemaining = commands.count
        for command in commands { write(command) }
    }

    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {
        guard connection === self.connection else { return }
        parser.append(UnsafeRawBufferPointer(bytes))
        while connection === self.connection, connection.isOpen {
            let value: RESPValue?
            do {
                value = try parser.next()
            } catch {
                logger.error("closing the connection to \(configuration.url): \(error)")
                connection.close()
                return
            }
            guard let value else { return }
            if handshakeRemaining > 0 {
                handshake(value, connection)
            } else {
                delegate?.link(self, didReceive: value)
            }
        }
    }

    private func handshake(_ value: RESPValue, _ connection: Connection) {
        if case .error(let message) = value {
            fail("Redis at \(configuration.url) refused the login: \(message)")
            connection.close()
            return
        }
        handshakeRemaining -= 1
        guard handshakeRemaining == 0 else { return }
        if let connectTimer { loop.cancelTimer(connectTimer) }
        connectTimer = nil
        isUp = true
        failureLogged = false
        reconnectDelay = configuration.minReconnectDelay
        delegate?.linkDidComeUp(self)
    }

    func connectionDidReadEOF(_ connection: Connection) {
        connection.close()
    }

    func connectionDidFail(_ connection: Connection, error: IOError) {
        fail("cannot connect to \(configuration.url): \(error)")
    }

    func connectionDidClose(_ connection: Connection) {
        guard connection === self.connection else { return }
        self.connection = nil
        if let connectTimer { loop.cancelTimer(connectTimer) }
        connectTimer = nil
        handshakeRemaining = 0
        parser.reset()
        if isUp {
            isUp = false
            delegate?.linkDidGoDown(self)
        }
        scheduleReconnect()
    }
}
