import GameProtocol
import Glibc
import Storage
import Support
import Synchronization
import Testing
import World

@testable import GameServer

/// The storage thread on its own, with an in-memory store that can be made to fail: saves coalesce and survive a
/// failing disk, HELLO and LOGIN are answered, and a character plays in one session at a time.
@Suite(.serialized)
struct StorageRunnerTests {
    /// Turns a store's writes into `diskFull` while on; shared by the test and the store it wraps.
    final class FailureSwitch: Sendable {
        let failing = Atomic<Bool>(false)
    }

    /// A memory store whose saves fail while its switch is on, as a full disk would make SQLite's.
    final class FlakyStore: CharacterStore {
        let inner = MemoryCharacterStore()
        let failure: FailureSwitch
        /// What the test reads back, kept beside the store (the store itself belongs to the storage thread).
        let mirror: Mutex<[Int64: CharacterProgress]>

        init(failure: FailureSwitch) {
            self.failure = failure
            mirror = Mutex([:])
        }

        func character(key: String) throws(StorageError) -> CharacterRecord? { try inner.character(key: key) }
        func character(id: Int64) throws(StorageError) -> CharacterRecord? { try inner.character(id: id) }
        func createCharacter(name: String, owner: TokenDigest, progress: CharacterProgress, now: Int64)
            throws(StorageError) -> CharacterRecord
        { try inner.createCharacter(name: name, owner: owner, progress: progress, now: now) }
        func isGranted(_ token: TokenDigest, character: Int64) throws(StorageError) -> Bool {
            try inner.isGranted(token, character: character)
        }
        func grant(_ token: TokenDigest, character: Int64, now: Int64) throws(StorageError) {
            try inner.grant(token, character: character, now: now)
        }
        func save(_ updates: [CharacterProgress], now: Int64) throws(StorageError) {
            if failure.failing.load(ordering: .relaxed) { throw .diskFull }
            try inner.save(updates, now: now)
        }
        func setPasswordHash(_ hash: String?, character: Int64) throws(StorageError) {
            try inner.setPasswordHash(hash, character: character)
        }
        func rename(character: Int64, to name: String) throws(StorageError) {
            try inner.rename(character: character, to: name)
        }
        func deleteCharacter(_ id: Int64) throws(StorageError) -> Bool { try inner.deleteCharacter(id) }
        func characters(matching pattern: String?, limit: Int) throws(StorageError) -> (
            rows: [CharacterRecord], total: Int
        ) {
            try inner.characters(matching: pattern, limit: limit)
        }
        func characterCount() throws(StorageError) -> Int { try inner.characterCount() }
        func bans() throws(StorageError) -> [BanRecord] { try inner.bans() }
        func putBan(_ ban: BanRecord) throws(StorageError) { try inner.putBan(ban) }
        func removeBan(kind: BanRecord.Kind, target: String) throws(StorageError) -> Bool {
            try inner.removeBan(kind: kind, target: target)
        }
        func mutes() throws(StorageError) -> [MuteRecord] { try inner.mutes() }
        func putMute(_ mute: MuteRecord) throws(StorageError) { try inner.putMute(mute) }
        func removeMute(nameKey: String) throws(StorageError) -> Bool { try inner.removeMute(nameKey: nameKey) }
        func appendAudit(_ entry: AuditEntry) throws(StorageError) { try inner.appendAudit(entry) }
        func audit(last limit: Int) throws(StorageError) -> [AuditEntry] { try inner.audit(last: limit) }
        func backup(to path: String) throws(StorageError) { try inner.backup(to: path) }
        func close() {}
    }

    /// Answers collected from the storage thread.
    final class Answers: Sendable {
        let outcomes = Mutex<[SessionID: EnterOutcome]>([:])
        let superseded = Mutex<Set<SessionID>>([])

        func request(_ session: SessionID, token: UInt8, name: String, password: String? = nil) -> EnterRequest {
            EnterRequest(
                session: session, token: TokenDigest(repeating: token, count: 32), name: name, password: password,
                supersede: { self.superseded.withLock { _ = $0.insert(session) } },
                reply: { outcome in self.outcomes.withLock { $0[session] = outcome } })
        }

        func wait(for session: SessionID, seconds: Double = 5) -> EnterOutcome? {
            let end = MonotonicClock.now() + .seconds(seconds)
            while MonotonicClock.now() < end {
                if let outcome = outcomes.withLock({ $0[session] }) { return outcome }
                usleep(5_000)
            }
            return nil
        }
    }

    static func configuration() -> StorageConfiguration {
        var configuration = StorageConfiguration()
        configuration.passwordIterations = 1000
        configuration.retryDelay = .milliseconds(50)
        configuration.maxRetryDelay = .milliseconds(100)
        configuration.supersedeTimeout = .milliseconds(400)
        configuration.stopTimeout = .milliseconds(300)
        return configuration
    }

    /// Reads what the store holds, on the storage thread.
    static func stored(_ runner: StorageRunner, _ key: String) -> CharacterRecord? {
        let box = Mutex<CharacterRecord??>(nil)
        runner.perform { access in
            let record = try? access.store.character(key: key)
            box.withLock { $0 = .some(record ?? nil) }
        }
        let end = MonotonicClock.now() + .seconds(5)
        while MonotonicClock.now() < end {
            if let answer = box.withLock({ $0 }) { return answer }
            usleep(5_000)
        }
        return nil
    }

    static func until(_ seconds: Double = 5, _ condition: () -> Bool) -> Bool {
        let end = MonotonicClock.now() + .seconds(seconds)
        while MonotonicClock.now() < end {
            if condition() { return true }
            usleep(5_000)
        }
        return condition()
    }

    @Test func helloCreatesThenLoadsAndRefusesAnotherTokensName() throws {
        let runner = StorageRunner(store: MemoryCharacterStore(), configuration: Self.configuration())
        defer { runner.stop() }
        let answers = Answers()
        runner.enter(answers.request(1, token: 7, name: "Vera"))
        guard case .enter(let sheet, returning: false, hasPassword: false) = answers.wait(for: 1) else {
            Issue.record("a new name is not created")
            return
        }
        #expect(sheet.name == "Vera" && sheet.armor == .clotharmor && sheet.hp == 80)
        runner.save([CharacterSave(sheet: sheet, leaving: true)])
        runner.enter(answers.request(2, token: 7, name: "VERA"))
        guard case .enter(let again, returning: true, hasPassword: false) = answers.wait(for: 2) else {
            Issue.record("the owner's token does not load its character")
            return
        }
        #expect(again.id == sheet.id && again.name == "Vera")
        runner.enter(answers.request(3, token: 9, name: "vera"))
        guard case .nameTaken = answers.wait(for: 3) else {
            Issue.record("another token gets the name")
            return
        }
    }

    @Test func savesOfOneCharacterCoalesceAndTheLatestIsStored() throws {
        let runner = StorageRunner(store: MemoryCharacterStore(), configuration: Self.configuration())
        defer { runner.stop() }
        let answers = Answers()
        runner.enter(answers.request(1, token: 1, name: "Kit"))
        guard case .enter(var sheet, _, _) = answers.wait(for: 1) else {
            Issue.record("no character")
            return
        }
        var saves: [CharacterSave] = []
        for hp in [70, 60, 50] {
            sheet.hp = hp
            sheet.kills[.rat, default: 0] += 1
            saves.append(CharacterSave(sheet: sheet, leaving: false))
        }
        runner.save(saves)
        #expect(Self.until { Self.stored(runner, "kit")?.progress.hp == 50 })
        #expect(Self.stored(runner, "kit")?.progress.kills == [EntityKind.rat.rawValue: 3])
        #expect(runner.metrics.withLock { $0.savesReceived } == 3)
    }

    @Test func aFailingDiskIsRetriedWhilePlayGoesOnAndNothingIsLost() throws {
        let failure = FailureSwitch()
        let runner = StorageRunner(store: FlakyStore(failure: failure), configuration: Self.configuration())
        defer { runner.stop() }
        let answers = Answers()
        runner.enter(answers.request(1, token: 1, name: "Ash"))
        guard case .enter(var sheet, _, _) = answers.wait(for: 1) else {
            Issue.record("no character")
            return
        }
        failure.failing.store(true, ordering: .relaxed)
        sheet.damageDealt = 99
        runner.save([CharacterSave(sheet: sheet, leaving: false)])
        #expect(Self.until { runner.metrics.withLock { $0.commitFailures >= 2 && $0.failing } })
        #expect(Self.stored(runner, "ash")?.progress.damageDealt == 0)
        // Loading still works meanwhile (reads need no space): another character enters.
        runner.enter(answers.request(2, token: 2, name: "Bo"))
        guard case .enter = answers.wait(for: 2) else {
            Issue.record("loads stop while writes fail")
            return
        }
        failure.failing.store(false, ordering: .relaxed)
        #expect(Self.until { runner.metrics.withLock { !$0.failing && $0.pending == 0 } })
        #expect(Self.stored(runner, "ash")?.progress.damageDealt == 99)
    }

    @Test func stopReportsWhatADiskThatStaysFullKeptUnwritten() throws {
        let failure = FailureSwitch()
        let runner = StorageRunner(store: FlakyStore(failure: failure), configuration: Self.configuration())
        let answers = Answers()
        runner.enter(answers.request(1, token: 1, name: "Doomed"))
        guard case .enter(let sheet, _, _) = answers.wait(for: 1) else {
            Issue.record("no character")
            return
        }
        failure.failing.store(true, ordering: .relaxed)
        runner.save([CharacterSave(sheet: sheet, leaving: true)])
        #expect(runner.stop() == 1)
    }

    @Test func aNewerSessionSupersedesTheOlderAndStartsFromItsLastSave() throws {
        let runner = StorageRunner(store: MemoryCharacterStore(), configuration: Self.configuration())
        defer { runner.stop() }
        let answers = Answers()
        runner.enter(answers.request(1, token: 5, name: "Tab"))
        guard case .enter(var sheet, _, _) = answers.wait(for: 1) else {
            Issue.record("no character")
            return
        }
        runner.enter(answers.request(2, token: 5, name: "Tab"))
        #expect(Self.until { answers.superseded.withLock { $0.contains(1) } })
        #expect(answers.outcomes.withLock { $0[2] } == nil)  // it waits for the first session's last save
        sheet.hp = 33
        runner.save([CharacterSave(sheet: sheet, leaving: true)])
        guard case .enter(let second, returning: true, _) = answers.wait(for: 2) else {
            Issue.record("the newer session never gets the character")
            return
        }
        #expect(second.hp == 33)
    }

    @Test func aStuckOlderSessionDoesNotKeepTheNewerOneOutForever() throws {
        let runner = StorageRunner(store: MemoryCharacterStore(), configuration: Self.configuration())
        defer { runner.stop() }
        let answers = Answers()
        runner.enter(answers.request(1, token: 5, name: "Stuck"))
        _ = answers.wait(for: 1)
        let asked = MonotonicClock.now()
        runner.enter(answers.request(2, token: 5, name: "Stuck"))
        guard case .enter = answers.wait(for: 2) else {
            Issue.record("never admitted")
            return
        }
        #expect(MonotonicClock.now() - asked >= .milliseconds(400))
    }

    @Test func passwordsAreSetCheckedAndGrantAnotherToken() throws {
        let runner = StorageRunner(store: MemoryCharacterStore(), configuration: Self.configuration())
        defer { runner.stop() }
        let answers = Answers()
        runner.enter(answers.request(1, token: 1, name: "Owner"))
        guard case .enter(let sheet, _, _) = answers.wait(for: 1) else {
            Issue.record("no character")
            return
        }
        let result = Mutex<(Bool, String)?>(nil)
        runner.setPassword(
            PasswordRequest(
                character: sheet.id, new: "correct horse", current: "",
                reply: { saved, text in result.withLock { $0 = (saved, text) } }))
        #expect(Self.until { result.withLock { $0?.0 } == true })
        runner.save([CharacterSave(sheet: sheet, leaving: true)])
        runner.enter(answers.request(2, token: 2, name: "owner", password: "wrong guess"))
        guard case .loginFailed = answers.wait(for: 2) else {
            Issue.record("a wrong password logs in")
            return
        }
        runner.enter(answers.request(3, token: 2, name: "owner", password: "correct horse"))
        guard case .enter(_, returning: true, hasPassword: true) = answers.wait(for: 3) else {
            Issue.record("the right password does not log in")
            return
        }
        runner.save([CharacterSave(sheet: sheet, leaving: true)])
        // The second token is granted now: plain HELLO works for it.
        runner.enter(answers.request(4, token: 2, name: "Owner"))
        guard case .enter = answers.wait(for: 4) else {
            Issue.record("the login did not grant the token")
            return
        }
    }
}
