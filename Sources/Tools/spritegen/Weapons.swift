import Glibc
import PixelArt

/// A hand-held weapon, drawn at any of the eight 45° angles from a fist.
struct WeaponSpec {
    enum Kind {
        case sword, axe, mace, staff, spear, dagger, club, scythe, hammer
    }

    var kind: Kind
    var blade: Color
    var guardColor: Color = Color(0x6A_6470)
    var grip: Color = Color(0x7A_4A28)
    /// Blade (or head) length in pixels when straight.
    var length: Int = 7
    /// Half-width of the cross-guard.
    var guardHalf: Int = 1
    /// Orb, gem or glint colour, when there is one.
    var glow: Color? = nil

    /// The player weapons, by entity kind name.
    static func player(_ name: String) -> WeaponSpec {
        switch name {
        case "sword1":
            WeaponSpec(kind: .sword, blade: Color(0xA8_B0BC), guardColor: Color(0x6A_5A4A), length: 7)
        case "sword2":
            WeaponSpec(
                kind: .sword, blade: Color(0xD0_DCEC), guardColor: Color(0xD8_A830), grip: Color(0x3A_4A8A),
                length: 8, guardHalf: 2)
        case "axe":
            WeaponSpec(kind: .axe, blade: Color(0xB8_C0CC), grip: Color(0x8A_5A2A), length: 8)
        case "morningstar":
            WeaponSpec(kind: .mace, blade: Color(0x7A_7A8A), grip: Color(0x6A_4428), length: 6, glow: Color(0xE0_E4EC))
        case "bluesword":
            WeaponSpec(
                kind: .sword, blade: Color(0x4A_9AF4), guardColor: Color(0xC8_D0DC), grip: Color(0x2A_3A6A),
                length: 9, guardHalf: 2, glow: Color(0xC8_F0FF))
        case "redsword":
            WeaponSpec(
                kind: .sword, blade: Color(0xE0_3A30), guardColor: Color(0x3A_2A30), grip: Color(0x5A_1A1A),
                length: 9, guardHalf: 2, glow: Color(0xFF_B050))
        case "goldensword":
            WeaponSpec(
                kind: .sword, blade: Color(0xF4_CC3A), guardColor: Color(0xF0_F0F4), grip: Color(0x8A_2A3A),
                length: 10, guardHalf: 2, glow: Color(0xFF_FFFF))
        default:
            preconditionFailure("no weapon \(name)")
        }
    }

    static let playerKinds = ["sword1", "sword2", "axe", "morningstar", "bluesword", "redsword", "goldensword"]

    private static func step(_ angle: Int) -> Point {
        switch ((angle % 360) + 360) % 360 {
        case 0: Point(1, 0)
        case 45: Point(1, -1)
        case 90: Point(0, -1)
        case 135: Point(-1, -1)
        case 180: Point(-1, 0)
        case 225: Point(-1, 1)
        case 270: Point(0, 1)
        default: Point(1, 1)
        }
    }

    /// Draws the weapon held in the 2×2 fist whose top-left pixel is `hand`, pointing at `angle`.
    /// `glint` (0…) moves the sparkle along magic blades.
    func draw(on c: inout Canvas, hand: Point, angle: Int, glint: Int = 0) {
        let s = Self.step(angle)
        let diagonal = s.x != 0 && s.y != 0
        // The axis pixel inside the fist, so that it and the next one both lie in the fist.
        let o = Point(s.x >= 0 ? hand.x : hand.x + 1, s.y >= 0 ? hand.y : hand.y + 1)
        let perp = Point(s.y, -s.x)
        // Along-the-axis pixel count for a straight length.
        func steps(_ n: Int) -> Int { diagonal ? max(2, Int((Double(n) * 0.72).rounded())) : n }
        // The second row of a two-pixel-wide blade.
        let side = diagonal ? Point(0, 1) : (s.x != 0 ? Point(0, 1) : Point(1, 0))
        let light = blade.shade(0.3)
        let dark = blade.shade(-0.25)
        // Continuous geometry for blobs (axe heads, balls): centre of axis pixel o, unit vectors.
        let norm = diagonal ? 1 / 2.0.squareRoot() : 1.0
        let ux = Double(s.x) * norm
        let uy = Double(s.y) * norm
        let cx = Double(o.x) + 0.5
        let cy = Double(o.y) + 0.5
        func at(_ along: Double, _ across: Double) -> (Double, Double) {
            (cx + ux * along - uy * across, cy + uy * along + ux * across)
        }
        switch kind {
        case .sword, .dagger:
            let n = steps(kind == .dagger ? min(length, 4) : length)
            c.set(o + s * -1, guardColor.shade(0.1))
            c.set(o, grip)
            c.set(o + s, grip)
            let g = o + s * 2
            c.line(
                g.x - perp.x * guardHalf, g.y - perp.y * guardHalf, g.x + perp.x * guardHalf, g.y + perp.y * guardHalf,
                guardColor)
            if let glow, guardHalf >= 2 { c.set(g, glow.mix(guardColor, 0.3)) }
            for t in 3..<(3 + n) {
                let p = o + s * t
                let tip = t == 2 + n
                c.set(p, tip ? blade : light)
                if !tip { c.set(p + side, t == 3 ? dark.shade(-0.1) : dark) }
            }
            if let glow {
                let t = 3 + (glint % max(1, n - 1))
                c.set(o + s * t, glow)
            }
        case .axe, .club, .hammer:
            let n = steps(length)
            for t in -1..<(2 + n) { c.set(o + s * t, t >= n ? grip.shade(0.15) : grip) }
            for t in 0..<(1 + n) where t % 3 == 1 { c.set(o + s * t + side, grip.shade(-0.2)) }
            let l = Double(n) / norm
            if kind == .hammer {
                c.polygon([at(l - 2.2, -2.6), at(l - 2.2, 2.6), at(l + 0.8, 2.6), at(l + 0.8, -2.6)], blade)
                let a = at(l - 1.8, -2.2)
                let b = at(l - 1.8, 2.2)
                c.line(Int(a.0), Int(a.1), Int(b.0), Int(b.1), light)
            } else if kind == .club {
                c.ellipse(at(l - 0.5, 0).0, at(l - 0.5, 0).1, 2.2, 2.2, grip.shade(0.05))
                c.set(Int(at(l - 0.5, -1).0), Int(at(l - 0.5, -1).1), grip.shade(0.3))
            } else {
                for sign in [-1.0, 1.0] {
                    c.polygon(
                        [
                            at(l - 1.2, 0.6 * sign), at(l - 2.8, 3.8 * sign), at(l + 1.8, 3.8 * sign),
                            at(l + 0.4, 0.6 * sign),
                        ],
                        sign > 0 ? dark : blade)
                }
                // A bright cutting edge on the outer rows.
                for sign in [-1.0, 1.0] {
                    let a = at(l - 2.6, 3.4 * sign)
                    let b = at(l + 1.6, 3.4 * sign)
                    c.line(Int(a.0), Int(a.1), Int(b.0), Int(b.1), light)
                }
                c.set(o + s * n, grip.shade(0.2))
            }
        case .mace:
            let n = steps(length)
            for t in -1..<(1 + n) { c.set(o + s * t, grip) }
            let l = Double(n) / norm + 2
            let (bx, by) = at(l, 0)
            let spike = glow ?? light
            for (dx, dy) in [
                (0.0, -3.6), (0.0, 3.6), (-3.6, 0.0), (3.6, 0.0), (-2.6, -2.6), (2.6, 2.6), (-2.6, 2.6), (2.6, -2.6),
            ] {
                c.set(Int((bx + dx).rounded(.down)), Int((by + dy).rounded(.down)), spike)
            }
            c.ellipse(bx, by, 2.7, 2.7, blade)
            c.ellipse(bx - 0.7, by - 0.7, 1.2, 1.2, light)
        case .staff, .spear, .scythe:
            let n = steps(length)
            for t in -3..<(2 + n) { c.set(o + s * t, grip) }
            let tip = o + s * (2 + n)
            switch kind {
            case .staff:
                let (bx, by) = at(Double(2 + n) / norm + 1.2, 0)
                if let glow { c.ellipse(bx, by, 3.2, 3.2, glow.alpha(90)) }
                c.ellipse(bx, by, 2, 2, blade)
                c.set(Int(bx - 0.8), Int(by - 0.8), blade.shade(0.6))
            case .spear:
                c.set(tip, blade)
                c.set(tip + s, light)
                c.set(tip + s * 2, light)
                c.set(tip + perp, dark)
                c.set(tip + perp * -1, dark)
            default:
                // A curved blade sweeping back from the top of the shaft.
                for i in 0..<6 {
                    let p = tip + perp * (i + 1) + s * (i < 3 ? 0 : -(i - 2))
                    c.set(p, i == 5 ? light : blade)
                    c.set(p + s * -1, dark)
                }
            }
        }
    }

    /// One overlay frame: the weapon in the pose's weapon hand, outlined, with the fist left clear so the body's
    /// hand shows over the grip.
    func overlay(for pose: Pose, width: Int = 32, height: Int = 32) -> Canvas {
        var c = Canvas(width: width, height: height)
        let dx = (width - 32) / 2
        let dy = height - 32
        let hand = pose.weaponHand + Point(dx, dy)
        draw(on: &c, hand: hand, angle: pose.weaponAngle, glint: pose.frame + (pose.action == .walk ? 1 : 0))
        c.outlineShapes()
        for y in hand.y...(hand.y + 1) {
            for x in hand.x...(hand.x + 1) { c[x, y] = .clear }
        }
        return c
    }
}

enum WeaponSheets {
    static func build() -> [Sprite] {
        WeaponSpec.playerKinds.map { name in
            let spec = WeaponSpec.player(name)
            var sprite = Sprite(name: name, width: 32, height: 32)
            for (row, poses) in Pose.all() {
                sprite.add(row, speed: poses[0].action.speed, poses.map { spec.overlay(for: $0) })
            }
            return sprite
        }
    }
}
