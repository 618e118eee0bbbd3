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
