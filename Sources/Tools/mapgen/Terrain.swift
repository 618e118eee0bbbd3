import Glibc
import PixelArt

/// Ground types, ordered from lowest to highest: where terrains meet, the higher one is drawn over the lower
/// one with a soft edge (one overlay tile per corner combination).
enum Terrain: Int, CaseIterable, Comparable {
    case void
    case water
    case lava
    case sand
    case cobble
    case dirt
    case cavefloor
    case grass
    case mire
    case snow
    case ash
    case rock

    static func < (lhs: Terrain, rhs: Terrain) -> Bool { lhs.rawValue < rhs.rawValue }

    var name: String { String(describing: self) }

    /// Players can't walk on it.
    var blocks: Bool { self == .void || self == .water || self == .lava || self == .rock }

    /// Drawn with animation frames instead of fill variants.
    var isAnimated: Bool { self == .water || self == .lava }

    /// Can be drawn over a lower terrain with partial (corner) tiles.
    var hasOverlays: Bool { !(self == .void || self == .water || self == .lava) }

    /// How many plain fill variants the tile sheet has (frames for animated terrain).
    var variantCount: Int {
        switch self {
        case .void: 1
        case .water, .lava: 4
        case .grass: 4
        case .sand, .dirt, .snow, .mire: 3
        default: 2
        }
    }

    /// Four colours, darkest first: shadow, base, light, accent.
    var ramp: [Color] {
        switch self {
        case .void: [Color(0x0C_0A10), Color(0x0C_0A10), Color(0x0C_0A10), Color(0x0C_0A10)]
        case .water: [Color(0x2A_5C9E), Color(0x36_74BC), Color(0x5A_9AD6), Color(0xCC_E6F6)]
        case .lava: [Color(0x7A_2414), Color(0xDC_5420), Color(0xF5_9A2A), Color(0xFF_DE6A)]
        case .sand: [Color(0xC9_AC6C), Color(0xE4_CD8E), Color(0xF2_E3B0), Color(0xB0_9058)]
        case .cobble: [Color(0x6E_6A66), Color(0xA6_A198), Color(0xC4_BFB4), Color(0x8A_857C)]
        case .dirt: [Color(0x86_5E3A), Color(0xA8_7C4E), Color(0xC0_9764), Color(0x6E_4C30)]
        case .cavefloor: [Color(0x3E_3036), Color(0x56_4548), Color(0x6A_585A), Color(0x30_262C)]
        case .grass: [Color(0x3F_7A3A), Color(0x5A_9C48), Color(0x78_B95A), Color(0x2F_5E2E)]
        case .mire: [Color(0x3E_4638), Color(0x55_5E48), Color(0x6A_7358), Color(0x33_3A2E)]
        case .snow: [Color(0xB4_C6DC), Color(0xE6_EEF6), Color(0xFF_FFFF), Color(0x9C_B0CA)]
        case .ash: [Color(0x3A_3238), Color(0x52_484E), Color(0x68_5C62), Color(0x8A_3A2A)]
        case .rock: [Color(0x5A_544E), Color(0x84_7C70), Color(0xA4_9C8E), Color(0x3C_3834)]
        }
    }

    /// The texture colour of pixel (x, y) of a tile, for fill variant (or animation frame) `variant`.
    func texel(_ x: Int, _ y: Int, variant: Int, noise: Noise) -> Color {
        let ramp = self.ramp
        let h = noise.hash(x, y, UInt64(rawValue * 16 + variant))
        switch self {
        case .void:
            return ramp[0]
        case .water:
            return waterTexel(x, y, frame: variant, noise: noise)
        case .lava:
            return lavaTexel(x, y, frame: variant)
        case .cobble:
            return cobbleTexel(x, y, variant: variant)
        case .rock:
            let h2 = noise.value(Double(x), Double(y), scale: 4, salt: UInt64(variant + 90))
            if h2 < 0.28 { return ramp[0] }
            if h2 > 0.72 { return ramp[2] }
            return h < 0.1 ? ramp[3] : ramp[1]
        case .snow:
            if h < 0.06 { return ramp[0] }
            if h < 0.12 { return ramp[3].mix(ramp[1], 0.5) }
            return ramp[1]
        default:
            if h < 0.1 { return ramp[0] }
            if h < 0.17 { return ramp[2] }
            if h < 0.2 { return ramp[3] }
            return ramp[1]
        }
    }

    private func waterTexel(_ x: Int, _ y: Int, frame: Int, noise: Noise) -> Color {
        let ramp = self.ramp
        // Two bands of crests per tile, drifting one quarter tile per frame; period 16 keeps the tile seamless.
        let band = y / 8
        let phase = Double(x + frame * 4 + band * 7) / 16 * 2 * Double.pi
        let crest = sin(phase)
        if y % 8 == 3 && crest > 0.55 { return ramp[2] }
        if y % 8 == 4 && crest > 0.85 { return ramp[3] }
        if y % 8 == 2 && crest < -0.7 { return ramp[0] }
        return ramp[1]
    }

    private func lavaTexel(_ x: Int, _ y: Int, frame: Int) -> Color {
        let ramp = self.ramp
        let t = Double(frame) * Double.pi / 2
        let fx = Double(x) / 16 * 2 * Double.pi
        let fy = Double(y) / 16 * 2 * Double.pi
        let s = sin(fx + t) + sin(fy * 2 - t) * 0.8 + sin(fx + fy + t * 1) * 0.6
        if s > 1.5 { return ramp[3] }
        if s > 0.6 { return ramp[2] }
        if s < -1.4 { return ramp[0] }
        return ramp[1]
    }

    private func cobbleTexel(_ x: Int, _ y: Int, variant: Int) -> Color {
        let ramp = self.ramp
        let row = y / 4
        let offset = (row % 2) * 3 + variant * 2
        let cx = (x + offset) % 6
        if y % 4 == 3 || cx == 5 { return ramp[0] }
        if y % 4 == 0 || cx == 0 { return ramp[2] }
        return (row + (x + offset) / 6) % 3 == 0 ? ramp[3] : ramp[1]
    }
}
