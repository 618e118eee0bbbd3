import GameProtocol

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

/// A door or portal: stepping onto (x, y) takes a player to (destinationX, destinationY).
package struct Door: Sendable, Equatable {
    package var x: Int
    package var y: Int
    package var destinationX: Int
    package var destinationY: Int
    /// Facing after going through (BrowserQuest's `to`).
    package var orientation: Orientation?
    package var isPortal: Bool
    /// Where a mobile client centres its camera afterwards (BrowserQuest's `tcx`/`tcy`), if given.
    package var cameraX: Int?
    package var cameraY: Int?

    package init(
        x: Int, y: Int, destinationX: Int, destinationY: Int, orientation: Orientation? = nil, isPortal: Bool = false,
        cameraX: Int? = nil, cameraY: Int? = nil
    ) {
        self.x = x
        self.y = y
        self.destinationX = destinationX
        self.destinationY = destinationY
        self.orientation = orientation
        self.isPortal = isPortal
        self.cameraX = cameraX
        self.cameraY = cameraY
    }
}

/// A respawn area; starting areas are where new players appear.
package struct Checkpoint: Sendable, Equatable {
    package var id: Int
    package var area: TileRect
    package var isStartingArea: Bool

    package init(id: Int, area: TileRect, isStartingArea: Bool) {
        self.id = id
        self.area = area
        self.isStartingArea = isStartingArea
    }
}

/// An area where `count` mobs of `kind` spawn at random walkable tiles.
package struct RoamingArea: Sendable, Equatable {
    package var id: Int
    package var area: TileRect
    package var kind: EntityKind
    package var count: Int

    package init(id: Int, area: TileRect, kind: EntityKind, count: Int) {
        self.id = id
        self.area = area
        self.kind = kind
        self.count = count
    }
}

/// An area whose static mobs, once all dead, produce a chest at (chestX, chestY) holding one of `items`.
package struct ChestArea: Sendable, Equatable {
    package var area: TileRect
    package var items: [EntityKind]
    package var chestX: Int
    package var chestY: Int

    package init(area: TileRect, items: [EntityKind], chestX: Int, chestY: Int) {
        self.area = area
        self.items = items
        self.chestX = chestX
        self.chestY = chestY
    }
}

/// A chest placed on the map; opening it yields one of `items`.
package struct StaticChest: Sendable, Equatable {
    package var x: Int
    package var y: Int
    package var items: [EntityKind]

    package init(x: Int, y: Int, items: [EntityKind]) {
        self.x = x
        self.y = y
        self.items = items
    }
}

/// A mob, NPC or item placed on a tile by the map.
package struct StaticEntity: Sendable, Equatable {
    package var x: Int
    package var y: Int
    package var kind: EntityKind

    package init(x: Int, y: Int, kind: EntityKind) {
        self.x = x
        self.y = y
        self.kind = kind
    }
}

/// An area with its own background music (client-side only; kept so the map round-trips).
package struct MusicArea: Sendable, Equatable {
    package var area: TileRect
    package var name: String

    package init(area: TileRect, name: String) {
        self.area = area
        self.name = name
    }
}

/// Which tiles block movement, one bit per tile.
package struct CollisionGrid: Sendable, Equatable {
    package let width: Int
    package let height: Int
    private var bits: [UInt64]

    /// A grid with every tile walkable.
    package init(width: Int, height: Int) {
        precondition(width > 0 && height > 0, "a map has at least one tile")
        self.width = width
        self.height = height
        bits = [UInt64](repeating: 0, count: (width * height + 63) / 64)
    }

    /// Blocked (or outside the map).
    package func isBlocked(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < width, y < height else { return true }
        let index = y * width + x
        return bits[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    package mutating func setBlocked(x: Int, y: Int, _ blocked: Bool = true) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = y * width + x
        if blocked {
            bits[index >> 6] |= 1 << UInt64(index & 63)
        } else {
            bits[index >> 6] &= ~(1 << UInt64(index & 63))
        }
    }

    /// Number of blocked tiles.
    package var blockedCount: Int { bits.reduce(0) { $0 + $1.nonzeroBitCount } }
}

/// Everything the server needs from a map: size, collisions and the placed objects. Immutable once loaded and
/// shared by every world that uses it.
package struct TileMap: Sendable, Equatable {
    package var width: Int
    package var height: Int
    package var tileSize: Int
    package var collisions: CollisionGrid
    package var doors: [Door] = []
    package var checkpoints: [Checkpoint] = []
    package var roamingAreas: [RoamingArea] = []
    package var chestAreas: [ChestArea] = []
    package var staticChests: [StaticChest] = []
    package var staticEntities: [StaticEntity] = []
    package var musicAreas: [MusicArea] = []

    package init(width: Int, height: Int, tileSize: Int = 16) {
        self.width = width
        self.height = height
        self.tileSize = tileSize
        collisions = CollisionGrid(width: width, height: height)
    }

    package func isInside(x: Int, y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    /// Inside the map and not blocked.
    package func isWalkable(x: Int, y: Int) -> Bool { !collisions.isBlocked(x: x, y: y) }

    /// The door whose entrance is (x, y), if any.
    package func door(atX x: Int, y: Int) -> Door? { doors.first { $0.x == x && $0.y == y } }
}
