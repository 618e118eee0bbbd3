import GameMap
import GameProtocol
import Glibc
import Support

/// Generates the world: shapes terrain at tile corners, turns it into tiles, then adds the village, interiors,
/// props and everything that lives on the map. Each concern is an extension in `WorldBuilder+Concern.swift`.
struct WorldBuilder {
    static let width = 200
    static let height = 200
    /// First row of the rock band that closes the overworld to the south.
    static let overworldEnd = 158
    /// First row of the interior region (rooms and caves reached through doors).
    static let interiorStart = 164

    var map: WorldMap
    let atlas: TileAtlas
    let noise: Noise
    var rng: SplitMix64
    /// The biome terrain of each corner before ridges, roads and water were added.
    var biome: [Terrain] = []
    /// Tiles reachable from the starting areas (filled in once the terrain and buildings are final).
    var reach: [Bool] = []
    /// Tiles no entity may be placed on.
    var reserved = Set<Int>()

    init(atlas: TileAtlas, seed: UInt64) {
        self.atlas = atlas
        noise = Noise(seed: seed)
        rng = SplitMix64(seed: seed ^ 0x5EED)
        map = WorldMap(width: Self.width, height: Self.height, atlas: atlas)
    }

    /// Runs every stage in order and returns the finished map.
    mutating func build() -> WorldMap {
        shapeOverworld()
        carveRoads()
        shapeVillageGround()
        shapeInteriorCaves()
        placeGateMounds()
        layTerrainTiles()
        buildBridges()
        buildGates()
        buildVillage()
        buildHouseInteriors()
        decorate()
        sealEdges()
        populate()
        return map
    }

    func id(_ name: String) -> Int { atlas.id(name) }

    /// The kinds of a comma-separated list (`"axe,mailarmor"`); a name that is no kind is a programming error.
    func kinds(_ list: String) -> [EntityKind] {
        list.split(separator: ",").map { name in
            guard let kind = EntityKind(name: name) else { preconditionFailure("no entity kind \(name)") }
            return kind
        }
    }

    // MARK: - Terrain to tiles

    /// Turns corner terrain into the ground layer plus up to three transition layers.
    mutating func layTerrainTiles() {
        let transitionLayers: [Layer] = [.terrain1, .terrain2, .terrain3]
        for y in 0..<map.height {
            for x in 0..<map.width {
                let corners = map.tileCorners(x, y)
                let distinct = Array(Set(corners)).sorted()
                let base = distinct[0]
                map.setTile(.ground, x, y, id(TerrainTiles.fillName(base, fillVariant(base, x, y))))
                for (index, terrain) in distinct.dropFirst().enumerated() {
                    var mask = 0
                    for (bit, corner) in corners.enumerated() where corner >= terrain { mask |= 1 << bit }
                    precondition(terrain.hasOverlays, "\(terrain) can't overlay \(base) at \(x),\(y)")
                    map.setTile(transitionLayers[index], x, y, id(TerrainTiles.edgeName(terrain, mask)))
                }
            }
        }
    }

    private func fillVariant(_ terrain: Terrain, _ x: Int, _ y: Int) -> Int {
        if terrain.isAnimated || terrain.variantCount == 1 { return 0 }
        let h = noise.hash(x, y, 77)
        if terrain == .grass {
            return h < 0.55 ? 0 : h < 0.75 ? 1 : h < 0.9 ? 2 : 3
        }
        if h < 0.6 { return 0 }
        return 1 + Int((h - 0.6) / 0.4 * Double(terrain.variantCount - 1)) % (terrain.variantCount - 1)
    }

    // MARK: - Edges

    /// Puts the invisible wall on the outermost ring so nothing walkable touches the map edge.
    mutating func sealEdges() {
        for x in 0..<map.width {
            map.block(x, 0)
            map.block(x, map.height - 1)
        }
        for y in 0..<map.height {
            map.block(0, y)
            map.block(map.width - 1, y)
        }
    }

    // MARK: - Geometry helpers

    /// Distance from (x, y) to the polyline through `points`.
    static func distance(_ x: Double, _ y: Double, toPolyline points: [(Double, Double)]) -> Double {
        var best = Double.infinity
        for (a, b) in zip(points, points.dropFirst()) {
            let dx = b.0 - a.0
            let dy = b.1 - a.1
            let lengthSquared = dx * dx + dy * dy
            var t = lengthSquared == 0 ? 0 : ((x - a.0) * dx + (y - a.1) * dy) / lengthSquared
            t = max(0, min(1, t))
            let px = a.0 + t * dx - x
            let py = a.1 + t * dy - y
            best = min(best, (px * px + py * py).squareRoot())
        }
        return best
    }

    /// A waypoint line made wavy: points every half tile, pushed sideways by noise that fades at the waypoints.
    func meander(_ waypoints: [(Double, Double)], amplitude: Double, salt: UInt64) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        for (index, (a, b)) in zip(waypoints, waypoints.dropFirst()).enumerated() {
            let dx = b.0 - a.0
            let dy = b.1 - a.1
            let length = (dx * dx + dy * dy).squareRoot()
            let steps = max(1, Int(length * 2))
            for step in 0..<steps {
                let t = Double(step) / Double(steps)
                let envelope = sin(t * Double.pi)
                let offset =
                    (noise.fbm(Double(index * 50) + t * length, 0, scale: 9, salt: salt) - 0.5) * 2 * amplitude
                    * envelope
                out.append((a.0 + dx * t - dy / length * offset, a.1 + dy * t + dx / length * offset))
            }
        }
        if let last = waypoints.last { out.append(last) }
        return out
    }

    /// Calls `body` for every corner within `radius` of the polyline.
    func forCorners(near points: [(Double, Double)], radius: Double, _ body: (Int, Int, Double) -> Void) {
        let minX = Int((points.map(\.0).min()! - radius - 1).rounded(.down))
        let maxX = Int((points.map(\.0).max()! + radius + 1).rounded(.up))
        let minY = Int((points.map(\.1).min()! - radius - 1).rounded(.down))
        let maxY = Int((points.map(\.1).max()! + radius + 1).rounded(.up))
        for y in max(0, minY)...min(map.height, maxY) {
            for x in max(0, minX)...min(map.width, maxX) {
                let d = Self.distance(Double(x), Double(y), toPolyline: points)
                if d <= radius { body(x, y, d) }
            }
        }
    }
}
