import Dispatch
import Glibc
import PostgresTestSupport
import Storage
import Synchronization
import Testing

@testable import PostgresStore

/// The store against a real server (`WIREQUEST_TEST_POSTGRES`), each test in a schema of its own.
@Suite struct PostgresServerTests {
    /// Runs `body` with a fresh schema, or skips visibly when no server is configured.
    private func withScratch(_ test: String = #function, _ body: (PostgresScratch) throws -> Void) throws {
        guard try PostgresScratch.available(test) else { return }
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        try body(scratch)
    }

    @Test func migrationsRunOnceAndANewerSchemaIsRefused() throws {
        try withScratch { scratch in
            try PostgresStore.open(scratch.url).close()
            try PostgresStore.open(scratch.url).close()
            let versions = try scratch.execute("SELECT version FROM schema_migrations ORDER BY version").rows
            #expect(versions == PostgresMigration.all.map { [String($0.version)] })
            let older = Array(PostgresMigration.all.prefix(2))
            #expect {
                try PostgresStore.open(scratch.url, migrations: older)
            } throws: { error in
                (error as? StorageOpenError)?.kind == .newerSchema
            }
        }
    }

    @Test func nodesStartingAtOnceMigrateOnce() throws {
        try withScratch { scratch in
            let failures = Mutex<[String]>([])
            let url = scratch.url
            DispatchQueue.concurrentPerform(iterations: 4) { _ in
                do {
                    try PostgresStore.open(url).close()
                } catch {
                    failures.withLock { $0.append("\(error)") }
                }
            }
            #expect(failures.withLock { $0 } == [])
            let count = try scratch.execute("SELECT count(*) FROM schema_migrations").rows
            #expect(count == [[String(PostgresMigration.newestVersion)]])
        }
    }

    @Test func aLeaseIsHeldByOneNodeUntilReleasedOrExpired() throws {
        try withScratch { scratch in
            let a = try PostgresStore.open(scratch.url)
            let b = try PostgresStore.open(scratch.url)
            defer {
                a.close()
                b.close()
            }
            let character = try a.createCharacter(
                name: "Alice", owner: [UInt8](repeating: 1, count: 32),
                progress: CharacterProgress(id: 0, armor: 1, weapon: 2, hp: 3), now: 1
            ).id
            #expect(try a.claimLease(character: character, node: "a", ttlMilliseconds: 60_000) == nil)
            #expect(try b.claimLease(character: character, node: "b", ttlMilliseconds: 60_000) == "a")
            // Claiming again is renewing: still a's.
            #expect(try a.claimLease(character: character, node: "a", ttlMilliseconds: 60_000) == nil)
            try b.releaseLease(character: character, node: "b")  // not b's to release
            #expect(try b.claimLease(character: character, node: "b", ttlMilliseconds: 60_000) == "a")
            try a.releaseLease(character: character, node: "a")
            #expect(try b.claimLease(character: character, node: "b", ttlMilliseconds: 60_000) == nil)
            #expect(try a.claimLease(character: character, node: "a", ttlMilliseconds: 60_000) == "b")
            // A node restarting drops what its previous run held.
            try b.releaseLeases(node: "b")
            #expect(try a.claimLease(character: character, node: "a", ttlMilliseconds: 200) == nil)
            // Renewed for a minute, a's lease outlives its first 200 ms.
            try a.renewLeases(node: "a", ttlMilliseconds: 60_000)
            usleep(400_000)
            #expect(try b.claimLease(character: character, node: "b", ttlMilliseconds: 60_000) == "a")
            // Not renewed, it expires by the database's clock and b takes it.
            #expect(try a.claimLease(character: character, node: "a", ttlMilliseconds: 1) == nil)
            try a.renewLeases(node: "a", ttlMilliseconds: 1)
            usleep(50_000)
            #expect(try b.claimLease(character: character, node: "b", ttlMilliseconds: 60_000) == nil)
            #expect(try scratch.execute("SELECT node FROM leases").rows == [["b"]])
        }
    }

    @Test func aLostSessionFailsOneCallTransientlyAndTheNextReconnects() throws {
        try withScratch { scratch in
            let store = try PostgresStore.open(scratch.url)
            defer { store.close() }
            _ = try store.createCharacter(
                name: "Bob", owner: [UInt8](repeating: 2, count: 32),
                progress: CharacterProgress(id: 0, armor: 1, weapon: 2, hp: 3), now: 1)
            let pid = store.connection.backendProcessID
            #expect(pid != 0)
            try scratch.terminate(backend: pid)
            // Wait until the server process is gone, so the next call cannot slip in before it dies.
            for _ in 0..<100 {
                let left = try scratch.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", [String(pid)])
                if left.rows == [["0"]] { break }
                usleep(20_000)
            }
            #expect {
                try store.characterCount()
            } throws: { error in
                (error as? StorageError)?.isTransient == true
            }
            #expect(try store.characterCount() == 1)
            #expect(store.connection.backendProcessID != pid)
        }
    }

    @Test func positionsAreStoredAndASaveIsAllOrNothing() throws {
        try withScratch { scratch in
            let store = try PostgresStore.open(scratch.url)
            defer { store.close() }
            let alice = try store.createCharacter(
                name: "Alice", owner: [UInt8](repeating: 1, count: 32),
                progress: CharacterProgress(id: 0, armor: 1, weapon: 2, hp: 3, x: 7, y: 8), now: 1)
            #expect(try store.character(id: alice.id)?.progress.x == 7)
            #expect(try store.character(id: alice.id)?.progress.y == 8)
            let bob = try store.createCharacter(
                name: "Bob", owner: [UInt8](repeating: 2, count: 32),
                progress: CharacterProgress(id: 0, armor: 1, weapon: 2, hp: 3), now: 1)
            #expect(try store.character(id: bob.id)?.progress.x == nil)
            var moved = alice.progress
            moved.x = 40
            moved.y = 50
            moved.kills = [9: 1]
            try store.save([moved], now: 2)
            #expect(try store.character(id: alice.id)?.progress == moved)
            // Bob's x does not fit the column: the whole batch fails, Alice's update with it.
            var next = moved
            next.x = 41
            next.kills = [9: 2]
            var bad = bob.progress
            bad.x = 1 << 40
            #expect(throws: StorageError.self) { try store.save([next, bad], now: 3) }
            #expect(try store.character(id: alice.id)?.progress == moved)
            #expect(try store.character(id: alice.id)?.lastSeen == 2)
            // Two updates of one character in a batch: the last wins, kills merge by kind.
            var first = moved
            first.kills = [9: 3, 10: 1]
            var second = moved
            second.hp = 99
            second.kills = [9: 4]
            try store.save([first, second], now: 4)
            #expect(try store.character(id: alice.id)?.progress.hp == 99)
            #expect(try store.character(id: alice.id)?.progress.kills == [9: 4, 10: 1])
        }
    }

    @Test func anOversizedMessageDropsTheConnectionInsteadOfBeingRead() throws {
        try withScratch { scratch in
            let store = try PostgresStore.open(scratch.url)
            defer { store.close() }
            #expect(throws: PostgresError.self) {
                try store.connection.execute("SELECT repeat('x', $1::integer)", [String(65 << 20)])
            }
            #expect(!store.connection.isConnected)
            #expect(try store.characterCount() == 0)
        }
    }

    @Test func aQueryPastItsTimeoutDropsTheSessionAndTheNextCallReconnects() throws {
        try withScratch { scratch in
            var url = scratch.url
            url.queryTimeoutSeconds = 1
            let store = try PostgresStore.open(url)
            defer { store.close() }
            #expect(throws: PostgresError.io("timed out waiting for the server")) {
                try store.connection.execute("SELECT pg_sleep(3)")
            }
            #expect(!store.connection.isConnected)
            #expect(try store.characterCount() == 0)
        }
    }

    @Test func aWrongPasswordOrAnAbsentServerFailsTheOpenWithAReason() throws {
        try withScratch { scratch in
            var wrong = scratch.url
            wrong.password = "not-the-password"
            #expect {
                try PostgresStore.open(wrong)
            } throws: { error in
                "\(error)".contains("password authentication failed")
            }
            var absent = scratch.url
            absent.host = "127.0.0.1"
            absent.port = 1
            #expect {
                try PostgresStore.open(absent)
            } throws: { error in
                (error as? StorageOpenError)?.kind == .other && "\(error)".contains("connect")
            }
        }
    }

    @Test func backupNamesPgDump() throws {
        try withScratch { scratch in
            let store = try PostgresStore.open(scratch.url)
            defer { store.close() }
            #expect(
                throws: StorageError.unsupported("a PostgreSQL database is backed up with its own tools: use pg_dump")
            ) {
                try store.backup(to: "/tmp/never-written")
            }
        }
    }
}
