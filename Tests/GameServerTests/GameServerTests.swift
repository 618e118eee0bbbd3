import Bots
import GameMap
import Glibc
import HTTP
import NetCore
import Support
import Synchronization
import TestSupport
import Testing
import Web
import WebSocket
import World

@testable import GameServer

/// A game server on 127.0.0.1, port 0, with a small BrowserQuest-format map written to a temporary file.
final class TestGame {
    let server: GameServer
    let group: EventLoopGroup
    let address: SocketAddress
    let directory: String

    init(worlds: Int = 2, playersPerWorld: Int = 10, doors: String = "[]", width: Int = 40) throws {
        var template = Array("/tmp/wq-game-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw IOError(errnoCode: errno, function: "mkdtemp") }
        directory = String(cString: made)
        // width×20, walls on the border, a starting area at (2...5, 2...5), a rat at (10, 3).
        var collisions: [Int] = []
        for x in 0..<width { collisions += [x, 19 * width + x] }
        for y in 0..<20 { collisions += [y * width, y * width + width - 1] }
        let map = """
            {"width":\(width),"height":20,"tilesize":16,
             "collisions":[\(collisions.map(String.init).joined(separator: ","))],
             "doors":\(doors),"checkpoints":[{"id":1,"x":2,"y":2,"w":4,"h":4,"s":1}],"roamingAreas":[],"chestAreas":[],
             "staticChests":[],"staticEntities":{"\(3 * width + 10)":"rat"}}
            """
        let path = directory + "/map.json"
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        _ = Array(map.utf8).withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        close(fd)
        var configuration = GameServerConfiguration()
        configuration.web.host = "127.0.0.1"
        configuration.web.port = 0
        configuration.web.staticMounts = []
        configuration.mapPath = path
        configuration.worlds = worlds
        configuration.playersPerWorld = playersPerWorld
        group = try EventLoopGroup(threadCount: 2)
        server = try GameServer(configuration: configuration, group: group)
        address = try server.start()
    }

    func stop() {
        server.shutdownGracefully(timeout: 1_000_000_000)
        _ = system("rm -rf '\(directory)'")
    }

    /// Connects, reads `go`, says HELLO and returns the socket and the messages of the first batch.
    func join(_ name: String) throws -> (RawWebSocket, [JSONValue]) {
        let client = try RawWebSocket(address)
        let go = try #require(try client.receiveFrame())
        #expect(String(decoding: go.payload, as: UTF8.self) == "go")
        try client.send(text: "[0,\"\(name)\",21,60]")
        return (client, try nextBatch(client))
    }

    func nextBatch(_ client: RawWebSocket) throws -> [JSONValue] {
        while let frame = try client.receiveFrame() {
            guard frame.opcode == .text else { continue }
            return try JSONParser.parse(frame.payload).array ?? []
        }
        return []
    }

    /// Every message `client` receives within `seconds` (answering nothing).
    func collect(_ client: RawWebSocket, for seconds: Double) throws -> [[Int]] {
        var messages: [[Int]] = []
        let deadline = MonotonicClock.now() + UInt64(seconds * 1e9)
        setsockopt(client.socket.fd, SOL_SOCKET, SO_RCVTIMEO, [timeval(tv_sec: 0, tv_usec: 100_000)], 16)
        defer { setsockopt(client.socket.fd, SOL_SOCKET, SO_RCVTIMEO, [timeval(tv_sec: 5, tv_usec: 0)], 16) }
        while MonotonicClock.now() < deadline {
            guard let frame = try? client.receiveFrame(), frame.opcode == .text,
                let batch = try? JSONParser.parse(frame.payload).array
            else { continue }
            for message in batch { messages.append(message.array?.map { $0.int ?? Int.min } ?? []) }
        }
        return messages
    }

    func get(_ path: String) throws -> String {
        let socket = try BlockingSocket(connectingTo: address)
        try socket.send("GET \(path) HTTP/1.1\r\nHost: x\r\n\r\n")
        return try HTTPTestClient.readResponse(socket).body
    }

    func status() throws -> String {
        let socket = try BlockingSocket(connectingTo: address)
        try socket.send("GET /status HTTP/1.1\r\nHost: x\r\n\r\n")
        return try HTTPTestClient.readResponse(socket).body
    }
}

@Suite(.serialized)
struct GameServerTests {
    @Test func playsTheBrowserQuestHandshake() throws {
        let game = try TestGame()
        defer { game.stop() }
        let (_, batch) = try game.join("Ada")
        #expect(batch.first?[0]?.int == 1)  // WELCOME first
        #expect(batch.first?[2]?.string == "Ada")
        #expect(batch.contains { $0[0]?.int == 17 })  // POPULATION
        #expect(batch.last?[0]?.int == 19)  // LIST, holding the rat
        #expect(batch.last?.array?.count == 2)
    }

    @Test func statusCountsPlayersPerWorldAndPlacesThemInTheLeastFullWorld() throws {
        let game = try TestGame(worlds: 2)
        defer { game.stop() }
        #expect(try game.status() == "[0,0]")
        let (first, _) = try game.join("one")
        let (second, _) = try game.join("two")
        usleep(100_000)
        #expect(try game.status() == "[1,1]")
        _ = (first, second)
    }

    @Test func playersInTheSameWorldSeeEachOtherMove() throws {
        let game = try TestGame(worlds: 1)
        defer { game.stop() }
        let (watcher, _) = try game.join("watcher")
        let (walker, batch) = try game.join("walker")
        let welcome = try #require(batch.first?.array)
        let id = try #require(welcome[1].int)
        let x = try #require(welcome[3].int)
        let y = try #require(welcome[4].int)
        let target = x < 20 ? x + 2 : x - 2
        try walker.send(text: "[4,\(target),\(y)]")
        var sawMove = false
        for _ in 0..<20 where !sawMove {
            let messages = try game.nextBatch(watcher)
            sawMove = messages.contains { $0.array?.compactMap(\.int) == [4, id, target, y] }
        }
        #expect(sawMove)
    }

    @Test func playersInOneZoneSeeEachOtherAndAPlayerThreeZonesAwaySeesNeither() throws {
        // A door in the next zone east leads to x = 110, three zones from the starting zone. (Doors link the zones at
        // both ends, so the door must not be in the starting zone itself.)
        let game = try TestGame(worlds: 1, doors: #"[{"x":28,"y":3,"p":0,"tx":110,"ty":10,"to":"d"}]"#, width: 120)
        defer { game.stop() }
        let (far, _) = try game.join("far")
        try far.send(text: "[4,28,3]")
        _ = try game.collect(far, for: 3.6)  // walks to the door: at most 29 tiles × 120 ms
        try far.send(text: "[15,110,10]")
        let afterDoor = try game.collect(far, for: 0.3)
        #expect(!afterDoor.contains { $0.first == 1 })  // no WELCOME correction: the teleport was legal

        let (alice, aliceBatch) = try game.join("alice")
        let (bob, bobBatch) = try game.join("bob")
        let aliceID = try #require(aliceBatch.first?[1]?.int)
        let bobID = try #require(bobBatch.first?[1]?.int)
        let bobList = bobBatch.last?.array?.dropFirst().compactMap(\.int) ?? []
        #expect(bobList.contains(aliceID))
        try bob.send(text: "[20,\(aliceID)]")
        let bobSees = try game.collect(bob, for: 0.3)
        #expect(bobSees.contains { $0.count > 2 && $0[0] == 2 && $0[1] == aliceID })
        let aliceSees = try game.collect(alice, for: 0.1)
        #expect(aliceSees.contains { $0.count > 2 && $0[0] == 2 && $0[1] == bobID })

        let aliceX = try #require(aliceBatch.first?[3]?.int)
        let aliceY = try #require(aliceBatch.first?[4]?.int)
        try alice.send(text: "[4,\(aliceX == 2 ? 3 : 2),\(aliceY)]")
        let bobSeesMove = try game.collect(bob, for: 0.3)
        #expect(bobSeesMove.contains { $0 == [4, aliceID, aliceX == 2 ? 3 : 2, aliceY] })

        let farSaw = try game.collect(far, for: 0.2) + afterDoor
        #expect(!farSaw.contains { ($0.first == 2 || $0.first == 4) && ($0[1] == aliceID || $0[1] == bobID) })
    }

    @Test func aMalformedMessageClosesOnlyThatConnection() throws {
        let game = try TestGame(worlds: 1)
        defer { game.stop() }
        let (good, _) = try game.join("good")
        let (bad, _) = try game.join("bad")
        try bad.send(text: "[4,\"x\",1]")
        #expect(try bad.receiveCloseCode() == 1008)
        try good.send(text: "[11,\"hello\"]")
        var heard = false
        for _ in 0..<20 where !heard {
            heard = try game.nextBatch(good).contains { $0[0]?.int == 11 && $0[2]?.string == "hello" }
        }
        #expect(heard)
    }

    @Test func refusesPolitelyWhenEveryWorldIsFull() throws {
        let game = try TestGame(worlds: 1, playersPerWorld: 1)
        defer { game.stop() }
        let (first, _) = try game.join("first")
        let second = try RawWebSocket(game.address)
        #expect(try second.receiveCloseCode() == 1013)
        _ = first
    }

    @Test func metricsExposePlayersTicksAndOutputInPrometheusFormat() throws {
        let game = try TestGame(worlds: 2)
        defer { game.stop() }
        let (client, _) = try game.join("measured")
        usleep(200_000)
        let metrics = try game.get("/metrics")
        #expect(metrics.contains("# TYPE wirequest_players gauge"))
        #expect(metrics.contains("wirequest_players{world=\"0\"} 1"))
        #expect(metrics.contains("wirequest_tick_seconds{world=\"1\",quantile=\"0.99\"}"))
        #expect(metrics.contains("# TYPE wirequest_bytes_out_total counter"))
        let ticks = metrics.split(separator: "\n").first { $0.hasPrefix("wirequest_ticks_total{world=\"0\"}") }
        #expect((ticks?.split(separator: " ").last.flatMap { Int($0) } ?? 0) > 0)
        _ = client
    }

    @Test func botsPlayWithoutErrorsOrCorrections() throws {
        let game = try TestGame(worlds: 1)
        defer { game.stop() }
        var configuration = Swarm.Configuration()
        configuration.url = WebSocketURL(host: "127.0.0.1", port: game.address.port)
        configuration.count = 8
        configuration.durationSeconds = 3
        configuration.ramp = 100
        configuration.mapPath = game.directory + "/map.json"
        let swarm = try Swarm(configuration: configuration)
        let summary = swarm.run()
        #expect(summary.contains("peak connected 8"))
        #expect(summary.contains("errors           0"))
        #expect(summary.contains("corrections      0"))
        #expect(summary.contains("disconnects      0"))
    }

    @Test func shutdownSendsGoingAway() throws {
        let game = try TestGame(worlds: 1)
        defer { _ = system("rm -rf '\(game.directory)'") }
        let (client, _) = try game.join("leaver")
        let server = game.server
        let stopper = NativeThread(name: "stop") { server.shutdownGracefully(timeout: 2_000_000_000) }
        #expect(try client.receiveCloseCode() == 1001)
        try client.send(opcode: .close, [0x03, 0xE9])
        stopper.join()
    }
}
