import GameMap
import GameProtocol
import Glibc

/// The overworld's shape: biomes, sea and beaches, mountain ridges between biomes, the river, lakes and lava.
extension WorldBuilder {
    static let village = (x: 72.0, y: 116.0)
    static let riverPath: [(Double, Double)] = [
        (104, 60), (110, 72), (106, 86), (114, 100), (111, 114), (117, 128), (113, 140), (112, 152),
    ]
    static let ridges: [[(Double, Double)]] = [
        [(2, 55), (24, 53), (46, 51), (70, 55), (96, 50), (134, 52)],
        [(134, 52), (131, 30), (135, 2)],
        [(134, 52), (137, 76), (168, 79), (199, 74)],
        [(54, 2), (51, 28), (55, 51)],
    ]

    /// The biome of corner (x, y) of the overworld, before ridges, water features and roads.
    func biomeTerrain(_ x: Int, _ y: Int) -> Terrain {
        let fx = Double(x)
        let fy = Double(y)
        let wx =
            fx + (noise.fbm(fx, fy, scale: 40, salt: 1) - 0.5) * 56 + (noise.fbm(fx, fy, scale: 9, salt: 8) - 0.5) * 10
        let wy =
            fy + (noise.fbm(fx, fy, scale: 40, salt: 2) - 0.5) * 56 + (noise.fbm(fx, fy, scale: 9, salt: 9) - 0.5) * 10
        // Coastlines: broad bays from one-dimensional noise, finer wiggles from the 2-D field.
        let southShore =
            147 + (noise.fbm(fx, 0, scale: 34, salt: 3) - 0.5) * 36
            + (noise.fbm(fx, fy, scale: 7, salt: 5) - 0.5) * 6
        let westShore =
            11 + (noise.fbm(0, fy, scale: 30, salt: 6) - 0.5) * 28
            + (noise.fbm(fx, fy, scale: 7, salt: 7) - 0.5) * 6
        if fy > min(southShore, 154) || fx < max(westShore, 3) || x <= 2 { return .water }
        let beach = 3 + noise.fbm(fx, fy, scale: 10, salt: 4) * 5
        if fy > southShore - beach || fx < westShore + beach - 1 { return .sand }
        if wx > 138 && wy < 77 { return .ash }
        if wx > 122 && wy > 80 { return .sand }
        if wy < 53 && wx < 53 { return .mire }
        if wy < 52 { return .snow }
        return .grass
    }

    mutating func shapeOverworld() {
        let w = map.width
        let h = map.height
        biome = [Terrain](repeating: .void, count: (w + 1) * (h + 1))
        for y in 0...h {
            for x in 0...w {
                let terrain: Terrain
                if y >= Self.interiorStart {
                    terrain = .void
                } else if y >= Self.overworldEnd - Int(noise.hash(x, 0, 9) * 2) {
                    terrain = .rock
                } else {
                    terrain = biomeTerrain(x, y)
                }
                biome[y * (w + 1) + x] = terrain
                map.setCorner(x, y, terrain)
            }
        }
        raiseMountains()
        addWater()
        addLava()
    }

    /// Rock along the north and east edges and along the ridges between biomes.
    private mutating func raiseMountains() {
        for y in 0..<Self.overworldEnd {
            for x in 0...map.width {
                let fx = Double(x)
                let fy = Double(y)
                let edge = noise.fbm(fx, fy, scale: 8, salt: 11) * 4
                var rock = fy < 2 + edge || fx > Double(map.width) - 3 - edge
                if !rock {
                    let thickness = 1.2 + noise.fbm(fx, fy, scale: 7, salt: 12) * 3.2
                    rock = Self.ridges.contains { Self.distance(fx, fy, toPolyline: $0) < thickness }
                }
                if !rock && map.corner(x, y) != .water && map.corner(x, y) != .sand {
                    // Scattered outcrops in the highlands.
                    let highland = [Terrain.snow, .ash, .mire].contains(map.corner(x, y))
                    let desert = map.corner(x, y) == .sand && fx > 122 && fy < 138
                    rock = (highland || desert) && noise.fbm(fx, fy, scale: 6, salt: 13) > (desert ? 0.74 : 0.7)
                }
                if rock && map.corner(x, y) != .water { map.setCorner(x, y, .rock) }
            }
        }
    }

    private mutating func addWater() {
        let river = meander(Self.riverPath, amplitude: 3, salt: 21)
        forCorners(near: river, radius: 3.2) { x, y, d in
            let width = 1.3 + noise.fbm(Double(x), Double(y), scale: 10, salt: 22) * 1.2
            if d <= width {
                map.setCorner(x, y, .water)
            } else if map.corner(x, y) == .rock {
                map.setCorner(x, y, .grass)
            }
        }
        for (cx, cy, r, shore) in [(38.0, 80.0, 6.5, Terrain.grass), (160, 112, 5, .sand), (104, 60, 5.5, .grass)] {
            for y in Int(cy - r - 3)...Int(cy + r + 3) {
                for x in Int(cx - r - 3)...Int(cx + r + 3) {
                    let d = ((Double(x) - cx) * (Double(x) - cx) + (Double(y) - cy) * (Double(y) - cy)).squareRoot()
                    let edge = r + (noise.value(Double(x), Double(y), scale: 3, salt: 23) - 0.5) * 2.5
                    if d < edge {
                        map.setCorner(x, y, .water)
                    } else if d < edge + 2 && map.corner(x, y) != .water {
                        map.setCorner(x, y, shore)
                    }
                }
            }
        }
    }

    private mutating func addLava() {
        for y in 4..<76 {
            for x in 138..<196 {
                let fx = Double(x)
                let fy = Double(y)
                let lake = ((fx - 178) * (fx - 178) / 1.6 + (fy - 46) * (fy - 46)).squareRoot()
                let pool = noise.fbm(fx, fy, scale: 7, salt: 31) > 0.66
                guard lake < 8 + noise.value(fx, fy, scale: 3, salt: 32) * 3 || pool else { continue }
                // Lava only where everything around is ash, so it never meets water or sand.
                var surrounded = true
                for dy in -2...2 {
                    for dx in -2...2 where ![Terrain.ash, .lava, .rock].contains(map.corner(x + dx, y + dy)) {
                        surrounded = false
                    }
                }
                if surrounded { map.setCorner(x, y, .lava) }
            }
        }
    }
}
