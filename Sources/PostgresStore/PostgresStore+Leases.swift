import Storage
import Support

/// Leases on characters, by the database's clock (the nodes' clocks may disagree; the database's is one clock).
extension PostgresStore {
    package func claimLease(character: Int64, node: String, ttlMilliseconds: Int) throws(StorageError) -> String? {
        // Claimed when free, expired, or already ours; otherwise the CTE's snapshot shows who holds it. If the
        // holder released it between the two (no row at all), one more try settles it.
        let sql = """
            WITH claim AS (
                INSERT INTO leases (character_id, node, expires)
                VALUES ($1, $2, clock_timestamp() + $3::float8 * interval '1 millisecond')
                ON CONFLICT (character_id) DO UPDATE SET node = excluded.node, expires = excluded.expires
                WHERE leases.node = excluded.node OR (leases.expires <= clock_timestamp() AND $4::boolean)
                RETURNING node
            )
            SELECT node FROM claim
            UNION ALL
            SELECT node FROM leases WHERE character_id = $1 AND NOT EXISTS (SELECT 1 FROM claim)
            """
        _ = try run { () throws(PostgresError) in try connection.connectIfNeeded() }
        // Back from an outage (this session is a reconnection younger than a lease): the other nodes could not
        // renew either, and a holder may still have unwritten saves for the character. Its lease counts as held
        // for one TTL, in which a live holder renews it, writes and lets go; a dead one's expires after that.
        let outage =
            connection.sessions > 1
            && connection.connectedAt.map { MonotonicClock.now() - $0 < .milliseconds(ttlMilliseconds) } ?? false
        for _ in 0..<2 {
            let result = try run { () throws(PostgresError) in
                try connection.execute(
                    sql, [Self.text(character), node, Self.text(max(0, ttlMilliseconds)), outage ? "false" : "true"])
            }
            guard let holder = result.rows.first?.first ?? nil else { continue }
            return holder == node ? nil : holder
        }
        throw .busy
    }

    package func renewLeases(node: String, ttlMilliseconds: Int) throws(StorageError) {
        _ = try run { () throws(PostgresError) in
            try connection.execute(
                "UPDATE leases SET expires = clock_timestamp() + $2::float8 * interval '1 millisecond' WHERE node = $1",
                [node, Self.text(max(0, ttlMilliseconds))])
        }
    }

    package func releaseLease(character: Int64, node: String) throws(StorageError) {
        _ = try run { () throws(PostgresError) in
            try connection.execute(
                "DELETE FROM leases WHERE character_id = $1 AND node = $2", [Self.text(character), node])
        }
    }

    package func releaseLeases(node: String) throws(StorageError) {
        _ = try run { () throws(PostgresError) in
            try connection.execute("DELETE FROM leases WHERE node = $1", [node])
        }
    }
}
