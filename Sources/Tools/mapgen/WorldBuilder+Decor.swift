import GameMap
import GameProtocol

/// Trees, rocks, plants and ruins scattered by biome with noise-driven density, the graveyard's fenced yard,
/// and invisible walls under canopies squeezed between trunks.
extension WorldBuilder {
    static let forest = (x0: 10, y0: 56, x1: 112, y1: 99)
    static let graveyard = (x0: 12, y0: 30, x1: 44, y1: 47)

    /// True when every corner of the tile is `terrain` and the tile is empty and walkable.
    func isOpen(_ x: Int, _ y: Int, _ terrain: Terrain) -> Bool {
        map.tileCorners(x, y).allSatisfy { $0 == terrain } && map.isFree(x, y) && map.isWalkable(x, y)
            && map.tile(.detail, x, y) < 0
    }

    /// A road, plaza or door lane within `margin` tiles.
    func nearRoad(_ x: Int, _ y: Int, margin: Int = 1) -> Bool {
        for dy in -margin...(margin + 1) {
            for dx in -margin...(margin + 1) where [.dirt, .cobble].contains(map.corner(x + dx, y + dy)) {
                return true
            }
        }
        return false
    }

    func inFence(_ x: Int, _ y: Int) -> Bool {
        x >= Self.fence.x0 && x <= Self.fence.x1 && y >= Self.fence.y0 && y <= Self.fence.y1
    }

    mutating func decorate() {
        graveyardYard()
        for y in 1..<(map.height - 2) {
            for x in 1..<(map.width - 2) {
                let corners = map.tileCorners(x, y)
                guard corners.allSatisfy({ $0 == corners[0] }), !nearRoad(x, y) else { continue }
                decorateTile(x, y, corners[0])
            }
        }
        blockSqueezedCanopies()
    }

    private mutating func decorateTile(_ x: Int, _ y: Int, _ terrain: Terrain) {
        let fx = Double(x)
        let fy = Double(y)
        let roll = noise.hash(x, y, 901)
        let density = noise.fbm(fx, fy, scale: 12, salt: 902)
        let interior = y >= Self.interiorStart
        let village = inFence(x, y)
        switch terrain {
        case .grass:
            let inForest = x >= Self.forest.x0 && x <= Self.forest.x1 && y >= Self.forest.y0 && y <= Self.forest.y1
            let treeChance = village ? 0.01 : inForest ? (density > 0.42 ? 0.55 : 0.06) : density > 0.6 ? 0.12 : 0.02
            if roll < treeChance && tryTree(x, y, kind: density > 0.55 && inForest ? "pine" : birchOrOak(x, y)) {
                return
            }
            scatter(
                x, y, roll: noise.hash(x, y, 903),
                [
                    ("flowers.\(Int(noise.hash(x, y, 904) * 4))", village ? 0.05 : 0.025, false),
                    ("tallgrass", 0.03, false), ("bush", village ? 0.004 : 0.012, true), ("bush.berry", 0.004, true),
                    ("mushrooms", inForest ? 0.015 : 0.0, false), ("rock", 0.004, true), ("stump", 0.003, true),
                ])
        case .sand where interior:
            scatter(x, y, roll: roll, [("bones", 0.02, false), ("skull", 0.01, false), ("furn.pillar", 0.012, true)])
        case .sand:
            let desert = x > 118 && y < 140
            if desert {
                if roll < 0.012 && tryStamp("cactus", x, y) { return }
                scatter(
                    x, y, roll: noise.hash(x, y, 905),
                    [
                        ("cactus.small", 0.012, true), ("bones", 0.006, false), ("skull", 0.003, false),
                        ("bush.dry", 0.01, true), ("rock", 0.006, true),
                    ])
            } else {
                if roll < 0.02 && tryTree(x, y, kind: "palm") { return }
                scatter(x, y, roll: noise.hash(x, y, 906), [("shell", 0.02, false), ("starfish", 0.012, false)])
            }
        case .snow:
            if !interior && roll < (density > 0.5 ? 0.16 : 0.03) && tryTree(x, y, kind: "snowpine") { return }
            if !interior && roll > 0.995 && tryStamp("bigrock.snow", x, y, columns: 2) { return }
            scatter(x, y, roll: noise.hash(x, y, 907), [("rock.snow", 0.01, true), ("crystal", 0.008, true)])
        case .mire:
            if roll < 0.03 && tryTree(x, y, kind: "deadtree") { return }
            scatter(
                x, y, roll: noise.hash(x, y, 908),
                [
                    ("bones", 0.01, false), ("skull", 0.005, false), ("mushrooms", 0.01, false),
                    ("grave.mound", 0.01, true),
                ])
        case .ash:
            if !interior && roll < 0.01 && tryTree(x, y, kind: "deadtree") { return }
            scatter(
                x, y, roll: noise.hash(x, y, 909),
                [("rock.lava", 0.018, true), ("ember", 0.05, false), ("bones", 0.008, false)])
        case .cavefloor:
            scatter(
                x, y, roll: roll,
                [("mushrooms", 0.03, false), ("bones", 0.015, false), ("crystal", 0.012, true), ("rock", 0.01, true)])
        case .cobble where interior:
            scatter(x, y, roll: roll, [("bones", 0.02, false), ("skull", 0.01, false), ("furn.candles", 0.01, true)])
        case .water:
            if x < 50 && y > 70 && y < 90 && roll < 0.06 { map.setTile(.detail, x, y, id("lilypad")) }
        default:
            break
        }
    }

    private func birchOrOak(_ x: Int, _ y: Int) -> String {
        noise.value(Double(x), Double(y), scale: 10, salt: 910) > 0.62 ? "birch" : "oak"
    }

    /// Places the first entry whose cumulative chance covers `roll`; `solid` props go on the objects layer.
    private mutating func scatter(_ x: Int, _ y: Int, roll: Double, _ table: [(String, Double, Bool)]) {
        guard isOpen(x, y, map.tileCorners(x, y)[0]) else { return }
        var sum = 0.0
        for (name, chance, solid) in table {
            sum += chance
            if roll < sum {
                if solid && !ringWalkable(x, y, 1, 1) { return }
                map.setTile(solid ? .objects : .detail, x, y, id(name))
                return
            }
        }
    }

    /// A 2×2 tree whose canopy row is (x, y); the canopy may overlap another tree's trunk, never anything else.
    @discardableResult
    mutating func tryTree(_ x: Int, _ y: Int, kind: String) -> Bool {
        let terrain = map.tileCorners(x, y + 1)[0]
        for dx in 0..<2 {
            guard isOpen(x + dx, y + 1, terrain), !nearRoad(x + dx, y + 1, margin: 0) else { return false }
            guard map.tile(.above, x + dx, y) < 0, map.isInside(x + dx, y) else { return false }
            let under = map.tile(.objects, x + dx, y)
            guard under < 0 || atlas.definition(under).name.hasPrefix("tree.") else { return false }
            guard !map.tileCorners(x + dx, y).contains(where: { $0 == .dirt || $0 == .cobble }) else { return false }
        }
        for dx in 0..<2 {
            map.setTile(.above, x + dx, y, id("tree.\(kind).\(dx).0"))
            map.setTile(.objects, x + dx, y + 1, id("tree.\(kind).\(dx).1"))
            map.setTile(.detail, x + dx, y + 1, -1)
        }
        return true
    }

    /// A solid multi-tile prop (cactus: 1×2 with its top above entities; big rocks: 2×2).
    private mutating func tryStamp(_ name: String, _ x: Int, _ y: Int, columns: Int = 1) -> Bool {
        let terrain = map.tileCorners(x, y)[0]
        for row in 0..<2 {
            for column in 0..<columns where !isOpen(x + column, y + row, terrain) { return false }
        }
        guard ringWalkable(x, y, columns, 2) else { return false }
        for row in 0..<2 {
            for column in 0..<columns {
                let layer: Layer = name == "cactus" && row == 0 ? .above : .objects
                map.setTile(layer, x + column, y + row, id("\(name).\(column).\(row)"))
            }
        }
        return true
    }

    /// Every tile around the w×h block at (x, y) is walkable and free, so a solid prop there can't cut a path.
    private func ringWalkable(_ x: Int, _ y: Int, _ w: Int, _ h: Int) -> Bool {
        for ry in (y - 1)...(y + h) {
            for rx in (x - 1)...(x + w) where rx < x || rx >= x + w || ry < y || ry >= y + h {
                if map.isBlocked(rx, ry) || map.tile(.objects, rx, ry) >= 0 { return false }
            }
        }
        return true
    }

    /// Rows of graves inside a fence, with a gap where the road passes.
    private mutating func graveyardYard() {
        let (x0, y0, x1, y1) = Self.graveyard
        for y in stride(from: y0 + 2, to: y1 - 1, by: 3) {
            for x in stride(from: x0 + 2, to: x1 - 1, by: 2) where isOpen(x, y, .mire) && !nearRoad(x, y) {
                let kind = noise.hash(x, y, 911)
                map.setTile(.objects, x, y, id(kind < 0.45 ? "grave.stone" : kind < 0.8 ? "grave.cross" : "rock"))
                if isOpen(x, y + 1, .mire) && kind < 0.6 { map.setTile(.detail, x, y + 1, id("grave.mound")) }
            }
        }
        for x in x0...x1 {
            for y in [y0, y1] where isOpen(x, y, .mire) && !nearRoad(x, y, margin: 0) {
                map.setTile(.objects, x, y, id(x == x0 || x == x1 ? "fence.post" : "fence.h"))
            }
        }
        for y in (y0 + 1)..<y1 {
            for x in [x0, x1] where isOpen(x, y, .mire) && !nearRoad(x, y, margin: 0) {
                map.setTile(.objects, x, y, id("fence.v"))
            }
        }
    }

    /// In thick woods a canopy row between two trunk rows would be a hidden corridor: wall it off.
    private mutating func blockSqueezedCanopies() {
        for y in 1..<(map.height - 1) {
            for x in 0..<map.width where map.tile(.above, x, y) >= 0 && map.isWalkable(x, y) {
                if map.isBlocked(x, y - 1) && map.isBlocked(x, y + 1) { map.block(x, y) }
            }
        }
    }
}
