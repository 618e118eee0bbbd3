import GameProtocol

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
