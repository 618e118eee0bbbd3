import GameMap
import GameProtocol

extension World {
    /// LOOT: the player picks up an item it stands on or next to (by the server's position, with a step of latency
    /// slack). The server applies the effect; gear that is not an upgrade is left on the ground.
    func loot(_ player: Player, item id: Int) {
        guard let item = entities[id], item.kind.isItem, isWithinReach(player, of: item.position, slack: 2) else {
            statistics.refusedLoots += 1
            return
        }
        switch ItemEffect.of(item.kind) {
        case .heal(let points):
            player.hp = min(player.maxHP, player.hp + points)
            send(.health(hp: player.hp, regenerated: false), to: player)
        case .fullHealAndCostume:
            player.hp = player.maxHP
            send(.health(hp: player.hp, regenerated: false), to: player)
            player.costumeUntil = tick + ticks(milliseconds: GameTimers.firepotionMilliseconds)
            broadcast(.equip(player: player.id, kind: .firefox), aroundZone: player.zone)
            events.schedule(.costumeEnds(player: player.id), at: player.costumeUntil)
            award(.hotStuff, to: player)
        case .armor(let level):
            guard level > Rules.armorLevel(player.armor) else { return }
            player.armor = item.kind
            player.maxHP = Rules.maxHP(armor: item.kind)
            player.hp = player.maxHP
            send(.hp(max: player.maxHP), to: player)
            broadcast(.equip(player: player.id, kind: item.kind), aroundZone: player.zone)
            awardGear(player)
        case .weapon(let level):
            guard level > Rules.weaponLevel(player.weapon) else { return }
            player.weapon = item.kind
            broadcast(.equip(player: player.id, kind: item.kind), aroundZone: player.zone)
            awardGear(player)
        case .nothing:
            break
        }
        take(item)
    }

    /// OPEN: a chest next to the player opens into one random item of its list.
    func open(_ player: Player, chest id: Int) {
        guard let chest = entities[id], chest.kind.isChest, isWithinReach(player, of: chest.position, slack: 2) else {
            statistics.refusedLoots += 1
            return
        }
        take(chest)
        award(.findersKeepers, to: player)
        guard let kind = chest.chestItems.randomElement(using: &random) else { return }
        let item = Entity(
            id: takeEntityID(), kind: kind, position: chest.position, orientation: .down, zone: chest.zone)
        add(item)
        if let spawn = spawnMessage(for: item.id) { broadcast(spawn, aroundZone: item.zone) }
        scheduleExpiry(of: item.id)
    }

    /// Removes an item or chest from the world (neighbours see DESPAWN); static ones come back later.
    private func take(_ entity: Entity) {
        broadcast(.despawn(id: entity.id), aroundZone: entity.zone)
        entities[entity.id] = nil
        zoneEntities[entity.zone].remove(entity.id)
        if entity.isStatic {
            events.schedule(
                .respawnItem(entity), at: tick + ticks(milliseconds: GameTimers.staticItemRespawnMilliseconds))
        }
    }

    /// Dropped items and chest-area chests blink at 10 s and vanish at 14 s.
    func scheduleExpiry(of id: Int) {
        events.schedule(.blinkItem(id), at: tick + ticks(milliseconds: GameTimers.droppedItemBlinkMilliseconds))
        events.schedule(.destroyItem(id), at: tick + ticks(milliseconds: GameTimers.droppedItemLifetimeMilliseconds))
    }

    func runDueEvents() {
        while let event = events.popDue(tick) {
            switch event {
            case .respawnMob(let id):
                respawnMob(id)
            case .respawnItem(let entity):
                add(entity)
                if let spawn = spawnMessage(for: entity.id) { broadcast(spawn, aroundZone: entity.zone) }
            case .blinkItem(let id):
                if let item = entities[id] { broadcast(.blink(id: id), aroundZone: item.zone) }
            case .destroyItem(let id):
                // Only if still lying there: a picked-up item's id is never reused.
                guard let item = entities.removeValue(forKey: id) else { break }
                zoneEntities[item.zone].remove(id)
                broadcast(.destroy(id: id), aroundZone: item.zone)
            case .costumeEnds(let id):
                guard let player = players[id], tick >= player.costumeUntil else { break }
                broadcast(.equip(player: id, kind: player.armor), aroundZone: player.zone)
            }
        }
    }

    // MARK: - Chest areas

    /// When the last static mob of a chest area dies, its chest appears (and expires like a drop).
    func mobDied(_ mob: Mob) {
        for (index, members) in chestAreaMobs.enumerated() where chestAreaArmed[index] && members.contains(mob.id) {
            guard members.allSatisfy({ mobs[$0]?.isDead ?? true }) else { continue }
            chestAreaArmed[index] = false
            let area = map.chestAreas[index]
            let tile = Tile(x: area.chestX, y: area.chestY)
            var chest = Entity(id: takeEntityID(), kind: .chest, position: tile, orientation: .down, zone: zoneOf(tile))
            chest.chestItems = area.items
            add(chest)
            if let spawn = spawnMessage(for: chest.id) { broadcast(spawn, aroundZone: chest.zone) }
            scheduleExpiry(of: chest.id)
        }
    }

    /// A chest area is armed again once all its mobs are back.
    func mobRespawned(_ mob: Mob) {
        for (index, members) in chestAreaMobs.enumerated() where !chestAreaArmed[index] && members.contains(mob.id) {
            if members.allSatisfy({ mobs[$0].map { !$0.isDead } ?? false }) { chestAreaArmed[index] = true }
        }
    }
}
