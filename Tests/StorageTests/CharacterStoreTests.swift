import Storage
import Testing

/// What every ``CharacterStore`` must do, run against each implementation.
@Suite struct CharacterStoreTests {
    @Test(arguments: StoreKind.available)
    func aCreatedCharacterLoadsBackWithEveryField(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        let created = try store.createCharacter(name: "Alice", owner: token(1), progress: sampleProgress(1), now: 1000)
        #expect(created.name == "Alice")
        #expect(created.firstSeen == 1000 && created.lastSeen == 1000)
        #expect(created.passwordHash == nil)
        var expected = sampleProgress(1)
        expected.id = created.id
        #expect(created.progress == expected)
        #expect(try store.character(key: "alice") == created)
        #expect(try store.character(id: created.id) == created)

        try store.setPasswordHash("$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA", character: created.id)
        var saved = sampleProgress(7, kills: [2: 9, 4: 10, 61: 11])
        saved.id = created.id
        saved.checkpoint = nil
        saved.hp = -3
        try store.save([saved], now: 2000)
        let loaded = try #require(try store.character(key: "alice"))
        #expect(
            loaded
                == CharacterRecord(
                    name: "Alice", progress: saved, passwordHash: "$scrypt$ln=15,r=8,p=1$c2FsdA$aGFzaA",
                    firstSeen: 1000, lastSeen: 2000))
        #expect(try store.character(id: created.id) == loaded)

        try store.setPasswordHash(nil, character: created.id)
        #expect(try store.character(id: created.id)?.passwordHash == nil)
    }

    @Test(arguments: StoreKind.available)
    func unknownKeysAndIdsFindNothing(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        #expect(try store.character(key: "nobody") == nil)
        #expect(try store.character(id: 42) == nil)
        #expect(try store.characterCount() == 0)
        #expect(throws: StorageError.notFound) { try store.setPasswordHash("x", character: 42) }
    }

    @Test(arguments: StoreKind.available)
    func namesAreUniqueWithoutRegardToCase(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        _ = try store.createCharacter(name: "Alice", owner: token(1), progress: sampleProgress(1), now: 1)
        #expect(throws: StorageError.nameTaken) {
            try store.createCharacter(name: "alice", owner: token(2), progress: sampleProgress(2), now: 2)
        }
        #expect(throws: StorageError.nameTaken) {
            try store.createCharacter(name: "ALICE", owner: token(2), progress: sampleProgress(2), now: 2)
        }
        #expect(try store.character(key: "alice")?.name == "Alice")
        #expect(try store.characterCount() == 1)
        // Keys are Unicode-lower-cased in Swift, not ASCII-only as SQL's lower() would do.
        _ = try store.createCharacter(name: "Élodie", owner: token(3), progress: sampleProgress(3), now: 3)
        #expect(throws: StorageError.nameTaken) {
            try store.createCharacter(name: "éLODIE", owner: token(4), progress: sampleProgress(4), now: 4)
        }
        #expect(try store.character(key: "élodie")?.name == "Élodie")
    }

    @Test(arguments: StoreKind.available)
    func theCreatorIsGrantedAndOthersOnlyOnceGranted(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        let alice = try store.createCharacter(name: "Alice", owner: token(1), progress: sampleProgress(1), now: 1)
        let bob = try store.createCharacter(name: "Bob", owner: token(2), progress: sampleProgress(2), now: 1)
        #expect(try store.isGranted(token(1), character: alice.id))
        #expect(try !store.isGranted(token(2), character: alice.id))
        #expect(try !store.isGranted(token(1), character: bob.id))
        try store.grant(token(2), character: alice.id, now: 5)
        try store.grant(token(2), character: alice.id, now: 6)
        #expect(try store.isGranted(token(2), character: alice.id))
        #expect(try store.isGranted(token(1), character: alice.id))
        #expect(try !store.isGranted(token(3), character: alice.id))
        #expect(throws: StorageError.notFound) { try store.grant(token(3), character: 999, now: 7) }
        #expect(try !store.isGranted(token(3), character: 999))
    }

    @Test(arguments: StoreKind.available)
    func aSavedBatchSkipsDeletedCharacters(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        let alice = try store.createCharacter(name: "Alice", owner: token(1), progress: sampleProgress(1), now: 1)
        let bob = try store.createCharacter(name: "Bob", owner: token(2), progress: sampleProgress(2), now: 1)
        #expect(try store.deleteCharacter(bob.id))
        var aliceUpdate = sampleProgress(5)
        aliceUpdate.id = alice.id
        var bobUpdate = sampleProgress(6)
        bobUpdate.id = bob.id
        try store.save([bobUpdate, aliceUpdate], now: 50)
        #expect(try store.character(id: alice.id)?.progress == aliceUpdate)
        #expect(try store.character(id: alice.id)?.lastSeen == 50)
        #expect(try store.character(id: bob.id) == nil)
        #expect(try store.characterCount() == 1)
        try store.save([], now: 60)
        #expect(try store.character(id: alice.id)?.lastSeen == 50)
        // A new character never gets the deleted one's id, so a late save for Bob cannot land on it.
        let carol = try store.createCharacter(name: "Carol", owner: token(3), progress: sampleProgress(3), now: 70)
        #expect(carol.id > bob.id)
    }

    @Test(arguments: StoreKind.available)
    func killCountsAreWrittenPerKind(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        let alice = try store.createCharacter(
            name: "Alice", owner: token(1), progress: sampleProgress(1, kills: [1: 2, 2: 3]), now: 1)
        var update = sampleProgress(1, kills: [2: 5, 7: 1])
        update.id = alice.id
        try store.save([update], now: 2)
        #expect(try store.character(id: alice.id)?.progress.kills == [1: 2, 2: 5, 7: 1])
    }

    @Test(arguments: StoreKind.available)
    func renamingChecksTheNewKeyAndTheCharacter(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        let alice = try store.createCharacter(name: "Alice", owner: token(1), progress: sampleProgress(1), now: 1)
        _ = try store.createCharacter(name: "Bob", owner: token(2), progress: sampleProgress(2), now: 1)
        #expect(throws: StorageError.nameTaken) { try store.rename(character: alice.id, to: "BOB") }
        #expect(throws: StorageError.notFound) { try store.rename(character: 999, to: "Zed") }
        try store.rename(character: alice.id, to: "ALICE")
        #expect(try store.character(key: "alice")?.name == "ALICE")
        try store.rename(character: alice.id, to: "Alicia")
        #expect(try store.character(key: "alice") == nil)
        let renamed = try #require(try store.character(key: "alicia"))
        #expect(renamed.id == alice.id && renamed.name == "Alicia")
        #expect(renamed.progress == alice.progress)
        // The old name is free again.
        _ = try store.createCharacter(name: "alice", owner: token(3), progress: sampleProgress(3), now: 2)
    }

    @Test(arguments: StoreKind.available)
    func deletingACharacterTakesItsKillsAndGrantsWithIt(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        let alice = try store.createCharacter(name: "Alice", owner: token(1), progress: sampleProgress(1), now: 1)
        try store.grant(token(2), character: alice.id, now: 2)
        #expect(try store.deleteCharacter(alice.id))
        #expect(try !store.deleteCharacter(alice.id))
        #expect(try store.character(key: "alice") == nil)
        #expect(try !store.isGranted(token(1), character: alice.id))
        #expect(try !store.isGranted(token(2), character: alice.id))
        let again = try store.createCharacter(
            name: "Alice", owner: token(3), progress: sampleProgress(1, kills: [:]), now: 3)
        #expect(try store.character(id: again.id)?.progress.kills == [:])
        #expect(try !store.isGranted(token(1), character: again.id))
    }

    @Test(arguments: StoreKind.available)
    func listingMatchesGlobsOnTheKeyNewestFirst(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        var ids: [String: Int64] = [:]
        for (index, name) in ["Anna", "andy", "Bob", "Abe", "Rob", "zed"].enumerated() {
            ids[name] = try store.createCharacter(
                name: name, owner: token(UInt8(index)), progress: sampleProgress(index), now: 100
            ).id
        }
        // Last seen: Bob 300, Abe and andy 200 (a tie, ordered by key), the rest 100.
        for (name, now) in [("Bob", 300), ("Abe", 200), ("andy", 200)] {
            var update = sampleProgress(1)
            update.id = ids[name]!
            try store.save([update], now: Int64(now))
        }
        func names(_ pattern: String?, limit: Int = 10) throws -> ([String], Int) {
            let (rows, total) = try store.characters(matching: pattern, limit: limit)
            return (rows.map(\.name), total)
        }
        #expect(try names(nil) == (["Bob", "Abe", "andy", "Anna", "Rob", "zed"], 6))
        #expect(try names(nil, limit: 2) == (["Bob", "Abe"], 6))
        #expect(try names("a*") == (["Abe", "andy", "Anna"], 3))
        #expect(try names("A*", limit: 1) == (["Abe"], 3))
        #expect(try names("?ob") == (["Bob", "Rob"], 2))
        #expect(try names("*n*") == (["andy", "Anna"], 2))
        #expect(try names("[br]*") == (["Bob", "Rob"], 2))
        #expect(try names("zed") == (["zed"], 1))
        #expect(try names("x*") == ([], 0))
        #expect(try names("*", limit: 0) == ([], 6))
        let first = try store.characters(matching: "bob", limit: 1).rows.first
        #expect(first == (try store.character(key: "bob")))
    }

    @Test(arguments: StoreKind.available)
    func charactersAreCounted(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        for index in 0..<25 {
            _ = try store.createCharacter(
                name: "player\(index)", owner: token(UInt8(index)), progress: sampleProgress(index), now: 1)
        }
        #expect(try store.characterCount() == 25)
        _ = try store.deleteCharacter(try #require(try store.character(key: "player3")).id)
        #expect(try store.characterCount() == 24)
    }
}
