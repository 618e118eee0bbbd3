import Storage
import Testing

/// Where a character stood (schema v3): created with and without a position, saved, and cleared again.
struct PositionStoreTests {
    @Test(arguments: StoreKind.available)
    func positionsRoundTripAndMayBeAbsent(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        var placed = sampleProgress(1)
        placed.x = 17
        placed.y = 203
        let alice = try store.createCharacter(name: "Alice", owner: token(1), progress: placed, now: 1)
        let bob = try store.createCharacter(name: "Bob", owner: token(2), progress: sampleProgress(2), now: 1)
        #expect(try store.character(id: alice.id)?.progress.x == 17)
        #expect(try store.character(id: alice.id)?.progress.y == 203)
        #expect(try store.character(id: bob.id)?.progress.x == nil)

        var moved = try #require(try store.character(id: alice.id)).progress
        moved.x = 18
        moved.y = 0
        var cleared = try #require(try store.character(id: bob.id)).progress
        cleared.x = 5
        cleared.y = 6
        try store.save([moved, cleared], now: 2)
        #expect(try store.character(id: alice.id)?.progress == moved)
        cleared.x = nil
        cleared.y = nil
        try store.save([cleared], now: 3)
        #expect(try store.character(id: bob.id)?.progress == cleared)
    }
}
