import Glibc
import PixelArt

/// The villagers and other people (and creatures) who talk. NPCs stand still: each has `idle_down`, `idle_up` and
/// `idle_right`, two frames each.
enum NPCs {
    static let kinds = [
        "guard", "king", "octocat", "villagegirl", "villager", "priest", "scientist", "agent", "rick", "nyan",
        "sorcerer", "beachnpc", "forestnpc", "desertnpc", "lavanpc", "coder",
    ]

    static func build() -> [Sprite] {
        kinds.map { kind in
            switch kind {
            case "octocat": idleOnly(kind) { octocat($0) }
            case "nyan": idleOnly(kind) { nyan($0) }
            default: Humanoid.sprite(kind, look(kind), actions: [.idle])
            }
        }
    }

    static func idleOnly(_ name: String, draw: (Pose) -> Canvas) -> Sprite {
        var sprite = Sprite(name: name, width: 32, height: 32)
        for facing in Facing.allCases {
            sprite.add("idle_\(facing.rawValue)", speed: 600, (0..<2).map { draw(Pose(facing, .idle, $0)) })
        }
        return sprite
    }

    // MARK: - People

    static func look(_ kind: String) -> Look {
        var look = Look()
        switch kind {
        case "guard":
            look.torso = Color(0x3A_5AA8)
            look.sleeves = Color(0x9C_A4B0)
            look.hands = Color(0x7A_808C)
            look.belt = Color(0x4A_3424)
            look.buckle = Color(0xE8_C040)
            look.legs = Color(0x4A_4E5E)
            look.boots = Color(0x3A_3040)
            look.hair = Color(0x8A_5A2A)
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down {
                    l.rect(x + w / 2 - 1, y + 1, 2, 3, Color(0xE8_C040))
                    l.set(x + w / 2 - 1, y + 2, Color(0xF4_E8A0))
                }
            }
            look.headgear = { l, _, h in
                // A kettle helmet with a wide brim.
                l.roundRect(h.x, h.y - 2, 12, 6, radius: 3, Color(0xB0_B8C4))
                l.hline(h.x - 2, h.x + 13, h.y + 3, Color(0x8A_929E))
                l.set(h.x + 3, h.y - 1, Color(0xE0_E8F0))
            }
            look.weapon = WeaponSpec(kind: .spear, blade: Color(0xC8_D0DC), grip: Color(0x7A_4A28), length: 9)
        case "king":
            look.skin = Color(0xF0_C8A0)
            look.hair = Color(0xE8_E4DC)
            look.beard = Color(0xF0_ECE4)
            look.torso = Color(0xB0_2A3A)
            look.robe = Color(0xA0_2434)
            look.cape = Color(0x8A_1A2A)
            look.shoulders = Color(0xF4_F0E8)
            look.belt = Color(0xE8_C040)
            look.boots = Color(0x4A_2A1E)
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down { l.vline(x + w / 2, y + 2, y + 7, Color(0xE8_C040)) }
            }
            look.headgear = { l, _, h in
                let gold = Color(0xF0_C43C)
                l.rect(h.x + 1, h.y - 2, 10, 3, gold)
                for i in 0..<3 { l.rect(h.x + 1 + i * 4, h.y - 4, 2, 2, gold) }
                l.set(h.x + 5, h.y - 1, Color(0xE0_2A3A))
                l.set(h.x + 6, h.y - 1, Color(0xE0_2A3A))
                l.set(h.x + 2, h.y - 1, Color(0x3A_7AE8))
                l.set(h.x + 9, h.y - 1, Color(0x3A_7AE8))
            }
            look.front = { l, pose in
                // Ermine spots on the mantle.
                guard pose.facing != .up else { return }
                for x in pose.facing == .down ? [9, 13, 19, 23] : [15, 18] { l.set(x, 18 + pose.bob, Color(0x1E_1A24)) }
            }
        case "villagegirl":
            look.hair = Color(0xC8_6A2A)
            look.hairStyle = .pigtails
            look.torso = Color(0xE8_6A8A)
            look.robe = Color(0xE0_5A7E)
            look.boots = Color(0x6A_3A2A)
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down {
                    l.rect(x + 2, y + 3, w - 4, 5, Color(0xF8_F4EC))
                } else if pose.facing == .right {
                    l.rect(x + w - 3, y + 3, 3, 5, Color(0xF8_F4EC))
                }
            }
            look.front = { l, pose in
                // Apron continues over the skirt; a flower in the hair.
                if pose.facing == .down { l.rect(13, 26 + pose.bob, 6, 3, Color(0xF8_F4EC)) }
                if pose.facing != .up { l.set(pose.facing == .down ? 11 : 14, 9 + pose.bob, Color(0xF4_E04A)) }
            }
        case "villager":
            look.hair = Color(0x5A_3A22)
            look.torso = Color(0x6A_8A4A)
            look.belt = Color(0x5A_3A22)
            look.legs = Color(0x8A_6A48)
            look.boots = Color(0x4A_3424)
            look.headgear = { l, _, h in
                // A straw hat.
                let straw = Color(0xE8_C878)
                l.roundRect(h.x + 1, h.y - 3, 10, 6, radius: 3, straw)
                l.hline(h.x - 2, h.x + 13, h.y + 2, straw.shade(-0.1))
                l.hline(h.x + 1, h.x + 10, h.y + 1, Color(0xB0_3A2A))
            }
        case "priest":
            look.hair = Color(0x8A_8A8A)
            look.hairStyle = .bald
            look.torso = Color(0xF0_ECE2)
            look.robe = Color(0xE8_E4D8)
            look.boots = Color(0x8A_6A4A)
            look.torsoDetail = { l, pose, x, y, w in
                // A gold stole with a sun.
                if pose.facing == .down {
                    l.vline(x + 2, y, y + 8, Color(0xE8_C040))
                    l.vline(x + w - 3, y, y + 8, Color(0xE8_C040))
                    l.rect(x + w / 2 - 1, y + 2, 2, 2, Color(0xF4_D040))
                } else if pose.facing == .right {
                    l.vline(x + w - 3, y, y + 8, Color(0xE8_C040))
                }
            }
            look.front = { l, pose in
                if pose.facing == .down {
                    l.vline(13, 26 + pose.bob, 29, Color(0xE8_C040))
                    l.vline(18, 26 + pose.bob, 29, Color(0xE8_C040))
                }
            }
        case "scientist":
            look.hair = Color(0xC8_C8D0)
            look.hairStyle = .spiky
            look.torso = Color(0xF4_F4F8)
            look.robe = Color(0xEC_ECF2)
            look.hands = Color(0xE8_C8A8)
            look.boots = Color(0x3A_3A44)
            look.face = { l, _, h in
                // Round glasses.
                let rim = Color(0x3A_3A44)
                if h.facing == .down {
                    l.frame(h.x + 2, h.y + 4, 3, 3, rim)
                    l.frame(h.x + 7, h.y + 4, 3, 3, rim)
                    l.set(h.x + 3, h.y + 5, Color(0x8A_D0F0))
                    l.set(h.x + 8, h.y + 5, Color(0x8A_D0F0))
                    l.hline(h.x + 5, h.x + 6, h.y + 5, rim)
                } else {
                    l.frame(h.x + 8, h.y + 4, 3, 3, rim)
                    l.set(h.x + 9, h.y + 5, Color(0x8A_D0F0))
                    l.hline(h.x + 5, h.x + 7, h.y + 5, rim)
                }
            }
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down {
                    l.vline(x + w / 2 - 1, y, y + 8, Color(0xC8_C8D4))
                    l.rect(x + 1, y + 4, 2, 1, Color(0x3A_8AE8))
                }
            }
            look.front = { l, pose in
                // A bubbling green flask in the free hand.
                guard pose.facing != .up else { return }
                let h = pose.otherHand
                let x = pose.facing == .down ? h.x : h.x + 2
                l.rect(x, h.y - 3, 2, 1, Color(0xCC_E6F6))
                l.ellipse(Double(x) + 1, Double(h.y) + 0.5, 2, 2, Color(0x5A_E05A))
                l.set(x + (pose.frame == 0 ? 0 : 1), h.y - 5, Color(0xA8_F8A8))
            }
        case "agent":
            look.hair = Color(0x1A_1A20)
            look.torso = Color(0x2A_2A34)
            look.legs = Color(0x22_222A)
            look.boots = Color(0x14_1418)
            look.hands = Color(0xF0_C8A0)
            look.face = { l, _, h in
                if h.facing == .down {
                    l.hline(h.x + 1, h.x + 10, h.y + 5, Color(0x14_1418))
                    l.rect(h.x + 2, h.y + 5, 3, 2, Color(0x14_1418))
                    l.rect(h.x + 7, h.y + 5, 3, 2, Color(0x14_1418))
                    l.set(h.x + 2, h.y + 5, Color(0x6A_7A9A))
                } else {
                    l.hline(h.x + 6, h.x + 11, h.y + 5, Color(0x14_1418))
                    l.rect(h.x + 9, h.y + 5, 3, 2, Color(0x14_1418))
                }
            }
            look.torsoDetail = { l, pose, x, y, w in
                if pose.facing == .down {
                    l.rect(x + w / 2 - 2, y, 4, 4, Color(0xF4_F4F8))
                    l.vline(x + w / 2 - 1, y + 1, y + 4, Color(0x2A_4A9A))
                    l.vline(x + w / 2, y + 1, y + 4, Color(0x2A_4A9A))
                } else if pose.facing == .right {
                    l.rect(x + w - 2, y, 2, 3, Color(0xF4_F4F8))
                }
            }
            look.front = { l, pose in
                // An earpiece wire.
                if pose.facing == .right { l.vline(16, 14 + pose.bob, 17 + pose.bob, Color(0xC8_C8D4)) }
            }
        case "rick":
            look.hair = Color(0xD8_A050)
            look.hairStyle = .long
            look.torso = Color(0x2A_8A8A)
            look.sleeves = Color(0xE8_C040)
            look.belt = Color(0x6A_3A1E)
            look.buckle = Color(0xE8_C040)
            look.legs = Color(0x8A_2A3A)
            look.boots = Color(0x5A_3422)
            look.headgear = { l, pose, h in
                // A feathered cap.
                let cap = Color(0x3A_8A3A)
                l.roundRect(h.x + 1, h.y - 2, 10, 5, radius: 2, cap)
                l.hline(h.x, h.x + 11, h.y + 2, cap.shade(-0.2))
                let fx = h.facing == .right ? h.x + 1 : h.x + 9
                let d = h.facing == .right ? -1 : 1
                l.line(fx, h.y, fx + 3 * d, h.y - 5, Color(0xE0_3A3A))
                l.set(fx + 2 * d, h.y - 4 + pose.frame, Color(0xF0_6A5A))
            }
            look.front = { l, pose in
                // A lute held across the body.
                let body = Color(0xC0_7A38)
                let y = 22 + pose.bob
                switch pose.facing {
                case .down:
                    l.ellipse(13, Double(y) + 1.5, 3, 2.8, body)
                    l.set(13, y + 1, Color(0x4A_2A1A))
                    l.line(15, y, 21, y - 5, Color(0x7A_4A22))
                    l.set(22, y - 6, Color(0x7A_4A22))
                    l.set(14 + pose.frame, y + 3, Color(0xF0_C8A0))
                case .right:
                    l.ellipse(16, Double(y) + 1.5, 3, 2.8, body)
                    l.set(16, y + 1, Color(0x4A_2A1A))
                    l.line(18, y, 23, y - 4, Color(0x7A_4A22))
                case .up:
                    l.line(10, y - 3, 21, y + 4, Color(0x7A_4A22))
                }
                if pose.frame == 1 && pose.facing != .up {
                    l.set(25, 12, Color(0xF4_F4F8))
                    l.vline(26, 9, 12, Color(0xF4_F4F8))
                    l.set(27, 9, Color(0xF4_F4F8))
                }
            }
        case "sorcerer":
            let robe = Color(0x2A_2A6A)
            look.skin = Color(0xE8_C8A8)
            look.hair = nil
            look.beard = Color(0xF4_F4F8)
            look.torso = robe
            look.robe = robe
            look.cape = Color(0x3A_2A7A)
            look.belt = Color(0xC8_A0F0)
            look.boots = Color(0x2A_1E3A)
            look.weapon = WeaponSpec(
                kind: .staff, blade: Color(0xE8_4AF0), grip: Color(0x4A_3A2A), length: 8, glow: Color(0xF0_9AFF))
            look.headgear = { l, _, h in
                // A deep hood.
                Armors.openHelm(&l, h, Color(0x3A_2A7A))
                l.set(h.x + 6, h.y - 1, Color(0xF4_E04A))
            }
            look.front = { l, pose in
                if pose.facing == .down {
                    for (x, y) in [(12, 27), (19, 25)] { l.set(x, y + pose.bob, Color(0xF4_E04A)) }
                }
            }
        case "beachnpc":
            look.skin = Color(0xD8_A070)
            look.hair = Color(0xF0_D070)
            look.torso = Color(0xF4_D040)
            look.sleeves = Color(0xD8_A070)
            look.legs = Color(0x3A_8AE8)
            look.boots = Color(0xD8_A070)
            look.torsoDetail = { l, pose, x, y, w in
                // A flower-print tank top.
                for (dx, dy) in [(2, 2), (6, 4), (3, 6)] where pose.facing != .right || dx < w - 1 {
                    l.set(x + dx, y + dy, Color(0xE8_4A6A))
                }
            }
            look.face = { l, _, h in
                if h.facing == .down {
                    l.rect(h.x + 2, h.y + 5, 3, 2, Color(0x1E_1A24))
                    l.rect(h.x + 7, h.y + 5, 3, 2, Color(0x1E_1A24))
                    l.hline(h.x + 5, h.x + 6, h.y + 5, Color(0x1E_1A24))
                    l.hline(h.x + 4, h.x + 7, h.y + 8, Color(0xA8_5A3A))
                } else {
                    l.rect(h.x + 9, h.y + 5, 3, 2, Color(0x1E_1A24))
                }
            }
            look.headgear = { l, _, h in
                l.roundRect(h.x + 2, h.y - 2, 8, 4, radius: 2, Color(0xF4_F0E0))
                l.hline(h.x - 3, h.x + 14, h.y + 1, Color(0xF4_F0E0))
                l.hline(h.x + 2, h.x + 9, h.y + 1, Color(0xE8_4A6A))
            }
        case "forestnpc":
            let cloak = Color(0x3E_7A3A)
            look.hair = Color(0x8A_5A2A)
            look.torso = Color(0x6A_5232)
            look.sleeves = cloak
            look.cape = cloak.shade(-0.1)
            look.belt = Color(0x3A_2A1E)
            look.legs = Color(0x4A_4A34)
            look.boots = Color(0x3A_2A1E)
            look.headgear = { l, _, h in Armors.openHelm(&l, h, cloak) }
            look.back = { l, pose in
                // A bow slung across the back.
                let bow = Color(0x9A_6A34)
                switch pose.facing {
                case .up:
                    break
                case .down:
                    l.line(22, 14 + pose.bob, 24, 19 + pose.bob, bow)
                    l.line(24, 19 + pose.bob, 23, 24 + pose.bob, bow)
                case .right:
                    l.line(10, 16 + pose.bob, 8, 21 + pose.bob, bow)
                    l.line(8, 21 + pose.bob, 10, 26 + pose.bob, bow)
                }
            }
            look.front = { l, pose in
                if pose.facing == .up {
                    let bow = Color(0x9A_6A34)
                    l.line(10, 16 + pose.bob, 21, 27 + pose.bob, bow)
                    l.line(10, 16 + pose.bob, 12, 26 + pose.bob, Color(0xE8_E4DC).alpha(200))
                }
            }
        case "desertnpc":
            let cloth = Color(0xF0_E8D8)
            look.skin = Color(0xB8_7A4E)
            look.hair = nil
            look.beard = Color(0x2A_1E1A)
            look.torso = Color(0xD8_B888)
            look.robe = Color(0xD0_B080)
            look.belt = Color(0x8A_3A2A)
            look.boots = Color(0x6A_4A2A)
            look.headgear = { l, _, h in
                // A wrapped head cloth with a band.
                Armors.openHelm(&l, h, cloth)
                l.hline(h.x - 1, h.x + 12, h.y + 1, Color(0x8A_3A2A))
                if h.facing != .down { l.rect(h.x - 2, h.y + 6, 4, 6, cloth.shade(-0.1)) }
            }
        case "lavanpc":
            look.skin = Color(0xE0_B090)
            look.hair = Color(0x2A_2A30)
            look.hairStyle = .short
            look.beard = Color(0x2A_2A30)
            look.torso = Color(0x6A_4A3A)
            look.sleeves = Color(0x8A_3A2A)
            look.hands = Color(0x3A_2A2A)
            look.belt = Color(0x3A_2A1E)
            look.buckle = Color(0xE8_8A2A)
            look.legs = Color(0x4A_3A34)
            look.boots = Color(0x2A_2024)
            look.weapon = WeaponSpec(kind: .hammer, blade: Color(0x6A_6A78), grip: Color(0x6A_4428), length: 6)
            look.headgear = { l, _, h in
                // Heat goggles pushed up on the forehead.
                l.hline(h.x, h.x + 11, h.y + 2, Color(0x3A_2A2A))
                if h.facing == .down {
                    l.rect(h.x + 2, h.y + 1, 3, 3, Color(0xE8_8A2A))
                    l.rect(h.x + 7, h.y + 1, 3, 3, Color(0xE8_8A2A))
                } else if h.facing == .right {
                    l.rect(h.x + 8, h.y + 1, 3, 3, Color(0xE8_8A2A))
                }
            }
            look.torsoDetail = { l, pose, x, y, w in
                // A leather apron with soot.
                if pose.facing == .down {
                    l.rect(x + 2, y + 2, w - 4, 6, Color(0x8A_6A4A))
                    l.set(x + 4, y + 4, Color(0x4A_3A34))
                }
            }
            look.front = { l, pose in
                if pose.facing == .down { l.rect(13, 26 + pose.bob, 6, 2, Color(0x8A_6A4A)) }
                if pose.frame == 1 { l.set(pose.facing == .right ? 22 : 8, 12, Color(0xFF_A040)) }
            }
        case "coder":
            look.hair = Color(0x3A_2A22)
            look.torso = Color(0x5A_5A6E)
            look.legs = Color(0x3A_4A7A)
            look.boots = Color(0xE8_E8EC)
            look.headgear = { l, _, h in
                // Headphones over the hair.
                let band = Color(0x2A_2A30)
                switch h.facing {
                case .right:
                    l.hline(h.x + 2, h.x + 8, h.y - 1, band)
                    l.roundRect(h.x + 4, h.y + 4, 3, 4, radius: 1, Color(0xE0_3A3A))
                default:
                    l.hline(h.x + 1, h.x + 10, h.y - 1, band)
                    l.rect(h.x - 1, h.y + 4, 2, 4, Color(0xE0_3A3A))
                    l.rect(h.x + 11, h.y + 4, 2, 4, Color(0xE0_3A3A))
                }
            }
            look.torsoDetail = { l, pose, x, y, w in
                // A hoodie: pocket and drawstrings.
                if pose.facing == .down {
                    l.vline(x + 3, y, y + 2, Color(0xE8_E8EC))
                    l.vline(x + 6, y, y + 2, Color(0xE8_E8EC))
                    l.rect(x + 2, y + 5, w - 4, 2, Color(0x4A_4A5E))
                }
            }
            look.front = { l, pose in
                // A laptop, screen glowing.
                guard pose.facing != .up else { return }
                let x = pose.facing == .down ? 11 : 15
                let y = 22 + pose.bob
                l.rect(x, y, 10, 2, Color(0x9A_A0AC))
                l.rect(x + 1, y - 5, 8, 5, Color(0x3A_3A44))
                l.rect(x + 2, y - 4, 6, 3, pose.frame == 0 ? Color(0x5A_E07A) : Color(0x4A_C0E8))
                l.hline(x + 3, x + 5 + pose.frame, y - 3, Color(0x1E_3A2A))
            }
        default:
            preconditionFailure("no npc \(kind)")
        }
        return look
    }

    // MARK: - Creatures

    /// A dark cat-eared head on an octopus body with curling arms.
    static func octocat(_ p: Pose) -> Canvas {
        let ink = Color(0x2E_2A36)
        let face = Color(0xF0_C8B0)
        var fig = Figure(width: 32, height: 32)
        let b = p.bob
        fig.part { l in
            for i in 0..<5 {
                let x = 9 + i * 3 + (p.facing == .right ? 1 : 0)
                let curl = (i + p.frame) % 2 == 0 ? -1 : 1
                l.thickLine(Point(x, 22 + b), Point(x + curl, 28), size: 2, ink.shade(-0.1))
                l.set(x + curl * 2, 29, ink.shade(-0.1))
            }
        }
        fig.part { l in
            l.roundRect(7, 9 + b, 18, 15, radius: 5, ink)
            l.polygon([(8.5, Double(13 + b)), (12, Double(10 + b)), (9, Double(5 + b))], ink)
            l.polygon([(23.5, Double(13 + b)), (20, Double(10 + b)), (23, Double(5 + b))], ink)
        }
        if p.facing != .up {
            fig.part(lines: false) { l in
                let side = p.facing == .right
                let fx = side ? 18.0 : 16.0
                l.ellipse(fx, Double(17 + b), side ? 5.5 : 6.5, 4.5, face)
                for x in side ? [16, 21] : [12, 18] {
                    l.rect(x, 15 + b, 2, 3, Color(0x1E_1A24))
                    l.set(x, 15 + b, Color(0xFF_FFFF))
                }
                l.set(Int(fx) - (side ? 0 : 1), 19 + b, Color(0xD8_7A8A))
                if !side { l.set(Int(fx), 19 + b, Color(0xD8_7A8A)) }
                if p.facing == .down {
                    l.hline(6, 8, 18 + b, face.shade(-0.2))
                    l.hline(23, 25, 18 + b, face.shade(-0.2))
                }
            }
        }
        return fig.finish()
    }

    /// Prism: a cream cat sitting on a little cloud, with a rainbow scarf and a rainbow trailing behind.
    static func nyan(_ p: Pose) -> Canvas {
        let fur = Color(0xF4_E8D8)
        let stripe = Color(0xE8_A85A)
        let rainbow: [Color] = [
            Color(0xE8_3A3A), Color(0xF5_9A2A), Color(0xF4_E04A), Color(0x4E_B24A), Color(0x3A_8AE8), Color(0x8A_5AD8),
        ]
        var fig = Figure(width: 32, height: 32)
        let b = p.bob
        let side = p.facing == .right
        // The rainbow arcs behind, shimmering between frames.
        fig.part(lines: false, bevel: false) { l in
            for (i, color) in rainbow.enumerated() {
                let r = 12.0 - Double(i)
                for a in stride(from: 0.0, through: Double.pi, by: 0.02) {
                    let x = 16 + cos(a) * r
                    let y = 21 - sin(a) * r * 0.9
                    l[Int(x), Int(y)] = color.alpha(p.frame == 0 ? 200 : 235)
                }
            }
        }
        fig.part { l in
            // Tail.
            if side {
                l.thickLine(Point(9, 25), Point(6, 20 - p.frame), size: 2, fur)
                l.set(6, 19 - p.frame, stripe)
            } else {
                l.thickLine(Point(20, 27), Point(24, 23 - p.frame), size: 2, fur)
                l.set(24, 22 - p.frame, stripe)
            }
        }
        fig.part { l in
            // Body sitting.
            l.roundRect(side ? 10 : 11, 20 + b, side ? 11 : 10, 9 - b, radius: 3, fur)
            l.hline(side ? 12 : 13, side ? 18 : 18, 23 + b, stripe)
            l.hline(side ? 12 : 13, side ? 18 : 18, 25 + b, stripe)
        }
        fig.part { l in
            let hx = side ? 14 : 10
            l.roundRect(hx, 12 + b, 12, 9, radius: 3, fur)
            l.polygon(
                [
                    (Double(hx) + 0.5, Double(15 + b)), (Double(hx) + 4, Double(12 + b)),
                    (Double(hx) + 1, Double(8 + b)),
                ], fur)
            l.polygon(
                [
                    (Double(hx) + 11.5, Double(15 + b)), (Double(hx) + 8, Double(12 + b)),
                    (Double(hx) + 11, Double(8 + b)),
                ], fur)
            l.set(hx + 1, 11 + b, Color(0xF0_9AB0))
            l.set(hx + 10, 11 + b, Color(0xF0_9AB0))
            l.hline(hx + 4, hx + 7, 12 + b, stripe)
        }
        fig.part { l in
            // Rainbow scarf.
            let x0 = side ? 14 : 11
            for (i, color) in rainbow.prefix(4).enumerated() {
                l.rect(x0 + i * 2 + (side ? 1 : 0), 20 + b, 2, 2, color)
            }
            if !side { l.rect(18, 22 + b, 2, 3, rainbow[0]) }
        }
        if p.facing != .up {
            fig.part(lines: false, bevel: false) { l in
                let hx = side ? 14 : 10
                let eyes = side ? [hx + 7, hx + 10] : [hx + 3, hx + 8]
                for x in eyes { l.vline(x, 15 + b, 16 + b, Color(0x1E_1A24)) }
                l.set(side ? hx + 9 : hx + 5, 18 + b, Color(0xF0_7A9A))
                if !side { l.set(hx + 6, 18 + b, Color(0xF0_7A9A)) }
            }
        }
        return fig.finish()
    }
}
