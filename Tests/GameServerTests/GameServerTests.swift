import Glibc
import HTTP
import NetCore
import Support
import Synchronization
import TestSupport
import Web
import Testing
import WebSocket
import World

@testable import GameServer

/// A game server on 127.0.0.1, port 0, with a small BrowserQuest-format map written to a temporary file.
private final class TestGame {
    let server: GameServer
    let group: EventLoopGroup
    let address: SocketAddress
    let directory: String

    init(worlds: Int = 2, playersPerWorld: Int = 10) throws {
        var template = Array("/tmp/wq-game-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw IOError(errnoCode: errno, function: "mkdtemp") }
        directory = String(cString: made)
        // 40×20, walls on the border, a starting area at (2...5, 2...5), a rat at (10, 3).
        var collisions: [Int] = []
        for x in 0..<40 { collisions += [x, 19 * 40 + x] }
        for y in 0..<20 { collisions += [y * 40, y * 40 + 39] }
        let map = """
            {"width":40,"height":20,"tilesize":16,"collisions":[\(collisions.map(String.init).joined(separator: ","))],
             "doors":[],"checkpoints":[{"id":1,"x":2,"y":2,"w":4,"h":4,"s":1}],"roamingAreas":[],"chestAreas":[],
             "staticChests":[],"staticEntities":{"130":"rat"}}
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
