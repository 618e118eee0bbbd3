import Glibc
import PixelArt

/// Paints the terrain part of the tile sheet: plain fills (or animation frames) and, for each terrain that can
/// lie over a lower one, the 14 partial tiles of the corner-based transition scheme.
///
/// Corner bits: 1 top-left, 2 top-right, 4 bottom-right, 8 bottom-left. A bit is set where the corner belongs to
/// the overlaying terrain; 15 is the plain fill, 0 means no overlay.
enum TerrainTiles {
    static func fillName(_ terrain: Terrain, _ variant: Int) -> String { "\(terrain.name).fill.\(variant)" }
    static func edgeName(_ terrain: Terrain, _ mask: Int) -> String { "\(terrain.name).edge.\(mask)" }

    static func register(into atlas: inout TileAtlas, noise: Noise) {
        for terrain in Terrain.allCases {
            for variant in 0..<terrain.variantCount {
                atlas.add(fillName(terrain, variant), collides: terrain.blocks) { canvas in
                    for y in 0..<16 {
                        for x in 0..<16 { canvas[x, y] = terrain.texel(x, y, variant: variant, noise: noise) }
                    }
                    paintMotifs(terrain, variant: variant, on: &canvas, noise: noise)
                }
            }
            if terrain.isAnimated {
                let frames = (0..<terrain.variantCount).map { fillName(terrain, $0) }
                atlas.animate(fillName(terrain, 0), frames: frames, duration: terrain == .water ? 260 : 340)
            }
        }
        for terrain in Terrain.allCases where terrain.hasOverlays {
            for mask in 1..<15 {
                atlas.add(edgeName(terrain, mask), collides: terrain.blocks) { canvas in
                    paintEdge(terrain, mask: mask, on: &canvas, noise: noise)
                }
            }
        }
    }

    /// Bilinear coverage of the overlaying terrain at (u, v) in tile units, with a little jitter that fades out at
    /// the tile border so neighbouring tiles still meet.
    private static func coverage(_ mask: Int, _ u: Double, _ v: Double, jitter: Double) -> Double {
        let tl = mask & 1 != 0 ? 1.0 : 0.0
        let tr = mask & 2 != 0 ? 1.0 : 0.0
        let br = mask & 4 != 0 ? 1.0 : 0.0
        let bl = mask & 8 != 0 ? 1.0 : 0.0
        let top = tl + (tr - tl) * u
        let bottom = bl + (br - bl) * u
        let window = min(1, 5 * min(u, 1 - u, v, 1 - v))
        return top + (bottom - top) * v + jitter * window
    }

    private static func paintEdge(_ terrain: Terrain, mask: Int, on canvas: inout Canvas, noise: Noise) {
        let ramp = terrain.ramp
        for y in 0..<16 {
            for x in 0..<16 {
                let u = (Double(x) + 0.5) / 16
                let v = (Double(y) + 0.5) / 16
                let jitter = (noise.value(Double(x), Double(y), scale: 3, salt: UInt64(mask * 7)) - 0.5) * 0.3
                let c = coverage(mask, u, v, jitter: jitter)
                if c >= 0.5 {
                    var color = terrain.texel(x, y, variant: 0, noise: noise)
                    if terrain == .rock, coverage(mask, u, v + 5 / 16, jitter: jitter) < 0.5 {
                        // South-facing rock edges get a cliff face.
                        color = x % 3 == 0 ? ramp[3] : ramp[0]
                        if coverage(mask, u, v + 2 / 16, jitter: jitter) < 0.5 { color = ramp[3] }
                    } else if c < 0.58 {
                        color = terrain == .snow || terrain == .sand ? ramp[0] : ramp[0].shade(-0.1)
                    } else if c < 0.64 && terrain != .cobble {
                        color = ramp[2]
                    }
                    canvas[x, y] = color
                } else if c >= 0.4 {
                    // Outside ring: surf along sand, a soft shadow elsewhere.
                    canvas[x, y] = terrain == .sand ? Color(0xE8_F4FA, alpha: 190) : Color.outline.alpha(70)
                }
            }
        }
    }

    private static func paintMotifs(_ terrain: Terrain, variant: Int, on canvas: inout Canvas, noise: Noise) {
        let ramp = terrain.ramp
        let salt = UInt64(terrain.rawValue * 100 + variant)
        switch (terrain, variant) {
        case (.grass, 1), (.grass, 3), (.mire, 1):
            // Tufts: a dark V with a light tip.
            for i in 0..<(variant == 3 ? 2 : 4) {
                let x = 1 + Int(noise.hash(i, 1, salt) * 13)
                let y = 2 + Int(noise.hash(i, 2, salt) * 12)
                canvas[x, y] = ramp[0]
                canvas[x + 2, y] = ramp[0]
                canvas[x + 1, y + 1] = ramp[0]
                canvas[x, y - 1] = ramp[2]
                canvas[x + 2, y - 1] = ramp[2]
            }
        case (.grass, 2):
            for y in 0..<16 {
                for x in 0..<16 where noise.value(Double(x), Double(y), scale: 5, salt: salt) > 0.62 {
                    canvas[x, y] = canvas[x, y] == ramp[1] ? ramp[2].mix(ramp[1], 0.5) : canvas[x, y]
                }
            }
        case (.sand, 1), (.snow, 2):
            // Wind ripples.
            for row in [4, 11] {
                for x in 0..<16 {
                    let y = row + Int((sin(Double(x) / 16 * 2 * Double.pi) * 1.5).rounded())
                    canvas[x, y] = ramp[0].mix(ramp[1], 0.4)
                    canvas[x, y - 1] = ramp[2]
                }
            }
        case (.sand, 2), (.dirt, 1), (.dirt, 2), (.cavefloor, 1), (.ash, 1):
            for i in 0..<3 {
                let x = 2 + Int(noise.hash(i, 5, salt) * 11)
                let y = 2 + Int(noise.hash(i, 6, salt) * 11)
                canvas[x, y] = ramp[3]
                canvas[x + 1, y] = ramp[0]
                canvas[x, y - 1] = ramp[2]
                canvas[x + 1, y + 1] = ramp[0].shade(-0.2)
            }
        case (.snow, 1):
            for i in 0..<4 {
                let x = 1 + Int(noise.hash(i, 7, salt) * 14)
                let y = 1 + Int(noise.hash(i, 8, salt) * 14)
                canvas[x, y] = ramp[0]
            }
        case (.rock, 1):
            canvas.line(3, 4, 7, 9, ramp[3])
            canvas.line(7, 9, 12, 10, ramp[3])
        default:
            break
        }
    }
}
