import Storage

/// Operator state: bans, mutes and the audit log.
extension SQLiteStore {
    package func bans() throws(StorageError) -> [BanRecord] {
        let select = try statement(.bans)
        defer { select.reset() }
        var bans: [BanRecord] = []
        while try select.step() {
            // A kind this build does not know (written by a newer one) is skipped rather than misread.
            guard let kind = BanRecord.Kind(rawValue: select.text(0)) else { continue }
            bans.append(BanRecord(kind: kind, target: select.text(1), until: select.optionalInt64(2)))
        }
        return bans
    }

    package func putBan(_ ban: BanRecord) throws(StorageError) {
        let insert = try statement(.putBan)
        defer { insert.reset() }
        try insert.bind(ban.kind.rawValue, at: 1)
        try insert.bind(ban.target, at: 2)
        try insert.bind(ban.until, at: 3)
        try insert.step()
    }

    package func removeBan(kind: BanRecord.Kind, target: String) throws(StorageError) -> Bool {
        let delete = try statement(.removeBan)
        defer { delete.reset() }
        try delete.bind(kind.rawValue, at: 1)
        try delete.bind(target, at: 2)
        try delete.step()
        return database.changes > 0
    }

    package func mutes() throws(StorageError) -> [MuteRecord] {
        let select = try statement(.mutes)
        defer { select.reset() }
        var mutes: [MuteRecord] = []
        while try select.step() {
            mutes.append(MuteRecord(nameKey: select.text(0), until: select.optionalInt64(1)))
        }
        return mutes
    }

    package func putMute(_ mute: MuteRecord) throws(StorageError) {
        let insert = try statement(.putMute)
        defer { insert.reset() }
        try insert.bind(mute.nameKey, at: 1)
        try insert.bind(mute.until, at: 2)
        try insert.step()
    }

    package func removeMute(nameKey: String) throws(StorageError) -> Bool {
        let delete = try statement(.removeMute)
        defer { delete.reset() }
        try delete.bind(nameKey, at: 1)
        try delete.step()
        return database.changes > 0
    }

    package func appendAudit(_ entry: AuditEntry) throws(StorageError) {
        let insert = try statement(.appendAudit)
        defer { insert.reset() }
        try insert.bind(entry.at, at: 1)
        try insert.bind(entry.actor, at: 2)
        try insert.bind(entry.command, at: 3)
        try insert.bind(entry.status, at: 4)
        try insert.bind(entry.outcome, at: 5)
        try insert.step()
    }

    package func audit(last limit: Int) throws(StorageError) -> [AuditEntry] {
        let select = try statement(.auditTail)
        defer { select.reset() }
        try select.bind(max(0, limit), at: 1)
        var entries: [AuditEntry] = []
        while try select.step() {
            entries.append(
                AuditEntry(
                    at: select.int64(0), actor: select.text(1), command: select.text(2), status: select.text(3),
                    outcome: select.text(4)))
        }
        return entries
    }
}
