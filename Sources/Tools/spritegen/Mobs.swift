import Glibc
import PixelArt

/// The monsters. Small beasts get 24×24 frames, people-sized ones 32×32, the ogre and the boss 48×48.
enum Mobs {
    static let kinds = [
        "rat", "crab", "bat", "snake", "goblin", "skeleton", "skeleton2", "wizard", "eye", "spectre", "deathknight",
        "ogre", "boss",
    ]

    static func build() -> [Sprite] {
        kinds.map { kind in
            switch kind {
            case "rat": creature(kind, size: 24, idle: 600) { rat($0) }
            case "crab": creature(kind, size: 24, idle: 500) { crab($0) }
            case "bat": creature(kind, size: 24, idle: 120, walk: 90) { bat($0) }
            case "snake": creature(kind, size: 24, idle: 500, walk: 130) { snake($0) }
            case "eye": creature(kind, size: 32, idle: 350) { eye($0) }
            case "spectre": creature(kind, size: 32, idle: 350, walk: 130) { spectre($0) }
            case "ogre": creature(kind, size: 48, idle: 500, walk: 140, atk: 120) { BigMobs.ogre($0) }
            case "boss": creature(kind, size: 48, idle: 500, walk: 140, atk: 120) { BigMobs.boss($0) }
            default: Humanoid.sprite(kind, humanoid(kind))
            }
        }
    }

    /// A sprite with the nine character animations, each frame drawn from the 32×32 pose table.
    static func creature(
        _ name: String, size: Int, idle: Int = 450, walk: Int = 100, atk: Int = 100, draw: (Pose) -> Canvas
    ) -> Sprite {
        var sprite = Sprite(name: name, width: size, height: size)
        for (row, poses) in Pose.all() {
            let speed = [Action.idle: idle, .walk: walk, .atk: atk][poses[0].action]!
            sprite.add(row, speed: speed, poses.map(draw))
        }
        return sprite
    }

    // MARK: - Beasts

    static func rat(_ p: Pose) -> Canvas {
        let fur = Color(0x8E_8494)
        let light = Color(0xB8_B0BC)
        let pink = Color(0xE8_A0B0)
        let eye = Color(0x1E_1A24)
        var fig = Figure(width: 24, height: 24)
        let walkStep = p.action == .walk ? [1, 0, -1, 0][p.frame] : 0
        let b = p.action == .walk ? p.frame % 2 : (p.action == .idle ? p.frame : 0)
        let lunge = p.action == .atk ? [-1, 2, 1][p.frame] : 0
        switch p.facing {
        case .right:
            let x = Double(lunge)
            let sway = Double(p.frame % 2)
            fig.part(lines: false) { l in
                l.line(5 + lunge, 19, 3 + lunge, 19, pink)
                l.line(3 + lunge, 19, 1 + lunge, Int(17 - sway), pink)
                l.line(1 + lunge, Int(17 - sway), 1 + lunge, Int(15 - sway), pink)
            }
            fig.part { l in
                l.rect(7 + lunge - walkStep, 21, 2, 2, pink.shade(-0.2))
                l.rect(14 + lunge + walkStep, 21, 2, 2, pink.shade(-0.2))
            }
            fig.part { l in
                l.ellipse(11 + x, 18 + Double(b) * 0.5, 6.5, 3.8, fur)
                l.ellipse(11 + x, 20.5, 4.5, 1.2, light)
            }
            fig.part { l in
                l.ellipse(17.5 + x, 17.5, 3.4, 2.8, fur)
                l.ellipse(20 + x, 18.2, 2.2, 1.6, fur)
            }
            fig.part { l in
                l.ellipse(15.5 + x, 14.5, 1.8, 1.8, fur)
                l.set(15 + lunge, 14, pink)
            }
            fig.part(lines: false, bevel: false) { l in
                l.set(18 + lunge, 16, eye)
                l.set(22 + lunge, 17, pink)
                if p.action == .atk && p.frame > 0 {
                    l.set(21 + lunge, 19, Color(0xFF_FFFF))
                    l.set(20 + lunge, 19, Color(0x5A_1A24))
                }
            }
        case .down, .up:
            let front = p.facing == .down
            let y = Double(b) * 0.5 + (front && p.action == .atk ? Double(max(0, lunge)) : 0)
            if front {
                fig.part(lines: false) { l in
                    l.line(12, 13, 14, 10, pink)
                    l.line(14, 10, 16, 9 + p.frame % 2, pink)
                }
            }
            fig.part { l in
                l.rect(8 + (walkStep > 0 ? 0 : 0), 21 - max(0, walkStep), 2, 2, pink.shade(-0.2))
                l.rect(14, 21 - max(0, -walkStep), 2, 2, pink.shade(-0.2))
            }
            fig.part { l in l.ellipse(12, 16.5 + y, 5.5, 4.5, fur) }
            fig.part { l in
                l.ellipse(8, 13 + y, 2.2, 2.2, fur)
                l.ellipse(16, 13 + y, 2.2, 2.2, fur)
                l.set(8, 13 + Int(y), pink)
                l.set(15, 13 + Int(y), pink)
            }
            if front {
                fig.part { l in l.ellipse(12, 18.5 + y, 3.8, 3.2, light) }
                fig.part(lines: false, bevel: false) { l in
                    let yy = Int(y)
                    l.set(10, 17 + yy, eye)
                    l.set(13, 17 + yy, eye)
                    l.rect(11, 20 + yy, 2, 1, pink)
                    if p.action == .atk && p.frame > 0 { l.rect(11, 21 + yy, 2, 1, Color(0xFF_FFFF)) }
                }
            } else {
                fig.part(lines: false) { l in
                    l.line(12, 20, 12, 22, pink)
                    l.line(12, 22, 15 - p.frame % 2, 23, pink)
                }
            }
        }
        return fig.finish()
    }

    static func crab(_ p: Pose) -> Canvas {
        let shell = Color(0xD8_4A34)
        let claw = Color(0xE8_6444)
        let leg = Color(0xA8_3A2A)
        var fig = Figure(width: 24, height: 24)
        let step = p.action == .walk ? [1, 0, -1, 0][p.frame] : 0
        let b = p.action == .idle ? p.frame : p.frame % 2
        let raise = p.action == .atk ? [1, 3, 0][p.frame] : (p.action == .idle ? p.frame : 0)
        let open = p.action == .atk ? p.frame != 1 : p.frame % 2 == 0
        func pincer(_ l: inout Canvas, _ cx: Double, _ cy: Double, flip: Bool) {
            l.ellipse(cx, cy, 2.6, 2.4, claw)
            if open {
                let nx = Int(cx.rounded(.down)) + (flip ? 0 : -1)
                l[nx, Int(cy) - 2] = .clear
                l[nx, Int(cy) - 1] = .clear
                l[nx + (flip ? 1 : 1), Int(cy) - 2] = .clear
            }
        }
        switch p.facing {
        case .down, .up:
            fig.part { l in
                for (i, dy) in [0, 2, 4].enumerated() {
                    let s = (i % 2 == 0 ? step : -step)
                    l.line(7, 16 + dy / 2, 3, 18 + dy + s, leg)
                    l.line(16, 16 + dy / 2, 20, 18 + dy - s, leg)
                }
            }
            fig.part { l in
                l.thickLine(Point(6, 15), Point(4, 13 - raise), size: 2, claw.shade(-0.1))
                l.thickLine(Point(16, 15), Point(18, 13 - raise), size: 2, claw.shade(-0.1))
            }
            fig.part { l in
                pincer(&l, 4.5, Double(11 - raise), flip: false)
                pincer(&l, 19.5, Double(11 - raise), flip: true)
            }
            if p.facing == .down {
                fig.part { l in
                    l.vline(9, 11 + b, 14, Color(0xB8_3A2A))
                    l.vline(14, 11 + b, 14, Color(0xB8_3A2A))
                }
            }
            fig.part { l in
                l.ellipse(12, 17 + Double(b) * 0.5, 6.8, 4.4, shell)
                l.hline(8, 15, 15 + b / 2, shell.shade(0.25))
                if p.facing == .up {
                    l.hline(9, 14, 18, shell.shade(-0.2))
                    l.set(12, 16, shell.shade(-0.2))
                }
            }
            fig.part(lines: false, bevel: false) { l in
                if p.facing == .down {
                    l.rect(8, 10 + b, 2, 2, Color(0x1E_1A24))
                    l.rect(14, 10 + b, 2, 2, Color(0x1E_1A24))
                    l.set(8, 10 + b, Color(0xFF_FFFF))
                    l.set(14, 10 + b, Color(0xFF_FFFF))
                    l.hline(11, 12, 19, Color(0x7A_1E1A))
                } else {
                    l.rect(9, 12 + b, 1, 2, Color(0xB8_3A2A))
                    l.rect(14, 12 + b, 1, 2, Color(0xB8_3A2A))
                }
            }
        case .right:
            fig.part { l in
                for (i, x) in [7, 10, 13].enumerated() {
                    let s = i % 2 == 0 ? step : -step
                    l.line(x, 18, x - 2 + s, 22, leg.shade(-0.15))
                    l.line(x + 2, 18, x + 3 - s, 22, leg)
                }
            }
            fig.part { l in
                l.vline(14, 11 + b, 14, Color(0xB8_3A2A))
            }
            fig.part { l in
                l.ellipse(11.5, 17 + Double(b) * 0.5, 6, 4.4, shell)
                l.hline(8, 14, 15, shell.shade(0.25))
            }
            fig.part { l in
                l.thickLine(Point(15, 17), Point(18, 14 - raise), size: 2, claw.shade(-0.1))
                pincer(&l, 19.5, Double(12 - raise), flip: true)
            }
            fig.part(lines: false, bevel: false) { l in
                l.rect(13, 10 + b, 2, 2, Color(0x1E_1A24))
                l.set(14, 10 + b, Color(0xFF_FFFF))
            }
        }
        return fig.finish()
    }

    static func bat(_ p: Pose) -> Canvas {
        let body = Color(0x4A_3A5E)
        let wing = Color(0x6A_4A7E)
        let bone = Color(0x3A_2A48)
        var fig = Figure(width: 24, height: 24)
        // Wing position: 0 up, 1 level, 2 down.
        let wingPos: Int
        var dy = 0
        switch p.action {
        case .idle:
            wingPos = p.frame == 0 ? 0 : 2
            dy = p.frame == 0 ? 0 : 1
        case .walk:
            wingPos = [0, 1, 2, 1][p.frame]
            dy = [0, 0, 1, 1][p.frame]
        case .atk:
            wingPos = [0, 2, 1][p.frame]
            dy = [-1, 3, 2][p.frame]
        }
        let cy = 9.0 + Double(dy)
        let tipY = [cy - 7, cy - 1, cy + 5][wingPos]
        func wingShape(_ l: inout Canvas, mirrored: Bool, reach: Double) {
            let m = { (x: Double) in mirrored ? 24 - x : x }
            l.polygon(
                [
                    (m(10), cy - 2), (m(12 - reach), tipY), (m(12 - reach + 1.5), tipY + 5), (m(7), cy + 3.5),
                    (m(10), cy + 2.5),
                ], wing)
            l.line(Int(m(10)), Int(cy - 1), Int(m(12 - reach + 0.5)), Int(tipY), bone)
            // Scalloped trailing edge.
            let ex = Int(m(12 - reach + 2.5))
            l[ex, Int(tipY + 3)] = .clear
        }
        switch p.facing {
        case .down, .up:
            fig.part { l in
                wingShape(&l, mirrored: false, reach: 11)
                wingShape(&l, mirrored: true, reach: 11)
            }
            fig.part { l in
                l.ellipse(12, cy + 0.5, 3.2, 3.8, body)
                l.polygon([(9, cy - 2), (10.5, cy - 6), (12, cy - 2)], body)
                l.polygon([(12, cy - 2), (13.5, cy - 6), (15, cy - 2)], body)
                l.set(11, Int(cy) + 4, body.shade(-0.2))
                l.set(12, Int(cy) + 4, body.shade(-0.2))
            }
            if p.facing == .down {
                fig.part(lines: false, bevel: false) { l in
                    let eye = p.action == .atk ? Color(0xFF_F040) : Color(0xFF_4A3A)
                    l.set(10, Int(cy) - 1, eye)
                    l.set(13, Int(cy) - 1, eye)
                    l.set(11, Int(cy) + 2, Color(0xFF_FFFF))
                    l.set(12, Int(cy) + 2, Color(0xFF_FFFF))
                }
            }
        case .right:
            fig.part { l in wingShape(&l, mirrored: true, reach: 7) }
            fig.part { l in
                l.ellipse(12, cy + 0.5, 3.6, 3.4, body)
                l.polygon([(11, cy - 2), (12.5, cy - 6.5), (14, cy - 2)], body)
                l.ellipse(15, cy, 2, 1.6, body)
            }
            fig.part { l in wingShape(&l, mirrored: false, reach: 9) }
            fig.part(lines: false, bevel: false) { l in
                l.set(14, Int(cy) - 1, p.action == .atk ? Color(0xFF_F040) : Color(0xFF_4A3A))
                l.set(16, Int(cy) + 1, Color(0xFF_FFFF))
            }
        }
        return fig.finish()
    }

    static func snake(_ p: Pose) -> Canvas {
        let scales = Color(0x4E_A24A)
        let belly = Color(0xD8_D070)
        let dark = Color(0x2E_6A34)
        var fig = Figure(width: 24, height: 24)
        let phase = Double(p.action == .walk ? p.frame : 0) * .pi / 2
        let strike = p.action == .atk ? [-1, 3, 1][p.frame] : 0
        let sway = p.action == .idle ? p.frame : 0
        switch p.facing {
        case .right:
            fig.part { l in
                for i in 0..<14 {
                    let x = 2.0 + Double(i)
                    let y = 20.0 + sin(phase + Double(i) * 0.7) * 1.4 * (1 - Double(i) / 18)
                    l.ellipse(x, y, 1.8, 1.8, i % 4 == 1 ? dark : scales)
                }
                l.thickLine(Point(14, 18), Point(16 + strike / 2, 13 + sway), size: 3, scales)
                l.vline(17 + strike / 2, 15 + sway, 19, belly)
            }
            fig.part { l in
                let hx = 18.5 + Double(strike)
                let hy = 12.5 + Double(sway)
                l.ellipse(hx, hy, 3.4, 2.4, scales)
                l.set(Int(hx) - 2, Int(hy) - 2, dark)
            }
            fig.part(lines: false, bevel: false) { l in
                let hx = 18 + strike
                let hy = 12 + sway
                l.set(hx + 1, hy - 1, Color(0xF4_E040))
                if p.action == .atk || p.frame == 1 {
                    l.hline(hx + 4, hx + 5, hy + 1, Color(0xE0_3040))
                    l.set(hx + 6, hy, Color(0xE0_3040))
                    l.set(hx + 6, hy + 2, Color(0xE0_3040))
                }
            }
        case .down, .up:
            let front = p.facing == .down
            let wiggle = Double(p.action == .walk ? [0, 1, 0, -1][p.frame] : 0)
            // The coil: a ring of body segments, back half first and darker.
            for half in [0, 1] {
                fig.part { l in
                    for i in 0..<32 {
                        let a = Double(i) / 32 * 2 * .pi + wiggle * 0.2
                        guard (sin(a) >= 0) == (half == 1) else { continue }
                        l.ellipse(
                            12 + cos(a) * 6.5, 19 + sin(a) * 2.6, 1.9, 1.9, half == 0 ? scales.shade(-0.15) : scales)
                    }
                    for i in stride(from: 2, to: 32, by: 5) {
                        let a = Double(i) / 32 * 2 * .pi + wiggle * 0.2
                        guard (sin(a) >= 0) == (half == 1) else { continue }
                        l.set(Int(12 + cos(a) * 6.5), Int(19 + sin(a) * 2.6) - 1, dark)
                    }
                    if half == 1 { l.ellipse(3.5 + wiggle * 0.5, 21, 1.2, 1.2, scales) }
                }
            }
            let hy = (front ? 10 + max(0, strike) : 9 - max(0, strike)) + sway
            fig.part { l in
                // The neck rising from the front of the coil in a gentle S.
                let top = Double(hy + 2)
                for i in 0...10 {
                    let t = Double(i) / 10
                    let x = 12 + sin(t * .pi * 1.5 + wiggle) * 1.5
                    let y = 20.5 - (20.5 - top) * t
                    l.ellipse(x, y, 1.7, 1.7, scales)
                    if front { l.set(Int(x.rounded(.down)), Int(y), belly) }
                }
            }
            fig.part { l in
                l.ellipse(12.5, Double(hy) + 0.5, 3.2, 2.8, scales)
                if !front { l.hline(11, 13, hy - 1, dark) }
            }
            if front {
                fig.part(lines: false, bevel: false) { l in
                    l.set(10, hy, Color(0xF4_E040))
                    l.set(14, hy, Color(0xF4_E040))
                    if p.action == .atk || p.frame == 1 {
                        l.vline(12, hy + 3, hy + 4, Color(0xE0_3040))
                        l.set(11, hy + 5, Color(0xE0_3040))
                        l.set(13, hy + 5, Color(0xE0_3040))
                    }
                }
            }
        }
        return fig.finish()
    }

    static func eye(_ p: Pose) -> Canvas {
        let white = Color(0xF4_EEEA)
        let iris = Color(0xC8_3A34)
        let vein = Color(0xD8_7A7A)
        var fig = Figure(width: 32, height: 32)
        let bob = p.action == .walk ? [0, 1, 2, 1][p.frame] : p.frame % 2
        let cy = 14.0 + Double(bob)
        let lunge = p.action == .atk && p.facing == .right ? [0, 2, 1][p.frame] : 0
        let cx = 16.0 + Double(lunge)
        // Tendrils hanging below.
        fig.part { l in
            for (i, x) in [12, 16, 20].enumerated() {
                let swing = (p.frame + i) % 2 == 0 ? 1 : -1
                l.line(x + lunge, Int(cy) + 5, x + lunge + swing, Int(cy) + 10, Color(0xA8_3A4A))
                l.set(x + lunge + swing, Int(cy) + 11, Color(0xA8_3A4A))
            }
        }
        fig.part { l in
            l.ellipse(cx, cy, 7.5, 7.5, white)
            if p.facing == .up {
                l.ellipse(cx, cy + 1, 5, 5, Color(0xE8_C8C8))
            }
            for (dx, dy, ex, ey) in [(-7, -2, -4, -1), (6, 3, 3, 2), (-5, 5, -3, 3), (5, -5, 3, -3)] {
                l.line(Int(cx) + dx, Int(cy) + dy, Int(cx) + ex, Int(cy) + ey, vein)
            }
        }
        if p.facing != .up {
            let glare = p.action == .atk && p.frame == 1
            fig.part(lines: false) { l in
                let ix = p.facing == .right ? cx + 3.5 : cx
                let rx = p.facing == .right ? 2.6 : 3.6
                l.ellipse(ix, cy + 0.5, rx, 3.6, glare ? Color(0xFF_5A3A) : iris)
                l.ellipse(ix, cy + 0.5, rx - 1.2, 2.4, iris.shade(0.15))
                let pupil = p.action == .atk ? (p.frame == 1 ? 0.6 : 1.0) : 1.6
                l.ellipse(ix, cy + 0.5, pupil, 1.8, Color(0x1E_1A24))
                l.set(Int(ix) - 2, Int(cy) - 2, Color(0xFF_FFFF))
            }
            if p.action == .atk && p.frame == 1 {
                fig.part(lines: false, bevel: false) { l in
                    for (dx, dy) in [(-10, 0), (10, 0), (0, -10), (-7, -7), (7, -7), (-7, 7), (7, 7)] {
                        l.set(Int(cx) + dx, Int(cy) + dy, Color(0xFF_D040, alpha: 220))
                    }
                }
            }
        }
        // Eyelid shading at the top.
        fig.part(lines: false, bevel: false) { l in
            l.hline(Int(cx) - 4, Int(cx) + 3, Int(cy) - 7, Color(0xC8_A0A8))
        }
        return fig.finish()
    }

    static func spectre(_ p: Pose) -> Canvas {
        let mist = Color(0xC8_DCF8)
        var fig = Figure(width: 32, height: 32)
        let bob = p.action == .walk ? [0, 1, 2, 1][p.frame] : p.frame
        let reach = p.action == .atk ? [0, 3, 2][p.frame] : 0
        let wave = p.frame % 2
        let side = p.facing == .right
        let cy = 12.0 + Double(bob)
        fig.part { l in
            let lean = side ? Double(reach) * 0.5 : 0
            l.ellipse(16 + lean, cy, 6.5, 6.5, mist)
            // The robe-like body fading into a wavy tail.
            l.polygon(
                [(9.5 + lean, cy), (22.5 + lean, cy), (side ? 20 : 22.5, cy + 12), (side ? 8 : 9.5, cy + 12)], mist)
            for i in 0..<4 {
                let x = (side ? 8 : 10) + i * 3 + wave
                l.rect(x, Int(cy) + 12, 2, 2 + (i + wave) % 2, mist)
            }
            if side { l.rect(5 - wave, Int(cy) + 10, 4, 2, mist.shade(-0.05)) }
            // Arms reaching out.
            switch p.facing {
            case .right:
                l.thickLine(
                    Point(18, Int(cy) + 5), Point(21 + reach * 2, Int(cy) + 4 - reach), size: 2, mist.shade(-0.08))
            default:
                let up = p.facing == .down ? reach : 0
                l.thickLine(Point(10, Int(cy) + 5), Point(7 - up, Int(cy) + 8 - up * 2), size: 2, mist.shade(-0.08))
                l.thickLine(Point(21, Int(cy) + 5), Point(24 + up, Int(cy) + 8 - up * 2), size: 2, mist.shade(-0.08))
            }
        }
        if p.facing != .up {
            fig.part(lines: false, bevel: false) { l in
                let hollow = Color(0x2A_1E5A)
                let glow = p.action == .atk ? Color(0xFF_5A5A) : Color(0x8A_F0FF)
                let ex = side ? 18 + reach / 2 : 13
                let y = Int(cy) - 1
                l.rect(ex, y, 2, 3, hollow)
                l.rect(ex + (side ? 4 : 5), y, side ? 1 : 2, 3, hollow)
                l.set(ex, y + 1, glow)
                l.set(ex + (side ? 4 : 5), y + 1, glow)
                l.ellipse(side ? 21.5 + Double(reach) / 2 : 16, cy + 4.5, 1.2, 1.5 + Double(reach) * 0.2, hollow)
            }
        }
        var c = fig.finish(outline: Color(0x3A_3A6A))
        c.fade(0.86)
        return c
    }

    // MARK: - Humanoid monsters

    static func humanoid(_ kind: String) -> Look {
        var look = Look()
        switch kind {
        case "goblin":
            look.skin = Color(0x7A_B04A)
            look.ears = Color(0x6A_A040)
            look.eyes = Color(0xF0_D030)
            look.hair = nil
            look.torso = Color(0x7A_5A34)
            look.sleeves = Color(0x6A_A040)
            look.belt = Color(0x3A_2A1E)
            look.legs = Color(0x5A_4A36)
            look.boots = Color(0x6A_A040).shade(-0.2)
            look.weapon = WeaponSpec(kind: .dagger, blade: Color(0xA8_A8A0), guardColor: Color(0x5A_4A3A), length: 4)
            look.face = { l, _, h in
                let eye = Color(0xF0_D030)
                if h.facing == .down {
                    l.rect(h.x + 2, h.y + 5, 2, 2, eye)
                    l.rect(h.x + 8, h.y + 5, 2, 2, eye)
                    l.set(h.x + 3, h.y + 6, Color(0x1E_1A24))
                    l.set(h.x + 8, h.y + 6, Color(0x1E_1A24))
                    l.hline(h.x + 4, h.x + 7, h.y + 9, Color(0x2A_3A1A))
                    l.set(h.x + 5, h.y + 9, Color(0xF4_F0E0))
                } else {
                    l.rect(h.x + 9, h.y + 5, 2, 2, eye)
                    l.set(h.x + 10, h.y + 6, Color(0x1E_1A24))
                    l.hline(h.x + 9, h.x + 11, h.y + 9, Color(0x2A_3A1A))
                }
            }
            look.torsoDetail = { l, _, x, y, w in
                // A ragged hem.
                for px in stride(from: x, to: x + w, by: 2) { l.set(px, y + 8, Color(0x7A_5A34)) }
            }
        case "skeleton", "skeleton2":
            let bone = kind == "skeleton" ? Color(0xEC_E6D4) : Color(0xB8_B0A4)
            let eyes = kind == "skeleton" ? Color(0x1E_1A24) : Color(0xFF_3A2A)
            look.skin = bone
            look.hair = nil
            look.bony = true
            look.torso = bone
            look.sleeves = bone
            look.hands = bone
            look.legs = bone
            look.boots = bone.shade(-0.1)
            look.face = { l, _, h in
                if h.facing == .down {
                    l.rect(h.x + 2, h.y + 4, 3, 3, Color(0x1E_1A24))
                    l.rect(h.x + 7, h.y + 4, 3, 3, Color(0x1E_1A24))
                    l.set(h.x + 3, h.y + 5, eyes)
                    l.set(h.x + 8, h.y + 5, eyes)
                    l.set(h.x + 5, h.y + 7, Color(0x4A_4040))
                    l.set(h.x + 6, h.y + 7, Color(0x4A_4040))
                    for tx in stride(from: h.x + 3, through: h.x + 8, by: 2) { l.set(tx, h.y + 9, Color(0x4A_4040)) }
                } else {
                    l.rect(h.x + 7, h.y + 4, 3, 3, Color(0x1E_1A24))
                    l.set(h.x + 8, h.y + 5, eyes)
                    l.set(h.x + 11, h.y + 7, Color(0x4A_4040))
                    for tx in stride(from: h.x + 7, through: h.x + 11, by: 2) { l.set(tx, h.y + 9, Color(0x4A_4040)) }
                }
            }
            if kind == "skeleton" {
                look.weapon = WeaponSpec(kind: .sword, blade: Color(0x9A_8A7A), guardColor: Color(0x6A_5A4A), length: 7)
            } else {
                look.weapon = WeaponSpec(kind: .axe, blade: Color(0x8A_8A94), grip: Color(0x5A_4030), length: 8)
                look.shoulders = Color(0x6A_5A4E)
                look.headgear = { l, _, h in
                    Armors.openHelm(&l, h, Color(0x7A_7068), cheeks: false)
                    l.set(h.x + 2, h.y, Color(0x5A_504A))
                    l.set(h.x + 9, h.y + 1, Color(0x5A_504A))
                }
                look.belt = Color(0x5A_3A2A)
            }
        case "wizard":
            let robe = Color(0x5A_3A9A)
            look.skin = Color(0xD8_C0A8)
            look.hair = Color(0xD8_D8E0)
            look.hairStyle = .long
            look.beard = Color(0xE0_E0E8)
            look.torso = robe
            look.robe = robe.shade(-0.05)
            look.belt = Color(0xE8_C040)
            look.boots = Color(0x3A_2A4A)
            look.weapon = WeaponSpec(
                kind: .staff, blade: Color(0x6A_E8FA), grip: Color(0x7A_4A2A), length: 7, glow: Color(0x9A_F4FF))
            look.headgear = { l, _, h in
                wizardHat(&l, h, robe, star: Color(0xF4_E04A))
            }
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down { l.set(x + 3, y + 3, Color(0xF4_E04A)) }
            }
        case "deathknight":
            let plate = Color(0x3A_3A48)
            look.torso = plate
            look.sleeves = Color(0x2A_2A34)
            look.hands = Color(0x4A_4A58)
            look.shoulders = Color(0x4E_4E5E)
            look.legs = Color(0x2A_2A34)
            look.boots = Color(0x4A_4A58)
            look.belt = Color(0x6A_1A1A)
            look.buckle = Color(0xC8_3A2A)
            look.cape = Color(0x3A_1620)
            look.hair = nil
            look.weapon = WeaponSpec(
                kind: .sword, blade: Color(0x5A_5A6E), guardColor: Color(0x8A_2A2A), grip: Color(0x2A_2024), length: 10,
                guardHalf: 2, glow: Color(0xFF_4A3A))
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down {
                    l.vline(x + w / 2 - 1, y + 1, y + 4, Color(0xC8_3A2A))
                    l.vline(x + w / 2, y + 1, y + 4, Color(0xC8_3A2A))
                    l.hline(x + 3, x + w - 4, y + 2, Color(0xC8_3A2A))
                }
            }
            look.headgear = { l, _, h in
                Armors.fullHelm(&l, h, plate, slit: Color(0xFF_3A2A))
                // Spikes on the crest.
                if h.facing == .right {
                    for i in 0..<3 { l.set(h.x + 2 + i * 3, h.y - 2, plate) }
                } else {
                    for i in 0..<3 { l.set(h.x + 3 + i * 3, h.y - 2, plate) }
                }
            }
        default:
            preconditionFailure("no mob \(kind)")
        }
        return look
    }

    /// A tall pointed hat with a brim, leaning back.
    static func wizardHat(_ l: inout Canvas, _ h: HeadBox, _ color: Color, star: Color? = nil) {
        let y = Double(h.y)
        switch h.facing {
        case .right:
            l.polygon([(Double(h.x + 1), y + 3), (Double(h.x + 11), y + 3), (Double(h.x + 1), y - 7)], color)
            l.hline(h.x - 2, h.x + 13, h.y + 3, color.shade(-0.2))
        default:
            l.polygon([(Double(h.x), y + 3), (Double(h.x + 12), y + 3), (Double(h.x + 7), y - 8)], color)
            l.hline(h.x - 2, h.x + 13, h.y + 3, color.shade(-0.2))
        }
        if let star {
            l.set(h.x + 5, h.y - 1, star)
            l.set(h.x + 7, h.y - 4, star.shade(-0.1))
        }
    }
}
