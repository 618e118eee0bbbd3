import GameMap
import GameProtocol
import Support

extension World {
    /// A character the server loaded for a session that said HELLO: it enters at a random tile of its last
    /// checkpoint (a starting area for a new character) with its stored gear and health. The armor and weapon a
    /// client claims in HELLO never reach the world: the store decides.
    func enter(_ session: SessionID, _ sheet: CharacterSheet) {
        guard let state = sessions[session], case .awaitingHello = state.state else {
            // The session left (or was timed out) while its character loaded: hand the character back unchanged.
            outbox.save(CharacterSave(sheet: sheet, leaving: true))
            return
        }
        let area = map.checkpoints.first { $0.id == sheet.checkpoint } ?? startingAreas.randomElement(using: &random)
        guard let area,
            let tile = resumedTile(sheet) ?? randomFreeTile(in: area.area)
                ?? startingAreas.lazy.compactMap({ self.randomFreeTile(in: $0.area) }).first
        else {
            logger.error("world \(configuration.index) has no walkable starting tile; refusing a player")
            outbox.disconnect(session, .full)
            outbox.save(CharacterSave(sheet: sheet, leaving: true))
            sessions[session] = nil
            return
        }
        let player = Player(
            id: takeEntityID(), session: session, sheet: sheet, position: tile, zone: zoneOf(tile),
            chatTokens: configuration.chatBurst, now: tick, keepsPosition: configuration.keepsPosition)
        if player.checkpoint != area.id { player.checkpoint = area.id }
        player.whoBudget = TokenBucket(
            rate: Double(configuration.whoAnswersPerSecond), burst: Double(max(1, configuration.maxWhoAnswers)),
            now: nanoseconds(atTick: tick))
        players[player.id] = player
        sessions[session]?.state = .playing(player.id)
        zoneEntities[player.zone].insert(player.id)
        enterZone(player)
        // WELCOME first in the player's first batch; BrowserQuest clients handle it inside a batch. WELCOME says
        // the maximum; health below it and gear beyond the starting set follow, as HEALTH and EQUIP would.
        send(.welcome(id: player.id, name: player.name, x: tile.x, y: tile.y, hp: player.maxHP), to: player)
        if player.hp < player.maxHP { send(.health(hp: player.hp, regenerated: false), to: player) }
        if player.armor != .clotharmor { send(.equip(player: player.id, kind: player.armor), to: player) }
        if player.weapon != .sword1 { send(.equip(player: player.id, kind: player.weapon), to: player) }
        sendAchievements(entering: player)
        broadcastPopulation()
        sendList(to: player)
        if let spawn = spawnMessage(for: player.id) { broadcast(spawn, aroundZone: player.zone, except: player.id) }
        logger.info(
            "world \(configuration.index): \(player.name) (#\(player.id)) entered at \(tile.x),\(tile.y)",
            logFields(player))
    }

    /// Where a character saved with a position enters, when the world keeps positions: that tile, if it is on the map
    /// and walkable (the map may have changed since); nil sends it to its checkpoint. A dead character (no health)
    /// starts over at its checkpoint, as a revive would.
    private func resumedTile(_ sheet: CharacterSheet) -> Tile? {
        guard configuration.keepsPosition, sheet.hp > 0, let tile = sheet.position,
            (0..<map.width).contains(tile.x), (0..<map.height).contains(tile.y), map.isWalkable(x: tile.x, y: tile.y)
        else { return nil }
        return tile
    }

    /// Takes the player out of the world (death or disconnection); neighbours see it despawn and its attackers
    /// go home a second later unless someone else holds their attention. Logs nothing: a death and a departure
    /// are each logged once, by ``logDeparture(_:died:)``.
    func removePlayer(_ player: Player) {
        broadcast(.despawn(id: player.id), aroundZone: player.zone, except: player.id)
        releaseAttackers(of: player, returnAfter: GameTimers.returnAfterTargetLostMilliseconds)
        zoneEntities[player.zone].remove(player.id)
        leave(player, from: player.zone)
        players[player.id] = nil
    }

    /// The one log line of a death ("died") or of a session that ends with its player, alive or dead ("left"),
    /// counted in ``WorldStatistics`` so that tests see the same events the log does.
    func logDeparture(_ player: Player, died: Bool) {
        if died { statistics.playersDied += 1 } else { statistics.playersLeft += 1 }
        logger.info(
            "world \(configuration.index): \(player.name) (#\(player.id)) \(died ? "died" : "left")", logFields(player))
    }

    /// The fields of a JSON log line about `player`: its connection, name, entity id and world.
    func logFields(_ player: Player) -> LogMetadata {
        [
            "conn": LogValue(player.session), "player": .string(player.name), "entity": LogValue(player.id),
            "world": LogValue(configuration.index),
        ]
    }

    /// BrowserQuest's name rule, kept: control characters dropped, trimmed, cut to `maxLength` characters,
    /// "lorem ipsum" when empty, then HTML-escaped so original clients that render names as HTML stay safe. Before
    /// that the name takes its canonical spelling (NFC, nothing invisible; see ``canonicalName(_:)``).
    package static func sanitizeName(_ raw: String, maxLength: Int) -> String {
        let cleaned = sanitizeText(canonicalName(raw), maxLength: maxLength)
        return cleaned.isEmpty ? "lorem ipsum" : cleaned
    }

    /// Drops control characters, trims spaces, cuts to `maxLength` characters and HTML-escapes.
    package static func sanitizeText(_ raw: String, maxLength: Int) -> String {
        var kept = String.UnicodeScalarView()
        for scalar in raw.unicodeScalars
        where scalar.value >= 0x20 && scalar.value != 0x7F
            && !(0x80..<0xA0).contains(scalar.value) && !(0x2028...0x2029).contains(scalar.value)
        {
            kept.append(scalar)
        }
        let trimmed = String(kept).trimmingSpaces()
        return escapeHTML(String(trimmed.prefix(maxLength)))
    }

    static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#x27;"
            case "/": out += "&#x2F;"
            default: out.append(character)
            }
        }
        return out
    }
}

extension String {
    fileprivate func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while let first = s.first, first.isWhitespace { s.removeFirst() }
        while let last = s.last, last.isWhitespace { s.removeLast() }
        return s
    }
}
