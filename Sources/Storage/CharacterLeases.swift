/// Leases: which cluster node plays a character now. A node claims a character's lease before letting a session
/// play it and renews its leases while they play; a lease whose node stopped renewing (a crash) expires by itself.
/// Only a store shared by several processes (PostgreSQL) needs them; for one process (SQLite, memory) the storage
/// thread's own table of who plays what is enough, and these defaults grant every claim.
extension CharacterStore {
    package func claimLease(character: Int64, node: String, ttlMilliseconds: Int) throws(StorageError) -> String? {
        nil
    }
    package func renewLeases(node: String, ttlMilliseconds: Int) throws(StorageError) {}
    package func releaseLease(character: Int64, node: String) throws(StorageError) {}
    package func releaseLeases(node: String) throws(StorageError) {}
}
