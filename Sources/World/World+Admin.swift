import GameMap
import GameProtocol

/// An operator's request to one world, applied between ticks like any other input so the world stays
/// single-threaded and deterministic. The server resolves names to ids with ``players`` first, then acts on ids,
/// so a name shared by several players (BrowserQuest's names are not unique) is never acted on by accident.
package enum AdminRequest: Sendable, Equatable {
    /// Every player in the world, living or dead.
    case players
    /// Closes the player's connection; its client is told why.
    case kick(player: Int, reason: String)
    /// Chat from players with this name (any case) is dropped for `seconds`, or until ``unmute(name:)`` if nil.
    case mute(name: String, seconds: Int?)
    case unmute(name: String)
    /// A system message to every player of the world (``ServerMessage/notice(text:)``).
    case notice(text: String)
    /// Moves the player to a walkable tile, as a door would, and corrects its client with WELCOME.
    case teleport(player: Int, x: Int, y: Int)
    /// A mob (which does not respawn) or an item (which stays until looted) at a walkable tile.
    case spawn(kind: EntityKind, x: Int, y: Int)
    /// Brings every dead mob back now.
    case respawnMobs
}

/// What a world answers an ``AdminRequest``.
package enum AdminReply: Sendable, Equatable {
    case players([PlayerSummary])
    /// Done; the text says what changed (for the operator and the audit log).
    case done(String)
    /// Done to `count` things (players told, mobs respawned); the text says so.
    case counted(Int, String)
    /// Refused; the text says why.
    case failed(String)
}

/// One player as the admin console shows it.
package struct PlayerSummary: Sendable, Equatable {
    package var world: Int
    package var id: Int
    package var session: SessionID
    package var name: String
    package var x: Int
    package var y: Int
    package var hp: Int
    package var maxHP: Int
    package var weapon: EntityKind
    package var armor: EntityKind
    /// Dead players wait on the revive screen, outside the map.
    package var alive: Bool

    package init(
        world: Int, id: Int, session: SessionID, name: String, x: Int, y: Int, hp: Int, maxHP: Int,
        weapon: EntityKind, armor: EntityKind, alive: Bool
    ) {
        self.world = world
        self.id = id
        self.session = session
        self.name = name
        self.x = x
        self.y = y
        self.hp = hp
        self.maxHP = maxHP
        self.weapon = weapon
        self.armor = armor
        self.alive = alive
    }
}

extension World {
    /// Applies an operator's request; any messages it causes leave with this tick's batches.
    func handle(_ request: AdminRequest, outbox: inout Outbox) -> AdminReply {
        switch request {
        case .players:
            return .players(playerSummaries())
        case .kick(let id, let reason):
            guard let session = session(ofPlayer: id) else { return .failed("no player #\(id) in this world") }
            let name = playerName(id) ?? "#\(id)"
            outbox.disconnects.append((session, .kicked(reason)))
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
