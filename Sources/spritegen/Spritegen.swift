import Glibc
import PixelArt

/// `spritegen`: draws WireQuest's character, mob, NPC, item and interface sprites and writes their manifest.
/// Everything is painted by code; the output depends on nothing but this source.
@main
struct Spritegen {
    static let usage = """
        usage: spritegen [--out DIR] [--preview DIR]
          --out      image directory to write sprites/ and sprites.json into (default Public/img)
          --preview  also write enlarged contact sheets there
        """

    static func main() {
        do {
            try run(Array(CommandLine.arguments.dropFirst()))
        } catch {
            let message = Array("spritegen: \(error)\n".utf8)
            _ = message.withUnsafeBufferPointer { Glibc.write(2, $0.baseAddress, $0.count) }
            if case .usage? = error as? SpritegenError { exit(64) }
            exit(1)
        }
    }

    static func build() -> [Sprite] {
        Armors.build() + WeaponSheets.build() + Mobs.build() + NPCs.build() + Items.build() + Effects.build()
    }

    static func run(_ arguments: [String]) throws {
        var options = ["out": "Public/img"]
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            if argument == "-h" || argument == "--help" {
                print(usage)
                return
            }
            let key = String(argument.dropFirst(2))
            guard argument.hasPrefix("--"), ["out", "preview"].contains(key), index + 1 < arguments.count else {
                throw SpritegenError.usage("unexpected argument \(argument)\n\(usage)")
            }
            options[key] = arguments[index + 1]
            index += 2
        }
        let out = options["out"]!
        let sprites = build()
        var seen = Set<String>()
        for sprite in sprites {
            precondition(seen.insert(sprite.name).inserted, "sprite \(sprite.name) defined twice")
        }
        try FileOutput.makeDirectory(out)
        try FileOutput.makeDirectory(out + "/sprites")
        for sprite in sprites {
            try FileOutput.writePNG(sprite.render(), to: "\(out)/sprites/\(sprite.name).png")
        }
        try FileOutput.write(Sprite.manifest(sprites), to: out + "/sprites.json")
        if let preview = options["preview"] {
            try FileOutput.makeDirectory(preview)
            try Preview.write(sprites, to: preview)
        }
        print("spritegen: \(sprites.count) sprites")
    }
}
