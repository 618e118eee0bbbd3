import GameMap
import GameProtocol
import TestSupport
import Testing

/// Tiled maps: tile layers, tilesets and the layer conventions `TileMap.load(path:)` documents.
struct MapTiledTests {
    typealias F = MapFixtures

    @Test func readsSizeAndCollidingTiles() throws {
        let ground = F.data([(1, 0, 1), (2, 0, 2), (3, 0, 3), (4, 0, 4), (5, 0, 5)])
        let map = try F.parse(F.map(layers: [F.tileLayer("terrain", ground), F.start]))
        #expect(map.width == 8)
        #expect(map.height == 6)
        #expect(map.tileSize == 16)
        // Tile 1 is plain and tile 5 says c=false; 2, 3 and 4 collide through `c` true, `c` "1" and `collides` 1.
        #expect(F.blocked(map) == [[2, 0], [3, 0], [4, 0]])
        #expect(map.collisions.blockedCount == 3)
    }

    @Test func aTileBlocksIfAnyLayerCollidesThere() throws {
        let lower = F.data([(0, 1, 2), (1, 1, 1)])
        let upper = F.data([(0, 1, 1), (1, 1, 3)])
        let map = try F.parse(F.map(layers: [F.tileLayer("ground", lower), F.tileLayer("deco", upper), F.start]))
        #expect(F.blocked(map) == [[0, 1], [1, 1]])
    }

    @Test func flipFlagsAreMaskedOff() throws {
        let flipped: [UInt32] = [0x8000_0000, 0x4000_0000, 0x2000_0000, 0xE000_0000]
        let ground = F.data(
            flipped.enumerated().map { (x: $0.offset, y: 2, gid: $0.element | 2) } + [(7, 2, 0x8000_0001)])
        let entities = F.data([(6, 5, 0x8000_0000 | 101)])
        let map = try F.parse(
            F.map(layers: [F.tileLayer("ground", ground), F.tileLayer("entities", entities), F.start]))
        #expect(F.blocked(map) == [[0, 2], [1, 2], [2, 2], [3, 2]])
        #expect(map.staticEntities == [StaticEntity(x: 6, y: 5, kind: .rat)])
    }

    @Test func theBlockingLayerBlocksAnyTileAndPlateauIsIgnored() throws {
        let blocking = F.data([(5, 5, 1), (6, 5, 5), (7, 5, 0x8000_0001)])
        let plateau = F.data([(0, 4, 2), (1, 4, 3)])
        let map = try F.parse(
            F.map(layers: [F.tileLayer("Blocking", blocking), F.tileLayer("plateau", plateau), F.start]))
        #expect(F.blocked(map) == [[5, 5], [6, 5], [7, 5]])
    }

    @Test func theEntitiesLayerPlacesStaticEntities() throws {
        let entities = F.data([(1, 1, 101), (2, 1, 102), (3, 2, 103), (7, 5, 104)])
        let map = try F.parse(F.map(layers: [F.tileLayer("entities", entities), F.start]))
        #expect(
            map.staticEntities == [
                StaticEntity(x: 1, y: 1, kind: .rat), StaticEntity(x: 2, y: 1, kind: .guard),
                StaticEntity(x: 3, y: 2, kind: .flask), StaticEntity(x: 7, y: 5, kind: .chest),
            ])
        // Entity tiles do not collide: the mobset tiles carry no `c`.
        #expect(F.blocked(map).isEmpty)
    }

    @Test func walksNestedGroupLayers() throws {
        let inner = F.group(
            "inner",
            [
                F.tileLayer("walls", F.data([(4, 4, 2)])), F.tileLayer("entities", F.data([(5, 4, 102)])),
                F.objectLayer("roaming", [F.object(id: 1, x: 16, y: 16, width: 32, height: 32, type: "rat")]),
            ])
        let map = try F.parse(F.map(layers: [F.group("outer", [inner, F.group("empty", [])]), F.start]))
        #expect(F.blocked(map) == [[4, 4]])
        #expect(map.staticEntities == [StaticEntity(x: 5, y: 4, kind: .guard)])
        #expect(map.roamingAreas.count == 1)
    }

    @Test func readsBase64LayerData() throws {
        // GIDs 2, 0, 0x80000003, 101 as little-endian 32-bit words, then zeros: 8×6 tiles.
        var bytes: [UInt8] = [2, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0x80, 101, 0, 0, 0]
        bytes += [UInt8](repeating: 0, count: 4 * 48 - bytes.count)
        let layer = """
            {"name": "ground", "type": "tilelayer", "width": 8, "height": 6, "encoding": "base64",
             "compression": "", "data": "\(base64(bytes))"}
            """
        let entities = """
            {"name": "entities", "type": "tilelayer", "width": 8, "height": 6, "encoding": "base64",
             "data": "\(base64(Array(bytes[12...]) + [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]))"}
            """
        let map = try F.parse(F.map(layers: [layer, entities, F.start]))
        #expect(F.blocked(map) == [[0, 0], [2, 0]])
        #expect(map.staticEntities == [StaticEntity(x: 0, y: 0, kind: .rat)])
    }

    @Test(arguments: [("AgAAAAAAAAA=", true), ("AgAAAAAAAAA", true), ("AQAAAAAAAAA=", false), ("AAAAAAAAAAA=", false)])
    func readsPaddedAndUnpaddedBase64(data: String, blocked: Bool) throws {
        let layer = """
            {"name": "g", "type": "tilelayer", "width": 2, "height": 1, "encoding": "base64", "data": "\(data)"}
            """
        let start = F.objectLayer("checkpoints", [F.object(id: 1, x: 0, y: 0, width: 32, type: "start")])
        let map = try F.parse(F.map(width: 2, height: 1, layers: [layer, start]))
        #expect(map.isWalkable(x: 0, y: 0) == !blocked)
        #expect(map.isWalkable(x: 1, y: 0))
    }

    @Test func loadsAnExternalTilesetFromTheMapsDirectory() throws {
        let directory = try TemporaryDirectory()
        let tileset = """
            {"type": "tileset", "name": "external", "tilewidth": 16, "tileheight": 16, "tilecount": 2,
             "tiles": [{"id": 1, "properties": [{"name": "c", "type": "bool", "value": true}]}]}
            """
        try directory.write("external.tsj", tileset)
        let reference = #"{"firstgid": 201, "source": "external.tsj"}"#
        let layers = [F.tileLayer("ground", F.data([(0, 3, 201), (1, 3, 202)])), F.start]
        let path = try directory.write("world.tmj", F.map(layers: layers, tilesets: [F.terrain, F.mobs, reference]))
        let map = try TileMap.load(path: path)
        #expect(F.blocked(map) == [[1, 3]])
        #expect(try F.parse(F.map(layers: layers, tilesets: [reference]), directory: directory.path) == map)
    }

    @Test func readsBrowserQuestStyleStringPropertiesAndLegacyPropertyObjects() throws {
        let tileset = """
            {"firstgid": 1, "name": "old", "tiles": [{"id": 0, "properties": {"c": "1"}},
             {"id": 1, "properties": {"collision": true}}, {"id": 2, "properties": {"c": "0"}}]}
            """
        let doors = F.objectLayer(
            "doors", [F.object(id: 1, x: 0, y: 32, properties: [("x", "string", "\"5\""), ("y", "string", "\"4\"")])])
        let map = try F.parse(
            F.map(
                layers: [F.tileLayer("g", F.data([(0, 0, 1), (1, 0, 2), (2, 0, 3)])), doors, F.start],
                tilesets: [tileset]))
        #expect(F.blocked(map) == [[0, 0], [1, 0]])
        #expect(map.doors == [Door(x: 0, y: 2, destinationX: 5, destinationY: 4)])
    }

    @Test func ignoresImageLayersAndUnknownObjectLayers() throws {
        let image = #"{"name": "sky", "type": "imagelayer", "image": "sky.png"}"#
        let notes = F.objectLayer("notes", [F.object(id: 5, x: -400, y: -400, type: "whatever")])
        let map = try F.parse(F.map(layers: [image, notes, F.start]))
        #expect(map.doors.isEmpty && map.roamingAreas.isEmpty && F.blocked(map).isEmpty)
    }

    private func base64(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
        var text = ""
        for start in stride(from: 0, to: bytes.count, by: 3) {
            let chunk = Array(bytes[start..<min(start + 3, bytes.count)])
            let value = chunk.enumerated().reduce(0) { $0 | Int($1.element) << (16 - 8 * $1.offset) }
            for index in 0..<4 {
                text.append(index <= chunk.count ? alphabet[(value >> (18 - 6 * index)) & 63] : "=")
            }
        }
        return text
    }
}
