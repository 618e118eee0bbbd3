import GameMap
import Testing

struct PathfinderTests {
    @Test func findsTheShortestWalkablePath() {
        var grid = CollisionGrid(width: 10, height: 10)
        for y in 0..<9 { grid.setBlocked(x: 5, y: y) }
        let path = Pathfinder().path(on: grid, from: Tile(x: 1, y: 1), to: Tile(x: 8, y: 1))
        #expect(path?.last == Tile(x: 8, y: 1))
        #expect(path?.count == 7 + 16)  // down to row 9, across, back up
        #expect(path?.contains { grid.isBlocked(x: $0.x, y: $0.y) } == false)
    }

    @Test func givesUpWithinItsBounds() {
        var grid = CollisionGrid(width: 300, height: 300)
        for y in 0..<300 { grid.setBlocked(x: 150, y: y) }
        #expect(Pathfinder().path(on: grid, from: Tile(x: 1, y: 1), to: Tile(x: 200, y: 1)) == nil)
    }
}
