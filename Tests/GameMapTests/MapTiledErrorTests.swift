import GameMap
import GameProtocol
import TestSupport
import Testing

/// Every way a Tiled map is rejected, and what the error names.
struct MapTiledErrorTests {
    typealias F = MapFixtures

    /// (what, map text, kind, text the error's description must contain).
    static let cases: [(String, String, MapLoadError.Kind, String)] = [
        ("not JSON", "{\"layers\": [", .syntax, "<memory>: line 1, column 13: unexpected end of input"),
        ("top-level array", "[1]", .unknownFormat, "not a JSON object"),
        ("neither format", #"{"width": 1}"#, .unknownFormat, "neither a Tiled map"),
        ("infinite", F.map(layers: [F.start], extra: #""infinite": true,"#), .unsupported, "infinite maps"),
        ("isometric", F.map(layers: [F.start], extra: #""orientation": "isometric","#), .unsupported, "orthogonal"),
        ("oblong tiles", F.map(layers: [F.start], extra: #""tileheight": 8,"#), .unsupported, "tiles must be square"),
        ("no width", F.map(layers: [F.start]).replacingFirst("\"width\": 8,", with: ""), .missingField, "width"),
        ("zero height", F.map(height: 0, layers: []), .invalidValue, "at least 1×1, not 8×0"),
        ("huge", F.map(width: 100_000, layers: []), .unsupported, "larger than"),
        ("no firstgid", F.map(layers: [F.start], tilesets: [#"{"name": "x"}"#]), .missingField, "tilesets[0].firstgid"),
        (
            "compressed layer",
            F.map(layers: [
                #"{"name": "ground", "type": "tilelayer", "width": 8, "height": 6, "encoding": "base64", "#
                    + #""compression": "zlib", "data": "eJw="}"#, F.start,
            ]), .unsupported, #"tile layer "ground" is zlib-compressed"#
        ),
        (
            "bad base64",
            F.map(layers: [#"{"name": "g", "type": "tilelayer", "encoding": "base64", "data": "A*=="}"#, F.start]),
            .invalidValue, #"tile layer "g" has invalid base64"#
        ),
        ("short layer", F.map(layers: [F.tileLayer("g", [1, 2, 3]), F.start]), .invalidValue, "has 3 tiles, not 48"),
        (
            "layer size", F.map(layers: [F.tileLayer("g", F.data([]), width: 6, height: 8), F.start]), .invalidValue,
            "is 6×8, the map 8×6"
        ),
        (
            "negative gid", F.map(layers: [F.tileLayer("g", [1]).replacingFirst("[1]", with: "[-1]"), F.start]),
            .invalidValue, "element 0 is not a tile GID"
        ),
        (
            "entity without type", F.map(layers: [F.tileLayer("entities", F.data([(3, 2, 105)])), F.start]),
            .unknownKind, #"tile layer "entities" tile (3, 2): gid 105 (tileset "Mobs" tile 4) has no "type""#
        ),
        (
            "terrain tile as entity", F.map(layers: [F.tileLayer("entities", F.data([(0, 0, 2)])), F.start]),
            .unknownKind, #"gid 2 (tileset "tilesheet" tile 1) has no "type""#
        ),
        (
            "unknown entity kind", F.map(layers: [F.tileLayer("entities", F.data([(1, 1, 106)])), F.start]),
            .unknownKind, #"unknown entity kind "dragon""#
        ),
        (
            "player as entity", F.map(layers: [F.tileLayer("entities", F.data([(1, 1, 107)])), F.start]),
            .unknownKind, #""warrior" is not a mob, NPC or item"#
        ),
        (
            "door outside", door([("tx", "int", "8"), ("ty", "int", "0")]), .outOfRange,
            #"object layer "doors" object 1 property "tx": tile (8, 0) is outside the 8×6 map"#
        ),
        (
            "door entrance outside", door([("tx", "int", "1"), ("ty", "int", "1")], x: 16, y: 96), .outOfRange,
            "tile (1, 6) is outside"
        ),
        (
            "door without destination", door([("tx", "int", "1")]), .missingField,
            #"object layer "doors" object 1: property "ty" or "y" is required"#
        ),
        (
            "door bad facing", door([("tx", "int", "1"), ("ty", "int", "1"), ("to", "string", #""x""#)]), .invalidValue,
            #"property "to": "x" is not u, d, l or r"#
        ),
        (
            "door text coordinate", door([("tx", "string", #""a""#), ("ty", "int", "1")]), .invalidValue,
            #"property "tx": expected an integer, found "a""#
        ),
        ("roaming item", objects("roaming", type: "flask"), .unknownKind, #""flask" is not a mob"#),
        ("roaming unknown", objects("roaming", type: "dragon"), .unknownKind, #"unknown entity kind "dragon""#),
        ("roaming untyped", objects("roaming", type: ""), .missingField, "roaming area's type names its mob kind"),
        ("roaming negative", objects("roaming", type: "rat", [("nb", "int", "-1")]), .invalidValue, "negative"),
        ("roaming outside", objects("roaming", type: "rat", width: 160), .outOfRange, "reaches outside the 8×6 map"),
        ("chest mob", objects("chests", [("items", "string", #""rat""#)]), .unknownKind, #""rat" is not an item"#),
        ("chest nothing", objects("chests", [("items", "string", #""""#)]), .invalidValue, "at least one item"),
        ("chest no items", objects("chests"), .missingField, #"property "items" is required"#),
        (
            "chest area no tile", objects("chestareas", [("items", "string", #""cake""#)]), .missingField,
            #""tx" or "x""#
        ),
        (
            "chest area tile outside",
            objects("chestareas", [("items", "string", #""cake""#), ("tx", "int", "0"), ("ty", "int", "9")]),
            .outOfRange, "tile (0, 9) is outside"
        ),
        ("music unnamed", objects("music"), .missingField, #"property "id" is required"#),
        ("checkpoint outside", objects("checkpoints", type: "s", x: -16), .outOfRange, "(-1, 0) 1×1 reaches outside"),
        ("no starting area", F.map(layers: []), .unplayable, "checkpoints: no checkpoint is a starting area"),
        (
            "walled-in start",
            F.map(layers: [F.tileLayer("blocking", F.data([(0, 0, 1), (1, 0, 1), (0, 1, 1), (1, 1, 1)])), F.start]),
            .unplayable,
            #"object layer "checkpoints" object 900: starting area has no walkable tile"#
        ),
        (
            "bad start flag", objects("checkpoints", [("start", "string", #""maybe""#)]), .invalidValue,
            #"property "start": expected true, false, 1 or 0"#
        ),
        (
            "xml tileset", F.map(layers: [F.start], tilesets: [#"{"firstgid": 1, "source": "tiles.tsx"}"#]),
            .unsupported, "tilesets[0].source: \"tiles.tsx\" is an XML tileset"
        ),
        (
            "missing tileset", F.map(layers: [F.start], tilesets: [#"{"firstgid": 1, "source": "none.tsj"}"#]),
            .unreadable, "tilesets[0].source: /nonexistent/none.tsj: cannot open"
        ),
        ("unknown layer type", F.map(layers: [#"{"name": "x"}"#, F.start]), .missingField, "layers[0].type"),
        (
            "group without layers", F.map(layers: [#"{"name": "x", "type": "group"}"#]), .missingField,
            "layers[0].layers"
        ),
        (
            "object not object", F.map(layers: [F.objectLayer("doors", ["7"])]), .invalidValue,
            #"object layer "doors" objects[0]: expected an object, found number"#
        ),
    ]

    @Test(arguments: cases)
    func rejects(what: String, text: String, kind: MapLoadError.Kind, message: String) throws {
        let error = try #require(F.error(text), "\(what) was accepted")
        #expect(error.kind == kind, "\(what)")
        #expect(error.description.contains(message), "\(what): \(error.description)")
        #expect(error.file == "<memory>")
    }

    @Test func namesTheFileOfABrokenExternalTileset() throws {
        let directory = try TemporaryDirectory()
        let tileset = try directory.write("broken.tsj", #"{"tiles": [}"#)
        let path = try directory.write(
            "map.tmj", F.map(layers: [F.start], tilesets: [#"{"firstgid": 1, "source": "broken.tsj"}"#]))
        #expect(
            throws: MapLoadError(.syntax, file: tileset, field: "", "line 1, column 12: expected a value, found '}'")
        ) {
            try TileMap.load(path: path)
        }
    }

    @Test func reportsUnreadableFiles() {
        #expect {
            try TileMap.load(path: "/nonexistent/world.tmj")
        } throws: { error in
            guard let error = error as? MapLoadError else { return false }
            return error.kind == .unreadable && error.description.hasPrefix("/nonexistent/world.tmj: cannot open: ")
        }
    }

    private static func door(_ properties: [(String, String, String)], x: Double = 0, y: Double = 0) -> String {
        F.map(layers: [F.objectLayer("doors", [F.object(id: 1, x: x, y: y, properties: properties)]), F.start])
    }

    private static func objects(
        _ layer: String, type: String = "", x: Double = 0, width: Double = 16,
        _ properties: [(String, String, String)] = []
    ) -> String {
        let object = F.object(id: 1, x: x, y: 0, width: width, type: type, properties: properties)
        return F.map(layers: [F.objectLayer(layer, [object]), F.start])
    }
}

extension String {
    /// The string with the first occurrence of `target` replaced (no Foundation here).
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = firstRange(of: target) else { return self }
        var copy = self
        copy.replaceSubrange(range, with: replacement)
        return copy
    }
}
