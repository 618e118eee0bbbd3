import Glibc
import Support
import Synchronization
import Testing

@testable import NetCore

/// Closes its connection from inside its own read, then keeps using it: the loop holds connections unretained
/// while dispatching, so the connection must outlive the close until the loop's iteration ends.
private final class Tally: Sendable {
    let count = Atomic<Int>(0)
}

private final class CloseThenTouch: ConnectionHandler {
    let touched: Tally
    init(touched: Tally) { self.touched = touched }
    func connectionDidOpen(_ connection: Connection) {}
    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {
        weak let probe = connection
        connection.write([1, 2, 3])
        connection.close()
        // The handler was let go by the close and the connection left the loop's table: it is still alive (the
        // probe would be nil once it was deinitialized) and still answers.
        guard probe != nil else { return }
        connection.write([4])
        touched.count.add(connection.isOpen ? 100 : 1, ordering: .relaxed)
    }
}

/// Greets and says its output will pause, like a game server's `go` before HELLO.
private final class Greeter: ConnectionHandler {
    func connectionDidOpen(_ connection: Connection) {
        connection.write(Array("go".utf8))
        connection.outputWillPause()
    }
    func connection(_ connection: Connection, didRead bytes: UnsafeMutableRawBufferPointer) {}
}

struct ConnectionLifetimeTests {
    @Test func aConnectionClosedByItsHandlerLivesUntilTheIterationEnds() throws {
        let touched = Tally()
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in
            CloseThenTouch(touched: touched)
        }
        for _ in 0..<20 {
            let client = try BlockingSocket(connectingTo: address)
            try client.send([0])
            #expect(try client.receiveUntilClosed() == [])  // closed at once: what was queued is dropped
        }
        #expect(touched.count.load(ordering: .relaxed) == 20)
    }

    @Test func outputThatWillPauseGivesItsBufferBackOnceSent() throws {
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in Greeter() }
        let client = try BlockingSocket(connectingTo: address)
        #expect(try client.receive(exactly: 2) == Array("go".utf8))
        let loop = group.loops[0]
        let pooled = Tally()
        let asked = WakeSignal()
        loop.execute {
            pooled.count.store(loop.pool.count, ordering: .relaxed)
            asked.signal()
        }
        #expect(asked.wait(until: MonotonicClock.now() + .seconds(5)))
        // The loop's pool was empty; the buffer the greeting took is back in it, not kept by the idle connection.
        #expect(pooled.count.load(ordering: .relaxed) == 1)
        _ = client
    }
}
