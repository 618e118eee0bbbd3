import Glibc
import PixelArt
import Support

/// `spritegen`: draws WireQuest's character, mob, NPC, item and interface sprites and writes their manifest.
/// Everything is painted by code; the output depends on nothing but this source.
@main
enum Spritegen {
    static let spec = CommandSpec(
        name: "spritegen", abstract: "Draw the sprites (PNG) and their manifest (sprites.json).",
        options: [
            OptionSpec(
                "out", value: "dir", default: "Public/img", help: "Directory to write sprites/ and sprites.json into."),
            OptionSpec("preview", value: "dir", help: "Also write enlarged contact sheets there."),
        ])

    static func main() {
        let arguments = spec.parseCommandLine()
        do {
            try run(out: arguments.string("out") ?? "Public/img", preview: arguments.string("preview"))
        } catch {
            printToStandardError("spritegen: \(error)")
            exit(ExitCode.failure.rawValue)
        }
    }

    static func build() -> [Sprite] {
        Armors.build() + WeaponSheets.build() + Mobs.build() + NPCs.build() + Items.build() + Effects.build()
    }

    static func run(out: String, preview: String?) throws {
        let sprites = build()
        var seen = Set<String>()
        for sprite in sprites {
            precondition(seen.insert(sprite.name).inserted, "sprite \(sprite.name) defined twice")
        }
        try makeDirectory(out)
        try makeDirectory(out + "/sprites")
        for sprite in sprites {
            try writeFile(sprite.render().pngBytes, to: "\(out)/sprites/\(sprite.name).png")
        }
        try writeFile(Array(Sprite.manifest(sprites).utf8), to: out + "/sprites.json")
        if let preview {
            try makeDirectory(preview)
            try Preview.write(sprites, to: preview)
        }
        print("spritegen: \(sprites.count) sprites")
    }
}
