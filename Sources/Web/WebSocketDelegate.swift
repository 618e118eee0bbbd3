import HTTP
import WebSocket

/// The application side of one WebSocket connection: what the echo server, the game and the bots implement.
/// Called on the connection's loop thread only.
package protocol WebSocketDelegate: AnyObject {
    /// The handshake is done; the socket can send.
    func webSocketDidOpen(_ socket: WebSocketConnection)

    /// A complete text (valid UTF-8) or binary message. The bytes are valid only during the call.
    func webSocket(_ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer)

    /// The connection is gone. `code` is the peer's close code, 1005 for a close without one, 1006 when the TCP
    /// connection ended without a closing handshake.
    func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16)

    /// A client connection failed before the handshake completed (refused, timed out, bad answer).
    func webSocketDidFail(reason: String)

    /// Header fields a server adds to its `101 Switching Protocols` (a `Set-Cookie`), asked once, after the
    /// delegate is made and before the answer is written.
    var handshakeHeaders: [(String, String)] { get }
}

extension WebSocketDelegate {
    package func webSocketDidFail(reason: String) {}
    package var handshakeHeaders: [(String, String)] { [] }
}

/// Creates the delegate of each WebSocket connection accepted by a server. Called on the connection's loop.
package protocol WebSocketService: Sendable {
    func makeDelegate(for socket: WebSocketConnection, request: HTTPRequestHead) -> any WebSocketDelegate
}

/// Timeouts and limits of WebSocket connections.
package struct WebSocketConfiguration: Sendable {
    /// Largest message accepted, summed over fragments (→ close 1009).
    package var maxMessageSize: Int = 64 * 1024
    /// Idle time after which a ping is sent, and then the time a silent peer has to answer before it is dropped.
    /// Zero turns keep-alive pings off.
    package var pingInterval: Duration = .seconds(30)
    /// How long to wait for the peer's close frame after sending ours.
    package var closeTimeout: Duration = .seconds(3)
    /// Queued output beyond this closes the connection (a client that stopped reading).
    package var maxQueuedBytes: Int = 8 * 1024 * 1024
    /// A peer this far behind (its oldest unsent byte queued this long ago) is dropped; nil for no such bound.
    package var maxQueueAge: Duration?
    /// The most frames one message may arrive in (→ close 1008). Autobahn's largest is 65,536 (case 9.3.1), which
    /// the echo server allows; a game message never needs more than a handful.
    package var maxFragments: Int = 1024
    /// A message whose frames are still arriving after this long closes the connection with 1008, so a peer cannot
    /// hold a half-received message (and its buffer) open. Zero turns the limit off.
    package var messageTimeout: Duration = .seconds(10)
    /// Whether binary messages are taken; when false, one closes the connection with 1003 (unsupported data).
    package var acceptsBinary = true
    /// Negotiate permessage-deflate (RFC 7692): a server accepts a client's offer, a client makes one.
    package var permessageDeflate = true
    /// With permessage-deflate, messages shorter than this are sent uncompressed (when compressed one by one).
    package var compressionThreshold = 64
    /// With permessage-deflate, a server keeps its compression history across messages (context takeover, unless
    /// the client asks otherwise) in a per-connection window of 2^bits bytes: the game's messages average ~50 bytes
    /// and compress only against the ones before them. nil: each message is compressed alone with the loop's shared
    /// stream, and a connection holds no zlib memory at all.
    package var deflateContextWindowBits: Int? = 10

    /// Pings answered per second, and at once: beyond them a ping gets no pong (RFC 6455 §5.5.3 lets an endpoint
    /// answer only the latest), and a peer that keeps pinging past `pingFloodLimit` unanswered ones is closed with
    /// 1008. A pong flood is otherwise a free amplifier of our output. Zero rate turns the limit off.
    package var pingRate: Double = 10
    package var pingBurst: Double = 50
    package var pingFloodLimit = 200

    package init() {}
}
