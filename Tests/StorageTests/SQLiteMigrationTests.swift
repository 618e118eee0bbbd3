import SQLiteStore
import Storage
import Support
import TestSupport
import Testing

/// Schema versions: every earlier version migrates forward with its data, a newer one is refused, and a failing
/// step changes nothing.
@Suite struct SQLiteMigrationTests {
    static let newest = SQLiteMigration.newestVersion

    @Test func theMigrationsAreNumberedFromOneInOrder() {
        #expect(SQLiteMigration.all.map(\.version) == Array(1...Self.newest))
    }

    @Test(arguments: 0..<SQLiteMigration.newestVersion)
    func aDatabaseFromAnEarlierVersionIsMigratedWithItsDataIntact(version: Int) throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("old.sqlite")
        if version == 0 {
            // Version 0 is what a new database is: an empty file.
            try directory.write("old.sqlite", [])
        } else {
            let old = try SQLiteStore(path: path, migrations: Array(SQLiteMigration.all.prefix(version)))
            #expect(try old.database.integer("PRAGMA user_version") == Int64(version))
            try Self.writeFixture(old.database, version: version)
            old.close()
        }
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        #expect(try store.database.integer("PRAGMA user_version") == Int64(Self.newest))
        #expect(try store.database.text("PRAGMA integrity_check") == "ok")
        if version >= 1 {
            #expect(try store.characterCount() == 2)
            #expect(
                try store.character(key: "alice")
                    == CharacterRecord(
                        name: "Alice",
                        progress: CharacterProgress(
                            id: 1, armor: 21, weapon: 60, hp: 80, checkpoint: 3, kills: [2: 5, 4: 1], deaths: 1,
                            damageDealt: 100, damageTaken: 50, revives: 1, playSeconds: 3600),
                        passwordHash: "hash", firstSeen: 1000, lastSeen: 2000))
            #expect(try store.character(id: 2)?.progress.checkpoint == nil)
            #expect(try store.isGranted(token(1), character: 1))
            #expect(try !store.isGranted(token(1), character: 2))
        }
        if version >= 2 {
            #expect(try store.bans() == [BanRecord(kind: .name, target: "mallory", until: nil)])
            #expect(try store.mutes() == [MuteRecord(nameKey: "trudy", until: 9000)])
            #expect(
                try store.audit(last: 5) == [
                    AuditEntry(at: 1, actor: "console", command: "ban mallory", status: "ok", outcome: "banned")
                ])
        }
        // Everything the newest schema has works on the migrated file.
        let carol = try store.createCharacter(name: "Carol", owner: token(3), progress: sampleProgress(3), now: 5000)
        #expect(carol.id == (version >= 1 ? 3 : 1))
        try store.putBan(BanRecord(kind: .address, target: "192.0.2.1", until: 1))
        try store.putMute(MuteRecord(nameKey: "carol", until: nil))
        try store.appendAudit(
            AuditEntry(at: 2, actor: "console", command: "mute carol", status: "ok", outcome: "muted"))
    }

    /// Data as version `version` wrote it: raw SQL against that version's tables, not the current code.
    static func writeFixture(_ database: SQLiteDatabase, version: Int) throws {
        if version >= 1 {
            try database.execute(
                """
                INSERT INTO characters (id, name, name_key, password_hash, armor, weapon, hp, checkpoint, deaths,
                    damage_dealt, damage_taken, revives, play_seconds, first_seen, last_seen)
                VALUES (1, 'Alice', 'alice', 'hash', 21, 60, 80, 3, 1, 100, 50, 1, 3600, 1000, 2000),
                    (2, 'Bob', 'bob', NULL, 22, 61, 0, NULL, 0, 0, 0, 0, 0, 1500, 1500);
                INSERT INTO kills (character_id, kind, count) VALUES (1, 2, 5), (1, 4, 1);
                INSERT INTO grants (token_hash, character_id, created_at)
                VALUES (x'\(String(repeating: "01", count: 32))', 1, 1000);
                """)
        }
        if version >= 2 {
            try database.execute(
                """
                INSERT INTO bans (kind, target, until) VALUES ('name', 'mallory', NULL);
                INSERT INTO mutes (name_key, until) VALUES ('trudy', 9000);
                INSERT INTO audit (at, actor, command, status, outcome)
                VALUES (1, 'console', 'ban mallory', 'ok', 'banned');
                """)
        }
    }

    @Test func aNewerSchemaIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("newer.sqlite")
        let store = try SQLiteStore(path: path)
        try store.database.execute("PRAGMA user_version = \(Self.newest + 1)")
        store.close()
        let before = try readFile(path)
        let error = #expect(throws: StorageOpenError.self) { try SQLiteStore(path: path) }
        #expect(error?.kind == .newerSchema)
        #expect(try readFile(path) == before)
        #expect(error?.message.contains("schema version \(Self.newest + 1)") == true)
        #expect(error?.message.contains("versions up to \(Self.newest)") == true)
        #expect(error?.message.contains(path) == true)
        let raw = try SQLiteDatabase(path: path)
        defer { raw.close() }
        #expect(try raw.integer("PRAGMA user_version") == Int64(Self.newest + 1))
    }

    @Test func aFailingMigrationLeavesThePreviousVersionAndItsData() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("broken.sqlite")
        let store = try SQLiteStore(path: path)
        try Self.writeFixture(store.database, version: Self.newest)
        store.close()
        // The first statement of the step succeeds, the second fails: the step's transaction undoes both.
        let broken = SQLiteMigration(
            version: Self.newest + 1, summary: "a broken step",
            sql: "CREATE TABLE extra (x); CREATE TABLE characters (y)")
        let error = #expect(throws: StorageOpenError.self) {
            try SQLiteStore(path: path, migrations: SQLiteMigration.all + [broken])
        }
        #expect(error?.kind == .other)
        #expect(error?.message.contains("stays at version \(Self.newest)") == true)
        do {
            let raw = try SQLiteDatabase(path: path)
            defer { raw.close() }
            #expect(try raw.integer("PRAGMA user_version") == Int64(Self.newest))
            #expect(try raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'extra'") == 0)
        }
        let reopened = try SQLiteStore(path: path)
        defer { reopened.close() }
        #expect(try reopened.character(key: "alice")?.progress.kills == [2: 5, 4: 1])
    }

    @Test func aFailureMidwayKeepsTheStepsBeforeIt() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("midway.sqlite")
        let broken = SQLiteMigration(version: 2, summary: "a broken step", sql: "CREATE TABLE bans (x); SELECT nope")
        #expect(throws: StorageOpenError.self) {
            try SQLiteStore(path: path, migrations: [SQLiteMigration.all[0], broken])
        }
        let raw = try SQLiteDatabase(path: path)
        defer { raw.close() }
        #expect(try raw.integer("PRAGMA user_version") == 1)
        #expect(try raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'characters'") == 1)
        #expect(try raw.integer("SELECT count(*) FROM sqlite_schema WHERE name = 'bans'") == 0)
    }

    @Test func anotherProgramsDatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("other.sqlite")
        do {
            let raw = try SQLiteDatabase(path: path)
            defer { raw.close() }
            try raw.execute("CREATE TABLE notes (text TEXT)")
        }
        let error = #expect(throws: StorageOpenError.self) { try SQLiteStore(path: path) }
        #expect(error?.kind == .corrupt)
    }
}
