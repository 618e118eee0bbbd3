import Glibc
import PostgresTestSupport
import Storage
import Testing

@testable import PostgresStore

/// After an outage every node lost its session, and none could renew its leases: a node that has just reconnected
/// must not take an expired lease at once, since its holder may still have unwritten saves for the character.
@Suite struct PostgresOutageLeaseTests {
    @Test func aReconnectedStoreHoldsOffAnExpiredLeaseForOneTTL() throws {
        guard try PostgresScratch.available() else { return }
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let a = try PostgresStore.open(scratch.url)
        let b = try PostgresStore.open(scratch.url)
        defer {
            a.close()
            b.close()
        }
        let character = try a.createCharacter(
            name: "Lena", owner: [UInt8](repeating: 3, count: 32),
            progress: CharacterProgress(id: 0, armor: 1, weapon: 2, hp: 3), now: 1
        ).id
        // a's lease expires at once, as one does when the database was down for longer than its TTL.
        #expect(try a.claimLease(character: character, node: "a", ttlMilliseconds: 1) == nil)
        usleep(20_000)
        // b loses its session (the server restarted) and reconnects: for one TTL the expired lease is still a's.
        let pid = b.connection.backendProcessID
        try scratch.terminate(backend: pid)
        for _ in 0..<100 {
            let left = try scratch.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", [String(pid)])
            if left.rows == [["0"]] { break }
            usleep(20_000)
        }
        #expect(throws: StorageError.self) { try b.characterCount() }
        #expect(try b.claimLease(character: character, node: "b", ttlMilliseconds: 60_000) == "a")
        #expect(b.connection.sessions == 2)
        // Past that TTL (here 50 ms), an expired lease is free: its holder had the time to renew it.
        usleep(100_000)
        #expect(try b.claimLease(character: character, node: "b", ttlMilliseconds: 50) == nil)
        #expect(try scratch.execute("SELECT node FROM leases").rows == [["b"]])
        // A store on its first session takes an expired lease at once (a crashed node's players get in).
        let c = try PostgresStore.open(scratch.url)
        defer { c.close() }
        usleep(100_000)
        #expect(try c.claimLease(character: character, node: "c", ttlMilliseconds: 60_000) == nil)
    }
}
