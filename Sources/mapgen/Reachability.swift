/// Which tiles a player can reach on foot (4-neighbour steps over walkable tiles) from given start tiles,
/// taking doors: stepping on a door's tile leads to its destination.
enum Reachability {
    static func reachable(_ map: WorldMap, from starts: [(x: Int, y: Int)]) -> [Bool] {
        var seen = [Bool](repeating: false, count: map.width * map.height)
        var doors: [Int: Int] = [:]
        for link in map.doorLinks { doors[link.y * map.width + link.x] = link.ty * map.width + link.tx }
        var queue: [Int] = []
        for start in starts where map.isWalkable(start.x, start.y) {
            let index = start.y * map.width + start.x
            if !seen[index] {
                seen[index] = true
                queue.append(index)
            }
        }
        var head = 0
        while head < queue.count {
            let index = queue[head]
            head += 1
            let x = index % map.width
            let y = index / map.width
            var next = [(x - 1, y), (x + 1, y), (x, y - 1), (x, y + 1)].map { $0.1 * map.width + $0.0 }
            if let destination = doors[index] { next.append(destination) }
            for candidate in next {
                let cx = candidate % map.width
                let cy = candidate / map.width
                guard candidate >= 0, candidate < seen.count, !seen[candidate], map.isWalkable(cx, cy) else { continue }
                // Horizontal neighbours must stay on the same row.
                if abs(cx - x) > 1 && doors[index] != candidate { continue }
                seen[candidate] = true
                queue.append(candidate)
            }
        }
        return seen
    }
}
