import PixelArt

/// Paints house interiors: floors, walls, the exit mat and furniture.
enum InteriorTiles {
    private static let wood = Color(0x8E_5E34)
    private static let darkWood = Color(0x5E_3A22)

    static func register(into atlas: inout TileAtlas) {
        atlas.add("floor.wood.0") { woodFloor(&$0, variant: 0) }
        atlas.add("floor.wood.1") { woodFloor(&$0, variant: 1) }
        atlas.add("floor.tiles") { checkerFloor(&$0) }
        atlas.add("rug.red") { rug(&$0, color: Color(0xA8_3A3A)) }
        atlas.add("rug.blue") { rug(&$0, color: Color(0x3A_5AA0)) }
        atlas.add("iwall.cap", collides: true) { wallCap(&$0) }
        atlas.add("iwall.face", collides: true) { wallFace(&$0) }
        atlas.add("iwall.exit") { exitMat(&$0) }
        atlas.add("furn.shelf", collides: true) { shelf(&$0) }
        atlas.add("furn.window", collides: true) {
            wallFace(&$0)
            $0.rect(3, 2, 10, 8, darkWood)
            $0.rect(4, 3, 8, 6, Color(0x9A_D0EE))
            $0.vline(8, 3, 8, darkWood)
        }
        atlas.add("furn.painting", collides: true) {
            wallFace(&$0)
            $0.rect(4, 2, 8, 7, Color(0xC8_A040))
            $0.rect(5, 3, 6, 5, Color(0x6A_A6D8))
            $0.rect(5, 6, 6, 2, Color(0x4E_8A3E))
        }
        atlas.add("furn.fireplace", collides: true) { fireplace(&$0) }
        atlas.add("furn.table.l", collides: true) { table(&$0, left: true) }
        atlas.add("furn.table.r", collides: true) { table(&$0, left: false) }
        atlas.add("furn.chair", collides: true) { chair(&$0) }
        atlas.addStamp("furn.bed", image: bed()) { _, _ in (collides: true, above: false) }
        atlas.add("furn.pot", collides: true) { plant(&$0) }
        atlas.add("furn.counter", collides: true) { counter(&$0) }
        atlas.add("furn.throne", collides: true) { throne(&$0) }
        atlas.add("furn.altar", collides: true) { altar(&$0) }
        atlas.add("furn.cauldron", collides: true) { cauldron(&$0) }
        atlas.add("furn.anvil", collides: true) { anvil(&$0) }
        atlas.add("furn.lab", collides: true) { labDesk(&$0) }
        atlas.add("furn.candles", collides: true) { candles(&$0) }
        atlas.add("furn.pillar", collides: true) { pillar(&$0) }
    }

    private static func woodFloor(_ c: inout Canvas, variant: Int) {
        let base = Color(0xB2_8250)
        c.fill(base)
        for y in stride(from: 3, to: 16, by: 4) { c.hline(0, 15, y, base.shade(-0.3)) }
        for y in 0..<16 where y % 4 != 3 {
            let seam = ((y / 4) * 7 + variant * 5) % 16
            c[seam, y] = base.shade(-0.3)
            c[(seam + 3) % 16, y] = y % 4 == 1 ? base.shade(0.12) : base
        }
    }

    private static func checkerFloor(_ c: inout Canvas) {
        for y in 0..<16 {
            for x in 0..<16 { c[x, y] = (x / 8 + y / 8) % 2 == 0 ? Color(0xD8_D2C4) : Color(0xA8_A296) }
        }
        c.hline(0, 15, 0, Color(0xEE_EADE))
    }

    private static func rug(_ c: inout Canvas, color: Color) {
        c.fill(color)
        c.frame(1, 1, 14, 14, Color(0xE8_C860))
        c.rect(6, 6, 4, 4, color.shade(0.3))
    }

    private static func wallCap(_ c: inout Canvas) {
        c.fill(Color(0x3A_2A26))
        for y in stride(from: 0, to: 16, by: 4) { c.hline(0, 15, y, Color(0x4A_3A32)) }
        for y in 0..<16 where y % 4 != 0 { c[(y / 4) % 2 * 8 + 3, y] = Color(0x2A_1E1A) }
    }

    private static func wallFace(_ c: inout Canvas) {
        c.fill(Color(0xC8_B08A))
        for x in stride(from: 0, to: 16, by: 4) { c.vline(x, 0, 10, Color(0xB4_9A74)) }
        c.rect(0, 10, 16, 6, wood)
        c.hline(0, 15, 10, Color(0xB0_7E48))
        c.hline(0, 15, 15, darkWood)
    }

    private static func exitMat(_ c: inout Canvas) {
        c.fill(Color(0x3A_2A26))
        c.rect(2, 0, 12, 16, Color(0x1A_1412))
        c.rect(3, 2, 10, 8, Color(0x9A_4A3A))
        c.frame(3, 2, 10, 8, Color(0xD8_B060))
        for x in [6, 9] { c[x, 12] = Color(0xE8_DEC8) }
        c.line(5, 13, 8, 15, Color(0xE8_DEC8))
        c.line(10, 13, 8, 15, Color(0xE8_DEC8))
    }

    private static func shelf(_ c: inout Canvas) {
        c.fill(darkWood)
        c.frame(0, 0, 16, 16, .outline)
        let books = [Color(0xA8_3A3A), Color(0x3A_6AA8), Color(0x4E_8A3E), Color(0xC8_A040), Color(0x7A_4A9A)]
        for shelfY in [2, 8] {
            for (i, x) in stride(from: 2, to: 14, by: 2).enumerated() {
                c.rect(x, shelfY + (i % 3 == 0 ? 1 : 0), 2, 5 - (i % 3 == 0 ? 1 : 0), books[(i + shelfY) % 5])
            }
            c.hline(1, 14, shelfY + 5, wood)
        }
    }

    private static func fireplace(_ c: inout Canvas) {
        c.fill(Color(0x8A_847A))
        for y in stride(from: 0, to: 16, by: 4) { c.hline(0, 15, y, Color(0x6A_645C)) }
        c.rect(3, 6, 10, 10, Color(0x1A_1412))
        c.ellipse(8, 13, 4, 3, Color(0xF5_8A2A))
        c.ellipse(8, 13, 2, 2, Color(0xFF_D860))
        c.rect(1, 4, 14, 2, darkWood)
    }

    private static func table(_ c: inout Canvas, left: Bool) {
        var s = Canvas(width: 16, height: 16)
        s.rect(left ? 1 : 0, 3, left ? 15 : 15, 8, Color(0xB0_7E48))
        s.hline(left ? 1 : 0, left ? 15 : 14, 3, Color(0xC8_9A62))
        s.rect(left ? 2 : 12, 11, 2, 4, darkWood)
        if left {
            s.ellipse(8, 6, 2.5, 1.5, Color(0xEE_EEF0))
        } else {
            s.rect(5, 4, 2, 3, Color(0xC8_3A34))
        }
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func chair(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(4, 2, 8, 6, wood)
        s.rect(4, 8, 8, 3, Color(0xB0_7E48))
        s.rect(4, 11, 2, 4, darkWood)
        s.rect(10, 11, 2, 4, darkWood)
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func bed() -> Canvas {
        var s = Canvas(width: 16, height: 32)
        s.rect(1, 1, 14, 30, darkWood)
        s.rect(2, 3, 12, 26, Color(0xEE_EEF0))
        s.rect(3, 4, 10, 5, Color(0xFF_FFFF))
        s.rect(2, 12, 12, 17, Color(0x3A_6AA8))
        s.hline(2, 13, 12, Color(0x6A_9AD8))
        s.outlineShapes()
        return s
    }

    private static func plant(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(5, 10, 6, 5, Color(0xB4_5A3A))
        s.ellipse(8, 7, 5, 4.5, Color(0x3E_8A3A))
        s.ellipse(6, 5, 2, 1.5, Color(0x5E_AA4A))
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func counter(_ c: inout Canvas) {
        c.rect(0, 2, 16, 13, wood)
        c.rect(0, 2, 16, 4, Color(0xC8_9A62))
        c.hline(0, 15, 14, .outline)
        c.rect(4, 0, 3, 4, Color(0xD8_3A3A))
        c.rect(9, 1, 2, 3, Color(0x3A_A0D8))
    }

    private static func throne(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(3, 1, 10, 14, Color(0xC8_A040))
        s.rect(5, 3, 6, 7, Color(0xA8_2A3A))
        s.rect(3, 10, 10, 3, Color(0xA8_2A3A))
        s[5, 1] = Color(0xFF_F0A0)
        s[10, 1] = Color(0xFF_F0A0)
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func altar(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(1, 5, 14, 10, Color(0xE0_DCD0))
        s.rect(1, 5, 14, 2, Color(0xC8_A040))
        s.rect(7, 8, 2, 5, Color(0xC8_A040))
        s.rect(5, 9, 6, 2, Color(0xC8_A040))
        s.rect(3, 1, 1, 4, Color(0xF4_F0E0))
        s.rect(12, 1, 1, 4, Color(0xF4_F0E0))
        s[3, 0] = Color(0xFF_C850)
        s[12, 0] = Color(0xFF_C850)
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func cauldron(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.ellipse(8, 10, 6, 5, Color(0x2E_2E36))
        s.ellipse(8, 7, 5, 1.8, Color(0x6A_D84A))
        s[6, 4] = Color(0x9A_F07A)
        s[10, 3] = Color(0x9A_F07A)
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func anvil(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(2, 5, 12, 3, Color(0x5A_5A66))
        s.rect(6, 8, 4, 4, Color(0x4A_4A56))
        s.rect(4, 12, 8, 3, Color(0x4A_4A56))
        s.hline(2, 13, 5, Color(0x8A_8A96))
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func labDesk(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(0, 7, 16, 8, Color(0xE0_E0E6))
        s.hline(0, 15, 7, Color(0xFF_FFFF))
        for (x, color) in [(2, Color(0x4A_D86A)), (7, Color(0xD8_4A9A)), (11, Color(0x4A_9AD8))] {
            s.rect(x + 1, 1, 1, 3, Color(0xCC_E6F6))
            s.ellipse(Double(x) + 1.5, 5, 2, 2, color)
        }
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func candles(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        for (x, h) in [(4, 7), (8, 10), (12, 6)] {
            s.rect(x - 1, 15 - h, 2, h, Color(0xF4_F0E0))
            s[x - 1, 14 - h] = Color(0xFF_C850)
            s[x - 1, 13 - h] = Color(0xFF_F0A0)
        }
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }

    private static func pillar(_ c: inout Canvas) {
        var s = Canvas(width: 16, height: 16)
        s.rect(4, 0, 8, 16, Color(0xA8_A4B0))
        s.vline(5, 0, 15, Color(0xC8_C4D0))
        s.vline(10, 0, 15, Color(0x7A_7684))
        s.rect(3, 13, 10, 3, Color(0x8A_8694))
        s.outlineShapes()
        c.draw(s, atX: 0, y: 0)
    }
}
