import Glibc
import PixelArt

/// The two 48×48 monsters: the ogre and the skeleton king (`boss`). Their hands follow the 32×32 pose table
/// scaled by 1.5 about the feet, so their swings match the players'.
enum BigMobs {
    static func big(_ p: Point) -> Point {
        Point(Int((Double(p.x - 16) * 1.5).rounded()) + 24, Int((Double(p.y - 30) * 1.5).rounded()) + 46)
    }

    static func unit(_ angle: Int) -> (Double, Double) {
        let r = Double(angle) * .pi / 180
        return (cos(r), -sin(r))
    }

    // MARK: - Ogre

    static func ogre(_ p: Pose) -> Canvas {
        let skin = Color(0xA8_9A5A)
        let belly = Color(0xC4_B478)
        let cloth = Color(0x7A_5232)
        var fig = Figure(width: 48, height: 48)
        let b = p.bob
        let side = p.facing == .right
        let lean = p.lean * 2
        let hand = big(p.weaponHand)
        let other = big(p.otherHand)

        // Club behind the body when facing up.
        func club(_ l: inout Canvas) {
            let (ux, uy) = unit(p.weaponAngle)
            let hx = Double(hand.x) + 1.5
            let hy = Double(hand.y) + 1.5
            let end = Point(Int(hx + ux * 13), Int(hy + uy * 13))
            l.thickLine(Point(Int(hx - ux * 3) - 1, Int(hy - uy * 3) - 1), end, size: 3, Color(0x7A_5030))
            l.ellipse(hx + ux * 13, hy + uy * 13, 4, 4, Color(0x8A_5E38))
            l.ellipse(hx + ux * 12, hy + uy * 12, 2, 2, Color(0x9A_6E44))
            for k in [-1.0, 1.0] {
                l.set(Int(hx + ux * 13 + uy * 4.5 * k), Int(hy + uy * 13 - ux * 4.5 * k), Color(0xC8_C8D0))
            }
            l.set(Int(hx + ux * 17.5), Int(hy + uy * 17.5), Color(0xC8_C8D0))
        }

        if side {
            fig.part { l in
                l.thickLine(Point(24 + lean, 27 + b), other, size: 4, skin.shade(-0.25))
                l.rect(other.x, other.y, 4, 4, skin.shade(-0.3))
            }
        }
        // Legs.
        if side {
            for (stride, lift, shade) in [(p.strideFar, p.liftFar, -0.22), (p.strideNear, p.liftNear, 0.0)] {
                fig.part { l in
                    let bottom = 46 - lift
                    l.thickLine(
                        Point(20 + lean / 2, 38 + b), Point(20 + stride * 2, bottom - 5), size: 6,
                        skin.shade(shade - 0.05))
                    l.rect(20 + stride * 2, bottom - 2, 8, 3, skin.shade(shade - 0.2))
                }
            }
        } else {
            for (x, lift) in [(15, p.liftLeft), (27, p.liftRight)] {
                fig.part { l in
                    let bottom = 46 - lift
                    l.rect(x, 38 + b, 6, bottom - 37 - b, skin.shade(-0.05))
                    l.rect(x - 1, bottom - 2, 8, 3, skin.shade(-0.2))
                }
            }
        }
        // Body with belly and loincloth.
        fig.part { l in
            if side {
                l.roundRect(14 + lean, 23 + b, 19, 17, radius: 6, skin)
                l.ellipse(29 + Double(lean), 33 + Double(b), 5, 6, belly)
                l.rect(14 + lean, 36 + b, 19, 3, cloth.shade(-0.3))
                l.rect(14 + lean, 38 + b, 14, 5, cloth)
            } else {
                l.roundRect(11, 23 + b, 26, 17, radius: 6, skin)
                if p.facing == .down {
                    l.ellipse(24, 33 + Double(b), 8, 6, belly)
                    l.set(24, 34 + b, belly.shade(-0.3))
                }
                l.rect(11, 36 + b, 26, 3, cloth.shade(-0.3))
                l.rect(14, 38 + b, 20, 5, cloth)
                for x in stride(from: 14, to: 34, by: 3) { l.set(x, 43 + b, cloth) }
            }
            // Bone necklace.
            if p.facing != .up {
                for i in 0..<(side ? 3 : 5) {
                    let x = side ? 24 + lean + i * 2 : 18 + i * 3
                    l.rect(x, 26 + b + (i % 2), 1, 2, Color(0xEC_E6D4))
                }
            }
        }
        if p.facing == .up {
            fig.part { l in club(&l) }
        }
        // Arms.
        let shoulders: [(Point, Point)] =
            side
            ? [(Point(24 + lean, 26 + b), hand)]
            : p.facing == .down
                ? [(Point(8, 25 + b), hand), (Point(36, 25 + b), other)]
                : [(Point(36, 25 + b), hand), (Point(8, 25 + b), other)]
        for (shoulder, h) in shoulders {
            fig.part { l in
                l.thickLine(shoulder, h, size: 4, skin)
                l.rect(h.x - 1, h.y - 1, 5, 5, skin.shade(-0.05))
            }
        }
        // Head: small, heavy-browed, with tusks.
        let hx = side ? 17 + lean : 17
        let hy = 11 + b
        fig.part { l in
            l.roundRect(hx, hy, 14, 14, radius: 4, skin)
            if side {
                l.roundRect(hx + 9, hy + 8, 6, 5, radius: 1, skin)
                l.ellipse(Double(hx) + 4, Double(hy) + 6, 2, 2.5, skin.shade(-0.15))
            } else {
                l.ellipse(Double(hx) - 1, Double(hy) + 6, 2, 2.5, skin)
                l.ellipse(Double(hx) + 15, Double(hy) + 6, 2, 2.5, skin)
            }
            switch p.facing {
            case .down:
                l.hline(hx + 2, hx + 11, hy + 5, skin.shade(-0.35))
                l.rect(hx + 3, hy + 6, 2, 2, Color(0xF4_E8A0))
                l.rect(hx + 9, hy + 6, 2, 2, Color(0xF4_E8A0))
                l.set(hx + 4, hy + 7, .outline)
                l.set(hx + 9, hy + 7, .outline)
                l.hline(hx + 4, hx + 9, hy + 11, Color(0x4A_2A1E))
                l.rect(hx + 3, hy + 9, 2, 2, Color(0xF4_F0E0))
                l.rect(hx + 9, hy + 9, 2, 2, Color(0xF4_F0E0))
                l.rect(hx + 6, hy + 8, 2, 1, skin.shade(-0.25))
            case .right:
                l.hline(hx + 7, hx + 13, hy + 5, skin.shade(-0.35))
                l.rect(hx + 10, hy + 6, 2, 2, Color(0xF4_E8A0))
                l.set(hx + 11, hy + 7, .outline)
                l.rect(hx + 12, hy + 9, 2, 2, Color(0xF4_F0E0))
                l.hline(hx + 10, hx + 14, hy + 12, Color(0x4A_2A1E))
            case .up:
                l.hline(hx + 4, hx + 9, hy + 2, Color(0x4A_3A2A))
            }
            l.rect(hx + 5, hy - 1, 4, 2, Color(0x4A_3A2A))
        }
        if p.facing != .up {
            fig.part { l in club(&l) }
            fig.part(lines: false) { l in l.rect(hand.x - 1, hand.y - 1, 5, 5, skin.shade(-0.05)) }
        }
        return fig.finish()
    }

    // MARK: - Skeleton king

    static func boss(_ p: Pose) -> Canvas {
        let bone = Color(0xE4_DCC8)
        let robe = Color(0x4A_2A6A)
        let gold = Color(0xE8_B838)
        let cape = Color(0x9A_2234)
        var fig = Figure(width: 48, height: 48)
        let b = p.bob
        let side = p.facing == .right
        let lean = p.lean * 2
        let hand = big(p.weaponHand)
        let other = big(p.otherHand)
        let blade = WeaponSpec(
            kind: .sword, blade: Color(0x6A_6A8A), guardColor: gold, grip: Color(0x3A_1E2A), length: 15, guardHalf: 3,
            glow: Color(0xC8_7AFF))

        func sword(_ l: inout Canvas) {
            blade.draw(on: &l, hand: hand, angle: p.weaponAngle, glint: p.frame * 2)
            blade.draw(on: &l, hand: hand + Point(1, 0), angle: p.weaponAngle, glint: p.frame * 2 + 1)
        }

        // Cape.
        if p.facing != .up {
            fig.part(lines: false) { l in
                if side {
                    let sway = p.action == .walk ? p.frame % 2 : 0
                    l.polygon(
                        [(20, Double(22 + b)), (26, Double(22 + b)), (22, 45), (Double(10 - sway * 2), 44)],
                        cape.shade(-0.15))
                } else {
                    l.polygon([(12, Double(23 + b)), (36, Double(23 + b)), (38, 45), (10, 45)], cape.shade(-0.2))
                }
            }
        }
        if side {
            fig.part { l in
                l.thickLine(Point(23 + lean, 26 + b), other, size: 2, bone.shade(-0.25))
                l.rect(other.x, other.y, 3, 3, bone.shade(-0.25))
            }
        }
        // Bony feet under a long robe.
        fig.part { l in
            if side {
                l.rect(18 + p.strideFar * 2, 44, 4, 3, bone.shade(-0.25))
                l.rect(22 + p.strideNear * 2, 44, 5, 3, bone)
            } else {
                if p.liftLeft == 0 { l.rect(17, 44, 5, 3, bone) }
                if p.liftRight == 0 { l.rect(26, 44, 5, 3, bone) }
            }
        }
        fig.part { l in
            if side {
                l.polygon(
                    [(Double(17 + lean), Double(22 + b)), (Double(30 + lean), Double(22 + b)), (32, 45), (15, 45)], robe
                )
                l.vline(27 + lean, 24 + b, 44, gold)
            } else {
                l.polygon([(15, Double(22 + b)), (33, Double(22 + b)), (36, 45), (12, 45)], robe)
                l.hline(13, 35, 44, gold)
                if p.facing == .down {
                    // Open chest showing ribs, gold-trimmed.
                    l.rect(20, 23 + b, 8, 9, Color(0x2A_1A2E))
                    for y in stride(from: 24 + b, to: 31 + b, by: 2) { l.hline(21, 26, y, bone) }
                    l.vline(23, 23 + b, 31 + b, bone.shade(-0.1))
                    l.vline(19, 23 + b, 44, gold)
                    l.vline(28, 23 + b, 44, gold)
                }
                l.hline(15, 32, 33 + b, gold.shade(-0.2))
            }
        }
        if p.facing == .up {
            fig.part { l in sword(&l) }
            fig.part { l in
                l.polygon([(14, Double(21 + b)), (34, Double(21 + b)), (37, 45), (11, 45)], cape)
                l.vline(20, 26 + b, 44, cape.shade(-0.2))
                l.vline(28, 26 + b, 44, cape.shade(-0.2))
            }
        }
        // Shoulders (ermine mantle) and arms.
        fig.part { l in
            if side {
                l.roundRect(17 + lean, 20 + b, 13, 5, radius: 2, Color(0xF4_F0E8))
            } else {
                l.roundRect(12, 20 + b, 24, 5, radius: 2, Color(0xF4_F0E8))
            }
            for x in stride(from: side ? 19 + lean : 14, to: side ? 29 + lean : 35, by: 4) {
                l.set(x, 22 + b, Color(0x1E_1A24))
            }
        }
        let arms: [(Point, Point)] =
            side
            ? [(Point(23 + lean, 24 + b), hand)]
            : p.facing == .down
                ? [(Point(13, 24 + b), hand), (Point(33, 24 + b), other)]
                : [(Point(33, 24 + b), hand), (Point(13, 24 + b), other)]
        for (shoulder, h) in arms {
            fig.part { l in
                l.thickLine(shoulder, h, size: 2, bone)
                l.rect(h.x, h.y, 3, 3, bone)
            }
        }
        // Skull with a crown.
        let hx = side ? 17 + lean : 17
        let hy = 7 + b
        fig.part { l in
            l.roundRect(hx, hy, 14, 13, radius: 4, bone)
            switch p.facing {
            case .down:
                l.roundRect(hx + 2, hy + 5, 4, 4, radius: 1, Color(0x1E_1A24))
                l.roundRect(hx + 8, hy + 5, 4, 4, radius: 1, Color(0x1E_1A24))
                l.set(hx + 3, hy + 6, Color(0xFF_3A2A))
                l.set(hx + 10, hy + 6, Color(0xFF_3A2A))
                l.rect(hx + 6, hy + 9, 2, 2, Color(0x3A_3030))
                for x in stride(from: hx + 3, through: hx + 10, by: 2) {
                    l.vline(x, hy + 11, hy + 12, Color(0x3A_3030))
                }
            case .right:
                l.roundRect(hx + 8, hy + 5, 4, 4, radius: 1, Color(0x1E_1A24))
                l.set(hx + 10, hy + 6, Color(0xFF_3A2A))
                l.set(hx + 13, hy + 9, Color(0x3A_3030))
                for x in stride(from: hx + 8, through: hx + 13, by: 2) {
                    l.vline(x, hy + 11, hy + 12, Color(0x3A_3030))
                }
                l.vline(hx + 4, hy + 6, hy + 10, bone.shade(-0.2))
            case .up:
                l.vline(hx + 7, hy + 2, hy + 10, bone.shade(-0.15))
            }
        }
        fig.part { l in
            l.rect(hx + 1, hy - 3, 12, 4, gold)
            for i in 0..<3 {
                let x = hx + 1 + i * 5
                l.rect(x, hy - 6, 2, 3, gold)
                l.set(x, hy - 7, gold.shade(0.3))
            }
            if p.facing != .up {
                l.set(hx + 6, hy - 2, Color(0xE0_2A3A))
                l.set(hx + 7, hy - 2, Color(0xE0_2A3A))
                l.set(hx + 2, hy - 2, Color(0x3A_7AE8))
                l.set(hx + 11, hy - 2, Color(0x3A_7AE8))
            }
        }
        if p.facing != .up {
            fig.part { l in sword(&l) }
            fig.part(lines: false) { l in l.rect(hand.x, hand.y, 3, 3, bone) }
        }
        return fig.finish()
    }
}
