/// ``Pathfinder``'s search (A*, the same four steps in the same order, the same tie-breaks and bounds, so
/// the same paths) over per-tile arrays the world keeps from one search to the next.
///
/// Finding paths is most of what a MOVE costs the world, and the general pathfinder's dictionaries (a hash of every
/// tile it touches, two allocations a search) were most of that. Here a tile's cost and the step that reached it are
/// array slots, valid when stamped with the current search's number, so starting a search clears nothing (but once
/// every 255 searches). Three bytes a tile: 117 KiB for a 200×200 map, whatever the players.
package final class PathSearch {
    private let width: Int
    private let height: Int
    /// The search that last reached each tile; `cost` and `step` hold for that search only.
    private var stamp: [UInt8]
    /// Steps from the start (paths are at most 255 long here; longer bounds go to GameMap's pathfinder).
    private var cost: [UInt8]
    /// Which of the four steps reached the tile: an index into `deltas`.
    private var step: [UInt8]
    private var search: UInt8 = 0
    private var open = TileHeap()

    package init(width: Int, height: Int) {
        self.width = width
        self.height = height
        stamp = [UInt8](repeating: 0, count: width * height)
        cost = [UInt8](repeating: 0, count: width * height)
        step = [UInt8](repeating: 0, count: width * height)
    }

    /// The four steps in ``Pathfinder``'s order (up, down, left, right), as index offsets.
    private var deltas: (Int, Int, Int, Int) { (-width, width, -1, 1) }

    /// What `bounds.path(on:from:to:)` returns: the steps from `start` (excluded) to `goal` (included), or nil.
    package func path(on grid: CollisionGrid, from start: Tile, to goal: Tile, bounds: Pathfinder) -> [Tile]? {
        guard grid.width == width, grid.height == height, start.x >= 0, start.y >= 0, start.x < width,
            start.y < height, bounds.maxLength < 255
        else { return bounds.path(on: grid, from: start, to: goal) }
        if start == goal { return [] }
        guard !grid.isBlocked(x: goal.x, y: goal.y), start.distance(to: goal) <= bounds.maxLength else { return nil }
        search &+= 1
        if search == 0 {
            // The stamps would repeat: forget them all.
            for index in stamp.indices { stamp[index] = 0 }
            search = 1
        }
        open.removeAll()
        let origin = start.y * width + start.x
        let target = goal.y * width + goal.x
        reach(origin, cost: 0, by: 0)
        open.push(priority: start.distance(to: goal), tile: origin)
        var expanded = 0
        while let current = open.pop() {
            if current == target { return steps(from: origin, to: target) }
            expanded += 1
            if expanded > bounds.maxExpanded { return nil }
            let base = Int(cost[current])
            guard base < bounds.maxLength else { continue }
            let x = current % width
            let y = current / width
            relax(x: x, y: y - 1, by: 0, cost: base + 1, goal: goal, grid: grid)
            relax(x: x, y: y + 1, by: 1, cost: base + 1, goal: goal, grid: grid)
            relax(x: x - 1, y: y, by: 2, cost: base + 1, goal: goal, grid: grid)
            relax(x: x + 1, y: y, by: 3, cost: base + 1, goal: goal, grid: grid)
        }
        return nil
    }

    /// Reaches (x, y) by step `direction` at `newCost`, unless it was reached as cheaply already.
    private func relax(x: Int, y: Int, by direction: UInt8, cost newCost: Int, goal: Tile, grid: CollisionGrid) {
        if grid.isBlocked(x: x, y: y) { return }  // outside the map too
        let next = y * width + x
        if stamp[next] == search, Int(cost[next]) <= newCost { return }
        reach(next, cost: newCost, by: direction)
        open.push(priority: newCost + abs(x - goal.x) + abs(y - goal.y), tile: next)
    }

    private func reach(_ tile: Int, cost newCost: Int, by direction: UInt8) {
        stamp[tile] = search
        cost[tile] = UInt8(truncatingIfNeeded: newCost)
        step[tile] = direction
    }

    private func steps(from origin: Int, to target: Int) -> [Tile] {
        let deltas = self.deltas
        var steps: [Tile] = []
        var current = target
        while current != origin {
            steps.append(Tile(x: current % width, y: current / width))
            switch step[current] {
            case 0: current -= deltas.0
            case 1: current -= deltas.1
            case 2: current -= deltas.2
            default: current -= deltas.3
            }
        }
        steps.reverse()
        return steps
    }
}
