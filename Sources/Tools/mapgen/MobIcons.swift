import Glibc
import PixelArt

/// Paints the `Mobs` tile sheet: one 16×16 icon per entity kind a map can place, so the entities layer shows
/// what stands where in the Tiled editor.
enum MobIcons {
    static let columns = 8

    /// Every kind the map may place, in tile order (names as in GameProtocol's `EntityKind`).
    static let kinds = [
        "rat", "skeleton", "goblin", "ogre", "spectre", "crab", "bat", "wizard", "eye", "snake", "skeleton2", "boss",
        "deathknight", "clotharmor", "leatherarmor", "mailarmor", "platearmor", "redarmor", "goldenarmor", "flask",
        "burger", "chest", "firepotion", "cake", "guard", "king", "octocat", "villagegirl", "villager", "priest",
        "scientist", "agent", "rick", "nyan", "sorcerer", "beachnpc", "forestnpc", "desertnpc", "lavanpc", "coder",
        "sword1", "sword2", "redsword", "goldensword", "morningstar", "axe", "bluesword",
    ]

    /// The tile index of `kind` in the sheet.
    static func index(of kind: String) -> Int {
        guard let index = kinds.firstIndex(of: kind) else { preconditionFailure("no icon for \(kind)") }
        return index
    }

    static func render() -> Canvas {
        let rows = (kinds.count + columns - 1) / columns
        var sheet = Canvas(width: columns * 16, height: rows * 16)
        for (index, kind) in kinds.enumerated() {
            var icon = Canvas(width: 16, height: 16)
            paint(kind, on: &icon)
            icon.outlineShapes()
            sheet.draw(icon, atX: (index % columns) * 16, y: (index / columns) * 16)
        }
        return sheet
    }

    // MARK: - Painters

    private static func paint(_ kind: String, on c: inout Canvas) {
        switch kind {
        case "rat":
            c.ellipse(8, 10, 5, 3.5, Color(0x8A_8490))
            c.ellipse(12, 8.5, 2.5, 2.2, Color(0x9A_94A0))
            c[13, 6] = Color(0xE8_A0B0)
            c[13, 8] = .outline
            c.line(3, 11, 1, 7, Color(0xE8_A0B0))
        case "crab":
            c.ellipse(8, 10, 5, 3.5, Color(0xD8_4A34))
            c.ellipse(3, 6, 2, 2, Color(0xE8_6A4A))
            c.ellipse(13, 6, 2, 2, Color(0xE8_6A4A))
            c[6, 8] = .outline
            c[10, 8] = .outline
        case "bat":
            c.ellipse(8, 8, 2.5, 3, Color(0x4A_3A5A))
            for side in [-1, 1] {
                c.line(8, 7, 8 + side * 7, 4, Color(0x5A_4A6E))
                c.line(8, 8, 8 + side * 7, 5, Color(0x5A_4A6E))
                c.line(8 + side * 7, 5, 8 + side * 4, 10, Color(0x5A_4A6E))
            }
            c[7, 7] = Color(0xFF_4040)
            c[9, 7] = Color(0xFF_4040)
        case "goblin": figure(&c, skin: Color(0x7A_B04A), body: Color(0x6A_4A2A), hat: nil, ears: true)
        case "ogre":
            c.ellipse(8, 9, 6.5, 6, Color(0xB0_8A5A))
            c.ellipse(8, 5, 4, 3.5, Color(0xC4_9E6A))
            c[6, 5] = .outline
            c[10, 5] = .outline
            c.rect(11, 8, 3, 7, Color(0x6A_4A2A))
        case "spectre":
            c.ellipse(8, 7, 5, 5, Color(0xC8_D8F4, alpha: 230))
            c.rect(3, 7, 11, 6, Color(0xC8_D8F4, alpha: 230))
            for x in stride(from: 3, to: 14, by: 3) { c.rect(x, 13, 2, 2, Color(0xC8_D8F4, alpha: 230)) }
            c.rect(6, 6, 1, 2, Color(0x3A_2A6A))
            c.rect(10, 6, 1, 2, Color(0x3A_2A6A))
        case "eye":
            c.ellipse(8, 8, 6.5, 6.5, Color(0xF4_F0EE))
            c.ellipse(8, 8, 3, 3, Color(0xC8_3A34))
            c.ellipse(8, 8, 1.3, 1.3, .outline)
            c.line(2, 10, 0, 14, Color(0xC8_3A34))
            c.line(13, 10, 15, 14, Color(0xC8_3A34))
        case "snake":
            for i in 0..<12 {
                let x = 2 + i
                let y = 9 + Int((sin(Double(i) / 2) * 3).rounded())
                c.rect(x, y, 2, 2, Color(0x4E_A24A))
            }
            c.ellipse(13, 6, 2.2, 1.8, Color(0x5E_B25A))
            c[14, 6] = Color(0xF4_D040)
        case "skeleton", "skeleton2": skeleton(&c, eyes: kind == "skeleton" ? .outline : Color(0xFF_3A2A))
        case "wizard":
            figure(&c, skin: Color(0xF0_C8A0), body: Color(0x5A_3A9A), hat: Color(0x5A_3A9A), ears: false)
            c.vline(14, 2, 14, Color(0x8A_5A2A))
            c[14, 1] = Color(0x6A_E8FA)
        case "boss":
            c.ellipse(8, 10, 6.5, 5.5, Color(0x3A_2A3E))
            c.ellipse(8, 6, 4, 3.5, Color(0x5A_4A5E))
            c.rect(4, 1, 8, 2, Color(0xE8_C040))
            for x in [4, 7, 10] { c[x, 0] = Color(0xE8_C040) }
            c[6, 6] = Color(0xFF_3A2A)
            c[10, 6] = Color(0xFF_3A2A)
        case "deathknight":
            figure(&c, skin: Color(0x4A_4A56), body: Color(0x2A_2A34), hat: nil, ears: false)
            c.hline(6, 9, 5, Color(0xFF_3A2A))
            c.vline(14, 3, 14, Color(0xB8_C0CC))
        case "clotharmor", "leatherarmor", "mailarmor", "platearmor", "redarmor", "goldenarmor": armor(kind, &c)
        case "flask", "firepotion":
            c.rect(6, 2, 4, 4, Color(0xCC_E6F6))
            c.rect(6, 1, 4, 1, Color(0x8A_5A2A))
            c.ellipse(8, 10, 5, 5, kind == "flask" ? Color(0xD8_3A4A) : Color(0xF5_8A2A))
            c.ellipse(6.5, 8.5, 1.2, 1.2, Color(0xFF_FFFF))
        case "burger":
            c.ellipse(8, 6, 6, 3.5, Color(0xD8_9A4A))
            c.rect(2, 8, 12, 2, Color(0x5E_B24A))
            c.rect(2, 10, 12, 2, Color(0x7A_3A22))
            c.rect(2, 12, 12, 2, Color(0xD8_9A4A))
        case "cake":
            c.rect(2, 7, 12, 7, Color(0xF0_D0A0))
            c.rect(2, 7, 12, 2, Color(0xF4_A0C0))
            c.rect(7, 3, 2, 4, Color(0xF4_F0E0))
            c[7, 2] = Color(0xFF_C850)
        case "chest":
            c.rect(1, 5, 14, 10, Color(0x9A_6434))
            c.rect(1, 5, 14, 4, Color(0xB8_7E48))
            c.hline(1, 14, 9, Color(0x5E_3A22))
            c.rect(7, 8, 2, 3, Color(0xE8_C040))
        case "sword1", "sword2", "redsword", "goldensword", "bluesword": sword(kind, &c)
        case "axe":
            c.line(3, 14, 11, 3, Color(0x8A_5A2A))
            c.ellipse(11, 4, 3.5, 3, Color(0xB8_C0CC))
        case "morningstar":
            c.line(3, 14, 9, 7, Color(0x8A_5A2A))
            c.ellipse(10.5, 5.5, 3.5, 3.5, Color(0x7A_7A86))
            for (x, y) in [(10, 1), (14, 5), (10, 9), (6, 5)] { c[x, y] = Color(0xD8_D8E0) }
        case "octocat":
            c.ellipse(8, 7, 5.5, 5, Color(0x2A_2A30))
            c[4, 2] = Color(0x2A_2A30)
            c[12, 2] = Color(0x2A_2A30)
            c.ellipse(8, 8, 3.5, 2.5, Color(0xF0_C8B0))
            for x in stride(from: 3, to: 14, by: 3) { c.rect(x, 12, 2, 3, Color(0x2A_2A30)) }
        case "nyan":
            for (i, color) in [0xE8_3A3A, 0xF5_9A2A, 0xF4_E04A, 0x4E_B24A, 0x3A_8AE8].enumerated() {
                c.rect(0, 4 + i * 2, 6, 2, Color(UInt32(color)))
            }
            c.rect(5, 4, 8, 8, Color(0xF4_B0C8))
            c.ellipse(12, 8, 3, 2.5, Color(0x9A_9AA6))
        default: npc(kind, &c)
        }
    }

    private static func figure(_ c: inout Canvas, skin: Color, body: Color, hat: Color?, ears: Bool) {
        c.rect(5, 8, 6, 5, body)
        c.rect(5, 13, 2, 2, body.shade(-0.3))
        c.rect(9, 13, 2, 2, body.shade(-0.3))
        c.ellipse(8, 5.5, 3.5, 3.2, skin)
        c[6, 5] = .outline
        c[9, 5] = .outline
        if ears {
            c[3, 4] = skin
            c[12, 4] = skin
        }
        if let hat {
            for row in 0..<4 { c.hline(8 - row, 7 + row, row, hat) }
            c.hline(3, 12, 3, hat.shade(-0.2))
        }
    }

    private static func skeleton(_ c: inout Canvas, eyes: Color) {
        let bone = Color(0xEC_E6D4)
        c.ellipse(8, 4.5, 3.5, 3.2, bone)
        c[6, 4] = eyes
        c[9, 4] = eyes
        c.vline(8, 8, 11, bone)
        for y in [8, 10] { c.hline(5, 11, y, bone) }
        c.line(7, 12, 5, 15, bone)
        c.line(9, 12, 11, 15, bone)
        c.line(5, 8, 3, 12, bone)
        c.line(11, 8, 13, 11, bone)
    }

    private static func armor(_ kind: String, _ c: inout Canvas) {
        let colors: [String: Color] = [
            "clotharmor": Color(0xC8_B89A), "leatherarmor": Color(0x9A_6434), "mailarmor": Color(0x9A_A0AC),
            "platearmor": Color(0xC8_D0DC), "redarmor": Color(0xC8_3A34), "goldenarmor": Color(0xE8_C040),
        ]
        let color = colors[kind] ?? .outline
        c.rect(4, 3, 8, 11, color)
        c.rect(1, 3, 3, 5, color.shade(-0.15))
        c.rect(12, 3, 3, 5, color.shade(-0.15))
        c.rect(6, 2, 4, 2, Color.clear)
        c.vline(8, 5, 13, color.shade(-0.3))
        if kind == "mailarmor" {
            for y in stride(from: 5, to: 14, by: 2) { c.hline(5, 11, y, color.shade(-0.2)) }
        }
        c.hline(4, 11, 11, color.shade(0.3))
    }

    private static func sword(_ kind: String, _ c: inout Canvas) {
        let blades: [String: Color] = [
            "sword1": Color(0xB8_C0CC), "sword2": Color(0xD8_E0EC), "redsword": Color(0xE8_4A3A),
            "goldensword": Color(0xF4_D040), "bluesword": Color(0x5A_9AF0),
        ]
        let blade = blades[kind] ?? .outline
        c.line(5, 10, 13, 2, blade)
        c.line(6, 10, 13, 3, blade.shade(-0.25))
        c.line(2, 9, 6, 13, Color(0x8A_5A2A))
        c.line(2, 14, 4, 12, Color(0x5E_3A22))
        if kind == "sword2" { c.line(4, 8, 7, 11, Color(0xE8_C040)) }
    }

    private static func npc(_ kind: String, _ c: inout Canvas) {
        let skin = Color(0xF0_C8A0)
        let looks: [String: (body: Color, hair: Color)] = [
            "guard": (Color(0x3A_5AA0), Color(0x9A_A0AC)), "king": (Color(0xA8_2A3A), Color(0xE8_C040)),
            "villagegirl": (Color(0xE8_6A8A), Color(0xC8_7A3A)), "villager": (Color(0x6A_8A4A), Color(0x6A_4A2A)),
            "priest": (Color(0xEE_EAE0), Color(0xC8_A040)), "scientist": (Color(0xF4_F4F8), Color(0x9A_9AA6)),
            "agent": (Color(0x2A_2A34), Color(0x1A_1A20)), "rick": (Color(0x5A_6A8A), Color(0xD8_B060)),
            "sorcerer": (Color(0x3A_2A6A), Color(0xEE_EEF0)), "beachnpc": (Color(0xF4_D040), Color(0xE8_7A4A)),
            "forestnpc": (Color(0x3E_7A3A), Color(0x8A_5A2A)), "desertnpc": (Color(0xE0_C89A), Color(0xF0_E8D8)),
            "lavanpc": (Color(0x8A_3A2A), Color(0x2A_2A30)), "coder": (Color(0x4A_4A56), Color(0x3A_2A22)),
        ]
        let look = looks[kind] ?? (Color(0x8A_8A8A), Color(0x4A_4A4A))
        figure(&c, skin: skin, body: look.body, hat: nil, ears: false)
        // Hair or headgear on top of the head.
        c.rect(5, 2, 6, 2, look.hair)
        switch kind {
        case "guard":
            c.rect(4, 1, 8, 3, look.hair)
            c.vline(13, 1, 14, Color(0x8A_5A2A))
            c[13, 0] = Color(0xD8_E0EC)
        case "king":
            c.rect(5, 0, 6, 2, look.hair)
            for x in [5, 8, 10] { c[x, 0] = Color(0xE8_3A3A) }
        case "villagegirl":
            c.rect(4, 3, 2, 6, look.hair)
            c.rect(10, 3, 2, 6, look.hair)
            c.rect(4, 11, 8, 3, look.body.shade(0.2))
        case "priest", "desertnpc": c.rect(4, 1, 8, 3, look.hair)
        case "scientist":
            c.hline(5, 10, 5, Color(0x3A_3A44))
            c.rect(7, 8, 2, 5, Color(0x3A_8AE8))
        case "agent": c.hline(5, 10, 5, .outline)
        case "sorcerer":
            c.rect(5, 7, 6, 3, look.hair)
            c.vline(13, 2, 14, Color(0x8A_5A2A))
            c[13, 1] = Color(0xE8_4AF0)
        case "beachnpc": c.rect(3, 2, 10, 1, look.hair)
        case "forestnpc": c.line(3, 14, 12, 5, Color(0x8A_5A2A))
        case "coder": c.rect(4, 10, 8, 4, Color(0x9A_A0AC))
        default: break
        }
    }
}
