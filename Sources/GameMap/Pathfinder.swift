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
        guard !grid.isBlocked(x: goal.x, y: goal.y), start.distance(to: goal) <= maxLength,
            start.x >= 0, start.y >= 0, start.x < grid.width, start.y < grid.height
        else { return nil }
        var open = TileHeap()
        // Tiles by their index in the grid: a search touches a few hundred tiles, and hashing `Tile`s in a
        // Dictionary cost more than the search itself.
        var visited = VisitedTiles(capacity: 256)
        let width = grid.width
        let goalIndex = goal.y * width + goal.x
        visited.record(start.y * width + start.x, cost: 0, from: -1)
        open.push(priority: start.distance(to: goal), tile: start.y * width + start.x)
        var expanded = 0
        while let currentIndex = open.pop() {
            let current = Tile(x: currentIndex % width, y: currentIndex / width)
            if currentIndex == goalIndex { return reconstruct(visited, from: start, to: goal, width: width) }
            expanded += 1
            if expanded > maxExpanded { return nil }
            let base = visited.cost(of: currentIndex) ?? 0
            guard base < maxLength else { continue }
            for (dx, dy) in [(0, -1), (0, 1), (-1, 0), (1, 0)] {
                let next = Tile(x: current.x + dx, y: current.y + dy)
                if grid.isBlocked(x: next.x, y: next.y) { continue }
                let nextIndex = next.y * width + next.x
                let newCost = base + 1
                if let known = visited.cost(of: nextIndex), known <= newCost { continue }
                visited.record(nextIndex, cost: newCost, from: currentIndex)
                open.push(priority: newCost + next.distance(to: goal), tile: nextIndex)
            }
        }
        return nil
    }

    private func reconstruct(_ visited: VisitedTiles, from start: Tile, to goal: Tile, width: Int) -> [Tile] {
        var steps: [Tile] = []
        let startIndex = start.y * width + start.x
        var current = goal.y * width + goal.x
        while current != startIndex, let previous = visited.predecessor(of: current), previous >= 0 {
            steps.append(Tile(x: current % width, y: current / width))
            current = previous
        }
        return steps.reversed()
    }
}

/// The cost and predecessor of each tile a search reached, keyed by tile index: open addressing with linear
/// probing, grown when half full.
private struct VisitedTiles {
    private var keys: [Int]
    private var costs: [Int]
    private var predecessors: [Int]
    private var mask: Int
    private var count = 0

    init(capacity: Int) {
        let size = max(16, capacity).nextPowerOfTwo
        keys = Array(repeating: -1, count: size)
        costs = Array(repeating: 0, count: size)
        predecessors = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// Where `key` is, or the empty slot it would go in.
    private func slot(of key: Int) -> Int {
        var slot = Int(truncatingIfNeeded: (UInt(bitPattern: key) &* 0x9E37_79B9_7F4A_7C15) >> 20) & mask
        while keys[slot] != -1 && keys[slot] != key { slot = (slot &+ 1) & mask }
        return slot
    }

    func cost(of key: Int) -> Int? {
        let slot = slot(of: key)
        return keys[slot] == key ? costs[slot] : nil
    }

    func predecessor(of key: Int) -> Int? {
        let slot = slot(of: key)
        return keys[slot] == key ? predecessors[slot] : nil
    }

    mutating func record(_ key: Int, cost: Int, from predecessor: Int) {
        if count * 2 >= keys.count { grow() }
        let slot = slot(of: key)
        if keys[slot] != key {
            keys[slot] = key
            count += 1
        }
        costs[slot] = cost
        predecessors[slot] = predecessor
    }

    private mutating func grow() {
        var larger = VisitedTiles(capacity: keys.count * 2)
        for slot in keys.indices where keys[slot] != -1 {
            larger.record(keys[slot], cost: costs[slot], from: predecessors[slot])
        }
        self = larger
    }
}

extension Int {
    fileprivate var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}

/// The open set of both searches: tile indexes in a binary min-heap by priority, ties broken by insertion order for
/// deterministic paths.
struct TileHeap {
    private var items: [(priority: Int, order: Int, tile: Int)] = []
    private var counter = 0

    /// Empties the heap, keeping its storage for the next search.
    mutating func removeAll() {
        items.removeAll(keepingCapacity: true)
        counter = 0
    }

    mutating func push(priority: Int, tile: Int) {
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

    mutating func pop() -> Int? {
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
