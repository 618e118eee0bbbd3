import GameMap

/// GameMap's ``Pathfinder`` search (A*, the same four steps in the same order, the same tie-breaks and bounds, so
/// the same paths) over per-tile arrays the world keeps from one search to the next.
///
/// Finding paths is most of what a MOVE costs the world, and the general pathfinder's dictionaries (a hash of every
/// tile it touches, two allocations a search) were most of that. Here a tile's cost and predecessor are array
/// slots, valid when stamped with the current search's number, so starting a search clears nothing.
package final class PathSearch {
    private let width: Int
    private let height: Int
    /// The search that last reached each tile; `cost` and `cameFrom` hold for that search only.
    private var stamp: [UInt32]
    private var cost: [Int32]
    private var cameFrom: [Int32]
    private var search: UInt32 = 0
    /// The open set: a binary min-heap by priority, then by push order (``Pathfinder``'s tie-break).
    private var open: [(priority: Int, order: Int, tile: Int)] = []
    private var pushes = 0

    package init(width: Int, height: Int) {
        self.width = width
        self.height = height
        stamp = [UInt32](repeating: 0, count: width * height)
        cost = [Int32](repeating: 0, count: width * height)
        cameFrom = [Int32](repeating: 0, count: width * height)
    }

    /// What `bounds.path(on:from:to:)` returns: the steps from `start` (excluded) to `goal` (included), or nil.
    package func path(on grid: CollisionGrid, from start: Tile, to goal: Tile, bounds: Pathfinder) -> [Tile]? {
        guard grid.width == width, grid.height == height, start.x >= 0, start.y >= 0, start.x < width,
            start.y < height
        else { return bounds.path(on: grid, from: start, to: goal) }
        if start == goal { return [] }
        guard !grid.isBlocked(x: goal.x, y: goal.y), start.distance(to: goal) <= bounds.maxLength else { return nil }
        search &+= 1
        if search == 0 {
            // Four billion searches later the stamps would repeat: forget them all once.
            stamp = [UInt32](repeating: 0, count: stamp.count)
            search = 1
        }
        open.removeAll(keepingCapacity: true)
        pushes = 0
        let origin = start.y * width + start.x
        let target = goal.y * width + goal.x
        reach(origin, cost: 0, from: origin)
        push(priority: start.distance(to: goal), tile: origin)
        var expanded = 0
        while let current = pop() {
            if current == target { return steps(from: origin, to: target) }
            expanded += 1
            if expanded > bounds.maxExpanded { return nil }
            let base = Int(cost[current])
            guard base < bounds.maxLength else { continue }
            let x = current % width
            let y = current / width
            relax(x: x, y: y - 1, from: current, cost: base + 1, goal: goal, grid: grid)
            relax(x: x, y: y + 1, from: current, cost: base + 1, goal: goal, grid: grid)
            relax(x: x - 1, y: y, from: current, cost: base + 1, goal: goal, grid: grid)
            relax(x: x + 1, y: y, from: current, cost: base + 1, goal: goal, grid: grid)
        }
        return nil
    }

    private func relax(x: Int, y: Int, from current: Int, cost newCost: Int, goal: Tile, grid: CollisionGrid) {
        if grid.isBlocked(x: x, y: y) { return }  // outside the map too
        let next = y * width + x
        if stamp[next] == search, Int(cost[next]) <= newCost { return }
        reach(next, cost: newCost, from: current)
        push(priority: newCost + abs(x - goal.x) + abs(y - goal.y), tile: next)
    }

    private func reach(_ tile: Int, cost newCost: Int, from previous: Int) {
        stamp[tile] = search
        cost[tile] = Int32(truncatingIfNeeded: newCost)
        cameFrom[tile] = Int32(truncatingIfNeeded: previous)
    }

    private func steps(from origin: Int, to target: Int) -> [Tile] {
        var steps: [Tile] = []
        var current = target
        while current != origin {
            steps.append(Tile(x: current % width, y: current / width))
            current = Int(cameFrom[current])
        }
        steps.reverse()
        return steps
    }

    private func push(priority: Int, tile: Int) {
        pushes += 1
        open.append((priority, pushes, tile))
        var child = open.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            open.swapAt(child, parent)
            child = parent
        }
    }

    private func pop() -> Int? {
        guard let top = open.first?.tile else { return nil }
        let last = open.removeLast()
        if !open.isEmpty {
            open[0] = last
            var parent = 0
            while true {
                let left = parent * 2 + 1
                let right = left + 1
                var smallest = parent
                if left < open.count, less(left, smallest) { smallest = left }
                if right < open.count, less(right, smallest) { smallest = right }
                if smallest == parent { break }
                open.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        open[a].priority != open[b].priority ? open[a].priority < open[b].priority : open[a].order < open[b].order
    }
}
