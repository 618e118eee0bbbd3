import HTTP
import NetCore

/// The body of a computed endpoint.
package struct DynamicResponse: Sendable {
    package var status: HTTPStatus
    package var contentType: String
    package var body: [UInt8]

    package init(status: HTTPStatus = .ok, contentType: String, body: [UInt8]) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// Everything a ``WebServer`` needs to know; every field has a default that serves Public/ and Maps/ from the
/// working directory on port 8000.
package struct WebServerConfiguration: Sendable {
    package var host = "0.0.0.0"
    package var port = 8000
    /// I/O threads (event loops).
    package var threads = 1
    /// URL prefix → directory. Longest prefix wins.
    package var staticMounts: [StaticFiles.Mount] = [
        .init(urlPrefix: "/", directory: "Public"),
        .init(urlPrefix: "/maps/", directory: "Maps"),
    ]
    /// Paths where a WebSocket upgrade is accepted (BrowserQuest clients open `ws://host:port/`); nil for any.
    package var webSocketPaths: Set<String>? = ["/", "/ws"]
    /// Origins allowed to open a WebSocket; nil allows any (browsers send Origin, bots and tools usually don't).
    package var allowedOrigins: [String]?
    package var webSocket = WebSocketConfiguration()
    package var httpLimits = HTTPLimits()
    /// A request's header section must arrive completely within this time (slow-client defence).
    package var headerTimeout: Duration = .seconds(10)
    /// An idle keep-alive connection is closed after this long.
    package var keepAliveTimeout: Duration = .seconds(30)
    /// Pipelined requests answered per read (and per loop iteration) on one connection; the rest wait their turn.
    package var maxRequestsPerRead = 16
    /// A connection with more output than this queued gets no further requests answered until it has read it.
    package var httpOutputHighWater = 256 * 1024
    /// Peers allowed to name another client address (PROXY protocol header, forwarding header), and the header
    /// they write. Empty: every client is its TCP peer.
    package var trustedProxies = TrustedProxies()
    /// Output queued for every connection together (see `OutputBudget`): the bound the group is made with.
    package var outputBudget = 64 * 1024 * 1024
    /// The kernel's send buffer per connection (SO_SNDBUF); nil lets it grow to `tcp_wmem`'s maximum (4 MiB). A
    /// game bounds it, so that a client that stops reading is seen to fall behind within seconds rather than after
    /// megabytes of kernel memory.
    package var socketSendBuffer: Int?
    /// Connections and WebSocket upgrades per client address.
    package var addressLimits = AddressLimits()
    /// Log one line per HTTP request.
    package var accessLog = false
    package var cacheControl = "no-cache"
    /// Extra GET endpoints computed per request (`/status`), by exact path.
    package var routes: [String: @Sendable () -> DynamicResponse] = [:]
    /// Header fields added to successful (200 and 304) static-file responses, decided per request (the game server
    /// sets its identity cookie on the pages a browser opens). Nil adds nothing.
    package var staticResponseHeaders: (@Sendable (HTTPRequestHead) -> [(String, String)])?

    package init() {}

    /// Serves `publicDirectory` at `/` and `mapsDirectory` at `/maps/`.
    package mutating func serveFiles(publicDirectory: String, mapsDirectory: String) {
        staticMounts = [
            .init(urlPrefix: "/", directory: publicDirectory),
            .init(urlPrefix: "/maps/", directory: mapsDirectory),
        ]
    }
}
