import Cluster
import NetCore
import Redis
import RedisTestSupport
import Support
import Testing

struct ClusterDirectoryTests {
    @Test func twoNodesSeeEachOtherAndOneLeaves() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let group = try EventLoopGroup(threadCount: 2)
        defer { group.stop() }
        let a = try TestNode(id: "a", url: server.url, loop: group.loops[0])
        let b = try TestNode(id: "b", url: server.url, loop: group.loops[1])
        defer { a.stop() }
        defer { b.stop() }
        let changes = Box<[[String]]>([])
        a.directory.onChange { snapshot in changes.update { $0.append(snapshot.nodes.map(\.id)) } }
        b.population.update { $0 = 7 }
        let started = MonotonicClock.now()
        a.start()
        b.start()
        #expect(waitUntil(.seconds(3)) { a.seen == ["a", "b"] && b.seen == ["a", "b"] })
        let elapsed = MonotonicClock.now() - started
        print("cluster directory: two nodes saw each other after \(elapsed)")
        #expect(elapsed < .milliseconds(1500))
        #expect(a.directory.snapshot.node("b")?.worlds == [WorldInfo(population: 7, capacity: 100)])
        #expect(a.directory.snapshot.node("b")?.address == "127.0.0.1:8001")
        #expect(!a.directory.snapshot.stale)
        #expect(changes.current.contains(["a", "b"]))

        b.population.update { $0 = 9 }
        #expect(waitUntil(.seconds(3)) { a.directory.snapshot.node("b")?.population == 9 }, "records are refreshed")

        let left = Box(false)
        let leaving = MonotonicClock.now()
        b.directory.leave { left.update { $0 = true } }
        #expect(waitUntil(.seconds(2)) { left.current })
        #expect(waitUntil(.seconds(2)) { a.seen == ["a"] })
        print("cluster directory: a left node was gone after \(MonotonicClock.now() - leaving)")
        #expect(ClientCall.run(a.client, ["SMEMBERS", ClusterDirectory.nodesKey]).value == .array([.bulkString([97])]))
        #expect(ClientCall.run(a.client, ["EXISTS", ClusterDirectory.nodeKey("b")]).value == .integer(0))
    }

    @Test func aNodeThatStopsHeartbeatingIsDroppedWithinTheTTL() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let a = try TestNode(id: "a", url: server.url, loop: group.loops[0])
        let b = try TestNode(id: "b", url: server.url, loop: group.loops[0])
        defer { a.stop() }
        a.start()
        b.start()
        #expect(waitUntil(.seconds(3)) { a.seen == ["a", "b"] && b.seen == ["a", "b"] })
        // As kill -9 would: b's connections close without a goodbye and its record is left to expire.
        let killed = MonotonicClock.now()
        b.stop()
        #expect(waitUntil(.seconds(5)) { a.seen == ["a"] })
        let gone = MonotonicClock.now() - killed
        print("cluster directory: a silent node was dropped after \(gone)")
        #expect(gone < .milliseconds(3500))
        // b, cut off from Redis, keeps itself and marks its view stale, then drops a after the TTL.
        #expect(b.directory.snapshot.stale)
        #expect(waitUntil(.seconds(2)) { b.seen == ["b"] })
    }

    @Test func keepsAStaleViewThroughAShortRedisOutageThenDropsIt() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let a = try TestNode(id: "a", url: server.url, loop: group.loops[0])
        let b = try TestNode(id: "b", url: server.url, loop: group.loops[0])
        defer { a.stop() }
        defer { b.stop() }
        a.start()
        b.start()
        #expect(waitUntil(.seconds(3)) { a.seen == ["a", "b"] })
        let killed = MonotonicClock.now()
        server.kill()
        #expect(waitUntil(.seconds(2)) { a.directory.snapshot.stale })
        #expect(a.seen == ["a", "b"], "the others are kept while the outage is short")
        #expect(waitUntil(.seconds(5)) { a.seen == ["a"] })
        let dropped = MonotonicClock.now() - killed
        #expect(dropped >= .milliseconds(2500) && dropped < .milliseconds(4500), "dropped after \(dropped)")
        #expect(a.directory.snapshot.stale)

        try server.restart()
        #expect(waitUntil(.seconds(6)) { a.seen == ["a", "b"] && !a.directory.snapshot.stale })
    }

    @Test func skipsRecordsThatDoNotDecodeAndRemovesInvalidIDs() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let a = try TestNode(id: "a", url: server.url, loop: group.loops[0])
        defer { a.stop() }
        a.start()
        #expect(waitUntil { a.client.isUp })
        #expect(ClientCall.run(a.client, ["SET", "wq:node:junk", "wq1 junk 7 ? ? ? ?"]).value == .simpleString("OK"))
        #expect(
            ClientCall.run(a.client, ["SET", "wq:node:liar", NodeInfo(id: "x", address: "", startedAt: 0).encoded()])
                .value == .simpleString("OK"))
        #expect(ClientCall.run(a.client, ["SADD", "wq:nodes", "junk", "liar", "not valid!"]).value == .integer(3))
        #expect(
            waitUntil(.seconds(3)) {
                ClientCall.run(a.client, ["SISMEMBER", "wq:nodes", "not valid!"]).value == .integer(0)
            })
        #expect(a.seen == ["a"])
        #expect(a.client.isUp)
    }

    @Test func refusesAnInvalidNodeID() throws {
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let client = try RedisClient(
            configuration: RedisConfiguration(url: RedisURL("redis://127.0.0.1:1")!), loop: group.loops[0])
        #expect(throws: ClusterError.invalidNodeID("bad id")) {
            try ClusterDirectory(client: client, nodeID: "bad id") { NodeInfo(id: "", address: "", startedAt: 0) }
        }
    }
}

enum ClientCall {
    static func run(_ client: RedisClient, _ arguments: [String]) -> Result<RESPValue, RedisError> {
        let box = Box<Result<RESPValue, RedisError>?>(nil)
        client.send(arguments) { result in box.update { $0 = result } }
        _ = waitUntil(.seconds(5)) { box.current != nil }
        return box.current ?? .failure(.protocolViolation("test: no completion within 5 s"))
    }
}

extension Result where Success == RESPValue, Failure == RedisError {
    var value: RESPValue? {
        if case .success(let value) = self { return value }
        return nil
    }
}
