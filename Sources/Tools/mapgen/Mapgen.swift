import GameMap
import Glibc
import PixelArt
import Support

/// `mapgen`: draws WireQuest's tile sheets and generates its world map, deterministically from a seed. The map it
/// writes is read back with the server's own loader and must come back as the model it built, so the file and the
/// generator can never disagree.
@main
enum Mapgen {
    static let spec = CommandSpec(
        name: "mapgen", abstract: "Generate the world map (Tiled JSON) and its tile sheets.",
        options: [
            OptionSpec("out-map", value: "path", default: "Maps/world.tmj", help: "Tiled JSON map to write."),
            OptionSpec("out-tileset", value: "path", default: "Public/img/tileset.png", help: "Terrain tile sheet."),
            OptionSpec("out-mobset", value: "path", default: "Public/img/mobset.png", help: "Entity icon sheet."),
            OptionSpec("preview", value: "dir", help: "Also write PNG renderings of the map there."),
            OptionSpec("seed", value: "n", default: "20240", help: "World seed."),
        ])

    static func main() {
        let arguments = spec.parseCommandLine()
        do {
            try run(arguments)
        } catch {
            printToStandardError("mapgen: \(error)")
            exit(ExitCode.failure.rawValue)
        }
    }

    static func run(_ arguments: ParsedArguments) throws {
        let seedText = arguments.string("seed") ?? "20240"
        guard let seed = UInt64(seedText) else {
            printToStandardError("Error: '--seed' takes a whole number, not '\(seedText)'\n\(spec.usageLine)")
            exit(ExitCode.usage.rawValue)
        }
        let mapPath = arguments.string("out-map") ?? "Maps/world.tmj"

        let noise = Noise(seed: seed)
        let atlas = TileSheet.build(noise: noise)
        let sheet = atlas.render()
        try writePNG(sheet, to: arguments.string("out-tileset") ?? "Public/img/tileset.png")
        let mobs = MobIcons.render()
        try writePNG(mobs, to: arguments.string("out-mobset") ?? "Public/img/mobset.png")

        var builder = WorldBuilder(atlas: atlas, seed: seed)
        let map = builder.build()
        let writer = TiledWriter(
            map: map, atlas: atlas, tilesetImage: "../Public/img/tileset.png", mobsetImage: "../Public/img/mobset.png")
        let json = Array(writer.json().utf8)
        // The server's view of the file: it must be exactly the model the builder made.
        let loaded = try TileMap.parse(bytes: json, directory: TileMap.directory(of: mapPath), file: mapPath)
        if let difference = firstDifference(loaded, map.tileMap) {
            throw MapgenFailure("the written map reads back differently: \(difference)")
        }
        let check = WorldCheck(map: loaded)
        let problems = check.problems()
        for problem in problems.prefix(40) { print("problem: \(problem)") }
        guard problems.isEmpty else { throw MapgenFailure("world check failed: \(problems.count) problems") }
        try writeFile(json, to: mapPath)
        print(check.summary())

        if let preview = arguments.string("preview") {
            try writePNG(sheet.upscaled(by: 3), to: preview + "/tileset-x3.png")
            try writePNG(mobs.upscaled(by: 4), to: preview + "/mobset-x4.png")
            let full = MapPreview.render(map, atlas: atlas)
            try writePNG(full.downscaled(by: 4), to: preview + "/world-overview.png")
            let village = TileRect(x: 40, y: 86, width: 66, height: 54)
            try writePNG(MapPreview.render(map, atlas: atlas, region: village), to: preview + "/village.png")
            for (name, x, y) in [("graveyard", 4, 10), ("lava", 140, 20), ("forest", 20, 60), ("desert", 130, 95)] {
                let area = TileRect(x: x, y: y, width: 56, height: 40)
                try writePNG(MapPreview.render(map, atlas: atlas, region: area), to: preview + "/\(name).png")
            }
            let interiors = TileRect(x: 0, y: 162, width: 200, height: 38)
            try writePNG(
                MapPreview.render(map, atlas: atlas, region: interiors).downscaled(by: 2),
                to: preview + "/interiors.png")
        }
        print("tileset: \(atlas.tiles.count) tiles, \(sheet.width)×\(sheet.height) px")
    }

    static func writePNG(_ canvas: Canvas, to path: String) throws {
        try writeFile(canvas.pngBytes, to: path)
    }

    /// Which part of two maps differs first, for a useful failure message; nil when they are equal.
    static func firstDifference(_ a: TileMap, _ b: TileMap) -> String? {
        guard a != b else { return nil }
        if a.width != b.width || a.height != b.height || a.tileSize != b.tileSize { return "size" }
        if a.collisions != b.collisions { return "collisions" }
        if a.doors != b.doors { return "doors" }
        if a.checkpoints != b.checkpoints { return "checkpoints" }
        if a.roamingAreas != b.roamingAreas { return "roaming areas" }
        if a.chestAreas != b.chestAreas { return "chest areas" }
        if a.staticChests != b.staticChests { return "chests" }
        if a.staticEntities != b.staticEntities { return "entities" }
        return "music areas"
    }
}

/// Why mapgen could not produce a sound world.
struct MapgenFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
