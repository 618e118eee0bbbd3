import Glibc
import HTTP
import NetCore
import Support
import TestSupport
import Testing
import Web
import WebSocket

/// Clients that try to cost the server more than their share: pipelining floods, readers that stop, and one
/// address opening connection after connection.
@Suite struct HostileClientTests {
    /// Polls `condition` every 20 ms for up to `seconds`.
    func eventually(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let deadline = MonotonicClock.now() + .seconds(seconds)
        while MonotonicClock.now() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }

    @Test func pipelinedRequestsAreAllAnsweredInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let socket = try server.connect()
        let paths = (0..<300).map { $0 % 2 == 0 ? "/app.js" : "/missing-\($0)" }
        try socket.send(paths.map { "GET \($0) HTTP/1.1\r\nHost: x\r\n\r\n" }.joined())
        for path in paths {
            let (head, _) = try HTTPTestClient.readResponse(socket)
            #expect(head.status.code == (path == "/app.js" ? 200 : 404))
        }
    }

    @Test func aPipelinerThatDoesNotReadQueuesLittleAndStallsNoOne() throws {
        let server = try TestServer { $0.httpOutputHighWater = 64 * 1024 }
        defer { server.stop() }
        let flooder = try server.connect()
        // A small receive buffer, never read: what the server cannot send stays queued on its side.
        var small: Int32 = 4096
        setsockopt(flooder.fd, SOL_SOCKET, SO_RCVBUF, &small, 4)
        let request = Array("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        let flood = [UInt8]((0..<20_000).flatMap { _ in request })
        try flooder.send(Array(flood.prefix(256 * 1024)))
        // Meanwhile another client is answered at once.
        let (head, body) = try server.request("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(head.status.code == 200 && body.contains("42"))
        usleep(300_000)
        // The flooder's queue stops near the high-water mark instead of holding thousands of answers.
        #expect(server.group.outputBudget.queuedBytes < 256 * 1024)
    }

    @Test func oneAddressHoldsOnlySoManyConnections() throws {
        let server = try TestServer { $0.addressLimits.maxConnections = 3 }
        defer { server.stop() }
        var held = try (0..<3).map { _ in try server.connect() }
        // The fourth is answered 429 and closed.
        let (refused, _) = try server.request("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(refused.status.code == 429)
        // Closing one gives its place back.
        held.removeLast()
        #expect(
            eventually {
                (try? server.request("GET /app.js HTTP/1.1\r\nHost: x\r\n\r\n").head.status.code) == 200
            })
        _ = held
    }

    @Test func upgradesPerSecondArePerAddress() throws {
        let server = try TestServer { limits in
            limits.addressLimits.upgradeRate = 0
            limits.addressLimits.upgradeBurst = 2
        }
        defer { server.stop() }
        let first = try RawWebSocket(server.address)
        let second = try RawWebSocket(server.address)
        #expect(throws: (any Error).self) { _ = try RawWebSocket(server.address) }
        let key = "dGhlIHNhbXBsZSBub25jZQ=="
        let (head, _) = try server.request(
            "GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n\r\n")
        #expect(head.status.code == 429)
        #expect(head.headers[first: "Retry-After"] == "1")
        _ = (first, second)
    }

    @Test func aWebSocketReaderTooFarBehindIsDropped() throws {
        let server = try TestServer { $0.webSocket.maxQueueAge = .milliseconds(400) }
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        var small: Int32 = 4096
        setsockopt(client.socket.fd, SOL_SOCKET, SO_RCVBUF, &small, 4)
        _ = try client.receiveFrame()  // go
        // 6 MB of echoes, under the 8 MiB byte bound: the kernel buffers hold some, the rest wait on the server.
        let payload = [UInt8](repeating: 0x61, count: 60_000)
        // Sending fails once the server has dropped us: that is the point.
        for _ in 0..<100 { guard (try? client.send(opcode: .text, payload)) != nil else { break } }
        #expect(eventually { server.group.connectionCount == 0 })
    }

    @Test func overTheOutputBudgetTheLargestQueuesGo() throws {
        let server = try TestServer(outputBudget: OutputBudget(limit: 1 << 20, fairShare: 64 * 1024))
        defer { server.stop() }
        let hog = try RawWebSocket(server.address)
        var small: Int32 = 4096
        setsockopt(hog.socket.fd, SOL_SOCKET, SO_RCVBUF, &small, 4)
        _ = try hog.receiveFrame()
        let payload = [UInt8](repeating: 0x62, count: 60_000)
        for _ in 0..<100 { guard (try? hog.send(opcode: .text, payload)) != nil else { break } }
        #expect(eventually { server.group.outputBudget.overrunCount >= 1 })
        // A client that reads is served as before.
        let reader = try RawWebSocket(server.address)
        _ = try reader.receiveFrame()
        try reader.send(text: "still echoing")
        let echo = try #require(try reader.receiveFrame())
        #expect(String(decoding: echo.payload, as: UTF8.self) == "still echoing")
        #expect(server.group.outputBudget.queuedBytes < 2 << 20)
    }
}

@Suite struct PingFloodTests {
    @Test func aPingFloodGetsFewPongsAndThenIsClosed() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()  // go
        for _ in 0..<300 { try? client.send(opcode: .ping, Array("p".utf8)) }
        var pongs = 0
        var closeCode: UInt16?
        while let frame = try? client.receiveFrame() {
            if frame.opcode == .pong { pongs += 1 }
            if frame.opcode == .close, frame.payload.count >= 2 {
                closeCode = UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1])
                break
            }
        }
        // The burst of 50 is answered (a pong or two more may refill meanwhile), then 200 go unanswered: closed.
        #expect((50...60).contains(pongs))
        #expect(closeCode == 1008)
    }

    @Test func ordinaryPingsAreAllAnswered() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawWebSocket(server.address)
        _ = try client.receiveFrame()
        for index in 0..<20 {
            try client.send(opcode: .ping, Array("\(index)".utf8))
            let pong = try #require(try client.receiveFrame())
            #expect(pong.opcode == .pong && pong.payload == Array("\(index)".utf8))
        }
    }
}

@Suite struct AddressLimiterTests {
    let now = MonotonicClock.Instant(nanoseconds: 1_000_000_000)

    @Test func ipv6CountsByItsSlash64() throws {
        var limits = AddressLimits()
        limits.maxConnections = 2
        let limiter = AddressLimiter(limits: limits)
        let a = try #require(IPAddress("2001:db8:1:2::1"))
        let b = try #require(IPAddress("2001:db8:1:2:ffff::9"))
        let other = try #require(IPAddress("2001:db8:1:3::1"))
        let tickets = [a, b].map { limiter.admitConnection(from: $0, now: now) }
        #expect(tickets.allSatisfy { $0 != nil })
        #expect(limiter.admitConnection(from: a, now: now) == nil)
        #expect(limiter.admitConnection(from: other, now: now) != nil)
    }

    @Test func releasedPlacesComeBackAndIdleAddressesAreForgotten() throws {
        var limits = AddressLimits()
        limits.maxConnections = 1
        let limiter = AddressLimiter(limits: limits)
        let address = try #require(IPAddress("192.0.2.7"))
        var ticket = limiter.admitConnection(from: address, now: now)
        #expect(ticket != nil && limiter.admitConnection(from: address, now: now) == nil)
        ticket?.release()
        ticket?.release()  // once only
        ticket = nil
        #expect(limiter.count == 0)
        #expect(limiter.admitConnection(from: address, now: now) != nil)
    }

    @Test func theTableHasAHardSize() throws {
        let limiter = AddressLimiter(limits: AddressLimits(), maxEntries: 4)
        let held = (1...4).map { limiter.admitConnection(from: IPAddress(v4: 0x0A00_0000 | UInt32($0)), now: now) }
        #expect(held.allSatisfy { $0 != nil })
        // A fifth address while all four hold connections: refused rather than grown.
        #expect(limiter.admitConnection(from: IPAddress(v4: 0x0A00_0099), now: now) == nil)
        _ = held
    }
}
