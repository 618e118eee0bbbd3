import Glibc
import PixelArt

/// The death puff, shadow, target marker, HUD icons, chat bubble and talk icon.
enum Effects {
    static let names = ["chest", "death", "shadow", "target", "hud-heart", "hud-armor", "hud-weapon", "bubble", "talk"]

    static func build() -> [Sprite] {
        [death(), shadow(), target(), heart(), shield(), sword(), bubble(), talk()]
    }

    /// A puff of smoke that swells, breaks into wisps and fades: 32×32 placed like a character, 6 frames.
    static func death() -> Sprite {
        var sprite = Sprite(name: "death", width: 32, height: 32)
        // Puffs: angle, distance they drift, size.
        let puffs: [(Double, Double, Double)] = [
            (0.3, 1.0, 1.0), (1.4, 0.9, 0.9), (2.3, 1.1, 0.85), (3.3, 0.95, 1.0), (4.2, 1.05, 0.8), (5.2, 0.9, 0.95),
        ]
        sprite.add("death", speed: 100, count: 6) { f, c in
            let t = Double(f) / 5
            let cx = 16.0
            let cy = 21.0 - t * 5
            var fig = Figure(width: 32, height: 32)
            let light = Color(0xF4_F2EE)
            let grey = Color(0xC4_C0CC)
            fig.part(lines: false) { l in
                if f == 0 {
                    l.ellipse(cx, cy, 6, 5.5, grey)
                    l.ellipse(cx - 1, cy - 1, 4.5, 4, light)
                    return
                }
                for (i, (angle, drift, size)) in puffs.enumerated() {
                    let d = (3.5 + t * 7) * drift
                    let r = max(1.2, (4.2 - t * 2.6) * size + (f == 1 ? 0.6 : 0))
                    let px = cx + cos(angle) * d
                    let py = cy + sin(angle) * d * 0.7
                    l.ellipse(px, py, r, r, i % 2 == 0 ? grey : grey.shade(0.1))
                    l.ellipse(px - r * 0.3, py - r * 0.3, r * 0.6, r * 0.6, light)
                }
                if f <= 2 { l.ellipse(cx, cy, 6 - Double(f) * 1.5, 5 - Double(f) * 1.5, light) }
            }
            c = fig.finish(outline: Color(0x5A_5468))
            if f >= 3 { c.fade(f == 3 ? 0.8 : f == 4 ? 0.55 : 0.3) }
            // Sparks flying out at the start.
            if (1...3).contains(f) {
                for k in 0..<4 {
                    let a = Double(k) * .pi / 2 + 0.8
                    let d = 6 + Double(f) * 3
                    c.set(Int(cx + cos(a) * d), Int(cy + sin(a) * d * 0.8), Color(0xFF_F4C0, alpha: f == 3 ? 140 : 230))
                }
            }
        }
        return sprite
    }

    /// A soft ellipse under an entity's feet (16×16 on the tile).
    static func shadow() -> Sprite {
        var sprite = Sprite(name: "shadow", width: 16, height: 16, offsetX: 0, offsetY: 0)
        sprite.add("idle", speed: 1000, count: 1) { _, c in
            c.ellipse(8, 13.5, 6.5, 2.5, Color(0x10_0C18, alpha: 50))
            c.ellipse(8, 13.5, 5, 1.8, Color(0x10_0C18, alpha: 40))
        }
        return sprite
    }

    /// Corner brackets around the selected tile, breathing in and out.
    static func target() -> Sprite {
        var sprite = Sprite(name: "target", width: 16, height: 16, offsetX: 0, offsetY: 0)
        sprite.add("idle", speed: 150, count: 4) { f, c in
            let inset = [0, 1, 2, 1][f]
            let color = Color(0xFF_F4B0)
            var l = Canvas(width: 16, height: 16)
            for (x, y, dx, dy) in [
                (inset, inset, 1, 1), (15 - inset, inset, -1, 1), (inset, 15 - inset, 1, -1),
                (15 - inset, 15 - inset, -1, -1),
            ] {
                l.hline(min(x, x + dx * 3), max(x, x + dx * 3), y, color)
                l.vline(x, min(y, y + dy * 3), max(y, y + dy * 3), color)
            }
            var shadowed = l.shifted(1, 1)
            shadowed.recolor { $0.alpha(0).mix(Color(0x1E_1A24, alpha: 200), 1) }
            c.draw(shadowed, atX: 0, y: 0)
            c.draw(l, atX: 0, y: 0)
        }
        return sprite
    }

    static func heart() -> Sprite {
        var sprite = Sprite(name: "hud-heart", width: 16, height: 16, offsetX: 0, offsetY: 0)
        func paint(_ c: inout Canvas, _ color: Color) {
            c.ellipse(5, 6, 3.6, 3.4, color)
            c.ellipse(11, 6, 3.6, 3.4, color)
            c.polygon([(1.6, 7), (14.4, 7), (8, 14.5)], color)
            c.bevel(light: 0.2, dark: 0.2)
            c.rect(4, 4, 2, 2, color.shade(0.6))
            c.outlineShapes()
        }
        sprite.add("idle", speed: 1000, count: 1) { _, c in paint(&c, Color(0xE0_3040)) }
        sprite.add("empty", speed: 1000, count: 1) { _, c in paint(&c, Color(0x5A_5468)) }
        return sprite
    }

    static func shield() -> Sprite {
        var sprite = Sprite(name: "hud-armor", width: 16, height: 16, offsetX: 0, offsetY: 0)
        sprite.add("idle", speed: 1000, count: 1) { _, c in
            let steel = Color(0xB8_C0CC)
            c.polygon([(2, 1.5), (14, 1.5), (14, 8), (8, 15), (2, 8)], steel)
            c.polygon([(4, 3.5), (12, 3.5), (12, 8), (8, 12.6), (4, 8)], Color(0x3A_5AA8))
            c.rect(7, 4, 2, 7, Color(0xE8_C040))
            c.rect(5, 6, 6, 2, Color(0xE8_C040))
            c.bevel(light: 0.2, dark: 0.2)
            c.outlineShapes()
        }
        return sprite
    }

    static func sword() -> Sprite {
        var sprite = Sprite(name: "hud-weapon", width: 16, height: 16, offsetX: 0, offsetY: 0)
        sprite.add("idle", speed: 1000, count: 1) { _, c in
            WeaponSpec(kind: .sword, blade: Color(0xC8_D0DC), guardColor: Color(0xE8_C040), length: 10, guardHalf: 2)
                .draw(on: &c, hand: Point(2, 11), angle: 45)
            c.outlineShapes()
        }
        return sprite
    }

    /// A nine-slice chat bubble: 24×24 with 8-pixel corners (`idle`), and the pointer that goes under its bottom
    /// edge (`tail`, drawn at the top centre of its frame).
    static func bubble() -> Sprite {
        var sprite = Sprite(name: "bubble", width: 24, height: 24, offsetX: 0, offsetY: 0)
        let paper = Color(0xFA_F6EC)
        let edge = Color(0x1E_1A24)
        sprite.add("idle", speed: 1000, count: 1) { _, c in
            c.roundRect(0, 0, 24, 24, radius: 4, edge)
            c.roundRect(1, 1, 22, 22, radius: 3, paper)
            c.hline(3, 20, 21, paper.shade(-0.1))
            c.vline(21, 3, 20, paper.shade(-0.06))
        }
        sprite.add("tail", speed: 1000, count: 1) { _, c in
            for row in 0..<6 {
                let half = 5 - row
                c.hline(12 - half - 1, 11 + half + 1, row, edge)
                if half > 0 { c.hline(12 - half, 11 + half, row, row == 0 ? paper.shade(-0.1) : paper) }
            }
        }
        sprite.extras = [("slice", 8)]
        return sprite
    }

    /// A speech bubble with dots appearing one by one, shown over an NPC who has something to say.
    static func talk() -> Sprite {
        var sprite = Sprite(name: "talk", width: 16, height: 16, offsetX: 0, offsetY: -26)
        sprite.add("idle", speed: 300, count: 3) { f, c in
            c.roundRect(1, 1, 14, 10, radius: 3, Color(0xFA_F6EC))
            c.polygon([(4, 10), (8, 10), (3, 14.5)], Color(0xFA_F6EC))
            for i in 0...f { c.rect(4 + i * 3, 5, 2, 2, Color(0x3A_3A54)) }
            c.outlineShapes()
        }
        return sprite
    }
}
