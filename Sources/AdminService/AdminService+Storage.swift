import Admin
import GameServer
import NetCore
import Storage
import Support
import World

/// Commands answered by the storage thread: what is stored of characters, operators' changes to them, the backup
/// and the audit log. They run there (never on this loop: the store may block on the disk) and their answers come
/// back here.
extension AdminService {
    /// Runs `work` on the storage thread and calls `done` with its answer on the admin loop.
    func onStorage(
        _ work: @escaping @Sendable (StorageAccess) -> AdminAnswer, then done: @escaping (AdminAnswer) -> Void
    ) {
        onStorageLater({ access, answer in answer(work(access)) }, then: done)
    }

    /// Like ``onStorage(_:then:)`` for work that answers later (after a password hash): `work` calls its second
    /// argument once, on the storage thread.
    func onStorageLater(
        _ work: @escaping @Sendable (StorageAccess, @escaping @Sendable (AdminAnswer) -> Void) -> Void,
        then done: @escaping (AdminAnswer) -> Void
    ) {
        assert(loop.inLoop)
        let id = state.withValue(on: loop) { state in
            defer { state.nextAsk += 1 }
            state.storageAnswers[state.nextAsk] = done
            return state.nextAsk
        }
        server.storage.perform { [self] access in
            work(access) { answer in self.loop.execute { self.finishStorage(id, answer) } }
        }
    }

    private func finishStorage(_ id: UInt64, _ answer: AdminAnswer) {
        let done = state.withValue(on: loop) { $0.storageAnswers.removeValue(forKey: id) }
        done?(answer)
    }

    /// Writes operator state (a ban, a mute, an audit line) on the storage thread; a failure is logged, not fatal:
    /// the change is in force in memory either way.
    func persist(_ what: String, _ write: @escaping @Sendable (any CharacterStore) throws -> Void) {
        let logger = self.logger
        server.storage.perform { access in
            do {
                try write(access.store)
            } catch {
                logger.error("could not store \(what): \(error) (in force until the server stops)")
            }
        }
    }

    /// The stored form of a name an operator typed: as the world spells names, then without regard to case.
    func nameKey(_ typed: String) -> String {
        CharacterName.key(World.sanitizeName(typed, maxLength: server.configuration.world.maxNameLength))
    }

    // MARK: - Characters

    /// Runs `work` on the storage thread with the stored character an operator named, and answers for what is in
    /// the way: no such character, a character in play when the change needs it offline, a store error.
    private func withStoredCharacter(
        _ typed: String, offline: Bool = false, doing: String,
        _ work: @escaping @Sendable (StorageAccess, CharacterRecord) throws(StorageError) -> AdminAnswer,
        then done: @escaping (AdminAnswer) -> Void
    ) {
        let key = nameKey(typed)
        onStorage(
            { access in
                do throws(StorageError) {
                    guard let stored = try access.store.character(key: key) else {
                        return .error("no character named \(typed)")
                    }
                    if offline, access.isOnline(stored.id) {
                        return .error("\(stored.name) is playing; kick them first")
                    }
                    return try work(access, stored)
                } catch {
                    return .error("could not \(doing) \(typed): \(error)")
                }
            }, then: done)
    }

    func characterAnswer(_ typed: String, _ done: @escaping (AdminAnswer) -> Void) {
        withStoredCharacter(
            typed, doing: "read",
            { access, stored in
                CharacterReport(access.current(stored), online: access.isOnline(stored.id)).answer
            }, then: done)
    }

    func charactersAnswer(_ pattern: String?, _ done: @escaping (AdminAnswer) -> Void) {
        onStorage(
            { access in
                do throws(StorageError) {
                    let (rows, total) = try access.store.characters(matching: pattern?.lowercased(), limit: 100)
                    let reports = rows.map { CharacterReport(access.current($0), online: access.isOnline($0.id)) }
                    return CharacterReport.list(reports, total: total, now: access.wallClock)
                } catch {
                    return .error("could not list characters: \(error)")
                }
            }, then: done)
    }

    func rename(_ typed: String, to newName: String, _ done: @escaping (AdminAnswer) -> Void) {
        let clean = World.sanitizeName(newName, maxLength: server.configuration.world.maxNameLength)
        withStoredCharacter(
            typed, offline: true, doing: "rename",
            { access, stored throws(StorageError) in
                do throws(StorageError) {
                    try access.store.rename(character: stored.id, to: clean)
                } catch .nameTaken {
                    return .error("the name \(clean) is taken")
                }
                return .ok("renamed \(stored.name) to \(clean)", .object(["name": .string(clean)]))
            }, then: done)
    }

    func delete(_ typed: String, _ done: @escaping (AdminAnswer) -> Void) {
        withStoredCharacter(
            typed, offline: true, doing: "delete",
            { access, stored throws(StorageError) in
                _ = try access.store.deleteCharacter(stored.id)
                access.discardPending(stored.id)
                return .ok("deleted \(stored.name); the name is free")
            }, then: done)
    }

    /// A new random password, shown once to the operator (second line, so the audit log's outcome never holds it).
    func resetPassword(_ typed: String, _ done: @escaping (AdminAnswer) -> Void) {
        let key = nameKey(typed)
        let password = Self.randomPassword()
        onStorageLater(
            { access, answer in
                let stored: CharacterRecord?
                do throws(StorageError) {
                    stored = try access.store.character(key: key)
                } catch {
                    return answer(.error("could not read \(typed): \(error)"))
                }
                guard let stored else { return answer(.error("no character named \(typed)")) }
                access.setPassword(password, character: stored.id) { _, error in
                    if let error { return answer(.error("could not set the password of \(stored.name): \(error)")) }
                    answer(
                        .ok(
                            "password of \(stored.name) reset\nnew password: \(password)\n"
                                + "(shown once: give it to the player, who can set their own in game)",
                            .object(["name": .string(stored.name), "password": .string(password)])))
                }
            }, then: done)
    }

    /// Twelve characters from an alphabet without look-alikes (no 0/O, 1/l/I): about 69 bits from the kernel.
    static func randomPassword() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        return String(SecureRandom.bytes(12).map { alphabet[Int($0) % alphabet.count] })
    }

    func backup(to path: String, _ done: @escaping (AdminAnswer) -> Void) {
        onStorage(
            { access in
                let started = MonotonicClock.now()
                do throws(StorageError) {
                    let count = try access.store.characterCount()
                    try access.store.backup(to: path)
                    let milliseconds = (MonotonicClock.now() - started).inSeconds * 1000
                    return .ok(
                        "backed up \(count) character(s) to \(path) in \(Int(milliseconds.rounded())) ms",
                        .object([
                            "path": .string(path), "characters": .integer(count),
                            "milliseconds": .number(milliseconds),
                        ]))
                } catch {
                    return .error("backup to \(path) failed: \(error)")
                }
            }, then: done)
    }

    func auditAnswer(last count: Int, _ done: @escaping (AdminAnswer) -> Void) {
        onStorage(
            { access in
                do throws(StorageError) {
                    let entries = try access.store.audit(last: count)
                    guard !entries.isEmpty else {
                        return .ok("the audit log is empty", .object(["entries": .array([])]))
                    }
                    var rows = [["WHEN (UTC)", "WHO", "COMMAND", "STATUS", "OUTCOME"]]
                    for entry in entries {
                        rows.append([
                            UTCTime(secondsSince1970: Int(entry.at)).dateAndTime, entry.actor, entry.command,
                            entry.status,
                            entry.outcome,
                        ])
                    }
                    let json = entries.map { entry -> JSONValue in
                        .object([
                            "at": .integer(Int(entry.at)), "actor": .string(entry.actor),
                            "command": .string(entry.command),
                            "status": .string(entry.status), "outcome": .string(entry.outcome),
                        ])
                    }
                    return .ok(table(rows), .object(["entries": .array(json)]))
                } catch {
                    return .error("could not read the audit log: \(error)")
                }
            }, then: done)
    }
}
