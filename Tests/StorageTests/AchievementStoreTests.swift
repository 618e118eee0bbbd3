import SQLiteStore
import Storage
import TestSupport
import Testing

/// Achievements (schema v4): a 64-bit word per character, every bit kept, through create, save, reload and a
/// reopened file.
struct AchievementStoreTests {
    @Test(arguments: StoreKind.available)
    func achievementsRoundTripWithEveryBit(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        var earned = sampleProgress(1)
        earned.achievements = 0b1011
        let alice = try store.createCharacter(name: "Alice", owner: token(1), progress: earned, now: 1)
        let bob = try store.createCharacter(name: "Bob", owner: token(2), progress: sampleProgress(2), now: 1)
        #expect(try store.character(id: alice.id)?.progress.achievements == 0b1011)
        #expect(try store.character(id: bob.id)?.progress.achievements == 0)

        // The top bit is the sign bit of the stores' signed 64-bit integers: it must come back as it went.
        var more = try #require(try store.character(id: alice.id)).progress
        more.achievements |= 1 << 63 | 1 << 22
        var first = try #require(try store.character(id: bob.id)).progress
        first.achievements = 1
        try store.save([more, first], now: 2)
        #expect(try store.character(id: alice.id)?.progress == more)
        #expect(try store.character(key: "bob")?.progress.achievements == 1)
        #expect(
            try store.characters(matching: nil, limit: 10).rows.map(\.progress.achievements).sorted() == [
                1, more.achievements,
            ])
    }

    /// A server restart: the file reopened by a new store has what the old one saved.
    @Test func achievementsSurviveReopeningTheFile() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("wirequest.sqlite")
        let first = try SQLiteStore(path: path)
        let created = try first.createCharacter(name: "Vera", owner: token(1), progress: sampleProgress(1), now: 1)
        var progress = created.progress
        progress.achievements = UInt64.max
        try first.save([progress], now: 2)
        first.close()
        let second = try SQLiteStore(path: path)
        defer { second.close() }
        #expect(try second.character(id: created.id)?.progress.achievements == UInt64.max)
    }
}
