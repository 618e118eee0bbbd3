/// Where characters and operator state last: the one interface the server's storage thread talks to.
///
/// WireQuest ships two implementations: SQLite (`SQLiteStore`, the default: one file, nothing to install) and
/// ``MemoryCharacterStore`` (`--data none`, and tests). A PostgreSQL backend for several server processes sharing
/// accounts implements this same protocol; nothing above it changes.
///
/// A store is used by one thread at a time (the storage thread), so implementations need no locks. Every call is
/// synchronous and may block on I/O; none is ever made on an I/O loop or a world thread. Wall-clock times are
/// passed in (seconds since 1970), so a store reads no clock and tests are deterministic.
package protocol CharacterStore: AnyObject {
    // MARK: - Characters

    /// The character whose name key (``CharacterName/key(_:)``) is `key`, or nil.
    func character(key: String) throws(StorageError) -> CharacterRecord?

    /// The character with this id, or nil.
    func character(id: Int64) throws(StorageError) -> CharacterRecord?

    /// Creates a character named `name` with `progress`'s state (its `id` is ignored), owned by `owner`, first and
    /// last seen at `now`. Throws ``StorageError/nameTaken`` when another character has the same key. Ids are never
    /// reused, not even a deleted character's, so a late save for a deleted character cannot land on a new one.
    func createCharacter(name: String, owner: TokenDigest, progress: CharacterProgress, now: Int64)
        throws(StorageError) -> CharacterRecord

    /// Whether the browser (or bot) holding the token whose digest is `token` may play `character`.
    func isGranted(_ token: TokenDigest, character: Int64) throws(StorageError) -> Bool

    /// Lets `token` play `character` from now on (a password login from another browser). Idempotent. Throws
    /// ``StorageError/notFound`` when there is no such character.
    func grant(_ token: TokenDigest, character: Int64, now: Int64) throws(StorageError)

    /// Writes every update in one transaction, all or nothing, each character's last seen set to `now`. Updates
    /// for characters that no longer exist (deleted by an operator) are skipped. On failure nothing is written.
    /// Kill counts are written per kind: a kind missing from an update's `kills` keeps its stored count.
    func save(_ updates: [CharacterProgress], now: Int64) throws(StorageError)

    /// Sets or clears (nil) the stored password hash (``PasswordHash`` text form). Throws
    /// ``StorageError/notFound`` when there is no such character.
    func setPasswordHash(_ hash: String?, character: Int64) throws(StorageError)

    /// Renames a character; throws ``StorageError/nameTaken`` when another character has the new key,
    /// ``StorageError/notFound`` when there is no such character.
    func rename(character: Int64, to name: String) throws(StorageError)

    /// Deletes a character with its kills and grants; false when there was none.
    func deleteCharacter(_ id: Int64) throws(StorageError) -> Bool

    /// Characters whose name key matches `pattern` (a glob on the lower-cased name: `*` any run, `?` one
    /// character; nil for all), most recently seen first, at most `limit`, and how many match in all.
    func characters(matching pattern: String?, limit: Int) throws(StorageError) -> (rows: [CharacterRecord], total: Int)

    /// How many characters are stored.
    func characterCount() throws(StorageError) -> Int

    // MARK: - Operator state

    /// Every stored ban, expired ones included (the caller drops those).
    func bans() throws(StorageError) -> [BanRecord]
    /// Stores a ban, replacing one on the same target.
    func putBan(_ ban: BanRecord) throws(StorageError)
    /// Removes a ban; false when there was none.
    func removeBan(kind: BanRecord.Kind, target: String) throws(StorageError) -> Bool

    func mutes() throws(StorageError) -> [MuteRecord]
    func putMute(_ mute: MuteRecord) throws(StorageError)
    func removeMute(nameKey: String) throws(StorageError) -> Bool

    /// Appends one line to the audit log of admin actions.
    func appendAudit(_ entry: AuditEntry) throws(StorageError)
    /// The last `limit` audit entries, oldest first.
    func audit(last limit: Int) throws(StorageError) -> [AuditEntry]

    // MARK: - Leases (defaults in CharacterStore+Leases.swift)

    /// Claims or renews `character`'s lease for `node`: nil when `node` holds it now, else the holder's name.
    func claimLease(character: Int64, node: String, ttlMilliseconds: Int) throws(StorageError) -> String?
    /// Extends every lease `node` holds, in one statement.
    func renewLeases(node: String, ttlMilliseconds: Int) throws(StorageError)
    /// Gives up `character`'s lease if `node` holds it.
    func releaseLease(character: Int64, node: String) throws(StorageError)
    /// Gives up every lease `node` holds.
    func releaseLeases(node: String) throws(StorageError)

    // MARK: - Maintenance

    /// A consistent copy of the whole store at `path` while it stays in use (SQLite's online backup API).
    /// Backends that cannot (a PostgreSQL server) throw ``StorageError/unsupported(_:)`` naming their tool.
    func backup(to path: String) throws(StorageError)

    /// Flushes and releases everything; the store is not used afterwards.
    func close()
}
