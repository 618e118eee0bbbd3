import GameMap
import GameProtocol
import Support

extension World {
    /// MOVE: the client announces where the path it just started ends. The server finds its own path there from
    /// where it knows the player is, and walks the player along it at walking speed over the next ticks.
    func move(_ player: Player, to goal: Tile) {
        // Already going there (or standing there): nothing changes, so nothing is relayed. A client repeating its
        // MOVE cannot make the server broadcast to its neighbours.
        if goal == player.destination { return }
        guard let path = validatedPath(for: player, to: goal) else {
            return refuse(player, "move to \(goal.x),\(goal.y)")
        }
        startWalking(player, along: path)
        broadcast(.move(id: player.id, x: goal.x, y: goal.y), aroundZone: player.zone, except: player.id)
    }

    /// LOOTMOVE: a MOVE onto an item the player can see.
    func lootMove(_ player: Player, to goal: Tile, item: Int) {
        guard let entity = entities[item], entity.kind.isItem,
            entity.position.distance(to: goal) <= 1, zones.isVisible(entity.zone, from: player.zone),
            let path = validatedPath(for: player, to: goal)
        else {
            return refuse(player, "loot move to \(goal.x),\(goal.y) for #\(item)")
        }
        startWalking(player, along: path)
        broadcast(.lootMove(player: player.id, item: item), aroundZone: player.zone, except: player.id)
    }

    /// TELEPORT: only through a door whose entrance is where the player stands, or where the path the server is
    /// walking ends within a few tiles (the client walks ahead of the server by its latency), and only to that
    /// door's own destination.
    func teleport(_ player: Player, to destination: Tile) {
        let remaining = player.isWalking ? player.path.count - player.pathIndex : 0
        let door = doorsByDestination[destination]?.first { door in
            let entrance = Tile(x: door.x, y: door.y)
            return entrance == player.position
                || (entrance == player.destination && remaining <= configuration.teleportSlack)
        }
        guard let door else {
            statistics.refusedTeleports += 1
            return refuse(player, "teleport to \(destination.x),\(destination.y)")
        }
        player.stopWalking()
        releaseAttackers(of: player, returnAfter: GameTimers.returnAfterTargetLostMilliseconds)
        let oldZone = player.zone
        player.position = destination
        if let facing = door.orientation { player.orientation = facing }
        changeZone(of: player.id, from: oldZone, to: zoneOf(destination))
        broadcast(
            .teleport(id: player.id, x: destination.x, y: destination.y), aroundZone: player.zone, except: player.id)
    }

    /// A path from the player's server position to `goal`, or nil when `goal` is outside the map, blocked, or not
    /// reachable on foot within the pathfinder's bounds.
    func validatedPath(for player: Player, to goal: Tile) -> [Tile]? {
        guard map.isWalkable(x: goal.x, y: goal.y) else { return nil }
        return paths.path(on: map.collisions, from: player.position, to: goal, bounds: pathfinder)
    }

    func startWalking(_ player: Player, along path: [Tile]) {
        player.follow(path)
    }

    /// Advances every walking player by one tick; a player enters the next tile every `ticksPerStep` ticks.
    func advanceWalkers() {
        let ticksPerStep = configuration.ticksPerStep
        for player in players.values where player.isWalking { walk(player, ticksPerStep: ticksPerStep) }
    }

    /// One tick of walking for a player or a mob, moving it between zones when it crosses a boundary.
    func walk(_ walker: some Walker, ticksPerStep: Int) {
        guard let entered = walker.advance(ticksPerStep: ticksPerStep) else { return }
        let zone = zoneOf(entered)
        guard zone != walker.zone else { return }
        changeZone(of: walker.id, from: walker.zone, to: zone)
    }

    static func facing(from a: Tile, to b: Tile) -> Orientation? {
        if b.x > a.x { return .right }
        if b.x < a.x { return .left }
        if b.y > a.y { return .down }
        if b.y < a.y { return .up }
        return nil
    }

    /// Counts a refused intent and puts the client back where the server has it. BrowserQuest clients ignore MOVE
    /// and TELEPORT about themselves but re-read WELCOME, so the correction is WELCOME (position, max HP) followed by
    /// HEALTH (current HP). Repeated refusals within the strike window disconnect.
    func refuse(_ player: Player, _ what: String) {
        statistics.refusedMoves += 1
        let window = configuration.ticks(seconds: configuration.strikeWindowSeconds)
        if tick - player.strikeWindowStart > window {
            player.strikeWindowStart = tick
            player.strikes = 0
        }
        player.strikes += 1
        logger.debug(
            "world \(configuration.index): refused \(what) from #\(player.id) at \(player.position.x),\(player.position.y)"
        )
        if player.strikes > configuration.maxStrikes {
            statistics.kickedForAbuse += 1
            return kick(
                player.session, "\(player.strikes) refused moves in \(configuration.strikeWindowSeconds) s")
        }
        player.stopWalking()
        send(
            .welcome(id: player.id, name: player.name, x: player.position.x, y: player.position.y, hp: player.maxHP),
            to: player)
        send(.health(hp: player.hp, regenerated: false), to: player)
        broadcast(
            .move(id: player.id, x: player.position.x, y: player.position.y), aroundZone: player.zone, except: player.id
        )
    }
}

extension World {
    /// Puts a player on `tile` on the server's authority (an operator's `tp`, tools, benchmarks): neighbours old and
    /// new are told as for a door. Returns false if there is no such player or the tile is not walkable.
    @discardableResult
    package func relocate(player id: Int, to tile: Tile) -> Bool {
        guard let player = players[id], map.isWalkable(x: tile.x, y: tile.y) else { return false }
        player.stopWalking()
        let oldZone = player.zone
        player.position = tile
        changeZone(of: player.id, from: oldZone, to: zoneOf(tile))
        broadcast(.teleport(id: player.id, x: tile.x, y: tile.y), aroundZone: player.zone, except: player.id)
        send(.welcome(id: player.id, name: player.name, x: tile.x, y: tile.y, hp: player.maxHP), to: player)
        send(.health(hp: player.hp, regenerated: false), to: player)
        return true
    }
}
