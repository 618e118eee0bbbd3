extension TileMap {
    /// Which tiles a player can reach on foot from `starts`: 4-neighbour steps over walkable tiles, and through
    /// doors (stepping on a door's tile leads to its destination). Row-major, `width × height`. Unwalkable starts
    /// are skipped.
    ///
    /// A flood fill over the whole map, for checking a map (mapgen, tests), not for the tick.
    package func reachableTiles(from starts: [Tile]) -> [Bool] {
        var seen = [Bool](repeating: false, count: width * height)
        var doorways: [Int: Int] = [:]
        for door in doors where isInside(x: door.x, y: door.y) && isInside(x: door.destinationX, y: door.destinationY) {
            doorways[door.y * width + door.x] = door.destinationY * width + door.destinationX
        }
        var queue: [Int] = []
        for start in starts where isWalkable(x: start.x, y: start.y) {
            let index = start.y * width + start.x
            if !seen[index] {
                seen[index] = true
                queue.append(index)
            }
        }
        var head = 0
        while head < queue.count {
            let index = queue[head]
            head += 1
            let x = index % width
            let y = index / width
            var next = [Tile(x: x - 1, y: y), Tile(x: x + 1, y: y), Tile(x: x, y: y - 1), Tile(x: x, y: y + 1)]
            if let destination = doorways[index] { next.append(Tile(x: destination % width, y: destination / width)) }
            for tile in next where isWalkable(x: tile.x, y: tile.y) {
                let candidate = tile.y * width + tile.x
                guard !seen[candidate] else { continue }
                seen[candidate] = true
                queue.append(candidate)
            }
        }
        return seen
    }
}
