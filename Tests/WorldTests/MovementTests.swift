import GameMap
import GameProtocol
import Support
import Testing
import World

/// Server-side movement: paths, speed, doors, and what neighbours see.
struct MovementTests {
    @Test func walksAlongAServerPathAtWalkingSpeed() {
        let harness = WorldHarness()
        let id = harness.join(1)
        let start = harness.player(id).position
        let goal = Tile(x: start.x + 10, y: start.y)
        harness.send(1, .move(x: goal.x, y: goal.y))
        harness.tick()
        // 120 ms per tile at 50 Hz is 6 ticks per tile: after 30 ticks the player is about 5 tiles along.
        harness.tick(30)
        #expect(harness.player(id).position.distance(to: start) == 5)
        harness.tick(40)
        #expect(harness.player(id).position == goal)
    }

    @Test func neighboursSeeTheMove() {
        let harness = WorldHarness()
        let mover = harness.join(1)
        harness.join(2)
        harness.clear()
        let start = harness.player(mover).position
        harness.send(1, .move(x: start.x + 3, y: start.y))
        harness.tick()
        #expect(harness.take(2, .move).first?.map(\.int) == [4, mover, start.x + 3, start.y])
    }

    @Test(arguments: [(40, 20), (0, 5), (-3, 5), (500, 5), (50, 20)])
    func refusesBlockedOutsideOrUnreachableGoals(x: Int, y: Int) {
        // (50, 20) is walkable but far beyond the wall: reachable only through the gap at y = 10, so within bounds it
        // is accepted; the others are refused.
        let harness = WorldHarness()
        let id = harness.join(1)
        harness.clear()
        harness.send(1, .move(x: x, y: y))
        harness.tick()
        let refused = harness.world.statistics.refusedMoves == 1
        #expect(refused == !(x == 50 && y == 20))
        if refused {
            // The correction BrowserQuest clients understand: WELCOME with the server's position, then HEALTH.
            let welcome = harness.take(1, .welcome).first ?? []
            #expect(welcome[3].int == harness.player(id).position.x)
            #expect(harness.take(1, .health).count == 1)
        }
    }

    @Test func repeatedRefusalsDisconnect() {
        let harness = WorldHarness { $0.maxStrikes = 3 }
        harness.join(1)
        for _ in 0..<4 { harness.send(1, .move(x: 40, y: 20)) }
        harness.tick()
        #expect(harness.disconnected[1] != nil)
        #expect(harness.world.statistics.kickedForAbuse == 1)
    }

    @Test func freeTeleportIsRefused() {
        let harness = WorldHarness()
        let id = harness.join(1)
        let before = harness.player(id).position
        harness.send(1, .teleport(x: 100, y: 40))
        harness.tick()
        #expect(harness.player(id).position == before)
        #expect(harness.world.statistics.refusedTeleports == 1)
    }

    @Test func teleportWorksFromTheDoorToItsDestinationOnly() {
        let harness = WorldHarness()
        let id = harness.join(1)
        harness.send(1, .move(x: 20, y: 20))
        harness.tick(6 * 40)
        #expect(harness.player(id).position == Tile(x: 20, y: 20))
        harness.send(1, .teleport(x: 60, y: 20))  // not this door's destination
        harness.tick()
        #expect(harness.player(id).position == Tile(x: 20, y: 20))
        harness.clear()
        harness.send(1, .teleport(x: 100, y: 40))
        harness.tick()
        #expect(harness.player(id).position == Tile(x: 100, y: 40))
        #expect(harness.player(id).orientation == .down)
        // The new neighbourhood is listed: it holds the rat at (90, 40), and not the player itself.
        let listed = (harness.take(1, .list).last ?? []).dropFirst().compactMap(\.int)
        let ratID = harness.world.mobs.values.first { $0.kind == .rat }!.id
        #expect(listed.contains(ratID))
        #expect(!listed.contains(id))
    }

    @Test func teleportAllowsTheClientToBeAFewTilesAhead() {
        let harness = WorldHarness()
        let id = harness.join(1)
        harness.send(1, .move(x: 20, y: 20))
        harness.tick()
        // The client arrives first; while the server still walks the last tiles it already asks for the door.
        let steps = harness.player(id).path.count
        harness.tick(6 * (steps - 2))
        harness.send(1, .teleport(x: 100, y: 40))
        harness.tick()
        #expect(harness.player(id).position == Tile(x: 100, y: 40))
    }

    @Test func observersGetSpawnOnEnterAndDestroyOnLeave() {
        let harness = WorldHarness()
        let watcher = harness.join(1)
        let walker = harness.join(2)
        #expect(watcher != walker)
        // Walk through the wall's gap far to the east, out of the watcher's neighbourhood, and back.
        harness.clear()
        harness.send(2, .move(x: 39, y: 10))
        harness.tick(6 * 45)
        harness.send(2, .move(x: 100, y: 10))
        harness.tick(6 * 70)
        #expect(harness.take(1, .destroy).map { $0[1].int } == [walker])
        harness.clear()
        harness.send(2, .move(x: 41, y: 10))
        harness.tick(6 * 70)
        let spawns = harness.take(1, .spawn).filter { $0[1].int == walker }
        #expect(spawns.count == 1)
        #expect(spawns.first?[2].int == EntityKind.warrior.rawValue)
    }

    @Test func whoAnswersOnlyForVisibleIDs() {
        let harness = WorldHarness()
        harness.join(1)
        let guardID = harness.world.entities.values.first { $0.kind == .guard }!.id
        let ratID = harness.world.mobs.values.first { $0.kind == .rat }!.id
        harness.clear()
        harness.send(1, .who(count: 3), ids: [guardID, ratID, 99_999])
        harness.tick()
        #expect(harness.take(1, .spawn).map { $0[1].int } == [guardID])
    }

    @Test func whoIsCapped() {
        let harness = WorldHarness { $0.maxWhoAnswers = 1 }
        harness.join(1)
        let ids = harness.world.entities.values.filter { $0.kind != .rat }.map(\.id)
        harness.clear()
        harness.send(1, .who(count: ids.count), ids: ids)
        harness.tick()
        #expect(harness.take(1, .spawn).count == 1)
    }
}
