import Glibc
import HTTP
import NetCore
import Support
import Testing
import Web
import WebSocket

/// Trusted proxies over real loopback sockets: the test connects from 127.0.0.1 and plays the proxy.
@Suite(.serialized)
struct ProxyServerTests {
    /// Greets every WebSocket with the client address the server settled on.
    private struct AddressService: WebSocketService {
        final class Delegate: WebSocketDelegate {
            func webSocketDidOpen(_ socket: WebSocketConnection) { socket.send(text: socket.clientAddress.description) }
            func webSocket(
                _ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer
            ) {}
            func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {}
        }
        func makeDelegate(for socket: WebSocketConnection, request: HTTPRequestHead) -> any WebSocketDelegate {
            Delegate()
        }
    }

    private final class Server {
        let server: WebServer
        let address: SocketAddress

        init(trust: [String], header: ForwardedHeader = .xForwardedFor, headerTimeout: Duration = .seconds(5)) throws {
            var configuration = WebServerConfiguration()
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.staticMounts = []
            configuration.headerTimeout = headerTimeout
            configuration.trustedProxies.header = header
            for block in trust {
                let trusted = configuration.trustedProxies.trust(block)
                #expect(trusted)
            }
            let group = try EventLoopGroup(threadCount: 1)
            server = WebServer(configuration: configuration, group: group, webSocketService: AddressService())
            address = try server.start()
        }

        func stop() { server.stop() }

        /// Opens a connection, sends `prefix` then a WebSocket upgrade (with `headers`), and returns the address
        /// the server greeted with, or the status line it refused with.
        func clientAddress(prefix: [UInt8] = [], headers: String = "") throws -> String {
            let socket = try BlockingSocket(connectingTo: address)
            try socket.send(
                prefix
                    + Array(
                        ("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" + headers
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n").utf8))
            let head = String(decoding: try socket.receive(until: Array("\r\n\r\n".utf8)), as: UTF8.self)
            guard head.hasPrefix("HTTP/1.1 101") else { return String(head.split(separator: "\r\n").first ?? "") }
            let frame = try socket.receive(exactly: 2)
            #expect(frame.first == 0x81)
            return String(decoding: try socket.receive(exactly: Int(frame[1] & 0x7F)), as: UTF8.self)
        }
    }

    private static let v2Signature: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A, 0x00, 0x0D, 0x0A, 0x51, 0x55, 0x49, 0x54, 0x0A]

    @Test func aTrustedProxysPROXYHeaderNamesTheClient() throws {
        let server = try Server(trust: ["127.0.0.0/8"])
        defer { server.stop() }
        #expect(
            try server.clientAddress(prefix: Array("PROXY TCP4 203.0.113.5 127.0.0.1 40000 80\r\n".utf8))
                == "203.0.113.5:40000")
        let v2 = Self.v2Signature + [0x21, 0x11, 0x00, 0x0C, 198, 51, 100, 9, 127, 0, 0, 1, 0x9C, 0x41, 0x00, 0x50]
        #expect(try server.clientAddress(prefix: v2) == "198.51.100.9:40001")
        // No header from a trusted proxy: plain HTTP, the proxy is the client.
        #expect(try server.clientAddress().hasPrefix("127.0.0.1:"))
        #expect(try server.clientAddress(prefix: Array("PROXY UNKNOWN\r\n".utf8)).hasPrefix("127.0.0.1:"))
    }

    @Test func aHeaderArrivingInPiecesIsPutTogether() throws {
        let server = try Server(trust: ["127.0.0.0/8"])
        defer { server.stop() }
        let v2 = Self.v2Signature + [0x21, 0x11, 0x00, 0x0C, 198, 51, 100, 9, 127, 0, 0, 1, 0x9C, 0x41, 0x00, 0x50]
        let socket = try BlockingSocket(connectingTo: server.address)
        // Pieces a few milliseconds apart usually reach the server as separate reads: the handler must keep them.
        for piece in [Array(v2[0..<1]), Array(v2[1..<13]), Array(v2[13..<20]), Array(v2[20...])] {
            try socket.send(piece)
            usleep(20_000)
        }
        try socket.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        let answer = String(decoding: try socket.receive(until: Array("ok\n".utf8)), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 200"))
    }

    @Test func theForwardingHeaderIsReadAfterThePROXYHeaderOnlyIfItsClientIsTrustedToo() throws {
        let server = try Server(trust: ["127.0.0.0/8"])
        defer { server.stop() }
        #expect(try server.clientAddress(headers: "X-Forwarded-For: 6.6.6.6, 192.0.2.44\r\n") == "192.0.2.44")
        // The PROXY header named an untrusted client: what that client writes in X-Forwarded-For is its own.
        let proxy = Array("PROXY TCP4 203.0.113.5 127.0.0.1 40000 80\r\n".utf8)
        #expect(try server.clientAddress(prefix: proxy, headers: "X-Forwarded-For: 6.6.6.6\r\n") == "203.0.113.5:40000")
        let chained = Array("PROXY TCP4 127.0.0.9 127.0.0.1 40000 80\r\n".utf8)
        #expect(try server.clientAddress(prefix: chained, headers: "X-Forwarded-For: 192.0.2.45\r\n") == "192.0.2.45")
    }

    @Test func anUntrustedPeerCannotNameAnotherClient() throws {
        let server = try Server(trust: ["10.0.0.0/8", "::1"])
        defer { server.stop() }
        #expect(try server.clientAddress(headers: "X-Forwarded-For: 6.6.6.6\r\n").hasPrefix("127.0.0.1:"))
        #expect(try server.clientAddress(headers: "Forwarded: for=6.6.6.6\r\n").hasPrefix("127.0.0.1:"))
        // A PROXY header from an untrusted peer is only a bad HTTP request.
        let v1 = Array("PROXY TCP4 6.6.6.6 127.0.0.1 40000 80\r\n".utf8)
        #expect(try server.clientAddress(prefix: v1) == "HTTP/1.1 400 Bad Request")
        let v2 = Self.v2Signature + [0x21, 0x11, 0x00, 0x0C, 6, 6, 6, 6, 127, 0, 0, 1, 0x9C, 0x41, 0x00, 0x50]
        #expect(try server.clientAddress(prefix: v2).hasPrefix("HTTP/1.1 400"))
    }

    @Test func aMalformedOrSlowPROXYHeaderFromATrustedPeerClosesTheConnection() throws {
        let server = try Server(trust: ["127.0.0.1"], headerTimeout: .milliseconds(300))
        defer { server.stop() }
        let bad = try BlockingSocket(connectingTo: server.address)
        try bad.send("PROXY TCP4 1.2.3.4 127.0.0.1 99999 80\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try bad.receiveUntilClosed().isEmpty)
        let slow = try BlockingSocket(connectingTo: server.address)
        try slow.send("PROXY TCP4 1.2.3.4 ")
        #expect(try slow.receiveUntilClosed().isEmpty)  // closed by the header timeout, nothing answered
        let split = try BlockingSocket(connectingTo: server.address)
        try split.send("PROXY TCP4 1.2.3.4 127.0.0.1 5 80\r\nGET /healthz HTTP/1.1\r\n")
        usleep(1_000_000)  // past the header timeout and the next sweep: the PROXY header counts against the head
        try split.send("Host: x\r\n\r\n")
        let answer = String(decoding: try split.receiveUntilClosed(), as: UTF8.self)
        #expect(answer.hasPrefix("HTTP/1.1 408"))
    }
}
