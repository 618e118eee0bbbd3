import PostgresStore
import PostgresTestSupport
import SQLiteStore
import Storage
import TestSupport
import Testing

/// The store implementations every conformance test runs against.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory
    case sqliteInMemory
    case sqliteFile
    /// A fresh schema in the server `WIREQUEST_TEST_POSTGRES` names; left out of ``available`` when unset.
    case postgres

    var testDescription: String { rawValue }

    /// The kinds the tests run against here: PostgreSQL only when a server is configured. Its absence is
    /// reported (or, with `WIREQUEST_REQUIRE_SERVICES=1`, failed) by ``PostgresAvailabilityTests``.
    static var available: [StoreKind] {
        let configured = (try? PostgresScratch.serverURL) != nil
        return allCases.filter { $0 != .postgres || configured }
    }
}

@Suite struct PostgresAvailabilityTests {
    /// The conformance tests ran against PostgreSQL too, or this says why not.
    @Test func theConformanceTestsRunAgainstPostgresWhenConfigured() throws {
        guard try PostgresScratch.available() else { return }
        #expect(StoreKind.available.contains(.postgres))
    }
}

/// A store under test, with the temporary directory its file lives in. Tests `defer { fixture.close() }`, which
/// also keeps the fixture (and so the directory) alive until the test ends.
final class StoreFixture {
    let store: any CharacterStore
    private let directory: TemporaryDirectory?
    private var scratch: PostgresScratch?

    init(_ kind: StoreKind) throws {
        switch kind {
        case .memory:
            store = MemoryCharacterStore()
            directory = nil
        case .sqliteInMemory:
            store = try SQLiteStore(path: ":memory:")
            directory = nil
        case .sqliteFile:
            let directory = try TemporaryDirectory()
            store = try SQLiteStore(path: directory.file("wirequest.sqlite"))
            self.directory = directory
        case .postgres:
            let scratch = try PostgresScratch()
            do {
                store = try PostgresStore.open(scratch.url)
            } catch {
                scratch.drop()
                throw error
            }
            directory = nil
            self.scratch = scratch
        }
    }

    func close() {
        store.close()
        scratch?.drop()
    }
}

/// A token digest made of one repeated byte (the store treats digests as opaque bytes).
func token(_ byte: UInt8) -> TokenDigest { TokenDigest(repeating: byte, count: 32) }

/// A progress with every field set to something other than its default, derived from `seed`.
func sampleProgress(_ seed: Int, kills: [Int: Int]? = nil) -> CharacterProgress {
    CharacterProgress(
        id: 0, armor: 21 + seed, weapon: 60 + seed, hp: 80 + seed, checkpoint: 3 + seed,
        kills: kills ?? [2: seed + 1, 4: 2 * seed + 3, 61: 1], deaths: seed + 2, damageDealt: 1000 + seed,
        damageTaken: 500 + seed, revives: seed + 1, playSeconds: 3600 + seed)
}
