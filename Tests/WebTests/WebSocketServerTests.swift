import Glibc
import HTTP
import NetCore
import Support
import Synchronization
import TestSupport
import Testing
import Web
import WebSocket

/// The WebSocket side of the server over real loopback sockets.
@Suite(.serialized)
struct WebSocketServerTests {
    @Test(arguments: ["/", "/ws"])
    func upgradesAndGreetsWithGo(path: String) throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawWebSocket(server.address, path: path)
        let greeting = try #require(try client.receiveFrame())
        #expect(greeting.opcode == .text)
        #expect(greeting.payload == Array("go".utf8))
    }

    @Test func echoesTextAndBinary() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        try client.send(text: "[4,23,51]")
        let text = try #require(try client.receiveFrame())
        #expect(text.opcode == .text && text.payload == Array("[4,23,51]".utf8))
        let blob: [UInt8] = (0..<70_000).map { UInt8(truncatingIfNeeded: $0) }
        let server2 = try TestServer { $0.webSocket.maxMessageSize = 1 << 20 }
        defer { server2.stop() }
        let client2 = try RawWebSocket(server2.address)
        _ = try client2.receiveFrame()
        try client2.send(opcode: .binary, blob)
        let binary = try #require(try client2.receiveFrame())
        #expect(binary.opcode == .binary && binary.payload == blob)
    }

    @Test func answersPingWithPong() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        try client.send(opcode: .ping, Array("are you there".utf8))
        let pong = try #require(try client.receiveFrame())
        #expect(pong.opcode == .pong && pong.payload == Array("are you there".utf8))
    }

    @Test func reassemblesFragmentsAroundAnInterleavedPing() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        try client.send(opcode: .text, Array("frag".utf8), fin: false)
        try client.send(opcode: .ping, Array("p".utf8))
        try client.send(opcode: .continuation, Array("men".utf8), fin: false)
        try client.send(opcode: .continuation, Array("ted".utf8), fin: true)
        let pong = try #require(try client.receiveFrame())
        #expect(pong.opcode == .pong)
        let message = try #require(try client.receiveFrame())
        #expect(message.opcode == .text && message.payload == Array("fragmented".utf8))
    }

    @Test func echoesTheClosingHandshake() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        try client.send(opcode: .close, [0x0F, 0xA0] + Array("bye".utf8))  // 4000
        #expect(try client.receiveCloseCode() == 4000)
        #expect(try client.socket.receiveUntilClosed().isEmpty)
    }

    @Test func closesWith1002ForAnUnmaskedFrame() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        try client.send(opcode: .text, Array("hi".utf8), mask: nil)
        #expect(try client.receiveCloseCode() == 1002)
    }

    @Test func closesWith1002ForReservedBitsAndOpcodes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let rsv = try RawWebSocket(server.address)
        _ = try rsv.receiveFrame()
        try rsv.socket.send([0xC1, 0x80, 0, 0, 0, 0])  // RSV1 set, masked, empty
        #expect(try rsv.receiveCloseCode() == 1002)
        let opcode = try RawWebSocket(server.address)
        _ = try opcode.receiveFrame()
        try opcode.socket.send([0x83, 0x80, 0, 0, 0, 0])  // opcode 3
        #expect(try opcode.receiveCloseCode() == 1002)
    }

    @Test func closesWith1007ForInvalidUTF8EvenAcrossFragments() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        try client.send(opcode: .text, [0x68, 0xCE], fin: false)
        try client.send(opcode: .continuation, [0xFF], fin: false)  // never completes: must fail now
        #expect(try client.receiveCloseCode() == 1007)
    }

    @Test func closesWith1009ForAnOversizedMessage() throws {
        let server = try TestServer { $0.webSocket.maxMessageSize = 1024 }
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        try client.send(opcode: .binary, [UInt8](repeating: 7, count: 2048))
        #expect(try client.receiveCloseCode() == 1009)
    }

    @Test func refusesBadUpgrades() throws {
        let server = try TestServer { $0.allowedOrigins = ["https://wirequest.example"] }
        defer { server.stop() }
        let base = "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        let key = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
        let origin = "Origin: https://wirequest.example\r\n"
        let wrongVersion = try server.request(base + key + origin + "Sec-WebSocket-Version: 8\r\n\r\n")
        #expect(wrongVersion.head.status.code == 426)
        #expect(wrongVersion.head.headers[first: "Sec-WebSocket-Version"] == "13")
        #expect(try server.request(base + origin + "Sec-WebSocket-Version: 13\r\n\r\n").head.status.code == 400)
        let badOrigin = try server.request(
            base + key + "Origin: https://evil.example\r\nSec-WebSocket-Version: 13\r\n\r\n")
        #expect(badOrigin.head.status.code == 403)
        let good = try server.request(base + key + origin + "Sec-WebSocket-Version: 13\r\n\r\n")
        #expect(good.head.status.code == 101)
    }

    @Test func pingsASilentClientAndDropsItIfItStaysSilent() throws {
        let server = try TestServer { $0.webSocket.pingInterval = .milliseconds(300) }
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        let ping = try #require(try client.receiveFrame())
        #expect(ping.opcode == .ping)
        // No pong and nothing else: the server gives up after another interval.
        #expect(try client.receiveFrame() == nil)
    }

    @Test func aClientThatAnswersPingsStaysConnected() throws {
        let server = try TestServer { $0.webSocket.pingInterval = .milliseconds(200) }
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        for _ in 0..<3 {
            let ping = try #require(try client.receiveFrame())
            #expect(ping.opcode == .ping)
            try client.send(opcode: .pong, ping.payload)
        }
        try client.send(text: "still here")
        #expect(try client.receiveFrame()?.payload == Array("still here".utf8))
    }

    @Test func closeTimeoutEndsAConnectionWhosePeerNeverAnswersClose() throws {
        let server = try TestServer { $0.webSocket.closeTimeout = .milliseconds(300) }
        defer { _ = system("rm -rf '\(server.root)'") }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        let web = server.server
        let started = MonotonicClock.now()
        let shutdown = NativeThread(name: "shutdown") { web.shutdownGracefully(timeout: .seconds(3)) }
        #expect(try client.receiveCloseCode() == 1001)
        #expect(try client.socket.receiveUntilClosed().isEmpty)  // never answered; the server hung up anyway
        shutdown.join()
        #expect(MonotonicClock.now() - started < .seconds(2))
    }

    @Test func gracefulShutdownSendsGoingAwayToEveryClient() throws {
        let server = try TestServer()
        defer { _ = system("rm -rf '\(server.root)'") }
        let clients = try (0..<20).map { _ in try RawWebSocket(server.address) }
        for client in clients { _ = try client.receiveFrame() }
        let web = server.server
        let shutdown = NativeThread(name: "shutdown") { web.shutdownGracefully(timeout: .seconds(3)) }
        for client in clients {
            #expect(try client.receiveCloseCode() == 1001)
            try client.send(opcode: .close, [0x03, 0xE9])
        }
        shutdown.join()
        for client in clients { #expect(try client.socket.receiveUntilClosed().isEmpty) }
    }
}

/// The project's own client against the project's own server.
@Suite(.serialized)
struct WebSocketClientTests {
    final class Recorder: WebSocketDelegate, @unchecked Sendable {  // state guarded by `events`
        let events = Mutex<[String]>([])
        func webSocketDidOpen(_ socket: WebSocketConnection) { events.withLock { $0.append("open") } }
        func webSocket(
            _ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer
        ) {
            let text = String(decoding: payload, as: UTF8.self)
            events.withLock { $0.append("\(opcode == .text ? "text" : "binary"):\(text)") }
            if text == "go" { socket.send(text: "[0,\"hello\"]") } else { socket.close(code: .normalClosure) }
        }
        func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {
            events.withLock { $0.append("close:\(code)") }
        }
        func webSocketDidFail(reason: String) { events.withLock { $0.append("fail") } }
    }

    @Test func talksToTheServerAndClosesCleanly() throws {
        let server = try TestServer()
        defer { server.stop() }
        let recorder = Recorder()
        let loop = server.group.loops[0]
        let url = try #require(WebSocketURL("ws://127.0.0.1:\(server.address.port)/"))
        loop.execute { _ = try? WebSocketClient.connect(to: url, on: loop, delegate: recorder) }
        let deadline = MonotonicClock.now() + .seconds(5)
        while MonotonicClock.now() < deadline, recorder.events.withLock({ $0.last?.hasPrefix("close") != true }) {
            usleep(10_000)
        }
        #expect(recorder.events.withLock { $0 } == ["open", "text:go", "text:[0,\"hello\"]", "close:1000"])
    }

    @Test func reportsARefusedConnection() throws {
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let recorder = Recorder()
        let loop = group.loops[0]
        let url = try #require(WebSocketURL("ws://127.0.0.1:1/"))
        loop.execute { _ = try? WebSocketClient.connect(to: url, on: loop, delegate: recorder) }
        let deadline = MonotonicClock.now() + .seconds(5)
        while MonotonicClock.now() < deadline, recorder.events.withLock({ $0.isEmpty }) { usleep(10_000) }
        #expect(recorder.events.withLock { $0 } == ["fail"])
    }

    @Test func parsesURLs() {
        #expect(WebSocketURL("ws://127.0.0.1:8000/") == WebSocketURL(host: "127.0.0.1", port: 8000, path: "/"))
        #expect(WebSocketURL("ws://example.org") == WebSocketURL(host: "example.org", port: 80, path: "/"))
        #expect(WebSocketURL("ws://[::1]:9001/ws") == WebSocketURL(host: "[::1]", port: 9001, path: "/ws"))
        #expect(WebSocketURL("http://x/") == nil)
        #expect(WebSocketURL("ws://x:99999/") == nil)
    }
}
