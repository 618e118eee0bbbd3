import GameMap
import GameProtocol
import Support
import Testing
import World

/// What a first game found: players entering on top of a villager, and a death logged as "left", "died", "left".
struct FirstGameTests {
    /// The test map with villagers on every tile of the starting area (5...8, 5...8) but `free`.
    static func crowdedStart(free: Tile) -> TileMap {
        var map = WorldHarness.testMap()
        for y in 5...8 {
            for x in 5...8 where Tile(x: x, y: y) != free {
                map.staticEntities.append(StaticEntity(x: x, y: y, kind: .villager))
            }
        }
        return map
    }

    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8] as [UInt64])
    func aNewPlayerNeverEntersOnAVillager(seed: UInt64) {
        let free = Tile(x: 7, y: 6)
        let harness = WorldHarness(map: Self.crowdedStart(free: free)) { $0.seed = seed }
        let id = harness.join(1, name: "Newcomer")
        #expect(harness.player(id).position == free)
    }

    @Test func playersEnteringTogetherTakeDifferentTiles() {
        let harness = WorldHarness()
        var seen = Set<Tile>()
        for session in 1...15 as ClosedRange<SessionID> {
            let id = harness.join(session, name: "p\(session)")
            seen.insert(harness.player(id).position)
        }
        // 16 tiles in the starting area: a guard and a flask stand elsewhere, so 15 players fit one per tile.
        #expect(seen.count == 15)
    }

    @Test func aRevivedPlayerAvoidsTheVillagersToo() {
        let free = Tile(x: 5, y: 8)
        var map = Self.crowdedStart(free: free)
        map.staticEntities.append(StaticEntity(x: 12, y: 7, kind: .goblin))
        let harness = WorldHarness(map: map) { $0.seed = 9 }
        let id = harness.join(1)
        let player = harness.player(id)
        harness.send(1, .move(x: 11, y: 7))
        for _ in 0..<(50 * 120) where harness.world.players[id] != nil { harness.tick() }
        #expect(harness.world.players[id] == nil)
        harness.send(1, .hello(name: "again", armor: 21, weapon: 60))
        harness.tick()
        #expect(player.position == free)
    }

    @Test func aDeathIsOneDiedAndTheLeaveAfterItOneLeft() {
        var map = WorldHarness.testMap()
        map.staticEntities.append(StaticEntity(x: 12, y: 7, kind: .goblin))
        let harness = WorldHarness(map: map) { $0.seed = 5 }
        let id = harness.join(1)
        harness.send(1, .move(x: 11, y: 7))
        for _ in 0..<(50 * 120) where harness.world.players[id] != nil { harness.tick() }
        #expect(harness.world.players[id] == nil)
        #expect(harness.world.statistics.playersDied == 1)
        #expect(harness.world.statistics.playersLeft == 0)
        harness.drop(1)
        harness.tick()
        #expect(harness.world.statistics.playersDied == 1)
        #expect(harness.world.statistics.playersLeft == 1)
    }

    @Test func aLeaveWithoutDeathIsOneLeft() {
        let harness = WorldHarness()
        harness.join(1)
        harness.join(2)
        harness.drop(1)
        harness.tick(3)
        #expect(harness.world.statistics.playersLeft == 1)
        #expect(harness.world.statistics.playersDied == 0)
    }
}
