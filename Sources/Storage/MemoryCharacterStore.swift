/// A ``CharacterStore`` in dictionaries: nothing outlives the process. It is the store of `--data none` and of
/// tests, and it keeps the same semantics as the SQLite store (ids are never reused, names are unique by key, kill
/// counts are written per kind, globs follow SQLite's `GLOB`), which the conformance tests check against both.
package final class MemoryCharacterStore: CharacterStore {
    private var records: [Int64: CharacterRecord] = [:]
    private var idsByKey: [String: Int64] = [:]
    /// Character id → the digests of the tokens that may play it.
    private var grants: [Int64: Set<TokenDigest>] = [:]
    private var lastID: Int64 = 0
    private var storedBans: [BanKey: BanRecord] = [:]
    private var storedMutes: [String: MuteRecord] = [:]
    private var auditLog: [AuditEntry] = []

    private struct BanKey: Hashable {
        var kind: BanRecord.Kind
        var target: String
    }

    /// An empty store.
    package init() {}

    // MARK: - Characters

    package func character(key: String) throws(StorageError) -> CharacterRecord? {
        idsByKey[key].flatMap { records[$0] }
    }

    package func character(id: Int64) throws(StorageError) -> CharacterRecord? {
        records[id]
    }

    package func createCharacter(name: String, owner: TokenDigest, progress: CharacterProgress, now: Int64)
        throws(StorageError) -> CharacterRecord
    {
        let key = CharacterName.key(name)
        guard idsByKey[key] == nil else { throw .nameTaken }
        lastID += 1
        var stored = progress
        stored.id = lastID
        let record = CharacterRecord(name: name, progress: stored, passwordHash: nil, firstSeen: now, lastSeen: now)
        records[lastID] = record
        idsByKey[key] = lastID
        grants[lastID] = [owner]
        return record
    }

    package func isGranted(_ token: TokenDigest, character: Int64) throws(StorageError) -> Bool {
        grants[character]?.contains(token) ?? false
    }

    package func grant(_ token: TokenDigest, character: Int64, now: Int64) throws(StorageError) {
        guard records[character] != nil else { throw .notFound }
        grants[character, default: []].insert(token)
    }

    package func save(_ updates: [CharacterProgress], now: Int64) throws(StorageError) {
        for update in updates {
            guard var record = records[update.id] else { continue }
            let kills = record.progress.kills.merging(update.kills) { _, new in new }
            record.progress = update
            record.progress.kills = kills
            record.lastSeen = now
            records[update.id] = record
        }
    }

    package func setPasswordHash(_ hash: String?, character: Int64) throws(StorageError) {
        guard records[character] != nil else { throw .notFound }
        records[character]!.passwordHash = hash
    }

    package func rename(character: Int64, to name: String) throws(StorageError) {
        guard let record = records[character] else { throw .notFound }
        let key = CharacterName.key(name)
        if let holder = idsByKey[key], holder != character { throw .nameTaken }
        idsByKey[record.key] = nil
        idsByKey[key] = character
        records[character]!.name = name
    }

    package func deleteCharacter(_ id: Int64) throws(StorageError) -> Bool {
        guard let record = records.removeValue(forKey: id) else { return false }
        idsByKey[record.key] = nil
        grants[id] = nil
        return true
    }

    package func characters(matching pattern: String?, limit: Int) throws(StorageError)
        -> (rows: [CharacterRecord], total: Int)
    {
        let glob = pattern.map { GlobPattern(CharacterName.key($0)) }
        let matching = records.values.filter { glob?.matches($0.key) ?? true }
        // SQLite's order: last seen, newest first, then the key's UTF-8 bytes.
        let sorted = matching.sorted {
            $0.lastSeen != $1.lastSeen ? $0.lastSeen > $1.lastSeen : $0.key.utf8.lexicographicallyPrecedes($1.key.utf8)
        }
        return (Array(sorted.prefix(max(0, limit))), matching.count)
    }

    package func characterCount() throws(StorageError) -> Int {
        records.count
    }

    // MARK: - Operator state

    package func bans() throws(StorageError) -> [BanRecord] {
        storedBans.values.sorted {
            $0.kind != $1.kind
                ? $0.kind.rawValue < $1.kind.rawValue : $0.target.utf8.lexicographicallyPrecedes($1.target.utf8)
        }
    }

    package func putBan(_ ban: BanRecord) throws(StorageError) {
        storedBans[BanKey(kind: ban.kind, target: ban.target)] = ban
    }

    package func removeBan(kind: BanRecord.Kind, target: String) throws(StorageError) -> Bool {
        storedBans.removeValue(forKey: BanKey(kind: kind, target: target)) != nil
    }

    package func mutes() throws(StorageError) -> [MuteRecord] {
        storedMutes.values.sorted { $0.nameKey.utf8.lexicographicallyPrecedes($1.nameKey.utf8) }
    }

    package func putMute(_ mute: MuteRecord) throws(StorageError) {
        storedMutes[mute.nameKey] = mute
    }

    package func removeMute(nameKey: String) throws(StorageError) -> Bool {
        storedMutes.removeValue(forKey: nameKey) != nil
    }

    package func appendAudit(_ entry: AuditEntry) throws(StorageError) {
        auditLog.append(entry)
    }

    package func audit(last limit: Int) throws(StorageError) -> [AuditEntry] {
        Array(auditLog.suffix(max(0, limit)))
    }

    // MARK: - Maintenance

    package func backup(to path: String) throws(StorageError) {
        throw .unsupported("an in-memory store has nothing to back up")
    }

    package func close() {}
}
