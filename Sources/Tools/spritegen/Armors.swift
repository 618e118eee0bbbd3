import PixelArt

/// The player's body, one look per armor kind: cloth, leather, mail, plate, red, golden, and the fox costume.
enum Armors {
    static let kinds = ["clotharmor", "leatherarmor", "mailarmor", "platearmor", "redarmor", "goldenarmor", "firefox"]

    static func build() -> [Sprite] {
        kinds.map { Humanoid.sprite($0, look($0)) }
    }

    // MARK: - Helmet shapes

    /// An open helmet: crown, and cheek guards that leave the face showing.
    static func openHelm(_ l: inout Canvas, _ h: HeadBox, _ color: Color, cheeks: Bool = true) {
        switch h.facing {
        case .down:
            l.roundRect(h.x - 1, h.y - 1, 14, 6, radius: 3, color)
            if cheeks {
                l.rect(h.x - 1, h.y + 3, 3, 7, color)
                l.rect(h.x + 10, h.y + 3, 3, 7, color)
            }
            l.hline(h.x + 1, h.x + 10, h.y + 4, color.shade(-0.25))
        case .up:
            l.roundRect(h.x - 1, h.y - 1, 14, cheeks ? 12 : 8, radius: 3, color)
        case .right:
            l.roundRect(h.x - 1, h.y - 1, 14, 6, radius: 3, color)
            if cheeks { l.rect(h.x - 1, h.y + 3, 8, 7, color) }
            l.hline(h.x + 6, h.x + 12, h.y + 4, color.shade(-0.25))
        }
    }

    /// A closed helmet with a visor slit.
    static func fullHelm(_ l: inout Canvas, _ h: HeadBox, _ color: Color, slit: Color = Color(0x1E_1A24)) {
        l.roundRect(h.x - 1, h.y - 1, 14, 12, radius: 3, color)
        switch h.facing {
        case .down:
            l.hline(h.x + 1, h.x + 10, h.y + 5, slit)
            l.vline(h.x + 5, h.y + 6, h.y + 9, color.shade(-0.2))
            l.vline(h.x + 6, h.y + 6, h.y + 9, color.shade(-0.2))
            l.hline(h.x + 1, h.x + 10, h.y + 4, color.shade(0.3))
        case .up:
            l.vline(h.x + 5, h.y, h.y + 9, color.shade(-0.15))
        case .right:
            l.hline(h.x + 6, h.x + 12, h.y + 5, slit)
            l.hline(h.x + 6, h.x + 12, h.y + 4, color.shade(0.3))
            l.vline(h.x + 2, h.y + 2, h.y + 9, color.shade(-0.15))
        }
    }

    /// A checkered ring pattern over everything opaque in the rectangle.
    static func rings(_ l: inout Canvas, _ x: Int, _ y: Int, _ w: Int, _ h: Int, _ base: Color) {
        for py in y..<(y + h) {
            for px in x..<(x + w) where l.isOpaque(px, py) && (px + py) % 2 == 0 {
                l[px, py] = base.shade(-0.22)
            }
        }
    }

    // MARK: - Looks

    static func look(_ kind: String) -> Look {
        var look = Look()
        switch kind {
        case "clotharmor":
            look.torso = Color(0xD0_C09C)
            look.sleeves = Color(0xC4_B08A)
            look.belt = Color(0x8A_6A3A)
            look.legs = Color(0x7A_5A3A)
            look.boots = Color(0x5A_3E28)
            look.hair = Color(0x7A_4A2A)
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down {
                    let m = x + w / 2
                    l.set(m - 1, y, Color(0xF0_C8A0))
                    l.set(m, y, Color(0xF0_C8A0))
                    l.set(m - 1, y + 1, Color(0x8A_6A3A))
                    l.set(m, y + 1, Color(0x8A_6A3A))
                    l.set(x + 2, y + 4, Color(0xB0_9C78))
                }
            }
        case "leatherarmor":
            look.torso = Color(0xA0_6A38)
            look.sleeves = Color(0x7E_5030)
            look.hands = Color(0x5A_3A22)
            look.belt = Color(0x3A_2A1E)
            look.buckle = Color(0xE8_C040)
            look.legs = Color(0x5E_4E3E)
            look.boots = Color(0x3E_2C1E)
            look.hair = Color(0x4A_3020)
            look.torsoDetail = { l, pose, x, y, w in
                // Stitched seams and a shoulder strap.
                if pose.facing != .right {
                    l.line(x + 1, y + 1, x + w - 2, y + 5, Color(0x6A_4224))
                    for sx in stride(from: x + 2, to: x + w - 1, by: 2) { l.set(sx, y + 7, Color(0xC8_9058)) }
                } else {
                    l.vline(x + w - 3, y + 1, y + 5, Color(0x6A_4224))
                }
            }
            look.headgear = { l, pose, h in
                let cap = Color(0x8A_5A30)
                switch h.facing {
                case .down, .up:
                    l.roundRect(h.x, h.y - 1, 12, 5, radius: 3, cap)
                    l.hline(h.x, h.x + 11, h.y + 3, Color(0x5A_3A22))
                case .right:
                    l.roundRect(h.x, h.y - 1, 12, 5, radius: 3, cap)
                    l.hline(h.x, h.x + 12, h.y + 3, Color(0x5A_3A22))
                }
                l.set(h.x + 4, h.y, cap.shade(0.3))
            }
        case "mailarmor":
            let mail = Color(0x9C_A4B0)
            look.torso = mail
            look.sleeves = mail.shade(-0.08)
            look.hands = Color(0x6A_707C)
            look.belt = Color(0x4A_3424)
            look.buckle = Color(0xC8_C8D0)
            look.legs = Color(0x5A_5E6A)
            look.boots = Color(0x4A_4450)
            look.hair = Color(0x5A_3A22)
            look.torsoDetail = { l, pose, x, y, w in
                rings(&l, x, y, w, 6, mail)
                // A blue tabard down the front.
                if pose.facing != .up {
                    let tx = pose.facing == .down ? x + 3 : x + w - 4
                    let tw = pose.facing == .down ? 4 : 3
                    l.rect(tx, y, tw, 8, Color(0x3A_5AA8))
                    l.rect(tx, y + 6, tw, 1, Color(0x4A_3424))
                    l.set(tx + tw / 2, y + 2, Color(0xE8_D060))
                }
            }
            look.headgear = { l, pose, h in
                var coif = Canvas(width: 32, height: 32)
                openHelm(&coif, h, mail)
                rings(&coif, 0, 0, 32, 32, mail)
                l.draw(coif, atX: 0, y: 0)
                // A small steel cap on top.
                l.roundRect(h.x + 1, h.y - 2, 10, 4, radius: 2, Color(0xB8_C0CC))
            }
        case "platearmor":
            let steel = Color(0xC4_CCD8)
            look.torso = steel
            look.sleeves = Color(0x9A_A2B0)
            look.hands = Color(0xB0_B8C4)
            look.shoulders = Color(0xD4_DCE6)
            look.belt = Color(0x4A_4A5A)
            look.buckle = Color(0xE8_C040)
            look.legs = Color(0x8A_92A0)
            look.boots = Color(0x6A_7282)
            look.hair = nil
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down {
                    l.vline(x + w / 2 - 1, y + 1, y + 5, steel.shade(0.35))
                    l.hline(x + 1, x + w - 2, y + 4, steel.shade(-0.25))
                } else if pose.facing == .right {
                    l.vline(x + w - 2, y + 1, y + 5, steel.shade(0.35))
                    l.hline(x + 1, x + w - 2, y + 4, steel.shade(-0.25))
                }
            }
            look.headgear = { l, pose, h in
                fullHelm(&l, h, steel)
                // Blue plume.
                let plume = Color(0x3A_6AD8)
                switch h.facing {
                case .right:
                    l.polygon(
                        [
                            (Double(h.x + 5), Double(h.y - 1)), (Double(h.x + 8), Double(h.y - 1)),
                            (Double(h.x + 2), Double(h.y - 4)), (Double(h.x - 2), Double(h.y + 2)),
                        ], plume)
                default:
                    l.rect(h.x + 5, h.y - 4, 2, 4, plume)
                    l.set(h.x + 5, h.y - 4, plume.shade(0.4))
                }
            }
        case "redarmor":
            let red = Color(0xC4_3830)
            let gold = Color(0xE8_B838)
            look.torso = red
            look.sleeves = Color(0x3A_2A30)
            look.hands = Color(0x9A_2A24)
            look.shoulders = Color(0xA8_2C26)
            look.belt = Color(0x2A_2024)
            look.buckle = gold
            look.legs = Color(0x4A_2A2E)
            look.boots = Color(0x8A_2420)
            look.cape = Color(0x2A_1A22)
            look.capeTrim = gold
            look.hair = nil
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down {
                    l.hline(x + 1, x + w - 2, y, gold)
                    l.set(x + w / 2 - 1, y + 3, gold)
                    l.set(x + w / 2, y + 3, gold)
                    l.set(x + w / 2 - 1, y + 2, gold.shade(0.3))
                    l.set(x + w / 2, y + 4, gold.shade(-0.2))
                } else if pose.facing == .right {
                    l.hline(x, x + w - 1, y, gold)
                    l.vline(x + w - 2, y + 2, y + 4, gold)
                }
            }
            look.headgear = { l, pose, h in
                fullHelm(&l, h, red, slit: Color(0x1A_1014))
                // Gold horns curving up, and a gold brow band.
                switch h.facing {
                case .right:
                    l.polygon(
                        [
                            (Double(h.x + 3), Double(h.y + 2)), (Double(h.x + 6), Double(h.y + 2)),
                            (Double(h.x + 1), Double(h.y - 4)),
                        ], gold)
                    l.hline(h.x + 6, h.x + 12, h.y + 3, gold)
                default:
                    l.polygon(
                        [
                            (Double(h.x), Double(h.y + 3)), (Double(h.x + 2), Double(h.y)),
                            (Double(h.x - 3), Double(h.y - 4)),
                        ], gold)
                    l.polygon(
                        [
                            (Double(h.x + 12), Double(h.y + 3)), (Double(h.x + 10), Double(h.y)),
                            (Double(h.x + 15), Double(h.y - 4)),
                        ], gold)
                    if h.facing == .down { l.hline(h.x + 1, h.x + 10, h.y + 3, gold) }
                }
            }
        case "goldenarmor":
            let gold = Color(0xF0_C43C)
            look.torso = gold
            look.sleeves = Color(0xF4_F0E2)
            look.hands = Color(0xE0_B030)
            look.shoulders = Color(0xF8_D860)
            look.belt = Color(0x8A_5A1A)
            look.buckle = Color(0x3A_7AE8)
            look.legs = Color(0xF0_ECE0)
            look.boots = Color(0xC8_9A28)
            look.cape = Color(0x2A_4AB0)
            look.capeTrim = Color(0xF8_F4E0)
            look.hair = Color(0xE8_D8A0)
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down {
                    l.hline(x + 1, x + w - 2, y, Color(0xFF_F4C0))
                    l.rect(x + w / 2 - 1, y + 2, 2, 2, Color(0x3A_7AE8))
                    l.set(x + w / 2 - 1, y + 2, Color(0xA8_D8FF))
                    l.vline(x + 2, y + 1, y + 5, gold.shade(0.35))
                } else if pose.facing == .right {
                    l.hline(x, x + w - 1, y, Color(0xFF_F4C0))
                    l.rect(x + w - 3, y + 2, 2, 2, Color(0x3A_7AE8))
                }
            }
            look.headgear = { l, pose, h in
                openHelm(&l, h, gold, cheeks: true)
                // White wings.
                let wing = Color(0xF8_F8FF)
                switch h.facing {
                case .right:
                    l.polygon(
                        [
                            (Double(h.x + 1), Double(h.y + 3)), (Double(h.x + 6), Double(h.y + 3)),
                            (Double(h.x + 4), Double(h.y - 1)), (Double(h.x - 2), Double(h.y - 5)),
                        ], wing)
                default:
                    l.polygon(
                        [
                            (Double(h.x), Double(h.y + 1)), (Double(h.x), Double(h.y + 5)),
                            (Double(h.x - 4), Double(h.y - 3)),
                        ], wing)
                    l.polygon(
                        [
                            (Double(h.x + 12), Double(h.y + 1)), (Double(h.x + 12), Double(h.y + 5)),
                            (Double(h.x + 16), Double(h.y - 3)),
                        ], wing)
                    if h.facing == .down { l.rect(h.x + 5, h.y + 1, 2, 2, Color(0x3A_7AE8)) }
                }
            }
        case "firefox":
            let fur = Color(0xEC_7A2C)
            let white = Color(0xF8_F0E4)
            look.torso = fur
            look.sleeves = fur.shade(-0.05)
            look.hands = Color(0x4A_2A1C)
            look.legs = Color(0xC8_5C22)
            look.boots = Color(0x3A_2218)
            look.hair = nil
            look.torsoDetail = { l, pose, x, y, w in
                switch pose.facing {
                case .down: l.roundRect(x + 3, y + 1, 4, 7, radius: 1, white)
                case .right: l.roundRect(x + w - 3, y + 1, 3, 7, radius: 1, white)
                case .up: break
                }
            }
            look.headgear = { l, pose, h in
                // The hood with pointed ears; the wearer's face shows through the front.
                let ear = { (l: inout Canvas, x: Int, flip: Bool) in
                    let d = flip ? -1.0 : 1.0
                    let bx = Double(x)
                    l.polygon(
                        [(bx, Double(h.y + 2)), (bx + 5 * d, Double(h.y + 1)), (bx + 1 * d, Double(h.y - 5))], fur)
                    l.polygon(
                        [
                            (bx + 1.5 * d, Double(h.y + 1)), (bx + 3.5 * d, Double(h.y + 1)),
                            (bx + 1.5 * d, Double(h.y - 2)),
                        ], Color(0x4A_2A1C))
                }
                openHelm(&l, h, fur)
                switch h.facing {
                case .right:
                    ear(&l, h.x + 2, false)
                default:
                    ear(&l, h.x, false)
                    ear(&l, h.x + 12, true)
                    if h.facing == .down { l.hline(h.x + 2, h.x + 9, h.y + 4, white) }
                }
                if h.facing == .right { l.hline(h.x + 6, h.x + 12, h.y + 4, white) }
            }
            look.back = { l, pose in
                // A bushy tail with a white tip.
                let sway = pose.action == .walk ? [0, 1, 0, -1][pose.frame] : pose.frame % 2
                switch pose.facing {
                case .down:
                    l.ellipse(23.5, Double(24 + sway), 3.5, 3, fur)
                    l.ellipse(25.5, Double(20 + sway), 2.5, 2.5, white)
                case .right:
                    l.ellipse(Double(9 - sway), 24, 4, 3, fur)
                    l.ellipse(Double(6 - sway), 21, 2.5, 2.5, white)
                case .up: break
                }
            }
            look.front = { l, pose in
                if pose.facing == .up {
                    let sway = pose.action == .walk ? [0, 1, 0, -1][pose.frame] : 0
                    l.ellipse(Double(16 + sway), Double(26 + pose.bob), 3.5, 3.5, fur)
                    l.ellipse(Double(16 + sway), Double(29 + pose.bob), 2.5, 1.8, white)
                }
            }
        default:
            preconditionFailure("no armor \(kind)")
        }
        return look
    }
}
