import Storage
import Support
import Synchronization
import Testing
import World

@testable import GameServer

/// A cluster node's database away and back: the first lease renewal that works again writes what the outage kept at
/// once, instead of at the commit back-off's next try (up to its maximum later), so that characters that left during
/// the outage let go of their leases for the other nodes.
@Suite(.serialized)
struct StorageOutageTests {
    /// The runner tests' flaky store, whose lease renewals fail too while its switch is on (a database out of reach
    /// fails every call, not only saves).
    final class UnreachableStore: CharacterStore {
        let inner: StorageRunnerTests.FlakyStore
        let failure: StorageRunnerTests.FailureSwitch
        /// Renewals tried, read by the test (the store itself belongs to the storage thread).
        let renewals: Renewals

        final class Renewals: Sendable {
            let count = Atomic<Int>(0)
        }

        init(failure: StorageRunnerTests.FailureSwitch, renewals: Renewals) {
            self.failure = failure
            self.renewals = renewals
            inner = StorageRunnerTests.FlakyStore(failure: failure)
        }

        func renewLeases(node: String, ttlMilliseconds: Int) throws(StorageError) {
            renewals.count.add(1, ordering: .relaxed)
            if failure.failing.load(ordering: .relaxed) { throw .io("connection refused") }
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
        func save(_ updates: [CharacterProgress], now: Int64) throws(StorageError) { try inner.save(updates, now: now) }
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

    @Test func theFirstRenewalThatWorksAgainWritesWhatTheOutageKept() throws {
        let failure = StorageRunnerTests.FailureSwitch()
        let renewals = UnreachableStore.Renewals()
        let store = UnreachableStore(failure: failure, renewals: renewals)
        var configuration = StorageRunnerTests.configuration()
        configuration.leaseNode = "n1"
        configuration.leaseRenewal = .milliseconds(20)
        // A back-off far longer than the test: only the renewal can bring the commit early.
        configuration.retryDelay = .seconds(600)
        configuration.maxRetryDelay = .seconds(600)
        let runner = StorageRunner(store: store, configuration: configuration)
        defer { runner.stop() }
        let answers = StorageRunnerTests.Answers()
        runner.enter(answers.request(1, token: 1, name: "Rue"))
        guard case .enter(var sheet, _, _) = answers.wait(for: 1) else {
            Issue.record("no character")
            return
        }
        failure.failing.store(true, ordering: .relaxed)
        sheet.damageDealt = 42
        runner.save([CharacterSave(sheet: sheet, leaving: true)])
        #expect(StorageRunnerTests.until { runner.metrics.withLock { $0.commitFailures >= 1 && $0.failing } })
        let tried = renewals.count.load(ordering: .relaxed)
        #expect(StorageRunnerTests.until { renewals.count.load(ordering: .relaxed) >= tried + 2 })
        #expect(runner.metrics.withLock { $0.pending } == 1)
        failure.failing.store(false, ordering: .relaxed)
        #expect(StorageRunnerTests.until { runner.metrics.withLock { !$0.failing && $0.pending == 0 } })
        #expect(StorageRunnerTests.stored(runner, "rue")?.progress.damageDealt == 42)
    }
}
