import GameProtocol
import GameTestSupport
import Glibc
import SQLiteStore
import Storage
import Support
import TestSupport
import Testing
import WebSocket

/// End to end over real sockets and a SQLite file: a rat killed earns "Pest Control" (ACHIEVEMENT), the store has
/// it once the player left and the server stopped, and a restarted server lists it as earned (ACHIEVEMENTS).
@Suite(.serialized)
struct AchievementPersistenceTests {
    static let cookie = "wq_token=0123456789abcdef0123456789abcdef"

    /// The `earned` flags of ACHIEVEMENTS in `batch`, by id.
    static func earned(in batch: [JSONValue]) -> [Int: Bool]? {
        guard let list = batch.first(where: { $0[0]?.int == MessageCode.achievements.rawValue })?.array else {
            return nil
        }
        var flags: [Int: Bool] = [:]
        for row in list.dropFirst() {
            if let id = row[0]?.int { flags[id] = row[3]?.int == 1 }
        }
        return flags
    }

    @Test func anAchievementEarnedInPlayIsStoredAndListedAfterARestart() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/characters.sqlite"
        let game = try TestGame(worlds: 1, store: try SQLiteStore(path: path))
        let (client, batch) = try game.join("Hunter", cookie: Self.cookie)
        #expect(Self.earned(in: batch)?.values.contains(true) == false)
        let welcome = try #require(batch.first?.array)
        let (x, y) = (welcome[3].int ?? 0, welcome[4].int ?? 0)
        let rat = try #require(batch.first { $0[0]?.int == 19 }?[1]?.int)
        try client.send(text: "[4,9,3]")
        _ = try game.collect(client, for: Double(abs(9 - x) + abs(3 - y) + 2) * 0.13)
        try client.send(text: "[7,\(rat)]")
        var announced: [[Int]] = []
        var killed = false
        for _ in 0..<40 where !killed {
            try client.send(text: "[8,\(rat)]")
            for message in try game.collect(client, for: 0.85) {
                if message == [18, EntityKind.rat.rawValue] { killed = true }
                if message.first == MessageCode.achievement.rawValue { announced.append(message) }
            }
        }
        #expect(killed)
        announced += try game.collect(client, for: 0.3).filter { $0.first == MessageCode.achievement.rawValue }
        #expect(announced == [[31, 0, Int.min, Int.min]])
        client.disconnect()
        usleep(300_000)
        #expect(game.stop() == 0)

        let store = try SQLiteStore(path: path)
        let stored = try #require(try store.character(key: "hunter"))
        #expect(stored.progress.achievements == 1)
        let restarted = try TestGame(worlds: 1, store: store)
        defer { restarted.stop() }
        let (_, again) = try restarted.join("Hunter", cookie: Self.cookie)
        let flags = try #require(Self.earned(in: again))
        #expect(flags[0] == true)
        #expect(flags.filter(\.value).count == 1)
    }
}
