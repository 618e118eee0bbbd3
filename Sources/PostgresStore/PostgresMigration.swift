/// One step of the PostgreSQL schema, numbered as SQLite's (``SQLiteMigration``): the versions mean the same
/// tables in both stores. Applied versions are rows of `schema_migrations`; each step runs in its own transaction
/// under a database-wide advisory lock, so nodes starting at once migrate one after the other, once.
package struct PostgresMigration: Sendable {
    package var version: Int
    package var summary: String
    /// One or more statements, run as one simple query inside the step's transaction.
    package var sql: String

    package init(version: Int, summary: String, sql: String) {
        self.version = version
        self.summary = summary
        self.sql = sql
    }

    /// Every step, oldest first. Never edit one that has shipped: append.
    package static let all: [PostgresMigration] = [
        PostgresMigration(
            version: 1, summary: "characters, their kills per mob kind and the tokens that may play them",
            sql: """
                CREATE TABLE characters (
                    -- An identity column never hands out an id twice, so a late save for a deleted character
                    -- finds nothing.
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    name TEXT NOT NULL,
                    -- CharacterName.key(name), computed in Swift so both stores agree on what "the same name" is.
                    name_key TEXT NOT NULL UNIQUE,
                    password_hash TEXT,
                    armor BIGINT NOT NULL,
                    weapon BIGINT NOT NULL,
                    hp BIGINT NOT NULL,
                    checkpoint BIGINT,
                    deaths BIGINT NOT NULL DEFAULT 0,
                    damage_dealt BIGINT NOT NULL DEFAULT 0,
                    damage_taken BIGINT NOT NULL DEFAULT 0,
                    revives BIGINT NOT NULL DEFAULT 0,
                    play_seconds BIGINT NOT NULL DEFAULT 0,
                    first_seen BIGINT NOT NULL,
                    last_seen BIGINT NOT NULL
                );
                -- The admin listing's order.
                CREATE INDEX characters_by_last_seen ON characters (last_seen DESC, name_key COLLATE "C");
                CREATE TABLE kills (
                    character_id BIGINT NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
                    kind BIGINT NOT NULL,
                    count BIGINT NOT NULL,
                    PRIMARY KEY (character_id, kind)
                );
                CREATE TABLE grants (
                    token_hash BYTEA NOT NULL,
                    character_id BIGINT NOT NULL REFERENCES characters (id) ON DELETE CASCADE,
                    created_at BIGINT NOT NULL,
                    PRIMARY KEY (token_hash, character_id)
                );
                CREATE INDEX grants_by_character ON grants (character_id);
                """),
        PostgresMigration(
            version: 2, summary: "operator state: bans, mutes and the audit log of admin actions",
            sql: """
                CREATE TABLE bans (
                    kind TEXT NOT NULL,
                    target TEXT NOT NULL,
                    until BIGINT,
                    PRIMARY KEY (kind, target)
                );
                CREATE TABLE mutes (
                    name_key TEXT NOT NULL PRIMARY KEY,
                    until BIGINT
                );
                CREATE TABLE audit (
                    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    at BIGINT NOT NULL,
                    actor TEXT NOT NULL,
                    command TEXT NOT NULL,
                    status TEXT NOT NULL,
                    outcome TEXT NOT NULL
                );
                """),
        PostgresMigration(
            version: 3, summary: "where each character last stood, and the nodes' leases on characters",
            sql: """
                ALTER TABLE characters ADD COLUMN x INTEGER, ADD COLUMN y INTEGER;
                -- Which node may play a character until when, by the database's clock (nodes' clocks may differ).
                CREATE TABLE leases (
                    character_id BIGINT PRIMARY KEY,
                    node TEXT NOT NULL,
                    expires TIMESTAMPTZ NOT NULL
                );
                CREATE INDEX leases_by_node ON leases (node);
                """),
        PostgresMigration(
            version: 4, summary: "the achievements each character earned",
            sql: """
                -- One bit per achievement id: the 64-bit word with its sign bit as is, as SQLite stores it.
                ALTER TABLE characters ADD COLUMN achievements BIGINT NOT NULL DEFAULT 0;
                """),
    ]

    package static var newestVersion: Int { all.last?.version ?? 0 }

    /// The key of the advisory lock migrations hold ("WQmigrat" in ASCII): any other program's lock is unlikely
    /// to collide with it.
    static let lockKey: Int64 = 0x5751_6D69_6772_6174
}
