import Glibc
import NetCore
import Support
import Synchronization
import Testing

/// Echoes every byte back; closes on EOF after flushing.
private final class EchoHandler: ConnectionHandler {
    func connectionDidOpen(_ connection: Connection) {}
    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {
        connection.write(UnsafeRawBufferPointer(bytes))
    }
    func connectionDidReadEOF(_ connection: Connection) { connection.closeAfterFlush() }
}

/// Sends one large block on open and closes after flushing it.
private final class BulkSender: ConnectionHandler {
    let payload: [UInt8]
    init(payload: [UInt8]) { self.payload = payload }
    func connectionDidOpen(_ connection: Connection) {
        connection.write(payload)
        connection.closeAfterFlush()
    }
    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {}
}

struct EventLoopTests {
    @Test func echoesBytesOverTCP() throws {
        let group = try EventLoopGroup(threadCount: 2)
        defer { group.stop() }
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in EchoHandler() }
        #expect(address.port != 0)
        for round in 0..<4 {
            let client = try BlockingSocket(connectingTo: address)
            let message = Array("hello \(round)".utf8)
            try client.send(message)
            #expect(try client.receive(exactly: message.count) == message)
            client.shutdownWrite()
            #expect(try client.receiveUntilClosed() == [])
        }
    }

    @Test func largeWriteSurvivesPartialWrites() throws {
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let payload = (0..<(8 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in
            BulkSender(payload: payload)
        }
        let client = try BlockingSocket(connectingTo: address)
        let received = try client.receiveUntilClosed()
        #expect(received.count == payload.count)
        #expect(received == payload)
    }

    @Test func timersFireInDeadlineOrderAndCancelledOnesDoNot() throws {
        let loop = try EventLoop()
        let fired = Mutex<[Int]>([])
        let thread = NativeThread(name: "test-loop") { loop.run() }
        loop.execute {
            let now = MonotonicClock.now()
            loop.scheduleTimer(at: now + .milliseconds(30)) { fired.withLock { $0.append(3) } }
            loop.scheduleTimer(at: now + .milliseconds(10)) { fired.withLock { $0.append(1) } }
            let cancelled = loop.scheduleTimer(at: now + .milliseconds(20)) { fired.withLock { $0.append(2) } }
            loop.cancelTimer(cancelled)
            loop.scheduleTimer(at: now + .milliseconds(40)) { loop.stop() }
        }
        thread.join()
        #expect(fired.withLock { $0 } == [1, 3])
    }

    @Test func gracefulShutdownAsksEveryConnectionAndFinishes() throws {
        let group = try EventLoopGroup(threadCount: 2)
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in EchoHandler() }
        let clients = try (0..<10).map { _ in try BlockingSocket(connectingTo: address) }
        for client in clients {
            try client.send("x")
            #expect(try client.receive(exactly: 1) == [UInt8(ascii: "x")])
        }
        let started = MonotonicClock.now()
        group.shutdownGracefully(timeout: .seconds(2))
        #expect(MonotonicClock.now() - started < .seconds(3))
        for client in clients { #expect(try client.receiveUntilClosed() == []) }
    }

    @Test func raisesOpenFileLimit() {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        #expect(raiseOpenFileLimit() == UInt64(limit.rlim_max))
    }
}
