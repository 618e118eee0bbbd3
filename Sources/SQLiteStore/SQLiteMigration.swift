/// One step of the SQLite schema: the SQL that takes a database from version `version - 1` to `version`.
/// Versions are `PRAGMA user_version`; a new database is version 0. Migrations only ever go forward, and each runs
/// in its own transaction together with setting `user_version`, so a failure leaves the previous version intact.
package struct SQLiteMigration: Sendable {
    /// The `user_version` the database has once this step ran: 1 for the first step.
    package var version: Int
    /// What the step adds, for logs.
    package var summary: String
    /// One or more statements, run in one transaction.
    package var sql: String

    /// A step; tests make failing ones, the shipped steps are ``all``.
    package init(version: Int, summary: String, sql: String) {
        self.version = version
        self.summary = summary
        self.sql = sql
    }

    /// Every migration, oldest first; the last one's version is the newest schema this build knows. Never edit
    /// a migration that has shipped: append a new one.
    package static let all: [SQLiteMigration] = [
        SQLiteMigration(
            version: 1, summary: "characters, their kills per mob kind and the tokens that may play them",
            sql: """
                CREATE TABLE characters (
                    -- AUTOINCREMENT: ids are never reused, so a late save for a deleted character finds nothing.
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    -- CharacterName.key(name), computed in Swift (SQL's lower() only knows ASCII).
                    name_key TEXT NOT NULL UNIQUE,
                    password_hash TEXT,
                    armor INTEGER NOT NULL,
                    weapon INTEGER NOT NULL,
                    hp INTEGER NOT NULL,
                    checkpoint INTEGER,
                    deaths INTEGER NOT NULL DEFAULT 0,
                    damage_dealt INTEGER NOT NULL DEFAULT 0,
                    damage_taken INTEGER NOT NULL DEFAULT 0,
                    revives INTEGER NOT NULL DEFAULT 0,
                    play_seconds INTEGER NOT NULL DEFAULT 0,
                    first_seen INTEGER NOT NULL,
                    last_seen INTEGER NOT NULL
                );
                CREATE TABLE kills (
                    character_id INTEGER NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
                    kind INTEGER NOT NULL,
                    count INTEGER NOT NULL,
                    PRIMARY KEY (character_id, kind)
                ) WITHOUT ROWID;
                CREATE TABLE grants (
                    token_hash BLOB NOT NULL,
                    character_id INTEGER NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (token_hash, character_id)
                ) WITHOUT ROWID;
                -- Deleting a character finds its grants through this, rather than by scanning every grant.
                CREATE INDEX grants_by_character ON grants (character_id);
                """),
        SQLiteMigration(
            version: 2, summary: "operator state: bans, mutes and the audit log of admin actions",
            sql: """
                CREATE TABLE bans (
                    kind TEXT NOT NULL,
                    target TEXT NOT NULL,
                    until INTEGER,
                    PRIMARY KEY (kind, target)
                ) WITHOUT ROWID;
                CREATE TABLE mutes (
                    name_key TEXT NOT NULL PRIMARY KEY,
                    until INTEGER
                ) WITHOUT ROWID;
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY,
                    at INTEGER NOT NULL,
                    actor TEXT NOT NULL,
                    command TEXT NOT NULL,
                    status TEXT NOT NULL,
                    outcome TEXT NOT NULL
                );
                """),
        SQLiteMigration(
            version: 3,
            summary: "where each character stood at its last save, for a cluster moving players between nodes",
            sql: """
                ALTER TABLE characters ADD COLUMN x INTEGER;
                ALTER TABLE characters ADD COLUMN y INTEGER;
                """),
        SQLiteMigration(
            version: 4, summary: "the achievements each character earned",
            sql: """
                -- One bit per achievement id; SQLite's INTEGER is the 64-bit word, stored with its sign bit as is.
                ALTER TABLE characters ADD COLUMN achievements INTEGER NOT NULL DEFAULT 0;
                """),
    ]

    /// The newest schema version this build knows.
    package static var newestVersion: Int { all.last?.version ?? 0 }
}
