import SQLiteStore
import Storage
import TestSupport
import Testing

/// A full disk at run time, stood in for by SQLite's page limit (CI also fills a real tmpfs).
@Suite struct SQLiteDiskFullTests {
    @Test func aSaveOnAFullDiskThrowsWritesNothingAndSucceedsOnceThereIsRoom() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.file("db.sqlite"))
        defer { store.close() }
        let alice = try store.createCharacter(name: "Alice", owner: token(1), progress: sampleProgress(1), now: 1)
        let bob = try store.createCharacter(name: "Bob", owner: token(2), progress: sampleProgress(2), now: 1)
        let pages = try #require(try store.database.integer("PRAGMA page_count"))
        // No page beyond those in use: a save that needs a new page fails like a write to a full disk.
        #expect(try store.database.integer("PRAGMA max_page_count = \(pages)") == pages)
        var aliceUpdate = sampleProgress(9)
        aliceUpdate.id = alice.id
        var bobUpdate = sampleProgress(8, kills: Dictionary(uniqueKeysWithValues: (0..<3000).map { ($0, $0 + 1) }))
        bobUpdate.id = bob.id
        let error = #expect(throws: StorageError.self) { try store.save([aliceUpdate, bobUpdate], now: 2) }
        #expect(error == .diskFull)
        #expect(error?.isTransient == true)
        #expect(try store.character(id: alice.id) == alice)
        #expect(try store.character(id: bob.id) == bob)
        #expect(try store.database.integer("PRAGMA max_page_count = 1000000") == 1_000_000)
        try store.save([aliceUpdate, bobUpdate], now: 2)
        #expect(try store.character(id: alice.id)?.progress == aliceUpdate)
        #expect(try store.character(id: bob.id)?.progress.kills.count == 3000)
    }

    @Test func aCharacterCreatedOnAFullDiskIsNotHalfWritten() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.file("db.sqlite"))
        defer { store.close() }
        let pages = try #require(try store.database.integer("PRAGMA page_count"))
        _ = try store.database.integer("PRAGMA max_page_count = \(pages)")
        let kills = Dictionary(uniqueKeysWithValues: (0..<3000).map { ($0, 1) })
        #expect(throws: StorageError.diskFull) {
            try store.createCharacter(name: "Alice", owner: token(1), progress: sampleProgress(1, kills: kills), now: 1)
        }
        #expect(try store.characterCount() == 0)
        #expect(try store.database.integer("SELECT count(*) FROM kills") == 0)
        #expect(try store.database.integer("SELECT count(*) FROM grants") == 0)
    }
}
