/// Everything that lives on the map: starting areas and checkpoints, static and roaming mobs by zone (harder
/// with distance from the village), NPCs, items, chests, chest areas and music areas.
extension WorldBuilder {
    /// A tile rectangle.
    struct Area {
        var x: Int
        var y: Int
        var w: Int
        var h: Int
    }

    /// A region of the map with its static mobs and roaming packs.
    struct Zone {
        var area: Area
        var mobs: [(String, Int)]
        var roaming: [(String, Int, Area)] = []
    }

    static let zones: [Zone] = [
        Zone(
            area: Area(x: 10, y: 134, w: 140, h: 22), mobs: [("crab", 10), ("rat", 3)],
            roaming: [("crab", 7, Area(x: 14, y: 136, w: 50, h: 16)), ("crab", 6, Area(x: 80, y: 136, w: 60, h: 14))]),
        Zone(
            area: Area(x: 14, y: 92, w: 104, h: 44), mobs: [("rat", 8), ("goblin", 2)],
            roaming: [("rat", 7, Area(x: 14, y: 98, w: 26, h: 36)), ("rat", 6, Area(x: 100, y: 88, w: 20, h: 44))]),
        Zone(
            area: Area(x: 10, y: 74, w: 102, h: 22), mobs: [("goblin", 10), ("rat", 4), ("snake", 2)],
            roaming: [("goblin", 6, Area(x: 16, y: 74, w: 44, h: 18))]),
        Zone(
            area: Area(x: 10, y: 56, w: 108, h: 18), mobs: [("goblin", 8), ("snake", 6), ("bat", 3)],
            roaming: [("goblin", 4, Area(x: 60, y: 58, w: 40, h: 14))]),
        Zone(
            area: Area(x: 120, y: 80, w: 76, h: 56),
            mobs: [("snake", 10), ("skeleton", 8), ("goblin", 4), ("ogre", 3)],
            roaming: [("snake", 6, Area(x: 128, y: 86, w: 44, h: 36))]),
        Zone(
            area: Area(x: 4, y: 4, w: 48, h: 48), mobs: [("skeleton", 12), ("spectre", 4), ("skeleton2", 4)],
            roaming: [("skeleton", 8, Area(x: 12, y: 28, w: 32, h: 20))]),
        Zone(
            area: Area(x: 56, y: 4, w: 76, h: 46),
            mobs: [("ogre", 8), ("eye", 4), ("wizard", 4), ("skeleton2", 4), ("spectre", 2)]),
        Zone(
            area: Area(x: 138, y: 4, w: 58, h: 72),
            mobs: [("ogre", 6), ("eye", 6), ("spectre", 6), ("deathknight", 3), ("skeleton2", 4)]),
        Zone(
            area: Area(x: 2, y: 178, w: 60, h: 20), mobs: [("bat", 12), ("goblin", 4)],
            roaming: [("bat", 6, Area(x: 4, y: 180, w: 56, h: 16))]),
        Zone(area: Area(x: 64, y: 178, w: 42, h: 20), mobs: [("skeleton", 4), ("skeleton2", 5), ("spectre", 5)]),
        Zone(area: Area(x: 106, y: 164, w: 46, h: 17), mobs: [("eye", 5), ("ogre", 4), ("wizard", 2)]),
        Zone(area: Area(x: 106, y: 182, w: 46, h: 16), mobs: [("skeleton", 6), ("skeleton2", 4), ("snake", 4)]),
        Zone(area: Area(x: 152, y: 164, w: 30, h: 34), mobs: [("deathknight", 3), ("spectre", 3), ("eye", 3)]),
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
                map.add(
                    MapObject(
                        x: area.x, y: area.y, width: area.w, height: area.h, type: kind,
                        properties: [("nb", .int(count))]), to: "roaming")
            }
        }
        placeMusic()
        // A portal behind the boss takes the victor home to the plaza.
        if let (x, y) = spot(near: 190, 192) {
            map.setTile(.objects, x, y, id("portal.0"))
            map.add(door(x: x, y: y, tx: 72, ty: 121, facing: "d", portal: true), to: "doors")
            reserve(x, y)
        }
    }

    /// A random reachable, walkable, visible tile in `area` with no entity within `spacing` tiles and no door,
    /// chest or starting area on it.
    mutating func spot(in area: Area, spacing: Int = 0) -> (Int, Int)? {
        for _ in 0..<600 {
            let x = area.x + Int(rng.next() % UInt64(area.w))
            let y = area.y + Int(rng.next() % UInt64(area.h))
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
        let areas: [(String, Area)] = [
            ("village", Area(x: 42, y: 86, w: 62, h: 52)), ("beach", Area(x: 0, y: 138, w: 200, h: 22)),
            ("forest", Area(x: 0, y: 54, w: 120, h: 32)), ("forest", Area(x: 0, y: 86, w: 42, h: 52)),
            ("forest", Area(x: 104, y: 86, w: 16, h: 52)), ("graveyard", Area(x: 0, y: 0, w: 54, h: 54)),
            ("snow", Area(x: 54, y: 0, w: 80, h: 54)), ("lavaland", Area(x: 134, y: 0, w: 66, h: 80)),
            ("desert", Area(x: 120, y: 80, w: 80, h: 58)), ("village", Area(x: 0, y: 164, w: 106, h: 14)),
            ("cave", Area(x: 0, y: 178, w: 106, h: 22)), ("cave", Area(x: 106, y: 164, w: 46, h: 36)),
            ("boss", Area(x: 152, y: 164, w: 48, h: 36)),
        ]
        for (name, area) in areas {
            map.add(
                MapObject(x: area.x, y: area.y, width: area.w, height: area.h, properties: [("id", .string(name))]),
                to: "music")
        }
    }
}
