/// Why an opening handshake was refused, with the HTTP status to answer with (RFC 6455 §4.2.1, §4.2.2, §4.4).
package struct WebSocketHandshakeError: Error, Sendable, Equatable {
    /// 400 Bad Request, 403 Forbidden or 426 Upgrade Required.
    package var status: Int
    /// A short human-readable explanation, suitable for a log line or a plain-text response body.
    package var reason: String

    /// A refusal answered with `status`.
    package init(status: Int, reason: String) {
        self.status = status
        self.reason = reason
    }

    /// Extra header fields the refusal must carry: for 426, the versions the server speaks (RFC 6455 §4.4).
    package var responseHeaders: [(String, String)] {
        status == 426 ? [("Sec-WebSocket-Version", "13")] : []
    }
}
