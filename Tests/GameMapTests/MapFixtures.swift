import GameMap
import Glibc
import Testing

/// Inline Tiled maps for the loader tests, written as JSON text the way Tiled 1.10 saves a `.tmj`.
enum MapFixtures {
    /// `tilesheet` at firstgid 1: tile 1 plain; 2 collides (`c` true); 3 collides (`c` "1", BrowserQuest's TMX
    /// export) and is drawn above entities; 4 collides (`collides` 1); 5 has `c` false.
    static let terrain = """
        {"firstgid": 1, "name": "tilesheet", "tilewidth": 16, "tileheight": 16, "tilecount": 5, "tiles": [
          {"id": 1, "properties": [{"name": "c", "type": "bool", "value": true}]},
          {"id": 2, "properties": [{"name": "c", "type": "string", "value": "1"},
                                   {"name": "v", "type": "bool", "value": true}]},
          {"id": 3, "properties": [{"name": "collides", "type": "int", "value": 1}]},
          {"id": 4, "properties": [{"name": "c", "type": "bool", "value": false}]}
        ]}
        """

    /// `Mobs` at firstgid 101: 101 rat, 102 guard, 103 flask, 104 chest (as the tile's class, Tiled 1.9),
    /// 105 no type at all, 106 "dragon" (not a kind), 107 warrior (a player, never placed by a map).
    static let mobs = """
        {"firstgid": 101, "name": "Mobs", "tilecount": 7, "tiles": [
          {"id": 0, "properties": [{"name": "type", "type": "string", "value": "rat"}]},
          {"id": 1, "properties": [{"name": "type", "type": "string", "value": "guard"}]},
          {"id": 2, "properties": [{"name": "type", "type": "string", "value": "flask"}]},
          {"id": 3, "class": "chest"},
          {"id": 5, "properties": [{"name": "type", "type": "string", "value": "dragon"}]},
          {"id": 6, "type": "warrior"}
        ]}
        """

    /// A starting area over the map's top-left 2×2 tiles, so maps that test something else pass validation.
    static let start = objectLayer("checkpoints", [object(id: 900, x: 0, y: 0, width: 32, height: 32, type: "start")])

    /// A whole map; `layers` and `tilesets` are JSON texts.
    static func map(
        width: Int = 8, height: Int = 6, layers: [String], tilesets: [String] = [terrain, mobs], extra: String = ""
    ) -> String {
        """
        {"compressionlevel": -1, "type": "map", "version": "1.10", "tiledversion": "1.10.2",
         "orientation": "orthogonal", "renderorder": "right-down", "infinite": false,
         "width": \(width), "height": \(height), "tilewidth": 16, "tileheight": 16,
         "nextlayerid": 9, "nextobjectid": 1000, \(extra)
         "layers": [\(layers.joined(separator: ",\n"))],
         "tilesets": [\(tilesets.joined(separator: ",\n"))]}
        """
    }

    static func tileLayer(_ name: String, _ data: [UInt32], width: Int = 8, height: Int = 6) -> String {
        """
        {"id": 1, "name": "\(name)", "type": "tilelayer", "visible": true, "opacity": 1, "x": 0, "y": 0,
         "width": \(width), "height": \(height), "data": [\(data.map(String.init).joined(separator: ","))]}
        """
    }

    /// A layer's data with `gid` at the given tiles and 0 elsewhere.
    static func data(_ tiles: [(x: Int, y: Int, gid: UInt32)], width: Int = 8, height: Int = 6) -> [UInt32] {
        var data = [UInt32](repeating: 0, count: width * height)
        for tile in tiles { data[tile.y * width + tile.x] = tile.gid }
        return data
    }

    static func objectLayer(_ name: String, _ objects: [String]) -> String {
        """
        {"id": 2, "name": "\(name)", "type": "objectgroup", "draworder": "topdown", "visible": true, "opacity": 1,
         "x": 0, "y": 0, "objects": [\(objects.joined(separator: ",\n"))]}
        """
    }

    static func group(_ name: String, _ layers: [String]) -> String {
        """
        {"id": 3, "name": "\(name)", "type": "group", "visible": true, "opacity": 1, "x": 0, "y": 0,
         "layers": [\(layers.joined(separator: ",\n"))]}
        """
    }

    /// An object; `properties` are (name, Tiled type, JSON value text), e.g. `("tx", "int", "3")`.
    static func object(
        id: Int, x: Double, y: Double, width: Double = 16, height: Double = 16, type: String = "",
        typeKey: String = "type", properties: [(String, String, String)] = []
    ) -> String {
        let list = properties.map { #"{"name": "\#($0.0)", "type": "\#($0.1)", "value": \#($0.2)}"# }
        return """
            {"id": \(id), "name": "", "\(typeKey)": "\(type)", "x": \(x), "y": \(y), "width": \(width),
             "height": \(height), "rotation": 0, "visible": true, "properties": [\(list.joined(separator: ", "))]}
            """
    }

    static func parse(_ text: String, directory: String = "/nonexistent") throws(MapLoadError) -> TileMap {
        try TileMap.parse(bytes: Array(text.utf8), directory: directory)
    }

    /// The error `text` is rejected with, or nil if it loads.
    static func error(_ text: String, directory: String = "/nonexistent") -> MapLoadError? {
        do {
            _ = try parse(text, directory: directory)
            return nil
        } catch {
            return error
        }
    }

    /// Every blocked tile of `map`, row by row.
    static func blocked(_ map: TileMap) -> [[Int]] {
        (0..<map.height).flatMap { y in (0..<map.width).compactMap { x in map.isWalkable(x: x, y: y) ? nil : [x, y] } }
    }
}
