import PostgresTestSupport
import Storage
import Testing

@testable import PostgresStore

/// Schema 4 added achievements: a database a schema-3 node wrote migrates with its characters intact (none earned),
/// and the migrated rows take achievements like new ones.
@Suite struct PostgresAchievementMigrationTests {
    @Test func aSchemaThreeDatabaseMigratesWithItsCharacters() throws {
        guard try PostgresScratch.available() else { return }
        let scratch = try PostgresScratch()
        defer { scratch.drop() }
        let three = Array(PostgresMigration.all.prefix(3))
        try PostgresStore.open(scratch.url, migrations: three).close()
        // As a schema-3 node wrote it: raw SQL against that version's tables.
        _ = try scratch.execute(
            """
            INSERT INTO characters (name, name_key, armor, weapon, hp, checkpoint, deaths, play_seconds, first_seen,
                last_seen, x, y)
            VALUES ('Old', 'old', 23, 62, 90, 4, 2, 700, 10, 20, 5, 6)
            """)
        let store = try PostgresStore.open(scratch.url)
        defer { store.close() }
        var old = try #require(try store.character(key: "old"))
        #expect(old.progress.armor == 23 && old.progress.x == 5 && old.progress.playSeconds == 700)
        #expect(old.progress.achievements == 0)
        old.progress.achievements = 1 << 63 | 1 << 3
        try store.save([old.progress], now: 30)
        #expect(try store.character(id: old.id)?.progress == old.progress)
    }
}
