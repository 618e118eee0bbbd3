import HTTP

/// The opening handshake (RFC 6455 §4): validating an upgrade request and building the 101 response on the
/// server side, building the request on the client side. No extensions or subprotocols are negotiated: the
/// server simply omits `Sec-WebSocket-Extensions` and `Sec-WebSocket-Protocol` from its answer (§4.2.2), which
/// tells the client none were accepted.
package enum WebSocketHandshake {
    /// The GUID appended to the client's key before hashing (RFC 6455 §1.3, §4.2.2).
    package static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// The only protocol version this implementation speaks (RFC 6455 §4.1, §11.6).
    package static let version = "13"

    /// `Sec-WebSocket-Accept` for a `Sec-WebSocket-Key`: base64(SHA-1(key + GUID)) (RFC 6455 §4.2.2 step 5.4).
    package static func acceptValue(forKey key: String) -> String {
        var hasher = SHA1()
        hasher.update(key.utf8)
        hasher.update(guid.utf8)
        return Base64.encode(hasher.finalize())
    }

    /// Whether the request asks to upgrade to WebSocket at all (an `Upgrade` field holding the `websocket` token,
    /// case-insensitively). A request for which this is false is an ordinary HTTP request.
    package static func isUpgradeRequest(_ head: HTTPRequestHead) -> Bool {
        head.headers.containsToken("websocket", inField: "Upgrade")
    }

    /// Checks a client's opening handshake (RFC 6455 §4.2.1) and returns the `Sec-WebSocket-Accept` value, or why
    /// it was refused. `allowedOrigins`, when not nil, lists the acceptable `Origin` values (compared ASCII
    /// case-insensitively); a request without `Origin` is then refused too (§4.2.2 step 4, §10.2).
    package static func validate(
        _ head: HTTPRequestHead, allowedOrigins: [String]?
    ) -> Result<String, WebSocketHandshakeError> {
        func refuse(_ status: Int, _ reason: String) -> Result<String, WebSocketHandshakeError> {
            .failure(WebSocketHandshakeError(status: status, reason: reason))
        }
        let headers = head.headers
        // §4.2.1 items 1–6; any failure there is answered with 400 Bad Request.
        guard head.method == .get else { return refuse(400, "WebSocket handshake must use GET") }
        guard head.version.major > 1 || (head.version.major == 1 && head.version.minor >= 1) else {
            return refuse(400, "WebSocket handshake needs HTTP/1.1 or later")
        }
        guard headers.containsToken("websocket", inField: "Upgrade") else {
            return refuse(400, "missing Upgrade: websocket")
        }
        guard headers.containsToken("upgrade", inField: "Connection") else {
            return refuse(400, "Connection does not include upgrade")
        }
        guard headers.contains(name: "Host") else { return refuse(400, "missing Host") }
        let keys = headers[all: "Sec-WebSocket-Key"]
        guard keys.count == 1 else {
            return refuse(400, keys.isEmpty ? "missing Sec-WebSocket-Key" : "repeated Sec-WebSocket-Key")
        }
        let key = keys[0].trimmingOWS()
        // The key must be a base64-encoded 16-byte nonce (§4.1 item 7).
        guard let nonce = Base64.decode(key), nonce.count == 16 else {
            return refuse(400, "Sec-WebSocket-Key is not base64 of 16 bytes")
        }
        // An unsupported version gets 426 and the version we do support (§4.2.2 step 4, §4.4).
        let versions = headers[all: "Sec-WebSocket-Version"]
        guard versions.count == 1, versions[0].trimmingOWS() == version else {
            return refuse(426, "unsupported Sec-WebSocket-Version")
        }
        // A server may refuse origins it does not trust with 403 (§4.2.2 step 4, §10.2).
        if let allowedOrigins {
            guard let origin = headers[first: "Origin"]?.trimmingOWS() else { return refuse(403, "missing Origin") }
            guard allowedOrigins.contains(where: { HTTPHeaders.equalsIgnoringCase($0, origin) }) else {
                return refuse(403, "Origin not allowed")
            }
        }
        return .success(acceptValue(forKey: String(key)))
    }

    /// The complete 101 response accepting the upgrade (RFC 6455 §4.2.2 step 5), ready to write to the socket.
    package static func responseBytes(accept: String, extraHeaders: [(String, String)] = []) -> [UInt8] {
        var text =
            "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Accept: \(accept)\r\n"
        for (name, value) in extraHeaders { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// A `Sec-WebSocket-Key`: the base64 of a 16-byte nonce that the caller draws at random (RFC 6455 §4.1 item 7).
    package static func makeKey(random: [UInt8]) -> String {
        precondition(random.count == 16, "Sec-WebSocket-Key nonce must be 16 bytes")
        return Base64.encode(random)
    }

    /// A client's complete opening handshake request (RFC 6455 §4.1), ready to write to the socket. `path` is the
    /// request target (`/` or `/path?query`); `host` is sent as given (include `:port` when not the default).
    package static func requestBytes(
        host: String, path: String, key: String, origin: String?, extraHeaders: [(String, String)]
    ) -> [UInt8] {
        var text =
            "GET \(path.isEmpty ? "/" : path) HTTP/1.1\r\nHost: \(host)\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: \(version)\r\n"
        if let origin { text += "Origin: \(origin)\r\n" }
        for (name, value) in extraHeaders { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        return Array(text.utf8)
    }

    /// Whether a server's `Sec-WebSocket-Accept` answers the key the client sent (RFC 6455 §4.1, client step 4).
    package static func isValidAccept(_ accept: some StringProtocol, forKey key: String) -> Bool {
        accept.trimmingOWS() == acceptValue(forKey: key)
    }
}
