import GameMap
import GameProtocol
import Support

extension World {
    /// ATTACK: the player engages a mob it can see; neighbours animate it.
    func attack(_ player: Player, mob id: Int) {
        guard let mob = mobs[id], !mob.isDead, zones.isVisible(mob.zone, from: player.zone) else { return }
        player.target = id
        broadcast(.attack(attacker: player.id, target: id), aroundZone: player.zone, except: player.id)
    }

    /// HIT: one swing. Accepted only against a living mob next to the player (by the server's positions, with one
    /// tile of latency slack), and no more often than the weapon's cooldown; the server rolls the damage.
    func hit(_ player: Player, mob id: Int) {
        guard let mob = mobs[id], !mob.isDead, isWithinReach(player, of: mob.position, slack: 1) else {
            statistics.refusedHits += 1
            return
        }
        let cooldown = ticks(milliseconds: GameTimers.playerAttackMilliseconds - GameTimers.attackJitterMilliseconds)
        guard player.lastHitTick == 0 || tick - player.lastHitTick >= cooldown else {
            statistics.refusedHits += 1
            return
        }
        player.lastHitTick = tick
        player.target = id
        let damage = Rules.damage(
            weaponLevel: Rules.weaponLevel(player.weapon), armorLevel: mob.stats.armorLevel, random: &random)
        guard damage > 0 else { return }
        mob.hp -= damage
        player.damageDealt += damage
        send(.damage(id: mob.id, points: damage), to: player)
        if mob.hp <= 0 {
            kill(mob, by: player)
        } else {
            addHate(player.id, damage, to: mob)
        }
    }

    /// Whether `target` is next to the player where the server has it, or next to where it is about to step.
    func isWithinReach(_ player: Player, of target: Tile, slack: Int) -> Bool {
        if player.position.chebyshev(to: target) <= 1 { return true }
        guard player.isWalking, player.path.count - player.pathIndex <= slack else { return false }
        return player.destination.chebyshev(to: target) <= 1
    }

    func addHate(_ playerID: Int, _ amount: Int, to mob: Mob) {
        mob.hate[playerID, default: 0] += amount
        mob.returnTick = nil
        retarget(mob)
    }

    /// Points the mob at its most-hated player; announces a change with ATTACK as BrowserQuest does.
    func retarget(_ mob: Mob) {
        let target = mob.mostHated()
        guard target != mob.target else { return }
        mob.target = target
        if let target {
            broadcast(.attack(attacker: mob.id, target: target), aroundZone: mob.zone)
        }
    }

    /// KILL to the killer, DESPAWN to everyone who sees the mob, then DROP, in BrowserQuest's order.
    func kill(_ mob: Mob, by player: Player) {
        player.kills[mob.kind, default: 0] += 1
        send(.kill(kind: mob.kind), to: player)
        broadcast(.despawn(id: mob.id), aroundZone: mob.zone)
        let haters = mob.hate.keys.sorted()
        if let kind = Rules.rollDrop(mob.stats.drops, random: &random) {
            let item = Entity(
                id: takeEntityID(), kind: kind, position: mob.position, orientation: .down, zone: mob.zone)
            add(item)
            broadcast(.drop(mob: mob.id, item: item.id, kind: kind, haters: haters), aroundZone: mob.zone)
            scheduleExpiry(of: item.id)
        }
        mob.isDead = true
        mob.hate.removeAll()
        mob.target = nil
        mob.returnTick = nil
        mob.stopWalking()
        zoneEntities[mob.zone].remove(mob.id)
        leave(mob, from: mob.zone)
        for other in players.values where other.target == mob.id { other.target = nil }
        if mob.respawns {
            events.schedule(.respawnMob(mob.id), at: tick + ticks(milliseconds: GameTimers.mobRespawnMilliseconds))
        } else {
            mobs[mob.id] = nil
        }
        mobDied(mob)
    }

    func respawnMob(_ id: Int) {
        guard let mob = mobs[id], mob.isDead else { return }
        let tile = mob.roamingArea.flatMap { randomWalkableTile(in: $0) } ?? mob.spawn
        mob.isDead = false
        mob.hp = mob.stats.hp
        mob.position = tile
        mob.zone = zoneOf(tile)
        zoneEntities[mob.zone].insert(mob.id)
        enterZone(mob)
        if let spawn = spawnMessage(for: mob.id) { broadcast(spawn, aroundZone: mob.zone) }
        mobRespawned(mob)
    }

    // MARK: - Mob behaviour, every tick

    /// Aggressive mobs notice nearby players; engaged mobs chase, attack, or give up at the leash.
    func updateMobs() {
        if tick % 5 == 0 { noticePlayers() }
        for mob in mobs.values where !mob.isDead {
            if let due = mob.returnTick, tick >= due {
                mob.returnTick = nil
                if mob.hate.isEmpty { returnHome(mob) }
            }
            if mob.target != nil { pursue(mob) }
            advance(mob)
        }
    }

    /// Each living player is noticed by idle aggressive mobs within their range (BrowserQuest's AGGRO, decided
    /// here instead of by the client).
    /// Zone by zone, each idle aggressive mob notices the first player within its range among those who see its
    /// zone (zones in order, players in arrival order).
    private func noticePlayers() {
        for zone in zoneMobs.indices where !zoneMobs[zone].isEmpty {
            let neighbourhood = zones.neighbourhood(of: zone)
            for mob in zoneMobs[zone] where mob.target == nil {
                let range = mob.stats.aggroRange
                guard range > 0 else { continue }
                let (x, y) = (mob.position.x, mob.position.y)
                search: for visible in neighbourhood {
                    for player in zonePlayers[visible]
                    where abs(player.position.x - x) <= range && abs(player.position.y - y) <= range {
                        addHate(player.id, GameTimers.aggroHate, to: mob)
                        break search
                    }
                }
            }
        }
    }

    private func pursue(_ mob: Mob) {
        guard let targetID = mob.target, let target = players[targetID] else {
            if let gone = mob.target {
                forget(gone, by: mob, returnAfter: GameTimers.returnAfterTargetLostMilliseconds)
            }
            return
        }
        if mob.position.chebyshev(to: mob.spawn) > GameTimers.leashTiles {
            mob.hate.removeAll()
            mob.target = nil
            returnHome(mob)
            return
        }
        if mob.position.isAdjacent(to: target.position) {
            mob.stopWalking()
            if tick >= mob.nextAttackTick {
                mob.nextAttackTick = tick + ticks(milliseconds: mob.stats.attackMilliseconds)
                strike(target, from: mob)
            }
            return
        }
        // Re-path when the target has moved away from where the chase leads, at most every 10 ticks.
        guard !mob.isWalking || !mob.destination.isAdjacent(to: target.position), tick - mob.lastPathTick >= 10
        else { return }
        mob.lastPathTick = tick
        let chase = Pathfinder(maxExpanded: 400, maxLength: 40)
        let goals = [(0, -1), (0, 1), (-1, 0), (1, 0)]
            .map { Tile(x: target.position.x + $0.0, y: target.position.y + $0.1) }
            .filter { map.isWalkable(x: $0.x, y: $0.y) }
            .sorted { $0.distance(to: mob.position) < $1.distance(to: mob.position) }
        for goal in goals {
            if let path = paths.path(on: map.collisions, from: mob.position, to: goal, bounds: chase) {
                mob.follow(path)
                broadcast(.move(id: mob.id, x: goal.x, y: goal.y), aroundZone: mob.zone)
                return
            }
        }
    }

    /// Walks a mob one tick along its path, at its own pace.
    private func advance(_ mob: Mob) {
        walk(mob, ticksPerStep: Int(ticks(milliseconds: mob.stats.moveMilliseconds)))
    }

    /// A mob's blow: the server rolls it and tells the player its new HP. Nothing from the client is needed, so a
    /// client that never sends HURT is hurt all the same.
    private func strike(_ player: Player, from mob: Mob) {
        guard tick >= player.costumeUntil else { return }  // the firepotion's invulnerability
        let damage = Rules.damage(
            weaponLevel: mob.stats.weaponLevel, armorLevel: Rules.armorLevel(player.armor), random: &random)
        guard damage > 0 else { return }
        player.hp -= damage
        player.damageTaken += damage
        send(.health(hp: max(player.hp, 0), regenerated: false), to: player)
        if player.hp <= 0 { die(player) }
    }

    /// The player dies: neighbours see it despawn, its attackers drop it, and its session waits for HELLO.
    func die(_ player: Player) {
        player.hp = 0
        player.deaths += 1
        player.stopWalking()
        player.target = nil
        save(player, leaving: false)
        removePlayer(player)
        sessions[player.session]?.state = .dead(player)
        logger.info("world \(configuration.index): \(player.name) (#\(player.id)) died", logFields(player))
    }

    /// Drops `playerID` from `mob`'s hate list; with nobody left to hate, the mob goes home after `returnAfter`.
    func forget(_ playerID: Int, by mob: Mob, returnAfter milliseconds: Int) {
        mob.hate[playerID] = nil
        retarget(mob)
        if mob.hate.isEmpty {
            mob.target = nil
            mob.stopWalking()
            mob.returnTick = tick + ticks(milliseconds: milliseconds)
        }
    }

    /// Teleports a mob to its spawn point on the server and tells clients to walk it there (BrowserQuest's way).
    func returnHome(_ mob: Mob) {
        mob.stopWalking()
        guard mob.position != mob.spawn else { return }
        let old = mob.zone
        broadcast(.move(id: mob.id, x: mob.spawn.x, y: mob.spawn.y), aroundZone: old)
        mob.position = mob.spawn
        changeZone(of: mob.id, from: old, to: zoneOf(mob.spawn))
    }

    /// Every mob hating `player` forgets it (death, teleport, disconnection).
    func releaseAttackers(of player: Player, returnAfter milliseconds: Int) {
        for mob in mobs.values where mob.hate[player.id] != nil {
            forget(player.id, by: mob, returnAfter: milliseconds)
        }
    }

    /// HELLO from a dead player: back at a random tile of the last checkpoint the server saw it in, at full health.
    func revive(_ player: Player) {
        let area = map.checkpoints.first { $0.id == player.checkpoint } ?? startingAreas.first
        guard let area,
            let tile = randomWalkableTile(in: area.area)
                ?? startingAreas.lazy.compactMap({
                    self.randomWalkableTile(in: $0.area)
                }).first
        else { return }
        player.position = tile
        player.zone = zoneOf(tile)
        player.hp = player.maxHP
        player.revives += 1
        player.costumeUntil = 0
        players[player.id] = player
        sessions[player.session]?.state = .playing(player.id)
        zoneEntities[player.zone].insert(player.id)
        enterZone(player)
        send(.welcome(id: player.id, name: player.name, x: tile.x, y: tile.y, hp: player.maxHP), to: player)
        sendList(to: player)
        if let spawn = spawnMessage(for: player.id) { broadcast(spawn, aroundZone: player.zone, except: player.id) }
    }

    /// Players and mobs short of full health regain floor(maxHP / 25); players are told with HEALTH's regen flag.
    func regenerate() {
        for player in players.values where player.hp < player.maxHP {
            player.hp = min(player.maxHP, player.hp + Rules.regeneration(maxHP: player.maxHP))
            send(.health(hp: player.hp, regenerated: true), to: player)
        }
        for mob in mobs.values where !mob.isDead && mob.hp < mob.stats.hp {
            mob.hp = min(mob.stats.hp, mob.hp + Rules.regeneration(maxHP: mob.stats.hp))
        }
    }
}
