import GameMap
import Support
import Testing
import World

/// The world's path search gives exactly the paths GameMap's pathfinder gives (the world's moves and chases must not
/// change with it), search after search on the same buffers.
struct PathSearchTests {
    /// A walled 60×40 field with about a quarter of its tiles blocked at random.
    static func clutteredMap(seed: UInt64) -> TileMap {
        var map = WorldHarness.walledMap(width: 60, height: 40)
        var random = SplitMix64(seed: seed)
        for y in 1..<39 {
            for x in 1..<59 where Int.random(in: 0..<4, using: &random) == 0 { map.collisions.setBlocked(x: x, y: y) }
        }
        return map
    }

    @Test(arguments: [
        Pathfinder(), Pathfinder(maxExpanded: 400, maxLength: 40), Pathfinder(maxExpanded: 50, maxLength: 8),
    ])
    func findsWhatThePathfinderFinds(bounds: Pathfinder) {
        let map = Self.clutteredMap(seed: 3)
        let search = PathSearch(width: map.width, height: map.height)
        var random = SplitMix64(seed: 9)
        var found = 0
        for _ in 0..<3000 {
            let start = Tile(x: Int.random(in: 0..<60, using: &random), y: Int.random(in: 0..<40, using: &random))
            let goal = Tile(
                x: start.x + Int.random(in: -20...20, using: &random),
                y: start.y + Int.random(in: -20...20, using: &random))
            let expected = bounds.path(on: map.collisions, from: start, to: goal)
            #expect(
                search.path(on: map.collisions, from: start, to: goal, bounds: bounds) == expected, "\(start) → \(goal)"
            )
            if let expected, !expected.isEmpty { found += 1 }
        }
        #expect(found > 100)  // the queries reach real paths, not only refusals
    }

    @Test func startOutsideTheMapOrOnTheGoal() {
        let map = Self.clutteredMap(seed: 4)
        let search = PathSearch(width: map.width, height: map.height)
        let bounds = Pathfinder()
        #expect(
            search.path(on: map.collisions, from: Tile(x: -1, y: 5), to: Tile(x: 1, y: 5), bounds: bounds)
                == bounds.path(on: map.collisions, from: Tile(x: -1, y: 5), to: Tile(x: 1, y: 5)))
        #expect(search.path(on: map.collisions, from: Tile(x: 3, y: 3), to: Tile(x: 3, y: 3), bounds: bounds) == [])
        #expect(search.path(on: map.collisions, from: Tile(x: 3, y: 3), to: Tile(x: 0, y: 0), bounds: bounds) == nil)
    }

    /// Past 255 searches the stamps start over, and paths longer than a byte counts go to the pathfinder.
    @Test func manySearchesAndLongBounds() {
        let map = WorldHarness.walledMap(width: 300, height: 20)
        let search = PathSearch(width: map.width, height: map.height)
        let bounds = Pathfinder()
        for round in 0..<600 {
            let goal = Tile(x: 2 + round % 50, y: 1 + round % 17)
            #expect(
                search.path(on: map.collisions, from: Tile(x: 1, y: 1), to: goal, bounds: bounds)
                    == bounds.path(on: map.collisions, from: Tile(x: 1, y: 1), to: goal))
        }
        let long = Pathfinder(maxExpanded: 100_000, maxLength: 400)
        let path = search.path(on: map.collisions, from: Tile(x: 1, y: 1), to: Tile(x: 298, y: 18), bounds: long)
        #expect(path?.count == 297 + 17)
        #expect(path == long.path(on: map.collisions, from: Tile(x: 1, y: 1), to: Tile(x: 298, y: 18)))
    }
}
