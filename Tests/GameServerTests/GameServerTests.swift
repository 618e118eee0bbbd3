import Bots
import GameMap
import GameTestSupport
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

@Suite(.serialized)
struct GameServerTests {
    @Test func playsTheBrowserQuestHandshake() throws {
        let game = try TestGame()
        defer { game.stop() }
        let (_, batch) = try game.join("Ada")
        #expect(batch.first?[0]?.int == 1)  // WELCOME first
        #expect(batch.first?[2]?.string == "Ada")
        #expect(batch.contains { $0[0]?.int == 17 })  // POPULATION
        let list = batch.first { $0[0]?.int == 19 }  // LIST, holding the rat
        #expect(list?.array?.count == 2)
        // PROFILE ends the first batch: a new character, no password.
        #expect(batch.last?.array == [.integer(30), .string("Ada"), .integer(0), .integer(0)])
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
        let bobList = bobBatch.first { $0[0]?.int == 19 }?.array?.dropFirst().compactMap(\.int) ?? []
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
        _ = try second.receiveFrame()  // go
        try second.send(text: "[0,\"second\",21,60]")
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
        let stopper = NativeThread(name: "stop") { server.shutdownGracefully(timeout: .seconds(2)) }
        #expect(try client.receiveCloseCode() == 1001)
        try client.send(opcode: .close, [0x03, 0xE9])
        stopper.join()
    }
}
