import GameServer
import GameTestSupport
import Glibc
import PostgresStore
import PostgresTestSupport
import Storage
import Support
import TestSupport
import Testing

/// Two game servers on one PostgreSQL database, as two nodes of a cluster: a character saved on one loads on the
/// other in the same place, one node at a time plays it (the newest session wins across nodes too), and a crashed
/// node's lease expires by itself. Needs `WIREQUEST_TEST_POSTGRES` (see PostgresScratch).
struct SharedStoreTests {
    private func node(_ name: String, _ scratch: PostgresScratch, ttl: Duration = .seconds(3)) throws -> TestGame {
        var storage = TestGame.fastStorage
        storage.leaseNode = name
        storage.leaseTTL = ttl
        storage.leaseRetry = .milliseconds(100)
        return try TestGame(worlds: 1, store: try PostgresStore.open(scratch.url), storage: storage) {
            $0.keepsPositions = true
        }
    }

    private func welcome(_ batch: [JSONValue]) throws -> (x: Int, y: Int) {
        let welcome = try #require(batch.first?.array)
        #expect(welcome[0].int == 1)
        return (try #require(welcome[3].int), try #require(welcome[4].int))
    }

    @Test func aCharacterSavedOnOneNodeEntersTheOtherWhereItStood() throws {
        guard try PostgresScratch.available() else { return }
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let a = try node("a", scratch)
        defer { a.stop() }
        let b = try node("b", scratch)
        defer { b.stop() }
        let cookie = "wq_token=" + String(repeating: "ab", count: 16)
        let (client, batch) = try a.join("Wanderer", cookie: cookie)
        let start = try welcome(batch)
        let target = (x: start.x < 20 ? start.x + 6 : start.x - 6, y: start.y)
        try client.send(text: "[4,\(target.x),\(target.y)]")
        usleep(1_500_000)  // the walk, then a save within the save interval
        client.disconnect()
        usleep(300_000)  // the leaving save is written and the lease given up
        let (_, again) = try b.join("Wanderer", cookie: cookie)
        let resumed = try welcome(again)
        #expect(resumed.x == target.x && resumed.y == target.y)
    }

    @Test func theNewestSessionWinsAcrossNodes() throws {
        guard try PostgresScratch.available() else { return }
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let a = try node("a", scratch)
        defer { a.stop() }
        let b = try node("b", scratch)
        defer { b.stop() }
        // What the bus does between processes: b asks a to let the character go.
        let holder = a.server.storage
        b.server.storage.onReleaseNeeded { node, character in
            if node == "a" { holder.releaseForOtherNode(character: character) }
        }
        let cookie = "wq_token=" + String(repeating: "cd", count: 16)
        let (older, _) = try a.join("Twice", cookie: cookie)
        let started = MonotonicClock.now()
        let (_, batch) = try b.join("Twice", cookie: cookie)
        _ = try welcome(batch)
        #expect(MonotonicClock.now() - started < .seconds(2))
        #expect(try older.receiveCloseCode() == 4002)
    }

    @Test func aCrashedNodesLeaseExpiresAndItsPlayerGetsIn() throws {
        guard try PostgresScratch.available() else { return }
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let b = try node("b", scratch)
        defer { b.stop() }
        let cookie = "wq_token=" + String(repeating: "ef", count: 16)
        let (first, _) = try b.join("Orphan", cookie: cookie)
        first.disconnect()
        usleep(300_000)
        // A node that crashed holding the character: its lease runs out a second from now, nobody releases it.
        let ghost = try PostgresStore.open(scratch.url)
        defer { ghost.close() }
        let id = try #require(try ghost.character(key: "orphan")).id
        #expect(try ghost.claimLease(character: id, node: "ghost", ttlMilliseconds: 1000) == nil)
        let started = MonotonicClock.now()
        let (_, batch) = try b.join("Orphan", cookie: cookie)
        _ = try welcome(batch)
        let waited = MonotonicClock.now() - started
        #expect(waited >= .milliseconds(700) && waited < .seconds(3))
        #expect(try b.get("/metrics").contains("wirequest_lease_waits_total{outcome=\"waited\"} 1\n"))
    }
}
