import GameMap
import GameProtocol

/// Hand-picked spots: checkpoints, NPCs, items, static chests and chest areas. Each is given as a target tile;
/// the nearest suitable tile is used, so small terrain changes don't break the list.
extension WorldBuilder {
    static let startTargets = [(66, 111), (77, 111), (66, 117), (77, 117), (72, 106)]
    static let checkpointTargets = [
        (30, 144), (72, 146), (128, 142), (40, 90), (72, 84), (86, 62), (46, 72), (34, 50), (28, 34), (70, 24),
        (92, 32), (120, 28), (146, 32), (164, 62), (130, 114), (154, 104), (176, 122), (104, 102), (30, 192),
        (84, 192), (128, 175), (129, 192), (175, 192),
    ]
    static let npcs = [
        ("guard", 70, 90), ("guard", 100, 113), ("guard", 70, 135), ("villager", 66, 115), ("villagegirl", 78, 112),
        ("villager", 58, 113), ("agent", 104, 120), ("beachnpc", 60, 146), ("forestnpc", 50, 70),
        ("desertnpc", 152, 106), ("lavanpc", 150, 34), ("sorcerer", 94, 32), ("nyan", 188, 134), ("priest", 30, 48),
    ]
    static let items = [
        ("flask", 68, 110), ("flask", 76, 118), ("burger", 60, 109), ("flask", 40, 146), ("flask", 54, 84),
        ("flask", 32, 36), ("flask", 100, 30), ("burger", 162, 106), ("firepotion", 170, 58), ("sword2", 22, 80),
        ("axe", 140, 122), ("leatherarmor", 50, 190), ("flask", 86, 190), ("burger", 120, 174),
    ]
    static let chests = [
        (16, 142, "burger,firepotion"), (36, 72, "sword2,leatherarmor"), (164, 110, "firepotion,mailarmor"),
        (118, 18, "platearmor,bluesword"), (53, 184, "axe,mailarmor"), (70, 193, "redarmor,bluesword"),
        (146, 175, "platearmor,redsword"), (146, 192, "redsword,platearmor"), (160, 179, "redarmor,redsword"),
    ]
    static let chestAreas: [(Int, Int, [(String, Int)], String)] = [
        (60, 64, [("goblin", 5)], "axe,leatherarmor"),
        (40, 40, [("skeleton", 5)], "mailarmor,morningstar"),
        (172, 98, [("skeleton", 4), ("snake", 2)], "platearmor,morningstar"),
        (104, 16, [("ogre", 4)], "platearmor,bluesword"),
        (152, 60, [("deathknight", 2), ("spectre", 3)], "redarmor,redsword"),
        (186, 189, [("boss", 1), ("deathknight", 2)], "goldenarmor"),
    ]

    /// Starting areas, then the reachable set from them, then the other checkpoints.
    mutating func placeCheckpoints() {
        var starts: [(x: Int, y: Int)] = []
        var id = 1
        for (x, y) in Self.startTargets {
            guard let area = findArea(near: x, y, w: 3, h: 2, needsReach: false) else { continue }
            addCheckpoint(id, area, start: true)
            id += 1
            for ty in area.y..<(area.y + area.height) {
                for tx in area.x..<(area.x + area.width) {
                    reserve(tx, ty)
                    starts.append((tx, ty))
                }
            }
        }
        reach = map.tileMap.reachableTiles(from: starts.map { Tile(x: $0.x, y: $0.y) })
        for (x, y) in Self.checkpointTargets {
            guard let area = findArea(near: x, y, w: 4, h: 3, needsReach: true) else {
                print("warning: no checkpoint near \(x),\(y)")
                continue
            }
            addCheckpoint(id, area, start: false)
            id += 1
        }
    }

    private mutating func addCheckpoint(_ id: Int, _ area: TileRect, start: Bool) {
        map.model.checkpoints.append(Checkpoint(id: id, area: area, isStartingArea: start))
    }

    /// The nearest w×h block of walkable, open tiles to (x, y).
    func findArea(near x: Int, _ y: Int, w: Int, h: Int, needsReach: Bool) -> TileRect? {
        for radius in 0..<16 {
            for dy in -radius...radius {
                for dx in -radius...radius where max(abs(dx), abs(dy)) == radius {
                    let ax = x + dx - w / 2
                    let ay = y + dy - h / 2
                    var fits = true
                    for ty in ay..<(ay + h) {
                        for tx in ax..<(ax + w) {
                            let index = ty * map.width + tx
                            if !map.isWalkable(tx, ty) || map.tile(.above, tx, ty) >= 0 || reserved.contains(index)
                                || (needsReach && !reach[index])
                            {
                                fits = false
                            }
                        }
                    }
                    if fits { return TileRect(x: ax, y: ay, width: w, height: h) }
                }
            }
        }
        return nil
    }

    mutating func placeNPCsAndItems() {
        for (kind, x, y) in Self.npcs + Self.items {
            guard let (px, py) = spot(near: x, y, spacing: 1) else {
                print("warning: no room for \(kind) near \(x),\(y)")
                continue
            }
            map.place(kind, px, py)
        }
    }

    mutating func placeChests() {
        for (x, y, items) in Self.chests {
            guard let (px, py) = spot(near: x, y, spacing: 1) else {
                print("warning: no room for a chest near \(x),\(y)")
                continue
            }
            addChest(px, py, items: items)
            reserve(px, py)
        }
    }

    mutating func placeChestAreas() {
        for (x, y, mobs, items) in Self.chestAreas {
            let area = TileRect(x: x - 6, y: y - 4, width: 12, height: 8)
            guard let (cx, cy) = spot(near: x, y, spacing: 1) else {
                print("warning: no chest tile near \(x),\(y)")
                continue
            }
            reserve(cx, cy)
            for (kind, count) in mobs {
                for _ in 0..<count {
                    if let (mx, my) = spot(
                        in: TileRect(x: area.x + 1, y: area.y + 1, width: area.width - 2, height: area.height - 2),
                        spacing: 1)
                    {
                        map.place(kind, mx, my)
                    }
                }
            }
            map.model.chestAreas.append(ChestArea(area: area, items: kinds(items), chestX: cx, chestY: cy))
        }
    }
}
