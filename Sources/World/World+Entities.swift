import GameMap
import GameProtocol

extension World {
    /// Places the map's static mobs, NPCs, items and chests, the mobs of its roaming areas, and arms its chest
    /// areas.
    func populate() {
        for placed in map.staticEntities {
            let tile = Tile(x: placed.x, y: placed.y)
            if placed.kind.isMob {
                addMob(
                    Mob(
                        id: takeEntityID(), kind: placed.kind, spawn: tile, roamingArea: nil, orientation: .down,
                        zone: zoneOf(tile)))
            } else {
                var entity = Entity(
                    id: takeEntityID(), kind: placed.kind, position: tile, orientation: .down,
                    zone: zoneOf(tile))
                entity.isStatic = true
                add(entity)
            }
        }
        for chest in map.staticChests {
            let tile = Tile(x: chest.x, y: chest.y)
            var entity = Entity(
                id: takeEntityID(), kind: .chest, position: tile, orientation: .down, zone: zoneOf(tile))
            entity.chestItems = chest.items
            entity.isStatic = true
            add(entity)
        }
        for area in map.roamingAreas {
            for _ in 0..<area.count {
                guard let tile = randomWalkableTile(in: area.area) else { break }
                let orientation = Orientation.allCases.randomElement(using: &random) ?? .down
                addMob(
                    Mob(
                        id: takeEntityID(), kind: area.kind, spawn: tile, roamingArea: area.area,
                        orientation: orientation, zone: zoneOf(tile)))
            }
        }
        let staticMobs = mobs.values.filter { $0.roamingArea == nil }.sorted { $0.id < $1.id }
        for area in map.chestAreas {
            chestAreaMobs.append(
                staticMobs.filter { area.area.contains(x: $0.spawn.x, y: $0.spawn.y) }.map(\.id))
            chestAreaArmed.append(true)
        }
    }

    func addMob(_ mob: Mob) {
        mobs[mob.id] = mob
        zoneEntities[mob.zone].insert(mob.id)
        enterZone(mob)
    }

    func takeEntityID() -> Int {
        defer { nextEntityID += 1 }
        return nextEntityID
    }

    func zoneOf(_ tile: Tile) -> Int { zones.zone(x: tile.x, y: tile.y) }

    func add(_ entity: Entity) {
        entities[entity.id] = entity
        zoneEntities[entity.zone].insert(entity.id)
    }

    /// A uniformly chosen walkable tile of `rect`, or nil if it has none. Bounded: it lists the rectangle's tiles
    /// once instead of retrying random picks (BrowserQuest's retry loop could spin forever).
    func randomWalkableTile(in rect: TileRect) -> Tile? {
        var candidates: [Tile] = []
        for y in rect.y..<(rect.y + rect.height) {
            for x in rect.x..<(rect.x + rect.width) where map.isWalkable(x: x, y: y) {
                candidates.append(Tile(x: x, y: y))
            }
        }
        return candidates.randomElement(using: &random)
    }

    /// A random walkable tile of `rect` that no NPC, chest, item, living mob or player stands on, so a player who
    /// enters or revives never appears on top of a villager; any walkable tile when every one is taken.
    func randomFreeTile(in rect: TileRect) -> Tile? {
        var taken = Set<Tile>()
        let grid = zones
        var seen = Set<Int>()
        var y = rect.y
        while y < rect.y + rect.height + grid.zoneHeight {
            var x = rect.x
            while x < rect.x + rect.width + grid.zoneWidth {
                let zone = grid.zone(
                    x: min(x, rect.x + rect.width - 1), y: min(y, rect.y + rect.height - 1))
                if seen.insert(zone).inserted {
                    for id in zoneEntities[zone] {
                        if let player = players[id] {
                            taken.insert(player.position)
                        } else if let mob = mobs[id], !mob.isDead {
                            taken.insert(mob.position)
                        } else if let entity = entities[id] {
                            taken.insert(entity.position)
                        }
                    }
                }
                x += grid.zoneWidth
            }
            y += grid.zoneHeight
        }
        var candidates: [Tile] = []
        for ty in rect.y..<(rect.y + rect.height) {
            for tx in rect.x..<(rect.x + rect.width) where map.isWalkable(x: tx, y: ty) {
                let tile = Tile(x: tx, y: ty)
                if !taken.contains(tile) { candidates.append(tile) }
            }
        }
        return candidates.randomElement(using: &random) ?? randomWalkableTile(in: rect)
    }

    /// The SPAWN message for entity `id` as seen by others, or nil if there is no such entity.
    func spawnMessage(for id: Int) -> ServerMessage? {
        if let player = players[id] {
            return .spawnPlayer(
                id: player.id, x: player.position.x, y: player.position.y, name: player.name,
                orientation: player.orientation, armor: player.armor, weapon: player.weapon, target: nil)
        }
        if let mob = mobs[id], !mob.isDead {
            return .spawnMob(
                id: mob.id, kind: mob.kind, x: mob.position.x, y: mob.position.y, orientation: mob.orientation,
                target: mob.target)
        }
        guard let entity = entities[id] else { return nil }
        return .spawnEntity(id: entity.id, kind: entity.kind, x: entity.position.x, y: entity.position.y)
    }

    /// The zone of a living entity of any sort, or nil.
    func zoneOfEntity(_ id: Int) -> Int? {
        if let player = players[id] { return player.zone }
        if let mob = mobs[id] { return mob.isDead ? nil : mob.zone }
        return entities[id]?.zone
    }

    /// LIST to `player`: the ids of every other entity in its neighbourhood, sorted, gathered in a reused buffer.
    func sendList(to player: Player) {
        visibleIDs.removeAll(keepingCapacity: true)
        for visible in zones.neighbourhood(of: player.zone) {
            for id in zoneEntities[visible] where id != player.id { visibleIDs.append(id) }
        }
        visibleIDs.sort()
        send(.list(ids: visibleIDs), to: player)
    }

    /// Moves entity `id` from zone `old` to zone `new`: players who start seeing it get SPAWN (and MOVE if it is
    /// walking), players who stop seeing it get DESTROY, and a player that moved gets a fresh LIST.
    func changeZone(of id: Int, from old: Int, to new: Int) {
        guard old != new else { return }
        zoneEntities[old].remove(id)
        zoneEntities[new].insert(id)
        let player = players[id]
        let mob = player == nil ? mobs[id] : nil
        if let player {
            leave(player, from: old)
            player.zone = new
            enterZone(player)
        } else if let mob {
            leave(mob, from: old)
            mob.zone = new
            enterZone(mob)
        }
        let before = zones.neighbourhood(of: old)
        let after = zones.neighbourhood(of: new)
        if let spawn = spawnMessage(for: id) {
            // Each message is encoded once for all who start seeing the entity (each still gets SPAWN before MOVE).
            encodeShared(spawn)
            for zone in after where !before.contains(zone) {
                sendShared(to: zonePlayers[zone], except: player)
            }
            let walkingTo =
                player.flatMap { $0.isWalking ? $0.destination : nil }
                ?? mob.flatMap { $0.isWalking ? $0.destination : nil }
            if let walkingTo {
                encodeShared(.move(id: id, x: walkingTo.x, y: walkingTo.y))
                for zone in after where !before.contains(zone) {
                    sendShared(to: zonePlayers[zone], except: player)
                }
            }
        }
        encodeShared(.destroy(id: id))
        for zone in before where !after.contains(zone) {
            sendShared(to: zonePlayers[zone], except: player)
        }
        if let player { sendList(to: player) }
    }
}
