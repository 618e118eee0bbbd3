import GameMap
import Support
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

    /// Against breadth-first search on seeded random grids: every path found is a shortest one, made of walkable
    /// adjacent steps, and a reachable goal within the bounds is always found (searches of thousands of tiles
    /// included, which grow the visited table many times).
    @Test func matchesBreadthFirstSearchOnRandomGrids() {
        var random = SplitMix64(seed: 7)
        for round in 0..<40 {
            let (width, height) = (60, 40)
            var grid = CollisionGrid(width: width, height: height)
            let density = round % 2 == 0 ? 20 : 35
            for y in 0..<height {
                for x in 0..<width where Int.random(in: 0..<100, using: &random) < density {
                    grid.setBlocked(x: x, y: y)
                }
            }
            let start = Tile(
                x: Int.random(in: 0..<width, using: &random), y: Int.random(in: 0..<height, using: &random))
            let distances = breadthFirst(grid, from: start)
            for _ in 0..<20 {
                let goal = Tile(
                    x: Int.random(in: 0..<width, using: &random), y: Int.random(in: 0..<height, using: &random))
                let path = Pathfinder(maxExpanded: 100_000, maxLength: 1000).path(on: grid, from: start, to: goal)
                let expected = goal == start ? 0 : (grid.isBlocked(x: goal.x, y: goal.y) ? nil : distances[goal])
                #expect(path?.count == expected, "round \(round): \(start) → \(goal)")
                guard let path else { continue }
                var previous = start
                for step in path {
                    #expect(step.distance(to: previous) == 1 && !grid.isBlocked(x: step.x, y: step.y))
                    previous = step
                }
                #expect(path.last ?? start == goal)
            }
        }
    }

    private func breadthFirst(_ grid: CollisionGrid, from start: Tile) -> [Tile: Int] {
        var distances: [Tile: Int] = [start: 0]
        var queue = [start]
        var head = 0
        while head < queue.count {
            let tile = queue[head]
            head += 1
            for (dx, dy) in [(0, -1), (0, 1), (-1, 0), (1, 0)] {
                let next = Tile(x: tile.x + dx, y: tile.y + dy)
                guard !grid.isBlocked(x: next.x, y: next.y), distances[next] == nil else { continue }
                distances[next] = distances[tile]! + 1
                queue.append(next)
            }
        }
        return distances
    }
}
