import GameMap
import GameProtocol

/// A mob, NPC, item or chest.
package struct Entity: Sendable {
    package let id: Int
    package let kind: EntityKind
    package var position: Tile
    package var orientation: Orientation
    package var zone: Int
    /// Items a chest may yield.
    package var chestItems: [EntityKind] = []
    /// Placed by the map: comes back 30 s after it is taken or opened.
    package var isStatic = false

    package init(id: Int, kind: EntityKind, position: Tile, orientation: Orientation, zone: Int) {
        self.id = id
        self.kind = kind
        self.position = position
        self.orientation = orientation
        self.zone = zone
    }
}
