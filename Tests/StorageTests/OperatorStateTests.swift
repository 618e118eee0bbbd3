import Storage
import Testing

/// Bans, mutes, the audit log and backups, as every ``CharacterStore`` keeps them.
@Suite struct OperatorStateTests {
    @Test(arguments: StoreKind.available)
    func bansAreStoredReplacedAndRemoved(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        #expect(try store.bans() == [])
        try store.putBan(BanRecord(kind: .name, target: "mallory", until: nil))
        try store.putBan(BanRecord(kind: .address, target: "192.0.2.7", until: 5000))
        try store.putBan(BanRecord(kind: .name, target: "eve", until: 9000))
        try store.putBan(BanRecord(kind: .name, target: "mallory", until: 7000))
        #expect(
            try store.bans() == [
                BanRecord(kind: .address, target: "192.0.2.7", until: 5000),
                BanRecord(kind: .name, target: "eve", until: 9000),
                BanRecord(kind: .name, target: "mallory", until: 7000),
            ])
        // The same target under the other kind is another ban.
        #expect(try !store.removeBan(kind: .address, target: "mallory"))
        #expect(try store.removeBan(kind: .name, target: "mallory"))
        #expect(try !store.removeBan(kind: .name, target: "mallory"))
        try store.putBan(BanRecord(kind: .address, target: "192.0.2.7", until: nil))
        #expect(
            try store.bans() == [
                BanRecord(kind: .address, target: "192.0.2.7", until: nil),
                BanRecord(kind: .name, target: "eve", until: 9000),
            ])
    }

    @Test(arguments: StoreKind.available)
    func mutesAreStoredReplacedAndRemoved(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        #expect(try store.mutes() == [])
        try store.putMute(MuteRecord(nameKey: "trudy", until: 100))
        try store.putMute(MuteRecord(nameKey: "oscar", until: nil))
        try store.putMute(MuteRecord(nameKey: "trudy", until: nil))
        #expect(
            try store.mutes() == [MuteRecord(nameKey: "oscar", until: nil), MuteRecord(nameKey: "trudy", until: nil)])
        #expect(try store.removeMute(nameKey: "oscar"))
        #expect(try !store.removeMute(nameKey: "oscar"))
        #expect(try store.mutes() == [MuteRecord(nameKey: "trudy", until: nil)])
    }

    @Test(arguments: StoreKind.available)
    func theAuditLogReturnsItsLastEntriesOldestFirst(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        #expect(try store.audit(last: 10) == [])
        let entries = (1...5).map {
            AuditEntry(
                at: Int64(100 + $0), actor: $0.isMultiple(of: 2) ? "console" : "uid 1000 (alice)",
                command: "kick player\($0)", status: $0 == 3 ? "error" : "ok", outcome: "kicked player\($0)")
        }
        for entry in entries { try store.appendAudit(entry) }
        #expect(try store.audit(last: 3) == Array(entries[2...]))
        #expect(try store.audit(last: 10) == entries)
        #expect(try store.audit(last: 0) == [])
    }

    @Test func anInMemoryStoreHasNothingToBackUp() {
        let store = MemoryCharacterStore()
        #expect(throws: StorageError.unsupported("an in-memory store has nothing to back up")) {
            try store.backup(to: "/tmp/never-written")
        }
    }
}

/// Leases in a store only one server uses: every claim succeeds (the defaults of ``CharacterStore``).
@Suite struct SingleProcessLeaseTests {
    @Test(arguments: StoreKind.available.filter { $0 != .postgres })
    func everyClaimSucceeds(kind: StoreKind) throws {
        let fixture = try StoreFixture(kind)
        defer { fixture.close() }
        let store = fixture.store
        #expect(try store.claimLease(character: 1, node: "a", ttlMilliseconds: 3000) == nil)
        #expect(try store.claimLease(character: 1, node: "b", ttlMilliseconds: 3000) == nil)
        try store.renewLeases(node: "a", ttlMilliseconds: 3000)
        try store.releaseLease(character: 1, node: "a")
        try store.releaseLeases(node: "b")
    }

    @Test func postgresKeepsLeasesThroughTheProtocolsRequirement() throws {
        guard StoreKind.available.contains(.postgres) else { return }
        // Through `any CharacterStore`, so a default in an extension would be a bug here.
        let fixture = try StoreFixture(.postgres)
        defer { fixture.close() }
        let store: any CharacterStore = fixture.store
        #expect(try store.claimLease(character: 1, node: "a", ttlMilliseconds: 3000) == nil)
        #expect(try store.claimLease(character: 1, node: "b", ttlMilliseconds: 3000) == "a")
    }
}
