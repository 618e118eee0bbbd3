import Glibc
import HTTP
import NetCore
import Support
import Synchronization
import TestSupport
import Testing
import Web
import WebSocket

/// A connection upgraded by hand with the given extension offer, reading frames with their RSV1 bit.
private final class DeflateClient {
    private let raw: RawWebSocket

    init(_ address: SocketAddress, offer: String?) throws {
        raw = try RawWebSocket(address, extensions: offer)
    }

    var extensions: String? { raw.extensions }

    func send(_ opcode: WebSocketOpcode, _ payload: [UInt8], fin: Bool = true, rsv1: Bool = false) throws {
        try raw.send(opcode: opcode, payload, fin: fin, rsv1: rsv1, mask: 0x0102_0304)
    }

    func receiveFrame() throws -> (header: FrameHeader, payload: [UInt8])? { try raw.receiveFrameWithHeader() }

    func receiveCloseCode() throws -> UInt16? { try raw.receiveCloseCode() }
}

private func compress(_ bytes: [UInt8]) -> [UInt8] {
    let codec = PerMessageDeflateCodec()
    return bytes.withUnsafeBytes { Array(codec.compress($0, windowBits: 15)!) }
}

private func inflate(_ bytes: [UInt8]) -> [UInt8]? {
    let codec = PerMessageDeflateCodec()
    guard case .message(let payload) = bytes.withUnsafeBytes({ codec.inflate($0, limit: 1 << 20) }) else { return nil }
    return Array(payload)
}

/// A client's inflater for a server that keeps context: one stream for the whole connection (RFC 7692 §7.2.2).
private final class ContextInflater {
    let inflater = ZlibInflater(windowBits: -15)!

    func inflate(_ bytes: [UInt8]) -> [UInt8]? {
        var out: [UInt8] = []
        let message = bytes.withUnsafeBytes { inflater.inflate($0, into: &out, limit: 1 << 20) }
        let tail = [UInt8]([0, 0, 0xFF, 0xFF]).withUnsafeBytes { inflater.inflate($0, into: &out, limit: 1 << 20) }
        return message == .consumed && tail == .consumed ? out : nil
    }
}

/// permessage-deflate and the message limits on the real server.
@Suite(.serialized)
struct WebSocketDeflateTests {
    static let batch = Array(String(repeating: "[4,1234,56,78],[9,1234,200,187],", count: 60).utf8)

    @Test func chromiumsOfferIsAcceptedAndMessagesGoCompressedBothWays() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try DeflateClient(server.address, offer: "permessage-deflate; client_max_window_bits")
        // The server keeps its own context (small messages compress against earlier ones) but not the client's.
        #expect(client.extensions == "permessage-deflate; client_no_context_takeover")
        let inflater = ContextInflater()
        // "go" is under the threshold: sent plain.
        let greeting = try #require(try client.receiveFrame())
        #expect(!greeting.header.rsv1 && greeting.payload == Array("go".utf8))
        try client.send(.text, compress(Self.batch), rsv1: true)
        let echo = try #require(try client.receiveFrame())
        #expect(echo.header.rsv1 && echo.header.opcode == .text)
        #expect(echo.payload.count < Self.batch.count / 4)
        #expect(inflater.inflate(echo.payload) == Self.batch)
        // A compressed message in fragments, and an uncompressed one after it.
        let packed = compress(Self.batch)
        try client.send(.binary, Array(packed.prefix(10)), fin: false, rsv1: true)
        try client.send(.continuation, Array(packed.dropFirst(10)))
        let second = try #require(try client.receiveFrame())
        #expect(second.header.opcode == .binary)
        // The same batch again refers back to the first: a few bytes.
        #expect(second.payload.count < 32)
        #expect(inflater.inflate(second.payload) == Self.batch)
        try client.send(.text, Array("plain".utf8))
        // Under 8 bytes even a message with context goes plain.
        let plain = try #require(try client.receiveFrame())
        #expect(!plain.header.rsv1 && plain.payload == Array("plain".utf8))
    }

    @Test func withoutContextEveryMessageIsCompressedAlone() throws {
        let server = try TestServer { $0.webSocket.deflateContextWindowBits = nil }
        defer { server.stop() }
        let client = try DeflateClient(server.address, offer: "permessage-deflate; client_max_window_bits")
        #expect(client.extensions == "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
        _ = try client.receiveFrame()
        for _ in 0..<2 {
            try client.send(.text, compress(Self.batch), rsv1: true)
            let echo = try #require(try client.receiveFrame())
            #expect(echo.header.rsv1 && inflate(echo.payload) == Self.batch)
        }
    }

    @Test func clientsAskingForNoServerContextGetIt() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try DeflateClient(server.address, offer: "permessage-deflate; server_no_context_takeover")
        #expect(client.extensions == "permessage-deflate; server_no_context_takeover; client_no_context_takeover")
        _ = try client.receiveFrame()
        for _ in 0..<2 {
            try client.send(.text, compress(Self.batch), rsv1: true)
            #expect(inflate(try #require(try client.receiveFrame()).payload) == Self.batch)
        }
    }

    @Test func noOfferOrDeflateOffMeansNoExtension() throws {
        let server = try TestServer()
        defer { server.stop() }
        #expect(try DeflateClient(server.address, offer: nil).extensions == nil)
        let off = try TestServer { $0.webSocket.permessageDeflate = false }
        defer { off.stop() }
        let client = try DeflateClient(off.address, offer: "permessage-deflate")
        #expect(client.extensions == nil)
        _ = try client.receiveFrame()
        // Without the extension RSV1 is a protocol error (RFC 6455 §5.2).
        try client.send(.text, compress(Self.batch), rsv1: true)
        #expect(try client.receiveCloseCode() == 1002)
    }

    @Test func decompressionBombClosesWith1009() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try DeflateClient(server.address, offer: "permessage-deflate")
        _ = try client.receiveFrame()
        try client.send(.binary, compress([UInt8](repeating: 0, count: 4 << 20)), rsv1: true)
        #expect(try client.receiveCloseCode() == 1009)
    }

    @Test func unfinishedMessageClosesWith1008AfterTheMessageTimeout() throws {
        let server = try TestServer { $0.webSocket.messageTimeout = .milliseconds(300) }
        defer { server.stop() }
        let client = try DeflateClient(server.address, offer: nil)
        _ = try client.receiveFrame()
        try client.send(.text, Array("never ".utf8), fin: false)
        #expect(try client.receiveCloseCode() == 1008)
    }

    @Test func binaryClosesWith1003WhenRefused() throws {
        let server = try TestServer { $0.webSocket.acceptsBinary = false }
        defer { server.stop() }
        let client = try DeflateClient(server.address, offer: nil)
        _ = try client.receiveFrame()
        try client.send(.text, Array("ok".utf8))
        #expect(try client.receiveFrame()?.payload == Array("ok".utf8))
        try client.send(.binary, [1, 2, 3])
        #expect(try client.receiveCloseCode() == 1003)
    }

    final class Recorder: WebSocketDelegate, @unchecked Sendable {  // state guarded by `events`
        let events = Mutex<[String]>([])
        func webSocketDidOpen(_ socket: WebSocketConnection) {
            events.withLock { $0.append(socket.deflate == nil ? "open" : "open+deflate") }
        }
        func webSocket(
            _ socket: WebSocketConnection, didReceive opcode: WebSocketOpcode, payload: UnsafeRawBufferPointer
        ) {
            if Array(payload) == Array("go".utf8) {
                WebSocketDeflateTests.batch.withUnsafeBytes { socket.send(.text, $0) }
                return
            }
            events.withLock { $0.append(Array(payload) == WebSocketDeflateTests.batch ? "batch" : "other") }
            socket.close(code: .normalClosure)
        }
        func webSocketDidClose(_ socket: WebSocketConnection, code: UInt16) {
            events.withLock { $0.append("close:\(code)") }
        }
        func webSocketDidFail(reason: String) { events.withLock { $0.append("fail:\(reason)") } }
    }

    @Test func ownClientNegotiatesAndRoundTrips() throws {
        let server = try TestServer()
        defer { server.stop() }
        let recorder = Recorder()
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let loop = group.loops[0]
        let url = try #require(WebSocketURL("ws://127.0.0.1:\(server.address.port)/"))
        loop.execute { _ = try? WebSocketClient.connect(to: url, on: loop, delegate: recorder) }
        let deadline = MonotonicClock.now() + .seconds(5)
        while MonotonicClock.now() < deadline, recorder.events.withLock({ $0.last?.hasPrefix("close") != true }) {
            usleep(10_000)
        }
        #expect(recorder.events.withLock { $0 } == ["open+deflate", "batch", "close:1000"])
    }
}
