import Testing
import World

struct NameTests {
    @Test func composesToNFC() {
        // "é" as e + U+0301 and as U+00E9 are one name: the same bytes once sanitized.
        let decomposed = World.sanitizeName("Re\u{301}my", maxLength: 15)
        #expect(Array(decomposed.utf8) == Array("R\u{E9}my".utf8))
        #expect(
            Array(World.sanitizeName("\u{212B}ngstr\u{F6}m", maxLength: 15).utf8) == Array("\u{C5}ngstr\u{F6}m".utf8))
        #expect(Array(World.sanitizeName("\u{1100}\u{1161}", maxLength: 15).utf8) == Array("\u{AC00}".utf8))  // Hangul
    }

    @Test(arguments: [
        "Ada\u{202E}nimda", "\u{202A}Ada", "Ada\u{202D}", "\u{2066}Ada\u{2069}", "Ada\u{200E}", "Ada\u{200F}",
        "Ada\u{061C}",
    ])
    func refusesBidiControls(name: String) {
        #expect(World.nameRefusal(name) == "name has a text-direction control character")
        #expect(!World.sanitizeName(name, maxLength: 15).unicodeScalars.contains { $0.properties.isBidiControl })
    }

    @Test(arguments: [
        "A\u{200B}da", "A\u{200C}da", "A\u{200D}da", "Ada\u{2060}", "Ada\u{2064}", "\u{FEFF}Ada", "A\u{AD}da",
        "\u{3164}", "Ada\u{E0041}", "A\u{34F}da",
    ])
    func refusesInvisibleCharacters(name: String) {
        #expect(World.nameRefusal(name) == "name has an invisible character")
    }

    @Test func dropsWhatItRefusesForNamesThatSkipTheRefusal() {
        // An operator's `rename` or lookup gets the name a player could have had.
        #expect(World.sanitizeName("A\u{200B}d\u{202E}a", maxLength: 15) == "Ada")
        #expect(World.sanitizeName("\u{3164}\u{200B}", maxLength: 15) == "lorem ipsum")
    }

    @Test func keepsVariationSelectorsOutOfTheNameWithoutRefusing() {
        #expect(World.nameRefusal("Ada\u{2764}\u{FE0F}") == nil)
        #expect(World.sanitizeName("Ada\u{2764}\u{FE0F}", maxLength: 15) == "Ada\u{2764}")
        #expect(World.sanitizeName("Ada\u{FE00}", maxLength: 15) == World.sanitizeName("Ada", maxLength: 15))
    }

    @Test func limitsCombiningMarksPerCharacter() {
        #expect(World.nameRefusal("\u{E17}\u{E35}\u{E48}") == nil)  // Thai ที่: two marks
        #expect(World.nameRefusal("\u{915}\u{940}\u{902}") == nil)  // Devanagari कीं
        #expect(World.nameRefusal("Vi\u{1EC7}t") == nil)  // ệ composes to one character
        #expect(World.nameRefusal("Vie\u{323}\u{302}t") == nil)  // and so does its decomposed form
        let zalgo = "Z" + String(repeating: "\u{30D}\u{30E}\u{304}", count: 4) + "algo"
        #expect(World.nameRefusal(zalgo) == "name stacks too many accents on one letter")
        #expect(World.nameRefusal("a\u{301}\u{302}\u{303}\u{304}") == "name stacks too many accents on one letter")
        #expect(World.nameRefusal("a\u{301}\u{302}\u{303}") == nil)  // á composes: two marks left
        #expect(World.nameRefusal("q\u{301}\u{302}b\u{303}\u{304}") == nil)  // two on each letter
        #expect(World.sanitizeName(zalgo, maxLength: 15).unicodeScalars.count == "Z".count + 2 + 4)
    }

    @Test func acceptsOrdinaryNames() {
        for name in ["Ada", "Élodie", "Zoë", "山田太郎", "Дмитрий", "محمد", "שרה", "O'Brien", "x_X", "🙂"] {
            #expect(World.nameRefusal(name) == nil, "\(name)")
        }
    }
}
