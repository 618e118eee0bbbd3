import GameMap

/// The map cut into zones of `zoneWidth × zoneHeight` tiles (BrowserQuest's 28×12 "groups": one client screen),
/// with each zone's neighbourhood precomputed at load: the 3×3 block around it plus zones linked by doors.
///
/// Unlike BrowserQuest, the grid uses ceiling division so the last columns and rows belong to a zone, and door
/// links are added in both directions whatever the zones' relative position.
package struct ZoneGrid: Sendable {
    package let zoneWidth: Int
    package let zoneHeight: Int
    package let columns: Int
    package let rows: Int
    /// For each zone, the zones whose entities it sees (itself included), sorted.
    private let neighbourhoods: [[Int]]

    package init(map: TileMap, zoneWidth: Int = 28, zoneHeight: Int = 12) {
        self.zoneWidth = zoneWidth
        self.zoneHeight = zoneHeight
        columns = (map.width + zoneWidth - 1) / zoneWidth
        rows = (map.height + zoneHeight - 1) / zoneHeight
        var sets = [Set<Int>](repeating: [], count: columns * rows)
        for row in 0..<rows {
            for column in 0..<columns {
                let zone = row * columns + column
                for dy in -1...1 {
                    for dx in -1...1 {
                        let c = column + dx
                        let r = row + dy
                        if c >= 0, c < columns, r >= 0, r < rows { sets[zone].insert(r * columns + c) }
                    }
                }
            }
        }
        let (columns, rows) = (self.columns, self.rows)
        let zoneOf = { (x: Int, y: Int) -> Int in
            min(max(y, 0) / zoneHeight, rows - 1) * columns + min(max(x, 0) / zoneWidth, columns - 1)
        }
        for door in map.doors {
            let from = zoneOf(door.x, door.y)
            let to = zoneOf(door.destinationX, door.destinationY)
            sets[from].insert(to)
            sets[to].insert(from)
        }
        neighbourhoods = sets.map { $0.sorted() }
    }

    package var zoneCount: Int { columns * rows }

    /// The zone holding tile (x, y); tiles outside the map are clamped to the nearest zone.
    package func zone(x: Int, y: Int) -> Int {
        let column = min(max(x, 0) / zoneWidth, columns - 1)
        let row = min(max(y, 0) / zoneHeight, rows - 1)
        return row * columns + column
    }

    /// The zones visible from `zone`, itself included.
    package func neighbourhood(of zone: Int) -> [Int] { neighbourhoods[zone] }

    package func isVisible(_ target: Int, from zone: Int) -> Bool {
        neighbourhoods[zone].contains(target)
    }
}
