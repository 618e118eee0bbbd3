import PostgresStore
import SQLiteStore
import Testing

/// The two stores' schemas are numbered alike: a version means the same tables in SQLite and PostgreSQL, so a
/// step added to one and not the other fails here.
struct MigrationParityTests {
    @Test func sqliteAndPostgresHaveTheSameSchemaVersions() {
        #expect(SQLiteMigration.all.map(\.version) == PostgresMigration.all.map(\.version))
    }
}
