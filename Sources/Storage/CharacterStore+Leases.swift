/// Leases: which node of a cluster may play a character right now. A node claims a character's lease before
/// loading it, renews all of its leases every second or so, and releases one after the character's leaving save
/// commits; a lease a crashed node held expires by itself. Only a store shared by several processes (PostgreSQL)
/// keeps them; these defaults are for single-process stores, where the one server always holds every lease.
extension CharacterStore {
    /// Claims (or renews) `character`'s lease for `node` for `ttlMilliseconds`: nil when `node` now holds it,
    /// otherwise the name of the node that holds it unexpired.
    package func claimLease(character: Int64, node: String, ttlMilliseconds: Int) throws(StorageError) -> String? {
        nil
    }

    /// Extends every lease `node` holds to `ttlMilliseconds` from now.
    package func renewLeases(node: String, ttlMilliseconds: Int) throws(StorageError) {}

    /// Gives up `character`'s lease if `node` holds it.
    package func releaseLease(character: Int64, node: String) throws(StorageError) {}

    /// Gives up every lease `node` holds: a node starting up drops what a previous run of it held.
    package func releaseLeases(node: String) throws(StorageError) {}
}
