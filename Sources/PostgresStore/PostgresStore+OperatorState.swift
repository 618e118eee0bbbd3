import Storage

/// Operator state: bans, mutes and the audit log, one statement each.
extension PostgresStore {
    package func bans() throws(StorageError) -> [BanRecord] {
        let result = try run { () throws(PostgresError) in
            try connection.execute(
                #"SELECT kind, target, until FROM bans ORDER BY kind COLLATE "C", target COLLATE "C""#)
        }
        return result.rows.compactMap { row in
            // A kind this build does not know (written by a newer one) is skipped rather than misread.
            guard row.count == 3, let kind = row[0].flatMap(BanRecord.Kind.init(rawValue:)), let target = row[1]
            else { return nil }
            return BanRecord(kind: kind, target: target, until: row[2].flatMap { Int64($0) })
        }
    }

    package func putBan(_ ban: BanRecord) throws(StorageError) {
        _ = try run { () throws(PostgresError) in
            try connection.execute(
                """
                INSERT INTO bans (kind, target, until) VALUES ($1, $2, $3)
                ON CONFLICT (kind, target) DO UPDATE SET until = excluded.until
                """, [ban.kind.rawValue, ban.target, Self.text(ban.until)])
        }
    }

    package func removeBan(kind: BanRecord.Kind, target: String) throws(StorageError) -> Bool {
        try run { () throws(PostgresError) in
            try connection.execute("DELETE FROM bans WHERE kind = $1 AND target = $2", [kind.rawValue, target])
        }.affectedRows > 0
    }

    package func mutes() throws(StorageError) -> [MuteRecord] {
        let result = try run { () throws(PostgresError) in
            try connection.execute(#"SELECT name_key, until FROM mutes ORDER BY name_key COLLATE "C""#)
        }
        return result.rows.compactMap { row in
            guard row.count == 2, let key = row[0] else { return nil }
            return MuteRecord(nameKey: key, until: row[1].flatMap { Int64($0) })
        }
    }

    package func putMute(_ mute: MuteRecord) throws(StorageError) {
        _ = try run { () throws(PostgresError) in
            try connection.execute(
                """
                INSERT INTO mutes (name_key, until) VALUES ($1, $2)
                ON CONFLICT (name_key) DO UPDATE SET until = excluded.until
                """, [mute.nameKey, Self.text(mute.until)])
        }
    }

    package func removeMute(nameKey: String) throws(StorageError) -> Bool {
        try run { () throws(PostgresError) in
            try connection.execute("DELETE FROM mutes WHERE name_key = $1", [nameKey])
        }.affectedRows > 0
    }

    package func appendAudit(_ entry: AuditEntry) throws(StorageError) {
        _ = try run { () throws(PostgresError) in
            try connection.execute(
                "INSERT INTO audit (at, actor, command, status, outcome) VALUES ($1, $2, $3, $4, $5)",
                [Self.text(entry.at), entry.actor, entry.command, entry.status, entry.outcome])
        }
    }

    package func audit(last limit: Int) throws(StorageError) -> [AuditEntry] {
        let result = try run { () throws(PostgresError) in
            try connection.execute(
                """
                SELECT at, actor, command, status, outcome
                FROM (SELECT id, at, actor, command, status, outcome FROM audit ORDER BY id DESC LIMIT $1) AS tail
                ORDER BY id
                """, [Self.text(max(0, limit))])
        }
        return result.rows.compactMap { row in
            guard row.count == 5, let at = row[0].flatMap({ Int64($0) }) else { return nil }
            return AuditEntry(
                at: at, actor: row[1] ?? "", command: row[2] ?? "", status: row[3] ?? "", outcome: row[4] ?? "")
        }
    }
}
