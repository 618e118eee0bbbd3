import Support

/// What the server needs from a Tiled map's tilesets: which global tile ids (GIDs) collide and which name an entity
/// kind. Only tiles with properties are recorded; every other GID is a plain, walkable tile.
struct TiledTileIndex {
    /// The properties the server reads from one tile.
    struct Tile {
        var collides = false
        /// The `type` property (or the tile's own type/class), naming an `EntityKind` on the entities tileset.
        var type: String?
    }

    /// Flip and rotation flags live in a GID's top three bits.
    static let gidMask: UInt32 = 0x1FFF_FFFF

    private var tiles: [UInt32: Tile] = [:]
    /// (firstgid, name) per tileset, sorted by firstgid, to describe a GID in errors.
    private var tilesets: [(firstGID: UInt32, name: String)] = []

    /// Reads the map's `tilesets`, loading external ones (`source`, a JSON `.tsj` file) relative to `directory`.
    init(map root: MapFields, directory: String) throws(MapLoadError) {
        for (index, element) in try root.array("tilesets").enumerated() {
            let reference = try MapFields(element, file: root.file, path: "tilesets[\(index)]")
            let firstGID = try reference.int("firstgid")
            guard firstGID >= 1, firstGID <= Int(Self.gidMask) else {
                throw reference.error(.outOfRange, "firstgid", "\(firstGID) is not between 1 and \(Self.gidMask)")
            }
            var tileset = reference
            if let source = try reference.optionalString("source") {
                tileset = try Self.loadExternal(source, reference: reference, directory: directory)
            }
            try add(tileset, firstGID: UInt32(firstGID))
        }
        tilesets.sort { $0.firstGID < $1.firstGID }
    }

    private static func loadExternal(_ source: String, reference: MapFields, directory: String) throws(MapLoadError)
        -> MapFields
    {
        guard !source.lowercased().hasSuffix(".tsx") else {
            throw reference.error(
                .unsupported, "source", "\"\(source)\" is an XML tileset; export it from Tiled as JSON (.tsj)")
        }
        let path = source.hasPrefix("/") ? source : directory + "/" + source
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            throw reference.error(.unreadable, "source", error.description)
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw MapLoadError(.syntax, file: path, field: "", error.description)
        }
        return try MapFields(value, file: path, path: "")
    }

    private mutating func add(_ tileset: MapFields, firstGID: UInt32) throws(MapLoadError) {
        let name = try tileset.optionalString("name") ?? "tileset \(firstGID)"
        tilesets.append((firstGID, name))
        for fields in try tileset.optionalObjects("tiles") {
            let id = try fields.int("id")
            guard id >= 0, Int(firstGID) + id <= Int(Self.gidMask) else {
                throw fields.error(.outOfRange, "id", "tile id \(id) is out of range")
            }
            let properties = try TiledProperties(of: fields)
            var tile = Tile()
            tile.collides = try properties.flag("c", "collides", "collision")
            tile.type = try properties.optionalString("type")?.value
            if tile.type == nil {
                // Tiled 1.9 saved a tile's class as `class`; 1.8 and 1.10+ as `type`.
                let type = try fields.optionalString("type") ?? ""
                tile.type = type.isEmpty ? try fields.optionalString("class") : type
            }
            if tile.type?.isEmpty == true { tile.type = nil }
            if tile.collides || tile.type != nil { tiles[firstGID + UInt32(id)] = tile }
        }
    }

    /// `gid` must already be masked.
    func collides(_ gid: UInt32) -> Bool { tiles[gid]?.collides ?? false }

    /// The `type` of masked `gid`, if it has one.
    func type(_ gid: UInt32) -> String? { tiles[gid]?.type }

    /// `gid 123 (tileset "mobs" tile 5)`, for errors.
    func describe(_ gid: UInt32) -> String {
        guard let tileset = tilesets.last(where: { $0.firstGID <= gid }) else { return "gid \(gid) (in no tileset)" }
        return "gid \(gid) (tileset \"\(tileset.name)\" tile \(gid - tileset.firstGID))"
    }
}
