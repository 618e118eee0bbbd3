import Storage

/// Characters: lookups, creation, grants, the batched save, renames and deletions. Each call is one round trip
/// (the listing with a pattern two), and each is one transaction.
extension PostgresStore {
    /// A character's columns in the order ``record(from:)`` reads them, its kills folded into `kind:count,...`.
    static let characterColumns = """
        id, name, password_hash, armor, weapon, hp, checkpoint, deaths, damage_dealt, damage_taken, revives, \
        play_seconds, first_seen, last_seen, x, y, \
        coalesce((SELECT string_agg(kind || ':' || count, ',') FROM kills WHERE character_id = characters.id), ''), \
        achievements
        """
    /// The listing's order, SQLite's: keys compare byte by byte whatever the database's collation.
    static let listOrder = #"ORDER BY last_seen DESC, name_key COLLATE "C""#

    package func character(key: String) throws(StorageError) -> CharacterRecord? {
        let result = try run { () throws(PostgresError) in
            try connection.execute("SELECT \(Self.characterColumns) FROM characters WHERE name_key = $1", [key])
        }
        return try result.rows.first.map { (row) throws(StorageError) in try Self.record(from: row) }
    }

    package func character(id: Int64) throws(StorageError) -> CharacterRecord? {
        let result = try run { () throws(PostgresError) in
            try connection.execute(
                "SELECT \(Self.characterColumns) FROM characters WHERE id = $1", [Self.text(id)])
        }
        return try result.rows.first.map { (row) throws(StorageError) in try Self.record(from: row) }
    }

    package func createCharacter(name: String, owner: TokenDigest, progress: CharacterProgress, now: Int64)
        throws(StorageError) -> CharacterRecord
    {
        // One statement: the character, its kills and its owner's grant commit together.
        let sql = """
            WITH c AS (
                INSERT INTO characters (name, name_key, armor, weapon, hp, checkpoint, deaths, damage_dealt,
                    damage_taken, revives, play_seconds, first_seen, last_seen, x, y, achievements)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12, $13, $14, $18) RETURNING id
            ), k AS (
                INSERT INTO kills (character_id, kind, count)
                SELECT c.id, k.kind, k.count FROM c, unnest($15::bigint[], $16::bigint[]) AS k (kind, count)
            ), g AS (
                INSERT INTO grants (token_hash, character_id, created_at) SELECT $17::bytea, c.id, $12 FROM c
            )
            SELECT id FROM c
            """
        let kills = progress.kills.sorted { $0.key < $1.key }
        let parameters: [String?] = [
            name, CharacterName.key(name), Self.text(progress.armor), Self.text(progress.weapon),
            Self.text(progress.hp), Self.text(progress.checkpoint), Self.text(progress.deaths),
            Self.text(progress.damageDealt), Self.text(progress.damageTaken), Self.text(progress.revives),
            Self.text(progress.playSeconds), Self.text(now), Self.text(progress.x), Self.text(progress.y),
            Self.array(kills.map(\.key)), Self.array(kills.map(\.value)), Self.bytea(owner),
            Self.text(Int64(bitPattern: progress.achievements)),
        ]
        let result = try run(special: ["23505": .nameTaken]) { () throws(PostgresError) in
            try connection.execute(sql, parameters)
        }
        guard let text = result.rows.first?.first ?? nil, let id = Int64(text) else {
            throw .other("PostgreSQL returned no id for the new character")
        }
        var stored = progress
        stored.id = id
        return CharacterRecord(name: name, progress: stored, passwordHash: nil, firstSeen: now, lastSeen: now)
    }

    package func isGranted(_ token: TokenDigest, character: Int64) throws(StorageError) -> Bool {
        let result = try run { () throws(PostgresError) in
            try connection.execute(
                "SELECT 1 FROM grants WHERE token_hash = $1::bytea AND character_id = $2",
                [Self.bytea(token), Self.text(character)])
        }
        return !result.rows.isEmpty
    }

    package func grant(_ token: TokenDigest, character: Int64, now: Int64) throws(StorageError) {
        _ = try run(special: ["23503": .notFound]) { () throws(PostgresError) in
            try connection.execute(
                """
                INSERT INTO grants (token_hash, character_id, created_at) VALUES ($1::bytea, $2, $3)
                ON CONFLICT DO NOTHING
                """,
                [Self.bytea(token), Self.text(character), Self.text(now)])
        }
    }

    package func save(_ updates: [CharacterProgress], now: Int64) throws(StorageError) {
        guard !updates.isEmpty else { return }
        // Several updates of one character in a batch: the last one's fields win, and kills merge kind by kind,
        // as applying them in order would do (one statement cannot touch a row twice).
        var order: [Int64] = []
        var merged: [Int64: CharacterProgress] = [:]
        for update in updates {
            if var earlier = merged[update.id] {
                let kills = earlier.kills.merging(update.kills) { _, new in new }
                earlier = update
                earlier.kills = kills
                merged[update.id] = earlier
            } else {
                order.append(update.id)
                merged[update.id] = update
            }
        }
        let rows = order.map { merged[$0]! }
        let kills = rows.flatMap { row in row.kills.sorted { $0.key < $1.key }.map { (row.id, $0.key, $0.value) } }
        let update = PostgresConnection.Statement(
            """
            UPDATE characters AS c SET armor = u.armor, weapon = u.weapon, hp = u.hp, checkpoint = u.checkpoint,
                deaths = u.deaths, damage_dealt = u.dealt, damage_taken = u.taken, revives = u.revives,
                play_seconds = u.play, x = u.x, y = u.y, achievements = u.achievements, last_seen = $13
            FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[],
                $7::bigint[], $8::bigint[], $9::bigint[], $10::bigint[], $11::integer[], $12::integer[],
                $14::bigint[])
                AS u (id, armor, weapon, hp, checkpoint, deaths, dealt, taken, revives, play, x, y, achievements)
            WHERE c.id = u.id
            """,
            [
                Self.array(rows.map(\.id)), Self.array(rows.map(\.armor)), Self.array(rows.map(\.weapon)),
                Self.array(rows.map(\.hp)), Self.array(rows.map(\.checkpoint)), Self.array(rows.map(\.deaths)),
                Self.array(rows.map(\.damageDealt)), Self.array(rows.map(\.damageTaken)),
                Self.array(rows.map(\.revives)), Self.array(rows.map(\.playSeconds)), Self.array(rows.map(\.x)),
                Self.array(rows.map(\.y)), Self.text(now),
                Self.array(rows.map { Int64(bitPattern: $0.achievements) }),
            ])
        // Characters deleted since the world read them are skipped, their kills too.
        let upsertKills = PostgresConnection.Statement(
            """
            INSERT INTO kills (character_id, kind, count)
            SELECT k.id, k.kind, k.count FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS k (id, kind, count)
            WHERE EXISTS (SELECT 1 FROM characters WHERE characters.id = k.id)
            ON CONFLICT (character_id, kind) DO UPDATE SET count = excluded.count WHERE kills.count <> excluded.count
            """,
            [Self.array(kills.map(\.0)), Self.array(kills.map(\.1)), Self.array(kills.map(\.2))])
        // One round trip; the two statements before one Sync are one implicit transaction: all or nothing.
        _ = try run { () throws(PostgresError) in
            try connection.execute(kills.isEmpty ? [update] : [update, upsertKills])
        }
    }

    package func setPasswordHash(_ hash: String?, character: Int64) throws(StorageError) {
        let result = try run { () throws(PostgresError) in
            try connection.execute(
                "UPDATE characters SET password_hash = $2 WHERE id = $1", [Self.text(character), hash])
        }
        guard result.affectedRows > 0 else { throw .notFound }
    }

    package func rename(character: Int64, to name: String) throws(StorageError) {
        let result = try run(special: ["23505": .nameTaken]) { () throws(PostgresError) in
            try connection.execute(
                "UPDATE characters SET name = $2, name_key = $3 WHERE id = $1",
                [Self.text(character), name, CharacterName.key(name)])
        }
        guard result.affectedRows > 0 else { throw .notFound }
    }

    package func deleteCharacter(_ id: Int64) throws(StorageError) -> Bool {
        // Kills and grants go with it (ON DELETE CASCADE).
        let result = try run { () throws(PostgresError) in
            try connection.execute("DELETE FROM characters WHERE id = $1", [Self.text(id)])
        }
        return result.affectedRows > 0
    }

    package func characters(matching pattern: String?, limit: Int) throws(StorageError)
        -> (rows: [CharacterRecord], total: Int)
    {
        let limit = max(0, limit)
        guard let pattern else {
            let results = try run { () throws(PostgresError) in
                try connection.execute([
                    .init(
                        "SELECT \(Self.characterColumns) FROM characters \(Self.listOrder) LIMIT $1", [Self.text(limit)]
                    ),
                    .init("SELECT count(*) FROM characters"),
                ])
            }
            let rows = try results[0].rows.map { (row) throws(StorageError) in try Self.record(from: row) }
            return (rows, Int(results[1].rows.first?.first.flatMap { $0 } ?? "") ?? 0)
        }
        // The glob is matched in Swift with the very matcher the memory store uses, so every store agrees on
        // what `[a-z]*` means whatever PostgreSQL's regular expressions and collations would say. Only keys and
        // ids cross the network for the match: an admin listing, not a hot path.
        let key = CharacterName.key(pattern)
        let glob = GlobPattern(key)
        // The glob's literal prefix (before any `*`, `?` or `[`) narrows the rows sent; the matcher decides.
        let prefix = String(key.unicodeScalars.prefix { $0 != "*" && $0 != "?" && $0 != "[" })
        let keys = try run { () throws(PostgresError) in
            try connection.execute(
                "SELECT id, name_key FROM characters WHERE starts_with(name_key, $1) \(Self.listOrder)", [prefix])
        }
        let matching = keys.rows.compactMap { row -> Int64? in
            guard row.count == 2, let key = row[1], glob.matches(key) else { return nil }
            return row[0].flatMap { Int64($0) }
        }
        let wanted = Array(matching.prefix(limit))
        guard !wanted.isEmpty else { return ([], matching.count) }
        let result = try run { () throws(PostgresError) in
            try connection.execute(
                "SELECT \(Self.characterColumns) FROM characters WHERE id = ANY($1::bigint[])", [Self.array(wanted)])
        }
        var byID: [Int64: CharacterRecord] = [:]
        for row in result.rows {
            let record = try Self.record(from: row)
            byID[record.id] = record
        }
        return (wanted.compactMap { byID[$0] }, matching.count)
    }

    package func characterCount() throws(StorageError) -> Int {
        let result = try run { () throws(PostgresError) in try connection.execute("SELECT count(*) FROM characters") }
        return Int(result.rows.first?.first.flatMap { $0 } ?? "") ?? 0
    }

    // MARK: - Rows

    /// The character on `row` (``characterColumns``). A value that does not parse is a damaged row, not a crash.
    static func record(from row: [String?]) throws(StorageError) -> CharacterRecord {
        guard row.count == 18 else { throw .other("PostgreSQL returned \(row.count) columns for a character") }
        func int(_ index: Int) throws(StorageError) -> Int {
            guard let text = row[index], let value = Int(text) else {
                throw .corrupt("column \(index) is \(row[index] ?? "NULL")")
            }
            return value
        }
        func optionalInt(_ index: Int) throws(StorageError) -> Int? {
            guard let text = row[index] else { return nil }
            guard let value = Int(text) else { throw .corrupt("column \(index) is \(text)") }
            return value
        }
        var kills: [Int: Int] = [:]
        for pair in (row[16] ?? "").split(separator: ",") {
            let parts = pair.split(separator: ":")
            guard parts.count == 2, let kind = Int(parts[0]), let count = Int(parts[1]) else {
                throw .corrupt("kills \(pair)")
            }
            kills[kind] = count
        }
        let progress = CharacterProgress(
            id: Int64(try int(0)), armor: try int(3), weapon: try int(4), hp: try int(5),
            checkpoint: try optionalInt(6), kills: kills, deaths: try int(7), damageDealt: try int(8),
            damageTaken: try int(9), revives: try int(10), playSeconds: try int(11), x: try optionalInt(14),
            y: try optionalInt(15), achievements: UInt64(bitPattern: Int64(try int(17))))
        return CharacterRecord(
            name: row[1] ?? "", progress: progress, passwordHash: row[2], firstSeen: Int64(try int(12)),
            lastSeen: Int64(try int(13)))
    }
}
