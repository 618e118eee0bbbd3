import GameMap
import GameProtocol
import Support

extension World {
    /// Applies an operator's request; any messages it causes leave with this tick's batches.
    func handle(_ request: AdminRequest) -> AdminReply {
        switch request {
        case .players:
            return .players(playerSummaries())
        case .kick(let id, let reason):
            guard let session = session(ofPlayer: id) else { return .failed("no player #\(id) in this world") }
            let name = playerName(id) ?? "#\(id)"
            logger.notice(
                "world \(configuration.index): kicking \(name) (#\(id)): \(reason)",
                [
                    "conn": LogValue(session), "player": .string(name), "entity": LogValue(id),
                    "world": LogValue(configuration.index), "reason": .string(reason),
                ])
            outbox.disconnect(session, .kicked(reason))
            disconnect(session)
            return .done("kicked \(name) (#\(id)) from world \(configuration.index)")
        case .mute(let name, let seconds):
            mutedUntil[name.lowercased()] = seconds.map { tick + configuration.ticks(seconds: $0) } ?? UInt64.max
            return .done("muted \(name)" + (seconds.map { " for \($0) s" } ?? " until unmuted"))
        case .unmute(let name):
            let wasMuted = mutedUntil.removeValue(forKey: name.lowercased()).map { $0 > tick } ?? false
            return wasMuted ? .done("unmuted \(name)") : .failed("\(name) is not muted")
        case .notice(let text):
            let clean = Self.sanitizeText(text, maxLength: configuration.maxNoticeLength)
            guard !clean.isEmpty else { return .failed("nothing to say") }
            let message = ServerMessage.notice(text: clean)
            for player in players.values { send(message, to: player) }
            return .counted(players.count, "told \(players.count) player(s)")
        case .teleport(let id, let x, let y):
            guard players[id] != nil else { return .failed("no living player #\(id) in this world") }
            guard map.isWalkable(x: x, y: y) else { return .failed("(\(x), \(y)) is not a walkable tile") }
            _ = relocate(player: id, to: Tile(x: x, y: y))
            return .done("moved \(players[id]?.name ?? "#\(id)") to (\(x), \(y))")
        case .spawn(let kind, let x, let y):
            return spawn(kind, at: Tile(x: x, y: y))
        case .moveEveryone:
            let moving = Array(sessions.keys)
            for session in moving {
                outbox.disconnect(session, .moving)
                disconnect(session)
            }
            return .counted(moving.count, "sent \(moving.count) session(s) on")
        case .respawnMobs:
            let dead = mobs.values.filter(\.isDead).map(\.id).sorted()
            for id in dead { respawnMob(id) }
            return .counted(dead.count, "respawned \(dead.count) mob(s) in world \(configuration.index)")
        }
    }

    private func playerSummaries() -> [PlayerSummary] {
        var summaries: [PlayerSummary] = []
        for (session, state) in sessions {
            let player: Player
            switch state.state {
            case .playing(let id):
                guard let living = players[id] else { continue }
                player = living
            case .dead(let dead):
                player = dead
            case .awaitingHello:
                continue
            }
            summaries.append(
                PlayerSummary(
                    world: configuration.index, id: player.id, session: session, name: player.name,
                    x: player.position.x, y: player.position.y, hp: max(player.hp, 0), maxHP: player.maxHP,
                    weapon: player.weapon, armor: player.armor, alive: players[player.id] != nil))
        }
        return summaries.sorted { $0.id < $1.id }
    }

    private func session(ofPlayer id: Int) -> SessionID? {
        if let player = players[id] { return player.session }
        for (session, state) in sessions {
            if case .dead(let player) = state.state, player.id == id { return session }
        }
        return nil
    }

    private func playerName(_ id: Int) -> String? {
        playerSummaries().first { $0.id == id }?.name
    }

    private func spawn(_ kind: EntityKind, at tile: Tile) -> AdminReply {
        guard map.isWalkable(x: tile.x, y: tile.y) else {
            return .failed("(\(tile.x), \(tile.y)) is not a walkable tile")
        }
        if kind.isMob {
            let mob = Mob(
                id: takeEntityID(), kind: kind, spawn: tile, roamingArea: nil, orientation: .down, zone: zoneOf(tile))
            mob.respawns = false
            addMob(mob)
            if let spawn = spawnMessage(for: mob.id) { broadcast(spawn, aroundZone: mob.zone) }
            return .done("spawned \(kind.name) #\(mob.id) at (\(tile.x), \(tile.y)) in world \(configuration.index)")
        }
        guard kind.isItem || kind == .chest else { return .failed("\(kind.name) cannot be spawned") }
        var entity = Entity(id: takeEntityID(), kind: kind, position: tile, orientation: .down, zone: zoneOf(tile))
        if kind == .chest { entity.chestItems = [.flask, .burger] }
        add(entity)
        if let spawn = spawnMessage(for: entity.id) { broadcast(spawn, aroundZone: entity.zone) }
        return .done("spawned \(kind.name) #\(entity.id) at (\(tile.x), \(tile.y)) in world \(configuration.index)")
    }

    /// True while chat from `player` is muted by an operator.
    func isMuted(_ player: Player) -> Bool {
        guard !mutedUntil.isEmpty, let until = mutedUntil[player.name.lowercased()] else { return false }
        if tick < until { return true }
        mutedUntil[player.name.lowercased()] = nil
        return false
    }
}
