import GameProtocol
import GameTestSupport
import Glibc
import HTTP
import NetCore
import SQLiteStore
import Storage
import Support
import TestSupport
import Testing
import WebSocket

/// Who plays which character, end to end over real sockets: tokens in cookies, names that belong to a token,
/// passwords that let another browser in, one session per character, and what is stored when a player leaves.
@Suite(.serialized)
struct IdentityTests {
    static let alice = "00112233445566778899aabbccddeeff"
    static let mallory = "ffeeddccbbaa99887766554433221100"

    static func cookie(_ token: String) -> String { "theme=dark; wq_token=\(token)" }

    static func digest(_ token: String) -> TokenDigest { SHA256.hash(Hex.decode(token)!) }

    /// A store holding Alice's plate-armored character, owned by her token.
    static func storeWithAlice() throws -> MemoryCharacterStore {
        let store = MemoryCharacterStore()
        let progress = CharacterProgress(
            id: 0, armor: EntityKind.platearmor.rawValue, weapon: EntityKind.axe.rawValue, hp: 120, checkpoint: 1,
            kills: [EntityKind.rat.rawValue: 4], deaths: 2, playSeconds: 300)
        _ = try store.createCharacter(name: "Alice", owner: digest(alice), progress: progress, now: 1_000)
        return store
    }

    static func code(of message: JSONValue) -> Int? { message[0]?.int }

    @Test func aReturningTokenGetsItsCharacterBackWithItsGear() throws {
        let game = try TestGame(worlds: 1, store: try Self.storeWithAlice())
        defer { game.stop() }
        let (_, batch) = try game.join("alice", cookie: Self.cookie(Self.alice))
        let welcome = try #require(batch.first?.array)
        #expect(welcome[0].int == 1 && welcome[2].string == "Alice" && welcome[5].int == 170)
        let id = try #require(welcome[1].int)
        #expect(batch.contains { $0.array?.compactMap(\.int) == [10, 120] })  // HEALTH: the stored hit points
        #expect(batch.contains { $0.array?.compactMap(\.int) == [13, id, EntityKind.platearmor.rawValue] })
        #expect(batch.contains { $0.array?.compactMap(\.int) == [13, id, EntityKind.axe.rawValue] })
        #expect(batch.last?.array == [.integer(30), .string("Alice"), .integer(1), .integer(0)])  // returning
    }

    @Test func helloClaimingGoldenGearGetsTheStartingSet() throws {
        let game = try TestGame(worlds: 1)
        defer { game.stop() }
        let client = try RawWebSocket(game.address, cookie: Self.cookie(Self.mallory))
        _ = try client.receiveFrame()  // go
        try client.send(text: "[0,\"cheater\",26,63]")
        let batch = try game.nextBatch(client)
        #expect(batch.first?[5]?.int == 80)
        #expect(!batch.contains { Self.code(of: $0) == 13 })  // no EQUIP: nothing beyond the starting set
    }

    @Test func aTakenNameIsRefusedToAnotherTokenWithoutRegardToCase() throws {
        let game = try TestGame(worlds: 1, store: try Self.storeWithAlice())
        defer { game.stop() }
        let client = try RawWebSocket(game.address, cookie: Self.cookie(Self.mallory))
        _ = try client.receiveFrame()
        try client.send(text: "[0,\"ALICE\",21,60]")
        #expect(try client.receiveCloseCode() == 4004)
    }

    @Test func aClientWithoutATokenIsGivenOneAndIsTheSameCharacterWithIt() throws {
        let game = try TestGame(worlds: 1)
        defer { game.stop() }
        let first = try RawWebSocket(game.address)
        let token = try #require(first.cookie(named: "wq_token"))
        #expect(token.count == 32 && Hex.decode(token) != nil)
        #expect(first.handshake.contains("HttpOnly") && first.handshake.contains("SameSite=Lax"))
        _ = try first.receiveFrame()
        try first.send(text: "[0,\"Nova\",21,60]")
        #expect(try game.nextBatch(first).last?[2]?.int == 0)  // PROFILE: new
        first.disconnect()
        usleep(200_000)
        // The token it was given brings the same character back; a request with a token is given none.
        let second = try RawWebSocket(game.address, cookie: "wq_token=\(token)")
        #expect(second.cookie(named: "wq_token") == nil)
        _ = try second.receiveFrame()
        try second.send(text: "[0,\"nova\",21,60]")
        let batch = try game.nextBatch(second)
        #expect(batch.last?.array == [.integer(30), .string("Nova"), .integer(1), .integer(0)])
    }

    @Test func pagesGiveAndRenewTheTokenCookie() throws {
        let game = try TestGame(worlds: 1, publicFiles: ["index.html": "<!doctype html>", "app.js": "1"])
        defer { game.stop() }
        let fresh = try game.response("/")
        let given = try #require(fresh.head.headers[first: "Set-Cookie"])
        #expect(given.hasPrefix("wq_token=") && given.contains("HttpOnly") && given.contains("Path=/"))
        let renewed = try game.response("/index.html", cookie: Self.cookie(Self.alice))
        #expect(renewed.head.headers[first: "Set-Cookie"]?.hasPrefix("wq_token=\(Self.alice);") == true)
        #expect(try game.response("/app.js").head.headers[first: "Set-Cookie"] == nil)
    }

    @Test func aPasswordLetsAnotherBrowserPlayTheCharacter() throws {
        let game = try TestGame(worlds: 1, store: try Self.storeWithAlice())
        defer { game.stop() }
        let (home, _) = try game.join("Alice", cookie: Self.cookie(Self.alice))
        try home.send(text: "[29,\"short\",\"\"]")
        #expect(try Self.nextPasswordAnswer(game, home)?.first == 0)
        try home.send(text: "[29,\"correct horse\",\"\"]")
        #expect(try Self.nextPasswordAnswer(game, home)?.first == 1)
        // Changing it needs the current one.
        try home.send(text: "[29,\"battery staple\",\"wrong guess\"]")
        #expect(try Self.nextPasswordAnswer(game, home)?.first == 0)
        home.disconnect()
        usleep(200_000)

        let guesser = try RawWebSocket(game.address, cookie: Self.cookie(Self.mallory))
        _ = try guesser.receiveFrame()
        try guesser.send(text: "[28,\"alice\",\"letmein!\"]")
        #expect(try guesser.receiveCloseCode() == 4005)

        let work = try RawWebSocket(game.address, cookie: Self.cookie(Self.mallory))
        _ = try work.receiveFrame()
        try work.send(text: "[28,\"alice\",\"correct horse\"]")
        let batch = try game.nextBatch(work)
        #expect(batch.first?[0]?.int == 1 && batch.first?[5]?.int == 170)
        #expect(batch.last?.array == [.integer(30), .string("Alice"), .integer(1), .integer(1)])
        work.disconnect()
        usleep(200_000)
        // That browser may now say plain HELLO.
        let (again, _) = try game.join("Alice", cookie: Self.cookie(Self.mallory))
        _ = again
    }

    @Test func failedLoginsAreLimitedPerName() throws {
        let game = try TestGame(worlds: 1, store: try Self.storeWithAlice())
        defer { game.stop() }
        for attempt in 0..<6 {
            let client = try RawWebSocket(game.address, cookie: Self.cookie(Self.mallory))
            _ = try client.receiveFrame()
            try client.send(text: "[28,\"Alice\",\"guess number \(attempt)\"]")
            let started = MonotonicClock.now()
            #expect(try client.receiveCloseCode() == 4005)
            if attempt == 5 {
                // Refused before any hash is computed, with the wait in the reason.
                #expect(MonotonicClock.now() - started < .milliseconds(500))
            }
        }
    }

    @Test func aSecondSessionForTheSameCharacterSupersedesTheFirst() throws {
        let game = try TestGame(worlds: 1, store: try Self.storeWithAlice())
        defer { game.stop() }
        let (tab1, _) = try game.join("Alice", cookie: Self.cookie(Self.alice))
        let (_, batch) = try game.join("Alice", cookie: Self.cookie(Self.alice))
        #expect(batch.first?[0]?.int == 1)
        #expect(try tab1.receiveCloseCode() == 4002)
    }

    @Test func whatAPlayerDidIsStoredWhenItLeavesAndTheServerStops() throws {
        let directory = try TemporaryDirectory()
        let path = directory.path + "/characters.sqlite"
        let game = try TestGame(worlds: 1, store: try SQLiteStore(path: path))
        let (client, batch) = try game.join("Hunter", cookie: Self.cookie(Self.alice))
        let welcome = try #require(batch.first?.array)
        let (x, y) = (welcome[3].int ?? 0, welcome[4].int ?? 0)
        let rat = try #require(batch.first { $0[0]?.int == 19 }?[1]?.int)
        // Walk next to the rat at (10, 3), then swing until it dies.
        try client.send(text: "[4,9,3]")
        _ = try game.collect(client, for: Double(abs(9 - x) + abs(3 - y) + 2) * 0.13)
        try client.send(text: "[7,\(rat)]")
        var dealt = 0
        var killed = false
        for _ in 0..<40 where !killed {
            try client.send(text: "[8,\(rat)]")
            for message in try game.collect(client, for: 0.85) {
                if message.first == 16 { dealt += message[2] }
                if message == [18, EntityKind.rat.rawValue] { killed = true }
            }
        }
        #expect(killed)
        client.disconnect()
        usleep(300_000)
        #expect(game.stop() == 0)
        let store = try SQLiteStore(path: path)
        defer { store.close() }
        let stored = try #require(try store.character(key: "hunter"))
        #expect(stored.progress.kills == [EntityKind.rat.rawValue: 1])
        #expect(stored.progress.damageDealt == dealt)
        #expect(try store.isGranted(Self.digest(Self.alice), character: stored.id))
    }

    static func nextPasswordAnswer(_ game: TestGame, _ client: RawWebSocket) throws -> [Int]? {
        for _ in 0..<20 {
            guard let frame = try client.receiveFrame(), frame.opcode == .text,
                let value = try? JSONParser.parse(frame.payload)
            else { continue }
            let messages = value[0]?.array != nil ? (value.array ?? []) : [value]
            for message in messages where message[0]?.int == 29 {
                return [message[1]?.int ?? -1]
            }
        }
        return nil
    }
}
