import GameMap
import GameProtocol
import Support
import Testing
import World

/// What one player does is encoded once and copied to every player who sees its zone: exactly the players of the
/// zone's neighbourhood (the 3×3 block and zones linked by a door), less the player itself.
struct BroadcastTests {
    /// Joins five players and places them: the mover in zone 4 (x 0..<28, y 12..<24), the others in zone 1 (a
    /// neighbour), zone 2 (not one), zone 15 (linked to zone 4 by the door at (20, 20)) and zone 8 (a neighbour).
    static func placed() -> (WorldHarness, [Int]) {
        let harness = WorldHarness()
        let tiles = [Tile(x: 10, y: 20), Tile(x: 30, y: 5), Tile(x: 60, y: 5), Tile(x: 100, y: 40), Tile(x: 10, y: 30)]
        var ids: [Int] = []
        for (index, tile) in tiles.enumerated() {
            let id = harness.join(SessionID(index + 1), name: "p\(index + 1)")
            #expect(harness.world.relocate(player: id, to: tile))
            ids.append(id)
        }
        harness.tick()
        harness.clear()
        return (harness, ids)
    }

    @Test func aMoveReachesTheNeighbourhoodLessTheMover() {
        let (harness, ids) = Self.placed()
        harness.send(1, .move(x: 12, y: 20))
        harness.tick()
        let expected: [JSONValue] = [.integer(MessageCode.move.rawValue), .integer(ids[0]), .integer(12), .integer(20)]
        for session: SessionID in 1...5 {
            let moves = harness.take(session, .move).filter { $0 == expected }
            #expect(moves.count == ([2, 4, 5].contains(session) ? 1 : 0), "session \(session)")
        }
    }

    @Test func everyListenerGetsTheBytesEncodeWrites() {
        let (harness, ids) = Self.placed()
        var frames: [SessionID: [UInt8]] = [:]
        harness.onFrame = { frames[$0.session] = $0.payload }
        harness.send(1, .move(x: 12, y: 20))
        harness.tick()
        var expected: [UInt8] = [0x5B]
        ServerMessage.move(id: ids[0], x: 12, y: 20).encode(into: &expected)
        expected.append(0x5D)
        for session: SessionID in [2, 4, 5] { #expect(frames[session] == expected, "session \(session)") }
        #expect(frames[1] == nil)
        #expect(frames[3] == nil)
    }
}

/// Mobs notice players from their zones' lists: of two players in range at once, the one that came into the zone
/// first, whatever the order of their ids, so a replay notices the same player.
struct NoticeOrderTests {
    @Test(arguments: [false, true])
    func theGoblinNoticesWhoEnteredItsZoneFirst(secondFirst: Bool) {
        let harness = WorldHarness(map: combatMap())
        let first = harness.join(1)
        let second = harness.join(2)
        // The goblin stands at (30, 6), aggro range 1; both tiles are next to it, in its zone.
        let order =
            secondFirst
            ? [(second, Tile(x: 31, y: 6)), (first, Tile(x: 29, y: 6))]
            : [
                (first, Tile(x: 29, y: 6)), (second, Tile(x: 31, y: 6)),
            ]
        for (id, tile) in order { #expect(harness.world.relocate(player: id, to: tile)) }
        harness.tick(5)
        #expect(harness.mob(.goblin).target == order[0].0)
    }
}
