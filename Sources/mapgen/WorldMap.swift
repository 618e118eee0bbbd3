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

/// A Tiled custom property value.
enum PropertyValue {
    case int(Int)
    case string(String)
    case bool(Bool)
}

/// A rectangle object of an object layer, in tiles (written out in pixels).
struct MapObject {
    var x: Int
    var y: Int
    var width: Int = 1
    var height: Int = 1
    var type: String = ""
    var properties: [(name: String, value: PropertyValue)] = []
}

/// The map being generated: terrain corners, tile layers, the entities layer and the object layers.
struct WorldMap {
    static let objectLayers = ["doors", "roaming", "chestareas", "chests", "music", "checkpoints"]

    let width: Int
    let height: Int
    /// Terrain at tile corners, `(width + 1) × (height + 1)`, row-major.
    var corners: [Terrain]
    /// Tile ids (atlas ids, −1 for empty) per visual layer, row-major.
    var layers: [[Int]]
    /// The invisible-wall layer.
    var blocking: [Bool]
    /// Kind name placed on each tile of the entities layer.
    var entities: [String?]
    var objects: [String: [MapObject]] = [:]
    /// Whether each atlas tile collides (copied from the atlas).
    let collides: [Bool]

    init(width: Int, height: Int, atlas: TileAtlas) {
        self.width = width
        self.height = height
        corners = [Terrain](repeating: .grass, count: (width + 1) * (height + 1))
        layers = [[Int]](repeating: [Int](repeating: -1, count: width * height), count: Layer.allCases.count)
        blocking = [Bool](repeating: false, count: width * height)
        entities = [String?](repeating: nil, count: width * height)
        collides = atlas.tiles.map(\.collides)
        for name in Self.objectLayers { objects[name] = [] }
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

    // MARK: - Objects

    mutating func add(_ object: MapObject, to layer: String) {
        precondition(objects[layer] != nil, "no object layer \(layer)")
        objects[layer]!.append(object)
    }

    func entity(_ x: Int, _ y: Int) -> String? { isInside(x, y) ? entities[y * width + x] : nil }

    mutating func place(_ kind: String, _ x: Int, _ y: Int) {
        precondition(isInside(x, y) && entities[y * width + x] == nil, "tile \(x),\(y) already holds an entity")
        entities[y * width + x] = kind
    }

    /// Door links: entrance tile → destination tile.
    var doorLinks: [(x: Int, y: Int, tx: Int, ty: Int)] {
        objects["doors", default: []].map { door in
            var tx = 0
            var ty = 0
            for property in door.properties {
                if case .int(let value) = property.value {
                    if property.name == "tx" { tx = value }
                    if property.name == "ty" { ty = value }
                }
            }
            return (door.x, door.y, tx, ty)
        }
    }
}
