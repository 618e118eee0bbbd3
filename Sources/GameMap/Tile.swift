/// A tile position.
package struct Tile: Sendable, Hashable {
    package var x: Int
    package var y: Int

    package init(x: Int, y: Int) {
        self.x = x
        self.y = y
    }

    /// Manhattan distance.
    package func distance(to other: Tile) -> Int { abs(x - other.x) + abs(y - other.y) }

    /// Chebyshev distance: how BrowserQuest measures aggro and leash ranges.
    package func chebyshev(to other: Tile) -> Int { max(abs(x - other.x), abs(y - other.y)) }

    /// Next to `other` along a side (4-neighbour), where melee happens.
    package func isAdjacent(to other: Tile) -> Bool { distance(to: other) == 1 }
}

/// A rectangle of tiles: `x..<x+width`, `y..<y+height`.
package struct TileRect: Sendable, Equatable, Hashable {
    package var x: Int
    package var y: Int
    package var width: Int
    package var height: Int

    package init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    package func contains(x px: Int, y py: Int) -> Bool {
        px >= x && px < x + width && py >= y && py < y + height
    }
}
