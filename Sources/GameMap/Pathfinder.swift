/// A* over a map's collision grid with 4-neighbour steps, as BrowserQuest clients walk.
///
/// Searches are bounded (`maxExpanded` nodes, `maxLength` steps) so a request for an unreachable or far tile costs a
/// fixed amount of work, never a scan of the whole map.
package struct Pathfinder: Sendable {
    package var maxExpanded: Int
    package var maxLength: Int

    package init(maxExpanded: Int = 6000, maxLength: Int = 160) {
        self.maxExpanded = maxExpanded
        self.maxLength = maxLength
    }

    /// The steps from `start` (excluded) to `goal` (included), or nil if there is no path within the bounds.
    /// `start` itself need not be walkable (a player may stand on a door tile); every step must be.
    package func path(on grid: CollisionGrid, from start: Tile, to goal: Tile) -> [Tile]? {
        if start == goal { return [] }
        guard !grid.isBlocked(x: goal.x, y: goal.y), start.distance(to: goal) <= maxLength else { return nil }
        var open = MinHeap()
        var cameFrom: [Tile: Tile] = [:]
        var cost: [Tile: Int] = [start: 0]
        open.push(priority: start.distance(to: goal), tile: start)
        var expanded = 0
        while let current = open.pop() {
            if current == goal { return reconstruct(cameFrom, from: start, to: goal) }
            expanded += 1
            if expanded > maxExpanded { return nil }
            let base = cost[current] ?? 0
            guard base < maxLength else { continue }
            for (dx, dy) in [(0, -1), (0, 1), (-1, 0), (1, 0)] {
                let next = Tile(x: current.x + dx, y: current.y + dy)
                if grid.isBlocked(x: next.x, y: next.y) { continue }
                let newCost = base + 1
                if let known = cost[next], known <= newCost { continue }
                cost[next] = newCost
                cameFrom[next] = current
                open.push(priority: newCost + next.distance(to: goal), tile: next)
            }
        }
        return nil
    }

    private func reconstruct(_ cameFrom: [Tile: Tile], from start: Tile, to goal: Tile) -> [Tile] {
        var steps: [Tile] = []
        var current = goal
        while current != start, let previous = cameFrom[current] {
            steps.append(current)
            current = previous
        }
        return steps.reversed()
    }
}

/// A binary min-heap of tiles by priority, ties broken by insertion order for deterministic paths.
private struct MinHeap {
    private var items: [(priority: Int, order: Int, tile: Tile)] = []
    private var counter = 0

    mutating func push(priority: Int, tile: Tile) {
        counter += 1
        items.append((priority, counter, tile))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(child, parent) else { break }
            items.swapAt(child, parent)
            child = parent
        }
    }

    mutating func pop() -> Tile? {
        guard !items.isEmpty else { return nil }
        let top = items[0].tile
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = parent * 2 + 1
                let right = left + 1
                var smallest = parent
                if left < items.count, less(left, smallest) { smallest = left }
                if right < items.count, less(right, smallest) { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        items[a].priority != items[b].priority ? items[a].priority < items[b].priority : items[a].order < items[b].order
    }
}
