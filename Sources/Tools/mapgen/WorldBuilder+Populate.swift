import GameMap
import GameProtocol

/// Everything that lives on the map: starting areas and checkpoints, static and roaming mobs by zone (harder
/// with distance from the village), NPCs, items, chests, chest areas and music areas.
extension WorldBuilder {
    /// A region of the map with its static mobs and roaming packs.
    struct Zone {
        var area: TileRect
        var mobs: [(String, Int)]
        var roaming: [(String, Int, TileRect)] = []
    }

    static let zones: [Zone] = [
        Zone(
            area: TileRect(x: 10, y: 134, width: 140, height: 22), mobs: [("crab", 10), ("rat", 3)],
            roaming: [
                ("crab", 7, TileRect(x: 14, y: 136, width: 50, height: 16)),
                ("crab", 6, TileRect(x: 80, y: 136, width: 60, height: 14)),
            ]),
        Zone(
            area: TileRect(x: 14, y: 92, width: 104, height: 44), mobs: [("rat", 8), ("goblin", 2)],
            roaming: [
                ("rat", 7, TileRect(x: 14, y: 98, width: 26, height: 36)),
                ("rat", 6, TileRect(x: 100, y: 88, width: 20, height: 44)),
            ]),
        Zone(
            area: TileRect(x: 10, y: 74, width: 102, height: 22), mobs: [("goblin", 10), ("rat", 4), ("snake", 2)],
            roaming: [("goblin", 6, TileRect(x: 16, y: 74, width: 44, height: 18))]),
        Zone(
            area: TileRect(x: 10, y: 56, width: 108, height: 18), mobs: [("goblin", 8), ("snake", 6), ("bat", 3)],
            roaming: [("goblin", 4, TileRect(x: 60, y: 58, width: 40, height: 14))]),
        Zone(
            area: TileRect(x: 120, y: 80, width: 76, height: 56),
            mobs: [("snake", 10), ("skeleton", 8), ("goblin", 4), ("ogre", 3)],
            roaming: [("snake", 6, TileRect(x: 128, y: 86, width: 44, height: 36))]),
        Zone(
            area: TileRect(x: 4, y: 4, width: 48, height: 48),
            mobs: [("skeleton", 12), ("spectre", 4), ("skeleton2", 4)],
            roaming: [("skeleton", 8, TileRect(x: 12, y: 28, width: 32, height: 20))]),
        Zone(
            area: TileRect(x: 56, y: 4, width: 76, height: 46),
            mobs: [("ogre", 8), ("eye", 4), ("wizard", 4), ("skeleton2", 4), ("spectre", 2)]),
        Zone(
            area: TileRect(x: 138, y: 4, width: 58, height: 72),
            mobs: [("ogre", 6), ("eye", 6), ("spectre", 6), ("deathknight", 3), ("skeleton2", 4)]),
        Zone(
            area: TileRect(x: 2, y: 178, width: 60, height: 20), mobs: [("bat", 12), ("goblin", 4)],
            roaming: [("bat", 6, TileRect(x: 4, y: 180, width: 56, height: 16))]),
        Zone(
            area: TileRect(x: 64, y: 178, width: 42, height: 20),
            mobs: [("skeleton", 4), ("skeleton2", 5), ("spectre", 5)]),
        Zone(area: TileRect(x: 106, y: 164, width: 46, height: 17), mobs: [("eye", 5), ("ogre", 4), ("wizard", 2)]),
        Zone(
            area: TileRect(x: 106, y: 182, width: 46, height: 16),
            mobs: [("skeleton", 6), ("skeleton2", 4), ("snake", 4)]),
        Zone(
            area: TileRect(x: 152, y: 164, width: 30, height: 34),
            mobs: [("deathknight", 3), ("spectre", 3), ("eye", 3)]),
    ]

    mutating func populate() {
        placeCheckpoints()
        placeNPCsAndItems()
        placeChests()
        placeChestAreas()
        for zone in Self.zones {
            for (kind, count) in zone.mobs {
                for _ in 0..<count {
                    if let (x, y) = spot(in: zone.area, spacing: 1) { map.place(kind, x, y) }
                }
            }
            for (kind, count, area) in zone.roaming {
                map.model.roamingAreas.append(
                    RoamingArea(
                        id: map.model.roamingAreas.count + 1, area: area, kind: kinds(kind)[0], count: count))
            }
        }
        placeMusic()
        // A portal behind the boss takes the victor home to the plaza.
        if let (x, y) = spot(near: 190, 192) {
            map.setTile(.objects, x, y, id("portal.0"))
            map.model.doors.append(door(x: x, y: y, tx: 72, ty: 121, facing: .down, portal: true))
            reserve(x, y)
        }
    }

    /// A random reachable, walkable, visible tile in `area` with no entity within `spacing` tiles and no door,
    /// chest or starting area on it.
    mutating func spot(in area: TileRect, spacing: Int = 0) -> (Int, Int)? {
        for _ in 0..<600 {
            let x = area.x + Int(rng.next() % UInt64(area.width))
            let y = area.y + Int(rng.next() % UInt64(area.height))
            if isPlaceable(x, y, spacing: spacing) && !inFence(x, y) { return (x, y) }
        }
        return nil
    }

    /// The placeable tile nearest to (x, y), searching outwards.
    func spot(near x: Int, _ y: Int, spacing: Int = 0) -> (Int, Int)? {
        for radius in 0..<12 {
            for dy in -radius...radius {
                for dx in -radius...radius where max(abs(dx), abs(dy)) == radius {
                    if isPlaceable(x + dx, y + dy, spacing: spacing) { return (x + dx, y + dy) }
                }
            }
        }
        return nil
    }

    func isPlaceable(_ x: Int, _ y: Int, spacing: Int) -> Bool {
        guard map.isInside(x, y) else { return false }
        let index = y * map.width + x
        guard reach[index], map.isWalkable(x, y), map.tile(.above, x, y) < 0, !reserved.contains(index) else {
            return false
        }
        for dy in -spacing...spacing {
            for dx in -spacing...spacing where map.entity(x + dx, y + dy) != nil { return false }
        }
        return true
    }

    /// Keeps entities off a tile (doors, their destinations, chests, starting areas).
    mutating func reserve(_ x: Int, _ y: Int) { reserved.insert(y * map.width + x) }

    // MARK: - Music

    private mutating func placeMusic() {
        let areas: [(String, TileRect)] = [
            ("village", TileRect(x: 42, y: 86, width: 62, height: 52)),
            ("beach", TileRect(x: 0, y: 138, width: 200, height: 22)),
            ("forest", TileRect(x: 0, y: 54, width: 120, height: 32)),
            ("forest", TileRect(x: 0, y: 86, width: 42, height: 52)),
            ("forest", TileRect(x: 104, y: 86, width: 16, height: 52)),
            ("graveyard", TileRect(x: 0, y: 0, width: 54, height: 54)),
            ("snow", TileRect(x: 54, y: 0, width: 80, height: 54)),
            ("lavaland", TileRect(x: 134, y: 0, width: 66, height: 80)),
            ("desert", TileRect(x: 120, y: 80, width: 80, height: 58)),
            ("village", TileRect(x: 0, y: 164, width: 106, height: 14)),
            ("cave", TileRect(x: 0, y: 178, width: 106, height: 22)),
            ("cave", TileRect(x: 106, y: 164, width: 46, height: 36)),
            ("boss", TileRect(x: 152, y: 164, width: 48, height: 36)),
        ]
        for (name, area) in areas {
            map.model.musicAreas.append(MusicArea(area: area, name: name))
        }
    }
}
