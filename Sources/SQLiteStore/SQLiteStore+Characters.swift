import CSQLite
import Storage

/// Characters: lookups, creation, grants, the batched save, renames and deletions.
extension SQLiteStore {
    package func character(key: String) throws(StorageError) -> CharacterRecord? {
        try readCharacter(.characterByKey) { (statement) throws(StorageError) in try statement.bind(key, at: 1) }
    }

    package func character(id: Int64) throws(StorageError) -> CharacterRecord? {
        try readCharacter(.characterByID) { (statement) throws(StorageError) in try statement.bind(id, at: 1) }
    }

    package func createCharacter(name: String, owner: TokenDigest, progress: CharacterProgress, now: Int64)
        throws(StorageError) -> CharacterRecord
    {
        try database.transaction { () throws(StorageError) in
            let insert = try statement(.insertCharacter)
            defer { insert.reset() }
            try insert.bind(name, at: 1)
            try insert.bind(CharacterName.key(name), at: 2)
            try insert.bind(progress.armor, at: 3)
            try insert.bind(progress.weapon, at: 4)
            try insert.bind(progress.hp, at: 5)
            try insert.bind(progress.checkpoint, at: 6)
            try insert.bind(progress.deaths, at: 7)
            try insert.bind(progress.damageDealt, at: 8)
            try insert.bind(progress.damageTaken, at: 9)
            try insert.bind(progress.revives, at: 10)
            try insert.bind(progress.playSeconds, at: 11)
            try insert.bind(now, at: 12)
            try insert.bind(progress.x, at: 13)
            try insert.bind(progress.y, at: 14)
            try insert.bind(Int64(bitPattern: progress.achievements), at: 15)
            do throws(StorageError) {
                try insert.step()
            } catch {
                if database.lastErrorCode == wq_sqlite_constraint_unique { throw .nameTaken }
                throw error
            }
            var stored = progress
            stored.id = database.lastInsertRowID
            try writeKills(stored.kills, character: stored.id)
            try grant(owner, character: stored.id, now: now)
            return CharacterRecord(name: name, progress: stored, passwordHash: nil, firstSeen: now, lastSeen: now)
        }
    }

    package func isGranted(_ token: TokenDigest, character: Int64) throws(StorageError) -> Bool {
        let query = try statement(.isGranted)
        defer { query.reset() }
        try query.bind(token, at: 1)
        try query.bind(character, at: 2)
        return try query.step()
    }

    package func grant(_ token: TokenDigest, character: Int64, now: Int64) throws(StorageError) {
        let insert = try statement(.insertGrant)
        defer { insert.reset() }
        try insert.bind(token, at: 1)
        try insert.bind(character, at: 2)
        try insert.bind(now, at: 3)
        do {
            try insert.step()
        } catch {
            if database.lastErrorCode == wq_sqlite_constraint_foreignkey { throw .notFound }
            throw error
        }
    }

    package func save(_ updates: [CharacterProgress], now: Int64) throws(StorageError) {
        guard !updates.isEmpty else { return }
        let update = try statement(.updateProgress)
        try database.transaction { () throws(StorageError) in
            for progress in updates {
                defer { update.reset() }
                try update.bind(progress.id, at: 1)
                try update.bind(progress.armor, at: 2)
                try update.bind(progress.weapon, at: 3)
                try update.bind(progress.hp, at: 4)
                try update.bind(progress.checkpoint, at: 5)
                try update.bind(progress.deaths, at: 6)
                try update.bind(progress.damageDealt, at: 7)
                try update.bind(progress.damageTaken, at: 8)
                try update.bind(progress.revives, at: 9)
                try update.bind(progress.playSeconds, at: 10)
                try update.bind(now, at: 11)
                try update.bind(progress.x, at: 12)
                try update.bind(progress.y, at: 13)
                try update.bind(Int64(bitPattern: progress.achievements), at: 14)
                try update.step()
                // No row: an operator deleted the character since the world read it.
                guard database.changes > 0 else { continue }
                try writeKills(progress.kills, character: progress.id)
            }
        }
    }

    package func setPasswordHash(_ hash: String?, character: Int64) throws(StorageError) {
        let update = try statement(.setPasswordHash)
        defer { update.reset() }
        try update.bind(character, at: 1)
        try update.bind(hash, at: 2)
        try update.step()
        guard database.changes > 0 else { throw .notFound }
    }

    package func rename(character: Int64, to name: String) throws(StorageError) {
        let update = try statement(.rename)
        defer { update.reset() }
        try update.bind(character, at: 1)
        try update.bind(name, at: 2)
        try update.bind(CharacterName.key(name), at: 3)
        do {
            try update.step()
        } catch {
            if database.lastErrorCode == wq_sqlite_constraint_unique { throw .nameTaken }
            throw error
        }
        guard database.changes > 0 else { throw .notFound }
    }

    package func deleteCharacter(_ id: Int64) throws(StorageError) -> Bool {
        // Kills and grants go with it: ON DELETE CASCADE, with foreign keys on.
        let delete = try statement(.deleteCharacter)
        defer { delete.reset() }
        try delete.bind(id, at: 1)
        try delete.step()
        return database.changes > 0
    }

    package func characters(matching pattern: String?, limit: Int) throws(StorageError)
        -> (rows: [CharacterRecord], total: Int)
    {
        let glob = pattern.map(CharacterName.key)
        let list = try statement(glob == nil ? .listAll : .listMatching)
        let count = try statement(glob == nil ? .countAll : .countMatching)
        defer {
            list.reset()
            count.reset()
        }
        if let glob {
            try list.bind(glob, at: 1)
            try count.bind(glob, at: 1)
        }
        try list.bind(max(0, limit), at: glob == nil ? 1 : 2)
        var rows: [CharacterRecord] = []
        while try list.step() {
            rows.append(try record(from: list))
        }
        try count.step()
        return (rows, count.int(0))
    }

    package func characterCount() throws(StorageError) -> Int {
        let count = try statement(.countAll)
        defer { count.reset() }
        try count.step()
        return count.int(0)
    }

    // MARK: - Rows

    /// The one character `query` finds once `bind` has bound its parameters, or nil.
    private func readCharacter(_ query: SQLiteQuery, bind: (SQLiteStatement) throws(StorageError) -> Void)
        throws(StorageError) -> CharacterRecord?
    {
        let select = try statement(query)
        defer { select.reset() }
        try bind(select)
        guard try select.step() else { return nil }
        return try record(from: select)
    }

    /// The character on `row` (a statement selecting ``SQLiteQuery/characterColumns``), with its kills.
    private func record(from row: SQLiteStatement) throws(StorageError) -> CharacterRecord {
        let id = row.int64(0)
        let progress = CharacterProgress(
            id: id, armor: row.int(3), weapon: row.int(4), hp: row.int(5), checkpoint: row.optionalInt(6),
            kills: try kills(of: id), deaths: row.int(7), damageDealt: row.int(8), damageTaken: row.int(9),
            revives: row.int(10), playSeconds: row.int(11), x: row.optionalInt(14), y: row.optionalInt(15),
            achievements: UInt64(bitPattern: row.int64(16)))
        return CharacterRecord(
            name: row.text(1), progress: progress, passwordHash: row.optionalText(2), firstSeen: row.int64(12),
            lastSeen: row.int64(13))
    }

    private func kills(of character: Int64) throws(StorageError) -> [Int: Int] {
        let select = try statement(.killsOfCharacter)
        defer { select.reset() }
        try select.bind(character, at: 1)
        var kills: [Int: Int] = [:]
        while try select.step() {
            kills[select.int(0)] = select.int(1)
        }
        return kills
    }

    /// Upserts each kind's count; kinds not in `kills` keep theirs.
    private func writeKills(_ kills: [Int: Int], character: Int64) throws(StorageError) {
        guard !kills.isEmpty else { return }
        let upsert = try statement(.upsertKill)
        try upsert.bind(character, at: 1)
        for (kind, count) in kills {
            defer { upsert.reset() }
            try upsert.bind(kind, at: 2)
            try upsert.bind(count, at: 3)
            try upsert.step()
        }
    }
}
