import PixelArt

/// Paints houses (modular roof and wall pieces), fences, bridges and the village and dungeon props.
enum BuildingTiles {
    static let roofColors: [(name: String, color: Color)] = [
        ("red", Color(0xB4_4A3A)), ("blue", Color(0x4A_6AA4)), ("green", Color(0x4E_8A5A)),
    ]
    static let wood = Color(0x8E_5E34)
    static let plaster = Color(0xEA_DEC2)

    static func register(into atlas: inout TileAtlas) {
        for (name, color) in roofColors {
            for row in 0..<3 {
                for (index, column) in ["l", "m", "r"].enumerated() {
                    // The ridge row is walkable so players can pass behind a house, and drawn above them.
                    atlas.add("roof.\(name).\(row).\(column)", collides: row > 0, above: row == 0) {
                        roof(&$0, color: color, row: row, column: index)
                    }
                }
            }
        }
        for row in 0..<2 {
            for (index, column) in ["l", "m", "r"].enumerated() {
                atlas.add("wall.\(row).\(column)", collides: true) { wall(&$0, row: row, column: index) }
            }
        }
        atlas.add("wall.window", collides: true) {
            wall(&$0, row: 0, column: 1)
            window(&$0)
        }
        atlas.add("wall.lintel", collides: true, above: true) {
            wall(&$0, row: 0, column: 1)
            $0.rect(3, 11, 10, 5, wood.shade(-0.2))
            $0.rect(4, 12, 8, 3, Color(0xD8_B060))
        }
        atlas.add("wall.door") {
            wall(&$0, row: 1, column: 1)
            door(&$0)
        }
        atlas.add("fence.h", collides: true) { fenceHorizontal(&$0) }
        atlas.add("fence.v", collides: true) { fenceVertical(&$0) }
        atlas.add("fence.post", collides: true) { fencePost(&$0) }
        for part in 0..<3 {
            atlas.add("bridge.h.\(part)") { bridge(&$0, part: part, horizontal: true) }
            atlas.add("bridge.v.\(part)") { bridge(&$0, part: part, horizontal: false) }
        }
        atlas.addStamp("well", image: well()) { _, row in (collides: row == 1, above: row == 0) }
        atlas.addStamp("fountain", image: fountain()) { _, _ in (collides: true, above: false) }
        atlas.addStamp("lamp", image: lamp()) { _, row in (collides: row == 1, above: row == 0) }
        atlas.add("sign", collides: true) { sign(&$0) }
        atlas.add("barrel", collides: true) { barrel(&$0) }
        atlas.add("crate", collides: true) { crate(&$0) }
        atlas.add("haystack", collides: true) { haystack(&$0) }
        atlas.add("grave.stone", collides: true) { graveStone(&$0) }
        atlas.add("grave.cross", collides: true) { graveCross(&$0) }
        atlas.add("grave.mound") { $0.ellipse(8, 10, 5.5, 3, Color(0x4A_3A2E)) }
        for (name, stone, hole) in [
            ("cave", Color(0x7A_7268), Color(0x14_1016)), ("tomb", Color(0xC8_A46A), Color(0x20_1812)),
            ("crypt", Color(0x8A_8898), Color(0x18_1420)), ("lair", Color(0x3A_2A30), Color(0x50_0E0A)),
        ] {
            atlas.addStamp("gate.\(name)", image: gate(stone: stone, hole: hole, name: name)) { column, row in
                (collides: !(column == 1 && row == 1), above: row == 0)
            }
        }
        atlas.add("stairs.up") { stairs(&$0) }
        for frame in 0..<3 {
            atlas.add("portal.\(frame)") { portal(&$0, frame: frame) }
        }
        atlas.animate("portal.0", frames: ["portal.0", "portal.1", "portal.2"], duration: 180)
    }

    // MARK: - Houses

    private static func roof(_ c: inout Canvas, color: Color, row: Int, column: Int) {
        c.fill(color)
        for y in 0..<16 where y % 4 == 3 { c.hline(0, 15, y, color.shade(-0.3)) }
        for y in 0..<16 {
            let offset = (y / 4) % 2 == 0 ? 0 : 3
            if y % 4 != 3 { c[(offset + 6) % 16, y] = color.shade(-0.2) }
            if y % 4 != 3 { c[(offset + 12) % 16, y] = color.shade(-0.2) }
            if y % 4 == 0 { c.hline(0, 15, y, color.shade(0.15)) }
        }
        if row == 0 {
            for y in 0..<2 {
                for x in 0..<16 { c[x, y] = .clear }
            }
            c.rect(0, 3, 16, 2, color.shade(0.35))
            c.hline(0, 15, 2, .outline)
        }
        if row == 2 {
            c.hline(0, 15, 13, color.shade(-0.4))
            c.rect(0, 14, 16, 2, .outline)
        }
        if column == 0 { c.vline(0, row == 0 ? 2 : 0, 15, .outline) }
        if column == 2 { c.vline(15, row == 0 ? 2 : 0, 15, .outline) }
    }

    private static func wall(_ c: inout Canvas, row: Int, column: Int) {
        c.fill(plaster)
        for y in 0..<16 where y % 5 == 2 {
            c[3 + y % 7, y] = plaster.shade(-0.1)
        }
        if row == 0 {
            c.rect(0, 0, 16, 3, wood)
            c.hline(0, 15, 3, Color.outline.alpha(90))
            c.hline(0, 15, 0, wood.shade(-0.4))
        } else {
            c.rect(0, 12, 16, 4, Color(0x8C_867C))
            for x in stride(from: 0, to: 16, by: 5) { c.vline(x, 12, 15, Color(0x6A_645C)) }
            c.hline(0, 15, 12, Color(0x6A_645C))
        }
        if column == 0 {
            c.rect(0, 0, 3, 16, wood)
            c.vline(0, 0, 15, .outline)
        }
        if column == 2 {
            c.rect(13, 0, 3, 16, wood)
            c.vline(15, 0, 15, .outline)
        }
    }

    private static func window(_ c: inout Canvas) {
        c.rect(3, 5, 10, 9, wood.shade(-0.3))
        c.rect(4, 6, 8, 7, Color(0x8A_C4E4))
        c.rect(4, 6, 3, 2, Color(0xD4_EEFA))
        c.vline(8, 6, 12, wood.shade(-0.3))
        c.hline(4, 11, 9, wood.shade(-0.3))
        c.rect(2, 14, 12, 2, wood)
        c[4, 13] = Color(0xE8_5A7A)
        c[11, 13] = Color(0xF4_E04A)
    }

    private static func door(_ c: inout Canvas) {
        c.rect(3, 1, 10, 15, wood.shade(-0.45))
        c.rect(4, 2, 8, 14, wood)
        c.rect(5, 1, 6, 1, wood.shade(-0.45))
        for x in [6, 9] { c.vline(x, 2, 15, wood.shade(-0.25)) }
        c[10, 9] = Color(0xF0_D060)
        c.rect(2, 15, 12, 1, Color(0x6A_645C))
    }

    // MARK: - Fences and bridges

    private static func fenceHorizontal(_ c: inout Canvas) {
        let light = Color(0xC8_9A62)
        c.rect(0, 5, 16, 2, light)
        c.rect(0, 10, 16, 2, light)
        c.hline(0, 15, 7, wood.shade(-0.3))
        c.hline(0, 15, 12, wood.shade(-0.3))
        fencePost(&c)
    }

    private static func fenceVertical(_ c: inout Canvas) {
        let light = Color(0xC8_9A62)
        c.rect(6, 0, 4, 16, light)
        c.vline(9, 0, 15, wood.shade(-0.3))
        c.vline(6, 0, 15, light.shade(0.2))
        fencePost(&c)
    }

    private static func fencePost(_ c: inout Canvas) {
        c.rect(6, 2, 4, 12, wood)
        c.hline(6, 9, 2, Color(0xD8_AE74))
        c.vline(9, 3, 13, wood.shade(-0.35))
        c.hline(6, 9, 14, Color.outline.alpha(120))
    }

    private static func bridge(_ c: inout Canvas, part: Int, horizontal: Bool) {
        let plank = Color(0xB0_7E48)
        var tile = Canvas(width: 16, height: 16, fill: plank)
        for x in 0..<16 where x % 4 == 3 { tile.vline(x, 0, 15, plank.shade(-0.35)) }
        for x in stride(from: 1, to: 16, by: 4) { tile[x, (x * 5) % 16] = plank.shade(-0.2) }
        if part == 0 {
            tile.rect(0, 0, 16, 4, wood.shade(-0.2))
            tile.hline(0, 15, 1, Color(0xD0_A06A))
            tile.hline(0, 15, 4, Color.outline.alpha(110))
        }
        if part == 2 {
            tile.rect(0, 12, 16, 4, wood.shade(-0.2))
            tile.hline(0, 15, 13, Color(0xD0_A06A))
            tile.hline(0, 15, 15, .outline)
        }
        if horizontal {
            c.draw(tile, atX: 0, y: 0)
        } else {
            for y in 0..<16 {
                for x in 0..<16 { c[x, y] = tile[y, 15 - x] }
            }
        }
    }

    // MARK: - Props

    private static func well() -> Canvas {
        var s = Canvas(width: 16, height: 32)
        s.rect(2, 5, 12, 4, Color(0xB4_4A3A))
        s.hline(2, 13, 5, Color(0xCF_6A55))
        s.rect(3, 9, 2, 10, wood)
        s.rect(11, 9, 2, 10, wood)
        s.hline(5, 10, 11, Color(0x6A_4A2A))
        s.rect(7, 12, 2, 4, Color(0x9A_7A4A))
        s.rect(1, 18, 14, 11, Color(0x9C_968A))
        s.ellipse(8, 19, 6, 2, Color(0x2A_4A7A))
        for x in stride(from: 1, to: 15, by: 4) { s.vline(x, 22, 28, Color(0x6E_6A60)) }
        s.hline(1, 14, 25, Color(0x6E_6A60))
        s.outlineShapes()
        return s
    }

    private static func fountain() -> Canvas {
        var s = Canvas(width: 32, height: 32)
        s.ellipse(16, 18, 15, 12, Color(0x9C_968A))
        s.ellipse(16, 17, 12.5, 9.5, Color(0x4A_86C8))
        s.ellipse(13, 14, 5, 2.5, Color(0x7A_B0E0))
        s.rect(14, 6, 4, 12, Color(0xB8_B2A6))
        s.ellipse(16, 6, 4, 2, Color(0x6A_A6DA))
        for (x, y) in [(12, 4), (20, 4), (10, 9), (22, 9), (16, 2)] { s[x, y] = Color(0xDC_F0FA) }
        s.outlineShapes()
        return s
    }

    private static func lamp() -> Canvas {
        var s = Canvas(width: 16, height: 32)
        s.rect(7, 10, 2, 20, Color(0x3A_3A44))
        s.rect(5, 28, 6, 2, Color(0x3A_3A44))
        s.rect(5, 4, 6, 7, Color(0x3A_3A44))
        s.rect(6, 5, 4, 5, Color(0xFF_E08A))
        s.rect(4, 3, 8, 1, Color(0x3A_3A44))
        s.outlineShapes()
        return s
    }

    private static func sign(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(7, 8, 2, 7, wood)
        s.rect(2, 3, 12, 6, Color(0xC8_9A62))
        for y in [5, 7] { s.hline(4, 11, y, wood.shade(-0.4)) }
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func barrel(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(3, 3, 10, 12, wood)
        s.rect(4, 2, 8, 1, wood)
        s.ellipse(8, 3.5, 4.5, 1.6, Color(0xB0_7E48))
        for y in [5, 11] { s.hline(3, 12, y, Color(0x4A_4A52)) }
        s.vline(5, 4, 14, wood.shade(0.2))
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func crate(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(2, 3, 12, 12, Color(0xB0_7E48))
        s.frame(2, 3, 12, 12, wood.shade(-0.2))
        s.line(3, 4, 12, 13, wood.shade(-0.2))
        s.line(12, 4, 3, 13, wood.shade(-0.2))
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func haystack(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.ellipse(8, 10, 7, 5.5, Color(0xD8_B44A))
        s.ellipse(8, 7, 5, 4, Color(0xE8_CC64))
        for x in stride(from: 3, to: 14, by: 3) { s.line(x, 8, x - 1, 13, Color(0xA8_8430)) }
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func graveStone(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(4, 5, 8, 10, Color(0x9A_98A4))
        s.ellipse(8, 5, 4, 3, Color(0x9A_98A4))
        s.vline(5, 4, 14, Color(0xBA_B8C4))
        s.hline(6, 10, 7, Color(0x5A_5864))
        s.hline(6, 9, 9, Color(0x5A_5864))
        s.outlineShapes()
        c.ellipse(8, 14.5, 6, 1.5, Color.outline.alpha(70))
        c.draw(s, atX: 0, y: 0)
    }

    private static func graveCross(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(7, 2, 3, 13, Color(0x8A_7464))
        s.rect(4, 5, 9, 3, Color(0x8A_7464))
        s.vline(7, 2, 14, Color(0xA8_9280))
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func gate(stone: Color, hole: Color, name: String) -> Canvas {
        var s = Canvas(width: 48, height: 32)
        s.rect(0, 4, 48, 28, stone)
        s.ellipse(24, 4, 24, 5, stone)
        for y in stride(from: 6, to: 32, by: 6) { s.hline(0, 47, y, stone.shade(-0.25)) }
        for y in 0..<32 {
            for x in stride(from: (y / 6) % 2 * 4, to: 48, by: 8) where y % 6 != 0 { s[x, y] = stone.shade(-0.2) }
        }
        s.hline(0, 47, 5, stone.shade(0.3))
        s.ellipse(24, 20, 8, 7, stone.shade(-0.45))
        s.rect(16, 20, 16, 12, stone.shade(-0.45))
        s.ellipse(24, 21, 6.5, 6, hole)
        s.rect(18, 21, 12, 11, hole)
        if name == "lair" {
            for (x, y) in [(20, 26), (27, 24), (23, 29)] { s[x, y] = Color(0xF5_6A2A) }
            s.rect(10, 10, 3, 3, Color(0xF5_6A2A))
            s.rect(35, 10, 3, 3, Color(0xF5_6A2A))
        }
        if name == "crypt" {
            s.rect(22, 7, 4, 10, stone.shade(0.3))
            s.rect(19, 10, 10, 3, stone.shade(0.3))
        }
        if name == "tomb" {
            s.ellipse(24, 10, 4, 3, Color(0x3A_6AB0))
            s.ellipse(24, 10, 1.5, 2, .outline)
        }
        s.outlineShapes()
        return s
    }

    private static func stairs(_ c: inout Canvas) {
        c.fill(Color(0x2A_2228))
        for step in 0..<4 {
            let y = 12 - step * 4
            let inset = step
            c.rect(1 + inset, y, 14 - 2 * inset, 4, Color(0x9C_968A).shade(Double(step) * 0.12))
            c.hline(1 + inset, 14 - inset, y + 3, Color(0x5A_544E))
        }
        c.rect(5, 0, 6, 2, Color(0xFF_F4C8))
    }

    private static func portal(_ c: inout Canvas, frame: Int) {
        let colors = [Color(0x6A_3AC8), Color(0x9A_6AF0), Color(0xD8_C0FF)]
        c.ellipse(8, 8, 7.5, 7.5, Color(0x2A_1848))
        for ring in 0..<3 {
            let r = 6.5 - Double(ring) * 2
            c.ellipse(8, 8, r, r, colors[(ring + frame) % 3])
        }
        c.rect(7, 7, 2, 2, Color(0xFF_FFFF))
    }
}
