import Glibc
import PixelArt

/// `mapgen`: draws WireQuest's tile sheets and generates its world map, deterministically from a seed.
@main
struct Mapgen {
    static let usage = """
        usage: mapgen [--out-map PATH] [--out-tileset PATH] [--out-mobset PATH] [--preview PATH] [--seed N]
          --out-map      Tiled JSON map to write (default Maps/world.tmj)
          --out-tileset  terrain tile sheet PNG (default Public/img/tileset.png)
          --out-mobset   entity icon sheet PNG (default Public/img/mobset.png)
          --preview      also write a full-size PNG rendering of the map
          --seed         world seed (default 20240)
        """

    static func main() {
        do {
            try run(Array(CommandLine.arguments.dropFirst()))
        } catch {
            let message = Array("mapgen: \(error)\n".utf8)
            _ = message.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count) }
            exit(error.isUsage ? 64 : 1)
        }
    }

    static func run(_ arguments: [String]) throws {
        var options = [
            "out-map": "Maps/world.tmj", "out-tileset": "Public/img/tileset.png",
            "out-mobset": "Public/img/mobset.png",
        ]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-h" || argument == "--help" {
                print(usage)
                return
            }
            guard argument.hasPrefix("--"), index + 1 < arguments.count else {
                throw MapgenError.usage("unexpected argument \(argument)\n\(usage)")
            }
            let key = String(argument.dropFirst(2))
            guard ["out-map", "out-tileset", "out-mobset", "preview", "seed"].contains(key) else {
                throw MapgenError.usage("unknown option \(argument)\n\(usage)")
            }
            options[key] = arguments[index + 1]
            index += 2
        }
        guard let seed = UInt64(options["seed"] ?? "20240") else { throw MapgenError.usage("--seed takes a number") }

        let noise = Noise(seed: seed)
        let atlas = TileSheet.build(noise: noise)
        let sheet = atlas.render()
        try writePNG(sheet, to: options["out-tileset"]!)
        let mobs = MobIcons.render()
        try writePNG(mobs, to: options["out-mobset"]!)

        var builder = WorldBuilder(atlas: atlas, seed: seed)
        let map = builder.build()
        let check = WorldCheck(map: map)
        let problems = check.problems()
        for problem in problems.prefix(40) { print("problem: \(problem)") }
        guard problems.isEmpty else { throw MapgenError.invalidWorld("\(problems.count) problems") }
        let writer = TiledWriter(
            map: map, atlas: atlas, tilesetImage: "../Public/img/tileset.png", mobsetImage: "../Public/img/mobset.png")
        try FileOutput.write(writer.json(), to: options["out-map"]!)
        print(check.summary())

        if let preview = options["preview"] {
            try writePNG(sheet.upscaled(by: 3), to: preview + "/tileset-x3.png")
            try writePNG(mobs.upscaled(by: 4), to: preview + "/mobset-x4.png")
            let full = MapPreview.render(map, atlas: atlas)
            try writePNG(full.downscaled(by: 4), to: preview + "/world-overview.png")
            let village = WorldBuilder.Area(x: 40, y: 86, w: 66, h: 54)
            try writePNG(MapPreview.render(map, atlas: atlas, region: village), to: preview + "/village.png")
            for (name, x, y) in [("graveyard", 4, 10), ("lava", 140, 20), ("forest", 20, 60), ("desert", 130, 95)] {
                let area = WorldBuilder.Area(x: x, y: y, w: 56, h: 40)
                try writePNG(MapPreview.render(map, atlas: atlas, region: area), to: preview + "/\(name).png")
            }
            let interiors = WorldBuilder.Area(x: 0, y: 162, w: 200, h: 38)
            try writePNG(
                MapPreview.render(map, atlas: atlas, region: interiors).downscaled(by: 2),
                to: preview + "/interiors.png")
        }
        print("tileset: \(atlas.tiles.count) tiles, \(sheet.width)×\(sheet.height) px")
    }
}

extension Mapgen {
    static func writePNG(_ canvas: Canvas, to path: String) throws {
        try FileOutput.writePNG(canvas, to: path)
    }
}

extension MapgenError {
    fileprivate var isUsage: Bool {
        if case .usage = self { return true }
        return false
    }
}

extension Error {
    fileprivate var isUsage: Bool { (self as? MapgenError)?.isUsage ?? false }
}
