import GameMap
import GameProtocol
import Support

/// Writes the map as Tiled 1.10 JSON (`.tmj`): both tilesets embedded, tile layers as plain arrays, object layers
/// (GameMap's doors, areas, chests and checkpoints) in pixels. Keys are sorted the way Tiled writes them, so a save
/// from the editor gives a small diff. The server's Tiled loader reads the file back to the same ``TileMap``.
struct TiledWriter {
    let map: WorldMap
    let atlas: TileAtlas
    let tilesetImage: String
    let mobsetImage: String

    /// Tiled numbers a tileset's tiles from its `firstgid` and expects the next tileset to start after the whole
    /// sheet (its `tilecount`, a full last row included), or it renumbers on save.
    var terrainTileCount: Int { (atlas.tiles.count + TileAtlas.columns - 1) / TileAtlas.columns * TileAtlas.columns }

    var mobsFirstGID: Int { 1 + terrainTileCount }

    func json() -> String {
        var layers: [String] = []
        var layerID = 1
        for layer in Layer.allCases {
            layers.append(tileLayer(id: layerID, name: layer.name, data: map.layers[layer.rawValue].map { $0 + 1 }))
            layerID += 1
        }
        let blockGID = atlas.id("block") + 1
        layers.append(tileLayer(id: layerID, name: "blocking", data: map.blocking.map { $0 ? blockGID : 0 }))
        layerID += 1
        let entities = map.entities.map { kind in kind.map { mobsFirstGID + MobIcons.index(of: $0.name) } ?? 0 }
        layers.append(tileLayer(id: layerID, name: "entities", data: entities))
        layerID += 1
        var objectID = 1
        for (name, layer) in objectLayers {
            var objects: [String] = []
            for object in layer {
                objects.append(objectJSON(object, id: objectID))
                objectID += 1
            }
            layers.append(
                """
                {"draworder":"topdown","id":\(layerID),"name":"\(name)","objects":[
                \(objects.joined(separator: ",\n"))],
                "opacity":1,"type":"objectgroup","visible":true,"x":0,"y":0}
                """)
            layerID += 1
        }
        return """
            {"compressionlevel":-1,
            "height":\(map.height),
            "infinite":false,
            "layers":[
            \(layers.joined(separator: ",\n"))],
            "nextlayerid":\(layerID),
            "nextobjectid":\(objectID),
            "orientation":"orthogonal",
            "renderorder":"right-down",
            "tiledversion":"1.10.2",
            "tileheight":16,
            "tilesets":[
            \(terrainTileset()),
            \(mobTileset())],
            "tilewidth":16,
            "type":"map",
            "version":"1.10",
            "width":\(map.width)
            }

            """
    }

    private func tileLayer(id: Int, name: String, data: [Int]) -> String {
        var rows: [String] = []
        for y in 0..<map.height {
            rows.append(data[(y * map.width)..<((y + 1) * map.width)].map(String.init).joined(separator: ","))
        }
        return """
            {"data":[\(rows.joined(separator: ",\n"))],
            "height":\(map.height),"id":\(id),"name":"\(name)","opacity":1,"type":"tilelayer","visible":true,\
            "width":\(map.width),"x":0,"y":0}
            """
    }

    /// The object layers in file order, each object as the editor shows it: a rectangle in tiles, a type and
    /// custom properties.
    private var objectLayers: [(String, [MapObject])] {
        let model = map.model
        func point(_ x: Int, _ y: Int, type: String = "", _ properties: [(String, PropertyValue)]) -> MapObject {
            MapObject(area: TileRect(x: x, y: y, width: 1, height: 1), type: type, properties: properties)
        }
        func items(_ kinds: [EntityKind]) -> PropertyValue { .string(kinds.map(\.name).joined(separator: ",")) }
        return [
            (
                "doors",
                model.doors.map { door in
                    point(
                        door.x, door.y, type: door.isPortal ? "portal" : "",
                        [("tx", .int(door.destinationX)), ("ty", .int(door.destinationY))]
                            + (door.orientation.map { [("to", .string($0.letter))] } ?? []))
                }
            ),
            (
                "roaming",
                model.roamingAreas.map {
                    MapObject(area: $0.area, type: $0.kind.name, properties: [("nb", .int($0.count))])
                }
            ),
            (
                "chestareas",
                model.chestAreas.map {
                    MapObject(
                        area: $0.area,
                        properties: [("items", items($0.items)), ("tx", .int($0.chestX)), ("ty", .int($0.chestY))])
                }
            ),
            ("chests", model.staticChests.map { point($0.x, $0.y, [("items", items($0.items))]) }),
            ("music", model.musicAreas.map { MapObject(area: $0.area, properties: [("id", .string($0.name))]) }),
            (
                "checkpoints",
                model.checkpoints.map {
                    MapObject(area: $0.area, type: $0.isStartingArea ? "start" : "", properties: [("id", .int($0.id))])
                }
            ),
        ]
    }

    private func objectJSON(_ object: MapObject, id: Int) -> String {
        let size = TileAtlas.size
        let properties = object.properties.sorted { $0.0 < $1.0 }.map { name, value in
            switch value {
            case .int(let value): #"{"name":"\#(name)","type":"int","value":\#(value)}"#
            case .string(let value):
                #"{"name":"\#(name)","type":"string","value":"# + JSONWriter.string(.string(value)) + "}"
            }
        }
        let propertyList = properties.isEmpty ? "" : #""properties":[\#(properties.joined(separator: ","))],"#
        let area = object.area
        return #"{"height":\#(area.height * size),"id":\#(id),"name":"",\#(propertyList)"rotation":0,"#
            + #""type":"\#(object.type)","visible":true,"width":\#(area.width * size),"#
            + #""x":\#(area.x * size),"y":\#(area.y * size)}"#
    }

    private func terrainTileset() -> String {
        let rows = terrainTileCount / TileAtlas.columns
        var tiles: [String] = []
        for (id, tile) in atlas.tiles.enumerated() {
            var fields: [String] = []
            if !tile.animation.isEmpty {
                let frames = tile.animation.map { #"{"duration":\#($0.duration),"tileid":\#($0.id)}"# }
                fields.append(#""animation":[\#(frames.joined(separator: ","))]"#)
            }
            fields.append(#""id":\#(id)"#)
            var properties: [String] = []
            if tile.collides { properties.append(#"{"name":"c","type":"bool","value":true}"#) }
            if tile.above { properties.append(#"{"name":"v","type":"bool","value":true}"#) }
            if !properties.isEmpty { fields.append(#""properties":[\#(properties.joined(separator: ","))]"#) }
            guard fields.count > 1 else { continue }
            tiles.append("{\(fields.joined(separator: ","))}")
        }
        return """
            {"columns":\(TileAtlas.columns),"firstgid":1,"image":"\(tilesetImage)",\
            "imageheight":\(rows * TileAtlas.size),"imagewidth":\(TileAtlas.columns * TileAtlas.size),"margin":0,\
            "name":"tilesheet","spacing":0,"tilecount":\(terrainTileCount),"tileheight":16,"tiles":[
            \(tiles.joined(separator: ",\n"))],
            "tilewidth":16}
            """
    }

    private func mobTileset() -> String {
        let rows = (MobIcons.kinds.count + MobIcons.columns - 1) / MobIcons.columns
        let tiles = MobIcons.kinds.enumerated().map { id, kind in
            #"{"id":\#(id),"properties":[{"name":"type","type":"string","value":"\#(kind)"}]}"#
        }
        return """
            {"columns":\(MobIcons.columns),"firstgid":\(mobsFirstGID),"image":"\(mobsetImage)",\
            "imageheight":\(rows * 16),"imagewidth":\(MobIcons.columns * 16),"margin":0,"name":"Mobs","spacing":0,\
            "tilecount":\(rows * MobIcons.columns),"tileheight":16,"tiles":[
            \(tiles.joined(separator: ",\n"))],
            "tilewidth":16}
            """
    }
}

/// A Tiled custom property value, as the writer needs them.
enum PropertyValue {
    case int(Int)
    case string(String)
}

/// One object of an object layer, in tiles (written out in pixels).
struct MapObject {
    var area: TileRect
    var type = ""
    var properties: [(String, PropertyValue)]
}
