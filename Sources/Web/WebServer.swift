import HTTP
import NetCore
import Support
import WebSocket

/// HTTP/1.1 static files and WebSocket on one port, over an `EventLoopGroup`.
package final class WebServer: Sendable {
    /// What every connection handler of this server shares (immutable). A class, so that each handler holds a
    /// reference rather than a copy of the whole configuration.
    final class Context: Sendable {
        let configuration: WebServerConfiguration
        let staticFiles: StaticFiles
        let webSocketService: (any WebSocketService)?
        let addressLimiter: AddressLimiter
        let logger: Logger
        let accessLogger = Logger(label: "access")
        /// What every WebSocket of this server keeps of `configuration.webSocket`, made once.
        let webSocketTiming: WebSocketTiming

        init(
            configuration: WebServerConfiguration, staticFiles: StaticFiles, webSocketService: (any WebSocketService)?,
            addressLimiter: AddressLimiter, logger: Logger, webSocketTiming: WebSocketTiming
        ) {
            self.configuration = configuration
            self.staticFiles = staticFiles
            self.webSocketService = webSocketService
            self.addressLimiter = addressLimiter
            self.logger = logger
            self.webSocketTiming = webSocketTiming
        }
    }

    package let group: EventLoopGroup
    private let context: Context

    /// Serves on `group`'s loops; nothing is bound until ``start()``.
    package init(
        configuration: WebServerConfiguration, group: EventLoopGroup, webSocketService: (any WebSocketService)?,
        logger: Logger = Logger(label: "web")
    ) {
        self.group = group
        context = Context(
            configuration: configuration,
            staticFiles: StaticFiles(mounts: configuration.staticMounts, cacheControl: configuration.cacheControl),
            webSocketService: webSocketService, addressLimiter: AddressLimiter(limits: configuration.addressLimits),
            logger: logger, webSocketTiming: WebSocketTiming(configuration.webSocket))
    }

    /// Binds and starts accepting. Returns the bound address (with the real port if 0 was asked for).
    @discardableResult
    package func start() throws(IOError) -> SocketAddress {
        let address = try SocketAddress(host: context.configuration.host, port: context.configuration.port)
        let context = self.context
        return try group.listen(on: address) { connection in
            let peer = ClientAddress(peer: connection.peer)
            // Only a trusted proxy may start with a PROXY header; from anyone else it is a bad HTTP request.
            if context.configuration.trustedProxies.trusts(peer) { return ProxyHeaderHandler(context: context) }
            return HTTPServerHandler(context: context, client: peer)
        }
    }

    /// Stops accepting, sends close 1001 to every WebSocket, and returns when all are closed or after `timeout`.
    package func shutdownGracefully(timeout: Duration = .seconds(4)) {
        group.shutdownGracefully(timeout: timeout)
    }

    /// Stops at once (tests).
    package func stop() {
        group.stop()
    }
}
