import GameMap
import Testing

struct ReachabilityTests {
    /// A 7×3 room split by a wall at x = 3, with a door from (1, 1) to (5, 1).
    private func splitRoom(door: Bool) -> TileMap {
        var map = TileMap(width: 7, height: 3)
        for y in 0..<3 { map.collisions.setBlocked(x: 3, y: y) }
        if door { map.doors = [Door(x: 1, y: 1, destinationX: 5, destinationY: 1)] }
        return map
    }

    @Test func floodsWalkableNeighboursOnly() {
        let reach = splitRoom(door: false).reachableTiles(from: [Tile(x: 0, y: 0)])
        #expect(reach.filter { $0 }.count == 9)
        #expect(!reach[1 * 7 + 4], "the far side is walled off")
        #expect(!reach[0 * 7 + 3], "walls are not reached")
    }

    @Test func goesThroughDoors() {
        let reach = splitRoom(door: true).reachableTiles(from: [Tile(x: 0, y: 0)])
        #expect(reach.filter { $0 }.count == 18)
        #expect(reach[2 * 7 + 6])
    }

    @Test func skipsBlockedStarts() {
        #expect(!splitRoom(door: true).reachableTiles(from: [Tile(x: 3, y: 1)]).contains(true))
    }
}
