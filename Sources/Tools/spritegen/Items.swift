import PixelArt

/// Things lying on the ground (16×16, a two-frame bob with a glint) and the chest.
enum Items {
    static let consumables = ["flask", "burger", "cake", "firepotion"]

    static func build() -> [Sprite] {
        var sprites: [Sprite] = []
        for kind in Armors.kinds { sprites.append(item(kind) { armor(kind, &$0) }) }
        for kind in WeaponSpec.playerKinds {
            sprites.append(
                item(kind) { WeaponSpec.player(kind).draw(on: &$0, hand: Point(2, 11), angle: 45, glint: 1) })
        }
        for kind in consumables {
            sprites.append(
                item(kind) { c in
                    switch kind {
                    case "flask": potion(&c, liquid: Color(0xE0_3A4A), tall: false)
                    case "firepotion": potion(&c, liquid: Color(0xF5_8A2A), tall: true)
                    case "burger": burger(&c)
                    default: cake(&c)
                    }
                })
        }
        sprites.append(chest())
        return sprites
    }

    /// `item-<kind>`: the icon, then the icon raised a pixel with a glint.
    static func item(_ kind: String, paint: (inout Canvas) -> Void) -> Sprite {
        var icon = Canvas(width: 16, height: 16)
        paint(&icon)
        icon.outlineShapes()
        var sprite = Sprite(name: "item-\(kind)", width: 16, height: 16, offsetX: 0, offsetY: 0)
        var raised = icon.shifted(0, -1)
        // A four-point glint on the first opaque pixel from the top right.
        search: for y in 0..<16 {
            for x in (0..<16).reversed() where raised.isOpaque(x, y) && raised[x, y] != .outline {
                sparkle(&raised, x, y + 1)
                break search
            }
        }
        sprite.add("idle", speed: 500, [icon, raised])
        return sprite
    }

    static func sparkle(_ c: inout Canvas, _ x: Int, _ y: Int, color: Color = Color(0xFF_FFFF)) {
        c[x, y] = color
        for (dx, dy) in [(-1, 0), (1, 0), (0, -1), (0, 1)] { c[x + dx, y + dy] = color.alpha(170) }
    }

    static func armor(_ kind: String, _ c: inout Canvas) {
        let look = Armors.look(kind)
        let body = look.torso
        let sleeves = (look.sleeves ?? body).shade(-0.12)
        c.polygon([(5, 3), (1, 6), (2, 10.5), (5, 9)], sleeves)
        c.polygon([(11, 3), (15, 6), (14, 10.5), (11, 9)], sleeves)
        c.roundRect(4, 3, 8, 11, radius: 1, body)
        c.rect(6, 3, 4, 1, .clear)
        c.set(7, 4, .clear)
        c.set(8, 4, .clear)
        if let pads = look.shoulders {
            c.roundRect(1, 3, 4, 3, radius: 1, pads)
            c.roundRect(11, 3, 4, 3, radius: 1, pads)
        }
        if let belt = look.belt {
            c.hline(4, 11, 11, belt)
            if let buckle = look.buckle { c.rect(7, 11, 2, 1, buckle) }
        }
        switch kind {
        case "mailarmor":
            Armors.rings(&c, 2, 3, 12, 8, body)
            c.rect(6, 5, 4, 9, Color(0x3A_5AA8))
            c.set(7, 7, Color(0xE8_D060))
        case "platearmor":
            c.vline(6, 5, 10, body.shade(0.35))
            c.hline(4, 11, 8, body.shade(-0.25))
        case "redarmor":
            c.hline(4, 11, 5, Color(0xE8_B838))
            c.rect(7, 7, 2, 2, Color(0xE8_B838))
        case "goldenarmor":
            c.hline(4, 11, 5, Color(0xFF_F4C0))
            c.rect(7, 7, 2, 2, Color(0x3A_7AE8))
        case "leatherarmor":
            c.line(4, 5, 11, 9, Color(0x6A_4224))
        case "firefox":
            c.roundRect(6, 5, 4, 8, radius: 1, Color(0xF8_F0E4))
            c.polygon([(4, 4), (7, 4), (4.5, 0)], body)
            c.polygon([(9, 4), (12, 4), (11.5, 0)], body)
        default:
            c.rect(7, 4, 2, 2, Color(0x8A_6A3A))
        }
        c.bevel()
    }

    static func potion(_ c: inout Canvas, liquid: Color, tall: Bool) {
        let glass = Color(0xCC_E6F6)
        if tall {
            c.rect(7, 2, 2, 4, glass)
            c.polygon([(5, 6), (11, 6), (13, 14), (3, 14)], glass)
            c.polygon([(4.2, 9), (11.8, 9), (12.8, 14), (3.2, 14)], liquid)
            c.rect(7, 1, 2, 1, Color(0x8A_5A2A))
            c.set(5, 11, liquid.shade(0.5))
            c.set(9, 4, Color(0xFF_E040))
            c.set(8, 0, Color(0xFF_A030))
        } else {
            c.rect(7, 2, 2, 4, glass)
            c.ellipse(8, 10, 5, 4.6, glass)
            c.ellipse(8, 11, 4.2, 3.4, liquid)
            c.rect(6, 1, 4, 2, Color(0x8A_5A2A))
            c.set(5, 9, Color(0xFF_FFFF))
            c.set(6, 8, Color(0xFF_FFFF))
        }
        c.bevel(light: 0.1, dark: 0.15)
    }

    static func burger(_ c: inout Canvas) {
        let bun = Color(0xD8_9A4A)
        c.roundRect(2, 3, 12, 5, radius: 3, bun)
        c.hline(2, 13, 8, Color(0x5E_B24A))
        c.set(3, 9, Color(0x5E_B24A))
        c.set(11, 9, Color(0x5E_B24A))
        c.hline(2, 13, 9, Color(0xF4_C83A))
        c.roundRect(2, 9, 12, 3, radius: 1, Color(0x7A_3A22))
        c.roundRect(2, 12, 12, 2, radius: 1, bun.shade(-0.1))
        for (x, y) in [(5, 4), (8, 5), (10, 4), (6, 6)] { c.set(x, y, Color(0xF8_EED0)) }
        c.bevel(light: 0.12, dark: 0.18)
    }

    static func cake(_ c: inout Canvas) {
        c.roundRect(2, 7, 12, 7, radius: 1, Color(0xF0_D0A0))
        c.roundRect(2, 6, 12, 3, radius: 1, Color(0xF4_A0C0))
        for x in [3, 6, 9, 12] { c.set(x, 9, Color(0xF4_A0C0)) }
        c.hline(2, 13, 11, Color(0xC8_6A4A))
        c.rect(7, 2, 2, 4, Color(0xF4_F0E0))
        c.set(7, 3, Color(0x7A_A8F0))
        c.set(8, 1, Color(0xFF_C850))
        c.set(7, 0, Color(0xFF_E890))
        c.set(4, 7, Color(0xE0_2A3A))
        c.set(11, 7, Color(0xE0_2A3A))
        c.bevel(light: 0.12, dark: 0.18)
    }

    // MARK: - Chest

    static func chest() -> Sprite {
        var sprite = Sprite(name: "chest", width: 16, height: 16, offsetX: 0, offsetY: 0)
        sprite.add("idle", speed: 1000, [chestFrame(lid: 0, glow: 0)])
        sprite.add(
            "open", speed: 120,
            [
                chestFrame(lid: 0, glow: 0, shake: 1), chestFrame(lid: 1, glow: 1), chestFrame(lid: 2, glow: 2),
                chestFrame(lid: 3, glow: 3),
            ])
        return sprite
    }

    /// `lid` 0 closed … 3 thrown back; `glow` the light spilling out.
    static func chestFrame(lid: Int, glow: Int, shake: Int = 0) -> Canvas {
        let wood = Color(0x9A_6434)
        let band = Color(0x5A_5A66)
        let gold = Color(0xE8_C040)
        var fig = Figure(width: 16, height: 16)
        let x0 = 1 + shake
        if lid >= 2 {
            // The lid's inside, standing up behind the box.
            fig.part { l in
                l.rect(x0, 2 + (lid == 3 ? 1 : 0), 14, 5, wood.shade(-0.35))
                l.hline(x0, x0 + 13, 2 + (lid == 3 ? 1 : 0), wood)
            }
        }
        fig.part { l in
            l.rect(x0, 8, 14, 7, wood)
            l.hline(x0, x0 + 13, 11, wood.shade(-0.2))
            l.vline(x0 + 2, 8, 14, band)
            l.vline(x0 + 11, 8, 14, band)
            if lid >= 1 {
                l.rect(x0 + 1, 8, 12, 2, Color(0x3A_2418))
                if glow > 0 { l.rect(x0 + 3, 8, 8, 1, gold.shade(0.3)) }
            }
        }
        if lid <= 1 {
            fig.part { l in
                let y = lid == 1 ? 3 : 4
                l.roundRect(x0, y, 14, 5, radius: 2, wood.shade(0.1))
                l.vline(x0 + 2, y, y + 4, band)
                l.vline(x0 + 11, y, y + 4, band)
                l.rect(x0 + 6, y + 3, 2, 3, gold)
            }
        }
        var c = fig.finish()
        if glow >= 2 {
            for (dx, dy) in glow == 2 ? [(4, 5), (9, 4), (7, 2)] : [(3, 3), (11, 2), (7, 0), (5, 6)] {
                Items.sparkle(&c, x0 + dx, dy, color: Color(0xFF_F0A0))
            }
        }
        return c
    }
}
