import Glibc
import PixelArt

/// Paints trees, rocks, plants and other natural props. Trees are 2×2 stamps: the canopy row is drawn above
/// entities and walkable, the trunk row blocks.
enum NatureTiles {
    static let trees = ["oak", "birch", "pine", "snowpine", "deadtree", "palm"]

    static func register(into atlas: inout TileAtlas, noise: Noise) {
        for kind in trees {
            atlas.addStamp("tree.\(kind)", image: tree(kind, noise: noise)) { _, row in
                (collides: row == 1, above: row == 0)
            }
        }
        atlas.addStamp("bigrock", image: bigRock(snowy: false)) { _, _ in (collides: true, above: false) }
        atlas.addStamp("bigrock.snow", image: bigRock(snowy: true)) { _, _ in (collides: true, above: false) }
        atlas.add("rock", collides: true) { boulder(&$0, base: Color(0x8C_8478), snowy: false) }
        atlas.add("rock.snow", collides: true) { boulder(&$0, base: Color(0x8C_8CA0), snowy: true) }
        atlas.add("rock.lava", collides: true) { boulder(&$0, base: Color(0x3A_2E34), snowy: false, glow: true) }
        atlas.add("bush", collides: true) { bush(&$0, leaf: Color(0x3E_8A3A), berries: nil) }
        atlas.add("bush.berry", collides: true) { bush(&$0, leaf: Color(0x3A_7E3C), berries: Color(0xD8_3A4A)) }
        atlas.add("bush.dry", collides: true) { bush(&$0, leaf: Color(0x8A_7A48), berries: nil) }
        atlas.add("stump", collides: true) { stump(&$0) }
        atlas.addStamp("cactus", image: cactus()) { _, row in (collides: row == 1, above: row == 0) }
        atlas.add("cactus.small", collides: true) { smallCactus(&$0) }
        for (index, petals) in [Color(0xF4_E04A), Color(0xE8_5A7A), Color(0xFF_FFFF), Color(0x8A_7AE8)].enumerated() {
            atlas.add("flowers.\(index)") { flowers(&$0, petals: petals, noise: noise, salt: UInt64(index)) }
        }
        atlas.add("tallgrass") { tallGrass(&$0, color: Color(0x4A_8C3E), noise: noise) }
        atlas.add("mushrooms") { mushrooms(&$0) }
        atlas.add("shell") { shell(&$0) }
        atlas.add("starfish") { starfish(&$0) }
        atlas.add("bones") { bones(&$0) }
        atlas.add("skull") { skull(&$0) }
        atlas.add("reeds") { reeds(&$0) }
        atlas.add("lilypad") { lilypad(&$0) }
        atlas.add("crystal", collides: true) { crystal(&$0) }
        atlas.add("ember") { ember(&$0) }
    }

    // MARK: - Trees

    private static func tree(_ kind: String, noise: Noise) -> Canvas {
        var shape = Canvas(width: 32, height: 32)
        let trunk = kind == "birch" ? Color(0xE8_E2D6) : kind == "deadtree" ? Color(0x6E_5A4C) : Color(0x7A_5232)
        switch kind {
        case "pine", "snowpine":
            shape.rect(14, 24, 4, 7, trunk)
            let needles = Color(0x2C_6446)
            for tier in 0..<4 {
                let top = 1 + tier * 6
                for row in 0..<9 {
                    let half = 2 + row + tier
                    shape.hline(16 - half, 15 + half, top + row, row < 2 ? needles.shade(0.15) : needles)
                }
                shape.hline(16 - 4 - tier, 15, top + 7, needles.shade(-0.2))
                if kind == "snowpine" {
                    for row in 0..<2 {
                        shape.hline(16 - 2 - row - tier, 15 + 2 + row + tier, top + row, Color(0xF4_F8FC))
                    }
                }
            }
        case "deadtree":
            shape.rect(14, 12, 4, 19, trunk)
            shape.line(15, 14, 6, 5, trunk)
            shape.line(16, 14, 6, 6, trunk)
            shape.line(16, 11, 25, 3, trunk)
            shape.line(17, 12, 25, 4, trunk)
            shape.line(10, 9, 10, 3, trunk)
            shape.line(21, 7, 27, 9, trunk)
            shape.line(16, 12, 16, 2, trunk)
            shape.vline(15, 14, 29, trunk.shade(0.2))
        case "palm":
            for y in 10..<31 {
                let x = 15 + Int(sin(Double(y) / 9) * 2)
                shape.rect(x, y, 3, 1, y % 3 == 0 ? trunk.shade(-0.2) : trunk.shade(0.1))
            }
            let frond = Color(0x4A_9A3A)
            for (dx, dy) in [(-12, 2), (12, 2), (-9, 7), (9, 7), (-6, -6), (6, -6)] {
                shape.line(17, 9, 17 + dx, 9 + dy, frond)
                shape.line(17, 10, 17 + dx, 10 + dy, frond.shade(-0.2))
                shape.line(17, 8, 17 + dx / 2, 8 + dy / 2 - 1, frond.shade(0.25))
            }
            shape.ellipse(17, 11, 2.5, 2, Color(0x8A_5A2A))
        default:
            shape.rect(13, 21, 6, 10, trunk)
            shape.rect(13, 29, 1, 2, trunk)
            shape.rect(18, 29, 2, 2, trunk)
            if kind == "birch" {
                for y in stride(from: 22, to: 30, by: 3) { shape.hline(14, 16, y, Color(0x3A_3434)) }
            } else {
                shape.vline(14, 21, 30, trunk.shade(0.2))
            }
            let leaf = kind == "birch" ? Color(0x6E_AA3E) : Color(0x3A_8036)
            shape.ellipse(16, 12, 14.5, 11, leaf.shade(-0.25))
            shape.ellipse(12, 9, 8, 6.5, leaf)
            shape.ellipse(21, 10, 7, 6, leaf)
            shape.ellipse(16, 15, 9, 5.5, leaf)
            shape.ellipse(11, 7, 4, 3, leaf.shade(0.2))
            shape.ellipse(20, 7, 3.5, 2.5, leaf.shade(0.2))
            for i in 0..<14 {
                let x = 4 + Int(noise.hash(i, 40, kind == "birch" ? 1 : 2) * 24)
                let y = 3 + Int(noise.hash(i, 41, kind == "birch" ? 1 : 2) * 17)
                if shape[x, y].a > 0 { shape[x, y] = leaf.shade(i % 2 == 0 ? 0.3 : -0.35) }
            }
        }
        shape.outlineShapes()
        var out = Canvas(width: 32, height: 32)
        out.ellipse(16.5, 30, 10, 2.5, Color.outline.alpha(70))
        out.draw(shape, atX: 0, y: 0)
        return out
    }

    // MARK: - Rocks and plants

    private static func bigRock(snowy: Bool) -> Canvas {
        var shape = Canvas(width: 32, height: 32)
        let base = snowy ? Color(0x8A_8C9C) : Color(0x8C_8478)
        shape.ellipse(16, 18, 14, 12, base.shade(-0.3))
        shape.ellipse(14, 15, 11, 9.5, base)
        shape.ellipse(11, 11, 5, 4, base.shade(0.25))
        shape.line(18, 12, 22, 20, base.shade(-0.45))
        shape.line(22, 20, 26, 22, base.shade(-0.45))
        if snowy {
            shape.ellipse(14, 8.5, 9, 3.5, Color(0xF2_F6FB))
        }
        shape.outlineShapes()
        var out = Canvas(width: 32, height: 32)
        out.ellipse(16, 29, 14, 3, Color.outline.alpha(70))
        out.draw(shape, atX: 0, y: 0)
        return out
    }

    private static func boulder(_ c: inout Canvas, base: Color, snowy: Bool, glow: Bool = false) {
        var shape = Canvas(width: 16, height: 16)
        shape.ellipse(8, 9, 6.5, 5.5, base.shade(-0.3))
        shape.ellipse(7, 8, 5, 4.2, base)
        shape.ellipse(5.5, 6.5, 2, 1.5, base.shade(0.3))
        if snowy { shape.ellipse(7, 5, 4.5, 1.6, Color(0xF2_F6FB)) }
        if glow {
            shape.line(6, 9, 9, 11, Color(0xF5_8A2A))
            shape.line(9, 11, 11, 8, Color(0xFF_C850))
        }
        shape.outlineShapes()
        c.ellipse(8, 14, 7, 1.6, Color.outline.alpha(70))
        c.draw(shape, atX: 0, y: 0)
    }

    private static func bush(_ c: inout Canvas, leaf: Color, berries: Color?) {
        var shape = Canvas(width: 16, height: 16)
        shape.ellipse(8, 9.5, 7, 5.5, leaf.shade(-0.25))
        shape.ellipse(6, 8, 4, 3.5, leaf)
        shape.ellipse(10.5, 8.5, 3.5, 3, leaf)
        shape.ellipse(5.5, 6.5, 1.5, 1, leaf.shade(0.3))
        if let berries {
            for (x, y) in [(4, 10), (9, 7), (11, 11), (7, 12)] {
                shape[x, y] = berries
                shape[x, y - 1] = berries.shade(0.4)
            }
        }
        shape.outlineShapes()
        c.ellipse(8, 14.5, 7, 1.5, Color.outline.alpha(70))
        c.draw(shape, atX: 0, y: 0)
    }

    private static func stump(_ c: inout Canvas) {
        var shape = Canvas(width: 16, height: 16)
        shape.rect(4, 7, 8, 7, Color(0x7A_5232))
        shape.ellipse(8, 7.5, 4, 2, Color(0xC8_A070))
        shape.ellipse(8, 7.5, 2, 1, Color(0xA0_7A4C))
        shape.vline(5, 9, 13, Color(0x9A_6A40))
        shape.outlineShapes()
        c.draw(shape, atX: 0, y: 0)
    }

    private static func cactus() -> Canvas {
        var shape = Canvas(width: 16, height: 32)
        let green = Color(0x4E_9A4A)
        shape.rect(6, 6, 5, 24, green)
        shape.rect(1, 14, 3, 8, green)
        shape.rect(1, 20, 6, 3, green)
        shape.rect(13, 10, 3, 8, green)
        shape.rect(10, 16, 5, 3, green)
        shape.vline(8, 7, 29, green.shade(0.3))
        for y in stride(from: 8, to: 28, by: 4) { shape[6, y] = Color(0xF0_EACC) }
        shape[8, 5] = Color(0xE8_5A7A)
        shape.outlineShapes()
        var out = Canvas(width: 16, height: 32)
        out.ellipse(8.5, 30.5, 6, 1.5, Color.outline.alpha(70))
        out.draw(shape, atX: 0, y: 0)
        return out
    }

    private static func smallCactus(_ c: inout Canvas) {
        var shape = Canvas(width: 16, height: 16)
        shape.ellipse(8, 10, 4, 4.5, Color(0x5A_A252))
        shape.ellipse(8, 9, 1.2, 3, Color(0x7A_C06A))
        shape[8, 5] = Color(0xF4_D04A)
        shape.outlineShapes()
        c.ellipse(8, 14.5, 5, 1.2, Color.outline.alpha(70))
        c.draw(shape, atX: 0, y: 0)
    }

    private static func flowers(_ c: inout Canvas, petals: Color, noise: Noise, salt: UInt64) {
        for i in 0..<4 {
            let x = 2 + Int(noise.hash(i, 3, salt + 50) * 11)
            let y = 2 + Int(noise.hash(i, 4, salt + 50) * 11)
            c[x, y + 2] = Color(0x2F_6E2E)
            c[x, y - 1] = petals
            c[x - 1, y] = petals
            c[x + 1, y] = petals
            c[x, y + 1] = petals.shade(-0.2)
            c[x, y] = Color(0xF0_A030)
        }
    }

    private static func tallGrass(_ c: inout Canvas, color: Color, noise: Noise) {
        for i in 0..<7 {
            let x = 1 + Int(noise.hash(i, 9, 3) * 14)
            let h = 3 + Int(noise.hash(i, 10, 3) * 4)
            c.line(x, 14, x + (i % 2 == 0 ? -1 : 1), 14 - h, i % 3 == 0 ? color.shade(0.25) : color.shade(-0.15))
        }
    }

    private static func mushrooms(_ c: inout Canvas) {
        for (x, y, r) in [(5, 9, 2.5), (10, 12, 2.0), (11, 6, 1.5)] {
            c.rect(x - 1, y, 2, 3, Color(0xEE_E4D0))
            c.ellipse(Double(x), Double(y), r + 0.5, r * 0.7, Color(0xC8_3A34))
            c[x - 1, y - 1] = Color(0xFF_FFFF)
        }
    }

    private static func shell(_ c: inout Canvas) {
        c.ellipse(8, 9, 3, 2.5, Color(0xF4_D8C8))
        c.line(6, 9, 8, 7, Color(0xC8_9A88))
        c.line(8, 11, 8, 7, Color(0xC8_9A88))
        c.line(10, 9, 8, 7, Color(0xC8_9A88))
    }

    private static func starfish(_ c: inout Canvas) {
        let color = Color(0xE8_7A4A)
        for (dx, dy) in [(0, -4), (4, -1), (3, 4), (-3, 4), (-4, -1)] { c.line(8, 8, 8 + dx, 8 + dy, color) }
        c[8, 8] = color.shade(0.3)
    }

    private static func bones(_ c: inout Canvas) {
        let bone = Color(0xEC_E6D4)
        c.line(3, 11, 11, 7, bone)
        c.line(4, 6, 12, 12, bone)
        for (x, y) in [(3, 11), (11, 7), (4, 6), (12, 12)] { c.rect(x - 1, y - 1, 2, 2, bone.shade(-0.1)) }
    }

    private static func skull(_ c: inout Canvas) {
        var shape = Canvas(width: 16, height: 16)
        shape.ellipse(8, 8, 4, 3.5, Color(0xEC_E6D4))
        shape.rect(6, 10, 5, 2, Color(0xEC_E6D4))
        shape[6, 8] = .outline
        shape[7, 8] = .outline
        shape[9, 8] = .outline
        shape[10, 8] = .outline
        shape.outlineShapes()
        c.draw(shape, atX: 0, y: 0)
    }

    private static func reeds(_ c: inout Canvas) {
        for (i, x) in [3, 6, 9, 12].enumerated() {
            c.vline(x, 5 + i % 2 * 2, 14, Color(0x5A_8A3A))
            c.rect(x, 4 + i % 2 * 2, 1, 3, Color(0x7A_4A2A))
        }
    }

    private static func lilypad(_ c: inout Canvas) {
        c.ellipse(7, 9, 4, 2.5, Color(0x4A_9A4A))
        c.line(7, 9, 10, 8, Color(0x36_74BC))
        c[5, 6] = Color(0xF4_A0C0)
        c[6, 6] = Color(0xFF_D0E0)
    }

    private static func crystal(_ c: inout Canvas) {
        var shape = Canvas(width: 16, height: 16)
        for (x, h, color) in [(5, 7, Color(0x7A_C8F0)), (8, 10, Color(0xA8_E0FA)), (11, 6, Color(0x6A_B0E0))] {
            for y in 0..<h { shape.hline(x - 1 + (y == 0 ? 1 : 0), x + 1 - (y == 0 ? 1 : 0), 14 - y, color) }
            shape.vline(x, 14 - h + 2, 13, color.shade(0.4))
        }
        shape.outlineShapes()
        c.draw(shape, atX: 0, y: 0)
    }

    private static func ember(_ c: inout Canvas) {
        for (x, y) in [(4, 5), (11, 9), (7, 12), (12, 3)] {
            c[x, y] = Color(0xFF_B040)
            c[x + 1, y] = Color(0xD0_4A20)
        }
    }
}
