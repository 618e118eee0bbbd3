import GameServer
import GameTestSupport
import Glibc
import HTTP
import NetCore
import Support
import TestSupport
import Testing
import World

/// Connections that cost only their sender: places taken at HELLO, the pre-HELLO timeout, message rate limits.
@Suite struct ConnectionLimitsTests {
    /// Opens a WebSocket and reads `go`, saying nothing.
    func silent(_ game: TestGame) throws -> RawWebSocket {
        let client = try RawWebSocket(game.address)
        let go = try #require(try client.receiveFrame())
        #expect(String(decoding: go.payload, as: UTF8.self) == "go")
        return client
    }

    /// Whether a CHAT comes back to `client` within its next 20 batches.
    func hearsChat(_ client: RawWebSocket, in game: TestGame) throws -> Bool {
        for _ in 0..<20 where try game.nextBatch(client).contains(where: { $0[0]?.int == 11 }) { return true }
        return false
    }

    @Test func connectionsThatNeverSayHelloTakeNoPlace() throws {
        let game = try TestGame(worlds: 1, playersPerWorld: 2)
        defer { game.stop() }
        let idle = try (0..<8).map { _ in try silent(game) }
        // Eight silent connections on a world of two: real players still get in.
        let (first, batch) = try game.join("first")
        let (second, _) = try game.join("second")
        #expect(batch.first?.array?.first?.int == 1)  // WELCOME
        #expect(try game.status() == "[2]")
        _ = (idle, first, second)
    }

    @Test func silenceBeforeHelloIsClosedSoon() throws {
        let game = try TestGame(worlds: 1) { $0.helloTimeout = .milliseconds(300) }
        defer { game.stop() }
        let client = try silent(game)
        let started = MonotonicClock.now()
        #expect(try client.receiveCloseCode() == 1008)
        #expect(MonotonicClock.now() - started < .seconds(3))
        let metrics = try game.get("/metrics")
        #expect(metrics.contains("wirequest_hello_timeouts_total 1"))
    }

    @Test func silentConnectionsCloseInTurnWhileOneThatSaidHelloPlays() throws {
        let game = try TestGame(worlds: 1) { $0.helloTimeout = .milliseconds(400) }
        defer { game.stop() }
        let first = try silent(game)
        usleep(150_000)
        let second = try silent(game)
        let (player, _) = try game.join("talker")
        let started = MonotonicClock.now()
        #expect(try first.receiveCloseCode() == 1008)
        #expect(try second.receiveCloseCode() == 1008)
        #expect(MonotonicClock.now() - started < .seconds(3))
        // Past every deadline, the one that said HELLO still plays.
        usleep(300_000)
        try player.send(text: "[11,\"still here\"]")
        #expect(try hearsChat(player, in: game))
        let metrics = try game.get("/metrics")
        #expect(metrics.contains("wirequest_hello_timeouts_total 2"))
    }

    @Test func helloDeadlinesComeDueInOrderWithOneTimer() {
        var deadlines = HelloDeadlines<SessionID>()
        let start = MonotonicClock.Instant(nanoseconds: 1_000_000_000)
        let ms = { (n: Int) in start + .milliseconds(n) }
        var sets = [deadlines.append(1, deadline: ms(0)), deadlines.append(2, deadline: ms(10))]
        sets.append(deadlines.append(3, deadline: ms(20)))
        #expect(sets == [true, false, false])  // the first sets the timer
        var due = [deadlines.popDue(now: ms(-1)), deadlines.popDue(now: ms(10)), deadlines.popDue(now: ms(10))]
        due.append(deadlines.popDue(now: ms(10)))
        #expect(due == [nil, 1, 2, nil])
        let next = deadlines.nextTimer()
        #expect(next == ms(20))
        let setsAgain = deadlines.append(4, deadline: ms(30))
        #expect(!setsAgain)  // the timer for 3 is still set
        due = [deadlines.popDue(now: ms(1_000)), deadlines.popDue(now: ms(1_000))]
        #expect(due == [3, 4])
        let none = deadlines.nextTimer()
        #expect(none == nil)
        let setsNew = deadlines.append(5, deadline: ms(2_000))
        #expect(setsNew)  // none was set: this one sets it
        // Many entries: what was taken is dropped as it goes, and the order holds.
        for id in 6..<2_000 { _ = deadlines.append(SessionID(id), deadline: ms(2_000)) }
        var taken: [SessionID] = []
        while let id = deadlines.popDue(now: ms(2_000)) { taken.append(id) }
        #expect(taken == Array(5..<2_000))
        #expect(deadlines.count == 0)
    }

    @Test func aFirstMessageOtherThanHelloCloses() throws {
        let game = try TestGame(worlds: 1)
        defer { game.stop() }
        let client = try silent(game)
        try client.send(text: "[4,3,3]")
        #expect(try client.receiveCloseCode() == 1008)
    }

    @Test func messagesOverTheirLimitAreDroppedAndCounted() throws {
        let game = try TestGame(worlds: 1) { configuration in
            configuration.messageLimits.perKind[.zone] = .init(rate: 0, burst: 3)
            configuration.messageLimits.abuse = .init(rate: 0, burst: 100)
        }
        defer { game.stop() }
        let (client, _) = try game.join("zoner")
        for _ in 0..<10 { try client.send(text: "[21]") }
        // Still open: a CHAT goes through (its own bucket) and comes back.
        try client.send(text: "[11,\"still here\"]")
        #expect(try hearsChat(client, in: game))
        let metrics = try game.get("/metrics")
        #expect(metrics.contains("wirequest_messages_dropped_total{kind=\"zone\"} 7"))
    }

    @Test func aFloodPastTheAbuseAllowanceCloses() throws {
        let game = try TestGame(worlds: 1) { configuration in
            configuration.messageLimits.perKind[.move] = .init(rate: 0, burst: 5)
            configuration.messageLimits.abuse = .init(rate: 0, burst: 20)
        }
        defer { game.stop() }
        let (flooder, _) = try game.join("flooder")
        let (neighbour, _) = try game.join("neighbour")
        for index in 0..<40 { try flooder.send(text: "[4,\(3 + index % 2),3]") }
        #expect(try flooder.receiveCloseCode() == 1008)
        // The neighbour is untouched.
        try neighbour.send(text: "[11,\"fine\"]")
        #expect(try hearsChat(neighbour, in: game))
        #expect(try game.get("/metrics").contains("wirequest_flooding_closes_total 1"))
    }

    @Test func limitsParseFromTheCommandLineForm() {
        var limits = MessageRateLimits()
        let accepted = ["move=20/40", "all=100", "who-ids=300/900"].map { limits.set($0) }
        #expect(accepted == [true, true, true])
        #expect(limits.perKind[.move] == .init(rate: 20, burst: 40))
        #expect(limits.all == .init(rate: 100, burst: 200))
        #expect(limits.whoIDs == .init(rate: 300, burst: 900))
        for bad in ["move", "move=", "move=x", "fly=3", "move=3/0", "move=-1", "move=1/2/3", "move=inf"] {
            let taken = limits.set(bad)
            #expect(!taken, "\(bad)")
        }
    }
}

@Suite struct MetricsListenTests {
    @Test func operatorEndpointsMoveToTheirOwnAddress() throws {
        let game = try TestGame(worlds: 1) { $0.metricsListen = ("127.0.0.1", 0) }
        defer { game.stop() }
        let metricsAddress = try #require(game.server.metricsAddress)
        #expect(metricsAddress.port != game.address.port)
        // Not on the public port any more.
        #expect(try game.response("/metrics").head.status.code == 404)
        #expect(try game.response("/status").head.status.code == 404)
        let socket = try BlockingSocket(connectingTo: metricsAddress)
        try socket.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\nGET /status HTTP/1.1\r\nHost: x\r\n\r\n")
        let metrics = try HTTPTestClient.readResponse(socket)
        #expect(metrics.head.status.code == 200 && metrics.body.contains("wirequest_players{world=\"0\"} 0"))
        let status = try HTTPTestClient.readResponse(socket)
        #expect(status.body == "[0]")
        // And no game there: no WebSocket, no files.
        #expect(throws: (any Error).self) { _ = try RawWebSocket(metricsAddress) }
    }
}
