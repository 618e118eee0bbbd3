import PixelArt

/// Where the 12×11 head is in a frame.
struct HeadBox {
    var x: Int
    var y: Int
    var facing: Facing

    var midX: Int { x + 6 }
}

enum HairStyle {
    case short, long, bald, spiky, bun, pigtails
}

/// Everything that distinguishes one humanoid (player armor, NPC, humanoid mob) from another.
struct Look {
    var skin = Color(0xF0_C8A0)
    var eyes = Color(0x2A_2030)
    var hair: Color? = Color(0x6A_4A2A)
    var hairStyle = HairStyle.short
    var beard: Color? = nil
    var ears: Color? = nil
    var torso = Color(0xC8_B89A)
    var sleeves: Color? = nil
    var hands: Color? = nil
    var legs = Color(0x6A_5238)
    var boots = Color(0x4A_3424)
    var belt: Color? = nil
    var buckle: Color? = nil
    var robe: Color? = nil
    var cape: Color? = nil
    var capeTrim: Color? = nil
    var shoulders: Color? = nil
    var bony = false
    var weapon: WeaponSpec? = nil
    /// Decorates the torso layer; gets the torso's left x, top y and width.
    var torsoDetail: ((inout Canvas, Pose, Int, Int, Int) -> Void)? = nil
    /// Replaces the default eyes.
    var face: ((inout Canvas, Pose, HeadBox) -> Void)? = nil
    /// Hats and helmets, drawn on the head layer after hair and face.
    var headgear: ((inout Canvas, Pose, HeadBox) -> Void)? = nil
    /// Drawn first (tails, wings).
    var back: ((inout Canvas, Pose) -> Void)? = nil
    /// Drawn last, before the outline (held props).
    var front: ((inout Canvas, Pose) -> Void)? = nil
}

/// Draws a 32×32 humanoid in a pose.
enum Humanoid {
    static func head(_ pose: Pose) -> HeadBox {
        HeadBox(x: 10 + pose.lean, y: 7 + pose.bob, facing: pose.facing)
    }

    static func draw(_ look: Look, _ pose: Pose) -> Canvas {
        var fig = Figure(width: 32, height: 32)
        let b = pose.bob
        let side = pose.facing == .right
        let sleeves = look.sleeves ?? look.torso
        let hands = look.hands ?? look.skin
        let limb = look.bony ? 1 : 2

        if let back = look.back { fig.part(lines: false) { back(&$0, pose) } }

        // A cape hangs behind the body (front and side views).
        if let cape = look.cape, pose.facing != .up {
            fig.part(lines: false) { l in
                if side {
                    let sway = pose.action == .walk ? pose.frame % 2 : 0
                    l.polygon(
                        [(13, Double(18 + b)), (16, Double(18 + b)), (14, 29), (Double(9 - sway), 28)], cape.shade(-0.1)
                    )
                } else {
                    l.rect(9, 19 + b, 14, 9 - b, cape.shade(-0.15))
                }
            }
        }

        // The far arm, behind the torso in the side view.
        if side {
            fig.part { l in
                l.thickLine(pose.otherShoulder, pose.otherHand, size: limb, sleeves.shade(-0.2))
                l.rect(pose.otherHand.x, pose.otherHand.y, 2, 2, hands.shade(-0.2))
            }
        }

        // Legs, or a robe's skirt with the feet peeking out.
        if let robe = look.robe {
            fig.part { l in
                if side {
                    l.rect(11 + pose.strideFar, 29, 3, 2, look.boots.shade(-0.2))
                    l.rect(15 + pose.strideNear, 29, 4, 2, look.boots)
                }
            }
            fig.part { l in
                if side {
                    l.polygon(
                        [
                            (Double(12 + pose.lean), Double(24 + b)), (Double(20 + pose.lean), Double(24 + b)),
                            (21, 30), (11, 30),
                        ], robe)
                } else {
                    for foot in [(12, pose.liftLeft), (17, pose.liftRight)] where foot.1 == 0 {
                        l.rect(foot.0, 29, 3, 2, look.boots)
                    }
                    l.polygon([(11, Double(24 + b)), (21, Double(24 + b)), (22, 30), (10, 30)], robe)
                    l.hline(10, 21, 29, robe.shade(-0.2))
                }
            }
        } else if side {
            for (hip, stride, lift, shade) in [
                (14, pose.strideFar, pose.liftFar, -0.22), (15, pose.strideNear, pose.liftNear, 0.0),
            ] {
                fig.part { l in
                    let bottom = 30 - lift
                    l.thickLine(
                        Point(hip + pose.lean / 2, 26 + b), Point(hip + stride, bottom - 2), size: look.bony ? 1 : 3,
                        look.legs.shade(shade))
                    for y in (bottom - 1)...bottom {
                        for x in 0..<32 where l.isOpaque(x, y) { l[x, y] = look.boots.shade(shade) }
                    }
                    // Toe.
                    let toe = (0..<32).last { l.isOpaque($0, bottom) } ?? hip
                    l.set(toe + 1, bottom, look.boots.shade(shade))
                }
            }
        } else {
            for (x, lift) in [(12, pose.liftLeft), (17, pose.liftRight)] {
                fig.part { l in
                    let bottom = 30 - lift
                    if look.bony {
                        l.vline(x + 1, 26 + b, bottom, look.legs)
                        l.rect(x, bottom - 1, 3, 2, look.boots)
                    } else {
                        l.rect(x, 26 + b, 3, bottom - 25 - b, look.legs)
                        l.rect(x, bottom - 1, 3, 2, look.boots)
                    }
                }
            }
        }

        // Torso.
        let torsoX = side ? 12 + pose.lean : 11
        let torsoW = side ? 8 : 10
        let torsoY = 18 + b
        fig.part { l in
            if look.bony {
                // Spine, ribs and pelvis.
                l.vline(torsoX + torsoW / 2 - (side ? 2 : 1), torsoY, torsoY + 7, look.torso)
                for row in [1, 3, 5] {
                    let inset = row == 5 ? 2 : 1
                    l.hline(torsoX + inset, torsoX + torsoW - 1 - inset - (side ? 2 : 0), torsoY + row, look.torso)
                }
                l.hline(torsoX + 2, torsoX + torsoW - 3, torsoY + 7, look.torso.shade(-0.1))
            } else {
                l.roundRect(torsoX, torsoY, torsoW, 8, radius: 1, look.torso)
            }
            if let belt = look.belt {
                l.hline(torsoX, torsoX + torsoW - 1, torsoY + 6, belt)
                if let buckle = look.buckle, pose.facing != .up {
                    l.set(side ? torsoX + torsoW - 3 : torsoX + torsoW / 2 - 1, torsoY + 6, buckle)
                    if !side { l.set(torsoX + torsoW / 2, torsoY + 6, buckle) }
                }
            }
            look.torsoDetail?(&l, pose, torsoX, torsoY, torsoW)
        }

        if let pads = look.shoulders {
            fig.part { l in
                switch pose.facing {
                case .right:
                    l.roundRect(14 + pose.lean, 17 + b, 5, 4, radius: 1, pads)
                default:
                    l.roundRect(8, 17 + b, 5, 4, radius: 1, pads)
                    l.roundRect(19, 17 + b, 5, 4, radius: 1, pads)
                }
            }
        }

        // Arms (both in front and back views; the near one in the side view).
        func arm(_ shoulder: Point, _ hand: Point) {
            fig.part { l in
                l.thickLine(shoulder, hand, size: limb, sleeves)
                l.rect(hand.x, hand.y, 2, 2, hands)
            }
        }
        if side {
            arm(pose.weaponShoulder, pose.weaponHand)
        } else {
            arm(pose.otherShoulder, pose.otherHand)
            arm(pose.weaponShoulder, pose.weaponHand)
        }

        if let cape = look.cape, pose.facing == .up {
            fig.part { l in
                l.polygon([(10, Double(18 + b)), (22, Double(18 + b)), (23, 29), (9, 29)], cape)
                l.vline(13, 21 + b, 28, cape.shade(-0.2))
                l.vline(18, 21 + b, 28, cape.shade(-0.2))
                if let trim = look.capeTrim { l.hline(9, 22, 28, trim) }
            }
        }

        // Head.
        let box = head(pose)
        fig.add(drawHead(look, pose, box))

        if let weapon = look.weapon {
            fig.part { weapon.draw(on: &$0, hand: pose.weaponHand, angle: pose.weaponAngle, glint: pose.frame) }
            fig.part(lines: false) { $0.rect(pose.weaponHand.x, pose.weaponHand.y, 2, 2, hands) }
        }
        if let front = look.front { fig.part(lines: false) { front(&$0, pose) } }
        return fig.finish()
    }

    static func drawHead(_ look: Look, _ pose: Pose, _ h: HeadBox) -> Canvas {
        var l = Canvas(width: 32, height: 32)
        let (x, y) = (h.x, h.y)
        var mask = Canvas(width: 32, height: 32)
        mask.roundRect(x, y, 12, 11, radius: 3, look.skin)
        if h.facing == .right { mask.set(x + 12, y + 6, look.skin) }
        l.draw(mask, atX: 0, y: 0)

        if let ears = look.ears {
            switch h.facing {
            case .right:
                l.polygon(
                    [(Double(x + 3), Double(y + 4)), (Double(x + 6), Double(y + 4)), (Double(x - 1), Double(y + 1))],
                    ears)
            default:
                l.polygon(
                    [(Double(x + 1), Double(y + 3)), (Double(x + 1), Double(y + 7)), (Double(x - 3), Double(y + 2))],
                    ears)
                l.polygon(
                    [
                        (Double(x + 11), Double(y + 3)), (Double(x + 11), Double(y + 7)),
                        (Double(x + 15), Double(y + 2)),
                    ], ears)
            }
        }

        // Face.
        if h.facing != .up {
            if let face = look.face {
                face(&l, pose, h)
            } else if h.facing == .down {
                l.vline(x + 3, y + 5, y + 6, look.eyes)
                l.vline(x + 8, y + 5, y + 6, look.eyes)
                l.set(x + 2, y + 7, look.skin.shade(-0.1).mix(Color(0xF0_8080), 0.35))
                l.set(x + 9, y + 7, look.skin.shade(-0.1).mix(Color(0xF0_8080), 0.35))
            } else {
                l.vline(x + 9, y + 5, y + 6, look.eyes)
            }
        }

        if let hair = look.hair {
            for py in y..<(y + 11) {
                for px in x..<(x + 12) where mask.isOpaque(px, py) {
                    let (cx, cy) = (px - x, py - y)
                    var covered = false
                    switch h.facing {
                    case .down:
                        covered = cy <= 2 || (cy == 3 && !(4...6).contains(cx)) || (cy <= 6 && (cx <= 1 || cx >= 10))
                        if look.hairStyle == .long || look.hairStyle == .pigtails {
                            covered = covered || (cx <= 1 || cx >= 10)
                        }
                    case .up:
                        covered = cy <= 8 || look.hairStyle == .long
                    case .right:
                        covered = cy <= 2 || (cx <= 6 && cy <= 8) || (cy == 3 && cx <= 9) || (cx == 7 && cy <= 5)
                        if look.hairStyle == .long { covered = covered || cx <= 6 }
                    }
                    if look.hairStyle == .bald {
                        // A fringe around the crown.
                        switch h.facing {
                        case .down: covered = (3...6).contains(cy) && (cx <= 1 || cx >= 10)
                        case .up: covered = (4...7).contains(cy)
                        case .right: covered = (3...7).contains(cy) && cx <= 4
                        }
                    }
                    if covered { l[px, py] = cy == 1 && (2...4).contains(cx) ? hair.shade(0.25) : hair }
                }
            }
            switch look.hairStyle {
            case .long:
                switch h.facing {
                case .down:
                    l.rect(x - 1, y + 4, 2, 10, hair)
                    l.rect(x + 11, y + 4, 2, 10, hair)
                case .up: l.roundRect(x, y + 6, 12, 8, radius: 2, hair)
                case .right: l.roundRect(x - 1, y + 3, 7, 11, radius: 2, hair)
                }
            case .pigtails:
                if h.facing == .right {
                    l.roundRect(x - 2, y + 6, 4, 5, radius: 1, hair)
                } else {
                    l.roundRect(x - 3, y + 6, 4, 5, radius: 1, hair)
                    l.roundRect(x + 11, y + 6, 4, 5, radius: 1, hair)
                }
            case .spiky:
                for sx in stride(from: x + 1, to: x + 11, by: 3) {
                    l.set(sx, y - 1, hair)
                    l.set(sx + 1, y - 1, hair)
                    l.set(sx + 1, y - 2, hair)
                }
            case .bun:
                l.ellipse(Double(h.facing == .right ? x + 3 : x + 6), Double(y), 2.5, 2.2, hair)
            default: break
            }
        }

        if let beard = look.beard, h.facing != .up {
            if h.facing == .down {
                l.roundRect(x + 1, y + 7, 10, 6, radius: 2, beard)
                l.hline(x + 4, x + 7, y + 8, look.skin.shade(-0.3))
            } else {
                l.roundRect(x + 6, y + 7, 6, 6, radius: 2, beard)
            }
        }

        look.headgear?(&l, pose, h)
        return l
    }

    /// All nine animations of a humanoid look, as a 32×32 sprite.
    static func sprite(_ name: String, _ look: Look, actions: [Action] = Action.allCases) -> Sprite {
        var sprite = Sprite(name: name, width: 32, height: 32)
        for (row, poses) in Pose.all() where actions.contains(poses[0].action) {
            sprite.add(row, speed: poses[0].action.speed, poses.map { draw(look, $0) })
        }
        return sprite
    }
}
