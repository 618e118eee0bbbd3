import SQLiteStore
import Storage
import TestSupport
import Testing

/// Online backups: a consistent, checked copy renamed over the target.
@Suite struct SQLiteBackupTests {
    /// A store with a few characters, a grant, a ban, a mute and an audit line.
    static func populate(_ store: SQLiteStore) throws {
        for index in 0..<50 {
            let record = try store.createCharacter(
                name: "Player\(index)", owner: token(UInt8(index)), progress: sampleProgress(index), now: Int64(index))
            if index == 7 { try store.setPasswordHash("hash7", character: record.id) }
        }
        try store.grant(token(200), character: 1, now: 60)
        try store.putBan(BanRecord(kind: .name, target: "mallory", until: nil))
        try store.putMute(MuteRecord(nameKey: "trudy", until: 9000))
        try store.appendAudit(AuditEntry(at: 1, actor: "console", command: "ban mallory", status: "ok", outcome: "ok"))
    }

    /// Everything a store holds, for comparing a copy with its original.
    struct Contents: Equatable {
        var characters: [CharacterRecord]
        var bans: [BanRecord]
        var mutes: [MuteRecord]
        var audit: [AuditEntry]
        var granted: Bool

        init(_ store: SQLiteStore) throws {
            characters = try store.characters(matching: nil, limit: 1000).rows
            bans = try store.bans()
            mutes = try store.mutes()
            audit = try store.audit(last: 100)
            granted = try store.isGranted(token(200), character: 1)
        }
    }

    @Test(arguments: [false, true])
    func aBackupOpensAsAStoreWithTheSameContents(inMemory: Bool) throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: inMemory ? ":memory:" : directory.file("live.sqlite"))
        defer { store.close() }
        try Self.populate(store)
        let target = directory.file("backup.sqlite")
        try store.backup(to: target)
        #expect(!directory.exists("backup.sqlite.tmp"))
        do {
            let raw = try SQLiteDatabase(path: target)
            defer { raw.close() }
            #expect(try raw.text("PRAGMA integrity_check") == "ok")
            // One self-contained file: a rollback journal, not WAL.
            #expect(try raw.text("PRAGMA journal_mode") == "delete")
        }
        let copy = try SQLiteStore(path: target)
        defer { copy.close() }
        #expect(try Contents(copy) == Contents(store))
        // The live store goes on working.
        _ = try store.createCharacter(name: "Later", owner: token(1), progress: sampleProgress(1), now: 99)
        #expect(try store.characterCount() == 51)
    }

    @Test func aBackupReplacesWhatWasAtItsPath() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.file("live.sqlite"))
        defer { store.close() }
        try Self.populate(store)
        try directory.write("backup.sqlite", Array("not a database, and longer than nothing".utf8))
        try store.backup(to: directory.file("backup.sqlite"))
        try store.setPasswordHash("changed", character: 1)
        try store.backup(to: directory.file("backup.sqlite"))
        let copy = try SQLiteStore(path: directory.file("backup.sqlite"))
        defer { copy.close() }
        #expect(try copy.character(id: 1)?.passwordHash == "changed")
        #expect(try copy.characterCount() == 50)
    }

    @Test func aBackupIntoAMissingDirectoryFailsAndWritesNothing() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.file("live.sqlite"))
        defer { store.close() }
        let error = #expect(throws: StorageError.self) { try store.backup(to: directory.file("missing/backup.sqlite")) }
        guard case .other(let message) = error else {
            Issue.record("expected .other, got \(String(describing: error))")
            return
        }
        #expect(message.contains(directory.file("missing")))
        #expect(!directory.exists("missing"))
    }

    @Test func aBackupOverTheLiveDatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        let store = try SQLiteStore(path: directory.file("live.sqlite"))
        defer { store.close() }
        try Self.populate(store)
        #expect(throws: StorageError.self) { try store.backup(to: directory.file("live.sqlite")) }
        #expect(try store.characterCount() == 50)
    }
}
