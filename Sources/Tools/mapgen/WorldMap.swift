import GameMap
import GameProtocol

/// The visual tile layers, bottom to top.
enum Layer: Int, CaseIterable {
    case ground
    case terrain1
    case terrain2
    case terrain3
    case detail
    case objects
    case above

    var name: String { String(describing: self) }
}

/// The map being generated: terrain at tile corners and the drawing layers only a Tiled file carries, over
/// GameMap's model of everything the server reads (``model``: doors, checkpoints, areas, chests). The finished
/// model is ``tileMap``, which must equal what the server's loader reads back from the written file.
struct WorldMap {
    let width: Int
    let height: Int
    /// Terrain at tile corners, `(width + 1) × (height + 1)`, row-major.
    var corners: [Terrain]
    /// Tile ids (atlas ids, −1 for empty) per visual layer, row-major.
    var layers: [[Int]]
    /// The invisible-wall layer.
    var blocking: [Bool]
    /// The kind placed on each tile of the entities layer (row-major; ``tileMap`` lists them as static entities).
    var entities: [EntityKind?]
    /// Doors, checkpoints, roaming and chest areas, chests and music areas, in the order the file lists them.
    /// Collisions and static entities are left to ``tileMap``, which derives them from the layers.
    var model: TileMap
    /// Whether each atlas tile collides (copied from the atlas).
    let collides: [Bool]

    init(width: Int, height: Int, atlas: TileAtlas) {
        self.width = width
        self.height = height
        corners = [Terrain](repeating: .grass, count: (width + 1) * (height + 1))
        layers = [[Int]](repeating: [Int](repeating: -1, count: width * height), count: Layer.allCases.count)
        blocking = [Bool](repeating: false, count: width * height)
        entities = [EntityKind?](repeating: nil, count: width * height)
        collides = atlas.tiles.map(\.collides)
        model = TileMap(width: width, height: height, tileSize: TileAtlas.size)
    }

    func isInside(_ x: Int, _ y: Int) -> Bool { x >= 0 && y >= 0 && x < width && y < height }

    // MARK: - Corners

    func corner(_ x: Int, _ y: Int) -> Terrain {
        guard x >= 0, y >= 0, x <= width, y <= height else { return .void }
        return corners[y * (width + 1) + x]
    }

    mutating func setCorner(_ x: Int, _ y: Int, _ terrain: Terrain) {
        guard x >= 0, y >= 0, x <= width, y <= height else { return }
        corners[y * (width + 1) + x] = terrain
    }

    /// The four corner terrains of tile (x, y): top-left, top-right, bottom-right, bottom-left.
    func tileCorners(_ x: Int, _ y: Int) -> [Terrain] {
        [corner(x, y), corner(x + 1, y), corner(x + 1, y + 1), corner(x, y + 1)]
    }

    // MARK: - Tiles

    func tile(_ layer: Layer, _ x: Int, _ y: Int) -> Int {
        isInside(x, y) ? layers[layer.rawValue][y * width + x] : -1
    }

    mutating func setTile(_ layer: Layer, _ x: Int, _ y: Int, _ id: Int) {
        guard isInside(x, y) else { return }
        layers[layer.rawValue][y * width + x] = id
    }

    /// Replaces the ground of (x, y) with `id` and clears the terrain transition layers above it.
    mutating func overrideGround(_ x: Int, _ y: Int, _ id: Int) {
        setTile(.ground, x, y, id)
        for layer in [Layer.terrain1, .terrain2, .terrain3] { setTile(layer, x, y, -1) }
    }

    mutating func block(_ x: Int, _ y: Int) {
        guard isInside(x, y) else { return }
        blocking[y * width + x] = true
    }

    /// Blocked: outside the map, on the blocking layer, or any visual tile there collides.
    func isBlocked(_ x: Int, _ y: Int) -> Bool {
        guard isInside(x, y) else { return true }
        let index = y * width + x
        if blocking[index] { return true }
        for layer in layers {
            let id = layer[index]
            if id >= 0 && collides[id] { return true }
        }
        return false
    }

    func isWalkable(_ x: Int, _ y: Int) -> Bool { !isBlocked(x, y) }

    /// No prop, house or tree on the tile (terrain and detail don't count).
    func isFree(_ x: Int, _ y: Int) -> Bool {
        isInside(x, y) && tile(.objects, x, y) < 0 && tile(.above, x, y) < 0 && entities[y * width + x] == nil
    }

    // MARK: - Entities and the model

    func entity(_ x: Int, _ y: Int) -> EntityKind? { isInside(x, y) ? entities[y * width + x] : nil }

    mutating func place(_ name: String, _ x: Int, _ y: Int) {
        guard let kind = EntityKind(name: name) else { preconditionFailure("no entity kind \(name)") }
        precondition(isInside(x, y) && entities[y * width + x] == nil, "tile \(x),\(y) already holds an entity")
        entities[y * width + x] = kind
    }

    /// The server's view of the map as it stands: the model with its collisions (the blocking layer and every
    /// colliding tile) and the entities layer as static entities, row by row as the loader reads them.
    var tileMap: TileMap {
        var map = model
        for y in 0..<height {
            for x in 0..<width {
                if isBlocked(x, y) { map.collisions.setBlocked(x: x, y: y) }
                if let kind = entities[y * width + x] {
                    map.staticEntities.append(StaticEntity(x: x, y: y, kind: kind))
                }
            }
        }
        return map
    }
}
