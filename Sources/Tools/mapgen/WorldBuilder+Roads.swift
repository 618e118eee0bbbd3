import GameMap
import GameProtocol

/// Dirt roads between the village and every biome, the bridges where they cross water, and the rock mounds
/// that hold cave and dungeon gates.
extension WorldBuilder {
    /// A gate into an interior: the door tile and the stamp name (`gate.<style>`).
    struct Gate {
        var name: String
        var style: String
        var x: Int
        var y: Int
    }

    static let gates = [
        Gate(name: "forestcave", style: "cave", x: 26, y: 92),
        Gate(name: "icecave", style: "cave", x: 110, y: 12),
        Gate(name: "crypt", style: "crypt", x: 24, y: 18),
        Gate(name: "tomb", style: "tomb", x: 182, y: 116),
        Gate(name: "lair", style: "lair", x: 180, y: 12),
    ]

    static let roads: [(radius: Double, points: [(Double, Double)])] = [
        (1.6, [(72, 108), (72, 94), (70, 84), (78, 72), (86, 62), (88, 52), (90, 42), (92, 30)]),
        (1.4, [(92, 30), (110, 26), (131, 28), (146, 30), (160, 36)]),
        (1.3, [(70, 84), (56, 80), (46, 70), (36, 62), (34, 52), (32, 40), (28, 30)]),
        (1.2, [(28, 30), (40, 22), (53, 20), (70, 24), (92, 30)]),
        (
            1.6,
            [
                (82, 116), (100, 116), (112, 116), (124, 114), (140, 110), (156, 106), (164, 96), (166, 84), (166, 76),
                (166, 64), (162, 48), (160, 36),
            ]
        ),
        (1.6, [(72, 120), (72, 134), (72, 141)]),
        (1.2, [(72, 141), (90, 142), (113, 141), (130, 138), (150, 130)]),
        (1.2, [(56, 80), (44, 88), (30, 95), (26.5, 94)]),
        (1.2, [(156, 106), (168, 112), (178, 117), (182.5, 118)]),
        (1.2, [(28, 30), (24.5, 20)]),
        (1.2, [(160, 36), (168, 24), (176, 16), (180.5, 14)]),
        (1.2, [(110, 26), (110.5, 14)]),
    ]

    /// Where roads cross the river: (x, y) on the crossing row.
    static let bridges = [(x: 112, y: 116), (x: 113, y: 141)]

    mutating func carveRoads() {
        for (index, road) in Self.roads.enumerated() {
            let line = meander(road.points, amplitude: 2.2, salt: UInt64(100 + index))
            forCorners(near: line, radius: road.radius + 2.5) { x, y, d in
                let current = map.corner(x, y)
                if d <= road.radius {
                    if current == .water { return }
                    map.setCorner(x, y, .dirt)
                } else if current == .rock || (current == .lava && d <= road.radius + 1.5) {
                    var cleared = biome[y * (map.width + 1) + x]
                    if cleared == .water || cleared == .rock || cleared == .void { cleared = .sand }
                    map.setCorner(x, y, cleared)
                }
            }
        }
    }

    /// Raises a rock mound behind each gate; the row in front of the door stays open.
    mutating func placeGateMounds() {
        for gate in Self.gates {
            for y in (gate.y - 6)...gate.y {
                for x in (gate.x - 6)...(gate.x + 7) {
                    let dx = Double(x) - (Double(gate.x) + 0.5)
                    let dy = Double(y) - Double(gate.y - 1)
                    let r = 4 + noise.value(Double(x), Double(y), scale: 2, salt: 41) * 1.5
                    if (dx * dx + dy * dy * 1.4).squareRoot() < r { map.setCorner(x, y, .rock) }
                }
            }
        }
    }

    /// Stamps the gate pictures; the tiles under them become plain dirt so only the stamp decides collision.
    mutating func buildGates() {
        for gate in Self.gates {
            for row in 0..<2 {
                for column in 0..<3 {
                    let x = gate.x - 1 + column
                    let y = gate.y - 1 + row
                    map.overrideGround(x, y, id(TerrainTiles.fillName(.dirt, 0)))
                    map.setTile(row == 0 ? .above : .objects, x, y, id("gate.\(gate.style).\(column).\(row)"))
                }
            }
        }
    }

    /// Lays plank bridges over every water tile of a three-row band around each crossing.
    mutating func buildBridges() {
        for bridge in Self.bridges {
            func wet(_ x: Int, _ y: Int) -> Bool { map.tileCorners(x, y).contains(.water) }
            var start = bridge.x
            while !wet(start, bridge.y) && start > bridge.x - 8 { start -= 1 }
            if !wet(start, bridge.y) {
                start = bridge.x
                while !wet(start, bridge.y) && start < bridge.x + 8 { start += 1 }
            }
            var x0 = start
            var x1 = start
            for row in (bridge.y - 1)...(bridge.y + 1) where wet(start, row) {
                var a = start
                var b = start
                while wet(a - 1, row) { a -= 1 }
                while wet(b + 1, row) { b += 1 }
                x0 = min(x0, a)
                x1 = max(x1, b)
            }
            for row in 0..<3 {
                for x in x0...x1 {
                    map.overrideGround(x, bridge.y - 1 + row, id("bridge.h.\(row)"))
                    map.setTile(.detail, x, bridge.y - 1 + row, -1)
                }
            }
        }
    }
}
