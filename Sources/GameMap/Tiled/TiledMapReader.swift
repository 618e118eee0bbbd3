import GameProtocol
import Support

/// Reads a Tiled JSON map (`.tmj`) following BrowserQuest's conventions; `TileMap.load(path:)` lists them.
struct TiledMapReader {
    let root: MapFields
    let directory: String
    let check: MapCheck
    let tileSize: Int
    let tileIndex: TiledTileIndex
    var map: TileMap
    /// For each checkpoint, the path later errors should name.
    var checkpointFields: [String] = []

    init(_ root: MapFields, directory: String) throws(MapLoadError) {
        self.root = root
        self.directory = directory
        let orientation = try root.optionalString("orientation") ?? "orthogonal"
        guard orientation == "orthogonal" else {
            throw root.error(.unsupported, "orientation", "only orthogonal maps are supported, not \(orientation)")
        }
        if case .bool(true)? = root.members["infinite"] {
            throw root.error(.unsupported, "infinite", "infinite maps are not supported; make the map fixed-size")
        }
        let width = try root.int("width")
        let height = try root.int("height")
        check = try MapCheck(file: root.file, field: root.field("width"), width: width, height: height)
        let tileWidth = try root.int("tilewidth")
        let tileHeight = try root.int("tileheight")
        guard tileWidth == tileHeight, tileWidth >= 1 else {
            throw root.error(.unsupported, "tilewidth", "tiles must be square, not \(tileWidth)×\(tileHeight)")
        }
        tileSize = tileWidth
        tileIndex = try TiledTileIndex(map: root, directory: directory)
        map = TileMap(width: width, height: height, tileSize: tileSize)
    }

    /// Reads every layer, in order, into `map`.
    mutating func read() throws(MapLoadError) {
        try readLayers(try root.array("layers"), path: "layers")
    }

    private mutating func readLayers(_ layers: [JSONValue], path: String) throws(MapLoadError) {
        for (index, element) in layers.enumerated() {
            let layer = try MapFields(element, file: root.file, path: "\(path)[\(index)]")
            let name = try layer.optionalString("name") ?? ""
            switch try layer.string("type") {
            case "tilelayer":
                try readTileLayer(layer, name: name)
            case "objectgroup":
                try readObjectGroup(layer, name: name)
            case "group":
                try readLayers(try layer.array("layers"), path: layer.field("layers"))
            default:
                // Image layers and anything newer carry nothing the server uses.
                continue
            }
        }
    }

    private mutating func readTileLayer(_ layer: MapFields, name: String) throws(MapLoadError) {
        let role = name.lowercased()
        guard role != "plateau" else { return }
        let gids = try TiledLayerData.gids(of: layer, name: name, width: map.width, height: map.height)
        let width = map.width
        switch role {
        case "blocking":
            for (index, gid) in gids.enumerated() where gid & TiledTileIndex.gidMask != 0 {
                map.collisions.setBlocked(x: index % width, y: index / width)
            }
        case "entities":
            for (index, raw) in gids.enumerated() where raw & TiledTileIndex.gidMask != 0 {
                let gid = raw & TiledTileIndex.gidMask
                let (x, y) = (index % width, index / width)
                let field = "tile layer \"\(name)\" tile (\(x), \(y))"
                guard let type = tileIndex.type(gid) else {
                    throw MapLoadError(
                        .unknownKind, file: root.file, field: field,
                        "\(tileIndex.describe(gid)) has no \"type\" property naming an entity kind")
                }
                let kind = try check.kind(
                    named: type, field + " \(tileIndex.describe(gid))", role: "a mob, NPC or item",
                    where: { !$0.isPlayer })
                map.staticEntities.append(StaticEntity(x: x, y: y, kind: kind))
            }
        default:
            for (index, raw) in gids.enumerated() where raw != 0 && tileIndex.collides(raw & TiledTileIndex.gidMask) {
                map.collisions.setBlocked(x: index % width, y: index / width)
            }
        }
    }
}
