import HTTP
import Testing
import WebSocket

private func request(
    method: HTTPMethod = .get, version: HTTPVersion = .http1_1, removing removed: [String] = [],
    adding added: [(String, String)] = []
) -> HTTPRequestHead {
    var fields: [(String, String)] = [
        ("Host", "server.example.com"), ("Upgrade", "websocket"), ("Connection", "Upgrade"),
        ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="), ("Origin", "http://example.com"),
        ("Sec-WebSocket-Version", "13"),
    ]
    fields.removeAll { field in removed.contains { HTTPHeaders.equalsIgnoringCase($0, field.0) } }
    fields += added
    return HTTPRequestHead(method: method, target: "/chat", version: version, headers: HTTPHeaders(fields))
}

private func refusal(_ head: HTTPRequestHead, allowedOrigins: [String]? = nil) -> WebSocketHandshakeError? {
    switch WebSocketHandshake.validate(head, allowedOrigins: allowedOrigins) {
    case .success: nil
    case .failure(let error): error
    }
}

struct WebSocketHandshakeTests {
    @Test func acceptValueFromRFCExample() {
        // RFC 6455 §1.3.
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        #expect(WebSocketHandshake.isValidAccept("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", forKey: "dGhlIHNhbXBsZSBub25jZQ=="))
        #expect(!WebSocketHandshake.isValidAccept("s3pPLMBiTxaQ9kYGzzhZRbK+xOo", forKey: "dGhlIHNhbXBsZSBub25jZQ=="))
    }

    @Test func acceptsValidRequest() throws {
        let accept = try WebSocketHandshake.validate(request(), allowedOrigins: nil).get()
        #expect(accept == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        let lenient = request(
            removing: ["Upgrade", "Connection"],
            adding: [("upgrade", "WebSocket"), ("connection", "keep-alive, Upgrade")])
        #expect(refusal(lenient) == nil)
        #expect(refusal(request(), allowedOrigins: ["http://other.example", "HTTP://Example.com"]) == nil)
        #expect(refusal(request(version: HTTPVersion(major: 2, minor: 0))) == nil)
    }

    @Test func isUpgradeRequest() {
        #expect(WebSocketHandshake.isUpgradeRequest(request()))
        #expect(WebSocketHandshake.isUpgradeRequest(request(removing: ["Upgrade"], adding: [("Upgrade", "WEBSOCKET")])))
        #expect(!WebSocketHandshake.isUpgradeRequest(request(removing: ["Upgrade"])))
        #expect(!WebSocketHandshake.isUpgradeRequest(request(removing: ["Upgrade"], adding: [("Upgrade", "h2c")])))
    }

    @Test(
        arguments: [
            ("POST", request(method: .post), 400),
            ("HTTP/1.0", request(version: .http1_0), 400),
            ("no Upgrade", request(removing: ["Upgrade"]), 400),
            ("wrong Upgrade", request(removing: ["Upgrade"], adding: [("Upgrade", "h2c")]), 400),
            ("no Connection", request(removing: ["Connection"]), 400),
            (
                "Connection without upgrade", request(removing: ["Connection"], adding: [("Connection", "keep-alive")]),
                400
            ),
            ("no Host", request(removing: ["Host"]), 400),
            ("no key", request(removing: ["Sec-WebSocket-Key"]), 400),
            (
                "key not base64",
                request(removing: ["Sec-WebSocket-Key"], adding: [("Sec-WebSocket-Key", "not base64!")]), 400
            ),
            (
                "key of 15 bytes",
                request(
                    removing: ["Sec-WebSocket-Key"], adding: [("Sec-WebSocket-Key", "AAAAAAAAAAAAAAAAAAAA")]), 400
            ),
            ("repeated key", request(adding: [("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")]), 400),
            ("version 8", request(removing: ["Sec-WebSocket-Version"], adding: [("Sec-WebSocket-Version", "8")]), 426),
            ("no version", request(removing: ["Sec-WebSocket-Version"]), 426),
        ] as [(String, HTTPRequestHead, Int)])
    func refuses(name: String, head: HTTPRequestHead, status: Int) throws {
        let error = try #require(refusal(head), "\(name)")
        #expect(error.status == status, "\(name): \(error.reason)")
        if status == 426 {
            #expect(error.responseHeaders.count == 1)
            #expect(error.responseHeaders.first?.0 == "Sec-WebSocket-Version")
            #expect(error.responseHeaders.first?.1 == "13")
        } else {
            #expect(error.responseHeaders.isEmpty)
        }
    }

    @Test func refusesOrigins() {
        #expect(refusal(request(), allowedOrigins: ["http://other.example"])?.status == 403)
        #expect(refusal(request(removing: ["Origin"]), allowedOrigins: ["http://example.com"])?.status == 403)
        #expect(refusal(request(), allowedOrigins: [])?.status == 403)
        #expect(refusal(request(removing: ["Origin"]), allowedOrigins: nil) == nil)
    }

    @Test func ignoresExtensionsAndSubprotocols() {
        let head = request(adding: [
            ("Sec-WebSocket-Extensions", "permessage-deflate"), ("Sec-WebSocket-Protocol", "x"),
        ])
        #expect(refusal(head) == nil)
    }

    @Test func responseBytes() {
        let text = String(
            decoding: WebSocketHandshake.responseBytes(accept: "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="), as: UTF8.self)
        #expect(
            text == "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n")
    }

    @Test func clientRequest() {
        let key = WebSocketHandshake.makeKey(random: Array("the sample nonce".utf8))
        #expect(key == "dGhlIHNhbXBsZSBub25jZQ==")
        let bytes = WebSocketHandshake.requestBytes(
            host: "localhost:8000", path: "/chat", key: key, origin: "http://localhost:8000",
            extraHeaders: [("User-Agent", "wirequest")])
        #expect(
            String(decoding: bytes, as: UTF8.self) == "GET /chat HTTP/1.1\r\nHost: localhost:8000\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nOrigin: http://localhost:8000\r\nUser-Agent: wirequest\r\n\r\n")
        let minimal = WebSocketHandshake.requestBytes(host: "h", path: "", key: key, origin: nil, extraHeaders: [])
        #expect(String(decoding: minimal, as: UTF8.self).hasPrefix("GET / HTTP/1.1\r\n"))
        #expect(!String(decoding: minimal, as: UTF8.self).contains("Origin"))
    }
}
