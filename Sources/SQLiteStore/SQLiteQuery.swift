/// The statements ``SQLiteStore`` prepares on first use and then reuses for its life: each call binds and steps a
/// compiled statement, never compiles SQL. Prepared lazily, so a store opened at an older schema version (in the
/// migration tests) only compiles what that version's tables support.
enum SQLiteQuery: Int, CaseIterable {
    case characterByKey
    case characterByID
    case killsOfCharacter
    case insertCharacter
    case upsertKill
    case insertGrant
    case isGranted
    case updateProgress
    case setPasswordHash
    case rename
    case deleteCharacter
    case listAll
    case listMatching
    case countAll
    case countMatching
    case bans
    case putBan
    case removeBan
    case mutes
    case putMute
    case removeMute
    case appendAudit
    case auditTail

    /// The columns ``SQLiteStore`` reads a character from, in the order it reads them.
    static let characterColumns = """
        id, name, password_hash, armor, weapon, hp, checkpoint, deaths, damage_dealt, damage_taken, revives, \
        play_seconds, first_seen, last_seen, x, y, achievements
        """

    var sql: String {
        switch self {
        case .characterByKey: "SELECT \(Self.characterColumns) FROM characters WHERE name_key = ?1"
        case .characterByID: "SELECT \(Self.characterColumns) FROM characters WHERE id = ?1"
        case .killsOfCharacter: "SELECT kind, count FROM kills WHERE character_id = ?1"
        case .insertCharacter:
            """
            INSERT INTO characters (name, name_key, password_hash, armor, weapon, hp, checkpoint, deaths, damage_dealt,
                damage_taken, revives, play_seconds, first_seen, last_seen, x, y, achievements)
            VALUES (?1, ?2, NULL, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, ?13, ?14, ?15)
            """
        case .upsertKill:
            // The WHERE leaves a row (and its page) untouched when the count has not changed since the last save.
            """
            INSERT INTO kills (character_id, kind, count) VALUES (?1, ?2, ?3)
            ON CONFLICT (character_id, kind) DO UPDATE SET count = excluded.count WHERE count != excluded.count
            """
        case .insertGrant:
            "INSERT INTO grants (token_hash, character_id, created_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING"
        case .isGranted: "SELECT 1 FROM grants WHERE token_hash = ?1 AND character_id = ?2"
        case .updateProgress:
            """
            UPDATE characters SET armor = ?2, weapon = ?3, hp = ?4, checkpoint = ?5, deaths = ?6, damage_dealt = ?7,
                damage_taken = ?8, revives = ?9, play_seconds = ?10, last_seen = ?11, x = ?12, y = ?13,
                achievements = ?14
            WHERE id = ?1
            """
        case .setPasswordHash: "UPDATE characters SET password_hash = ?2 WHERE id = ?1"
        case .rename: "UPDATE characters SET name = ?2, name_key = ?3 WHERE id = ?1"
        case .deleteCharacter: "DELETE FROM characters WHERE id = ?1"
        case .listAll:
            "SELECT \(Self.characterColumns) FROM characters ORDER BY last_seen DESC, name_key LIMIT ?1"
        case .listMatching:
            """
            SELECT \(Self.characterColumns) FROM characters WHERE name_key GLOB ?1
            ORDER BY last_seen DESC, name_key LIMIT ?2
            """
        case .countAll: "SELECT count(*) FROM characters"
        case .countMatching: "SELECT count(*) FROM characters WHERE name_key GLOB ?1"
        case .bans: "SELECT kind, target, until FROM bans ORDER BY kind, target"
        case .putBan:
            """
            INSERT INTO bans (kind, target, until) VALUES (?1, ?2, ?3)
            ON CONFLICT DO UPDATE SET until = excluded.until
            """
        case .removeBan: "DELETE FROM bans WHERE kind = ?1 AND target = ?2"
        case .mutes: "SELECT name_key, until FROM mutes ORDER BY name_key"
        case .putMute:
            "INSERT INTO mutes (name_key, until) VALUES (?1, ?2) ON CONFLICT DO UPDATE SET until = excluded.until"
        case .removeMute: "DELETE FROM mutes WHERE name_key = ?1"
        case .appendAudit:
            "INSERT INTO audit (at, actor, command, status, outcome) VALUES (?1, ?2, ?3, ?4, ?5)"
        case .auditTail:
            """
            SELECT at, actor, command, status, outcome
            FROM (SELECT id, at, actor, command, status, outcome FROM audit ORDER BY id DESC LIMIT ?1)
            ORDER BY id
            """
        }
    }
}
