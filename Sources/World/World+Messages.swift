import GameMap
import GameProtocol
import Support

extension World {
    /// Dispatches one client message. Nothing a client says is taken on trust: every intent is checked against the
    /// server's own state, and a refusal never touches another player.
    func receive(_ message: ClientMessage, ids: [Int], from session: SessionID) {
        guard var state = sessions[session] else { return }
        state.lastMessage = tick
        sessions[session] = state
        switch state.state {
        case .awaitingHello:
            // The server answers HELLO itself (it loads the character, which then arrives as `enter`); anything
            // else before that is out of order.
            kick(session, "first message was not HELLO")
        case .dead(let player):
            // Only HELLO (revive) means anything while dead; the rest is what a lagging client still sends.
            if case .hello = message { revive(player) }
        case .playing(let id):
            guard let player = players[id] else { return }
            handle(message, ids: ids, player: player)
        }
    }

    private func handle(_ message: ClientMessage, ids: [Int], player: Player) {
        switch message {
        case .hello:
            // Only a dead player may say HELLO again (BrowserQuest's revive).
            kick(player.session, "HELLO while alive")
        case .move(let x, let y):
            move(player, to: Tile(x: x, y: y))
        case .lootMove(let x, let y, let item):
            lootMove(player, to: Tile(x: x, y: y), item: item)
        case .teleport(let x, let y):
            teleport(player, to: Tile(x: x, y: y))
        case .chat(let text):
            chat(player, text)
        case .who:
            who(player, ids)
        case .zone:
            break  // The server tracks zones from positions; BrowserQuest clients still send it.
        case .check(let id):
            check(player, checkpoint: id)
        case .attack(let mob):
            attack(player, mob: mob)
        case .hit(let mob):
            hit(player, mob: mob)
        case .login, .password:
            break  // Identity is the server's business (its storage answers them); they never reach a world.
        case .aggro, .hurt:
            // Advisory in BrowserQuest's protocol; here the server notices players and deals mob damage itself,
            // so these change nothing (a client that never sends HURT still gets hurt).
            break
        case .loot(let item):
            loot(player, item: item)
        case .open(let chest):
            open(player, chest: chest)
        }
    }

    func kick(_ session: SessionID, _ reason: String) {
        logger.info(
            "world \(configuration.index): closing session \(session): \(reason)",
            ["conn": LogValue(session), "world": LogValue(configuration.index)])
        outbox.disconnect(session, .misbehaving(reason))
        disconnect(session)
    }

    /// CHAT: sanitized, cut to 60 characters, rate limited, heard by the players of the speaker's zone (itself
    /// included), as in BrowserQuest.
    private func chat(_ player: Player, _ raw: String) {
        let interval = configuration.ticks(seconds: configuration.chatIntervalSeconds)
        let refills = Int((tick - player.lastChatRefill) / max(interval, 1))
        if refills > 0 {
            player.chatTokens = min(configuration.chatBurst, player.chatTokens + refills)
            player.lastChatRefill += UInt64(refills) * interval
        }
        guard player.chatTokens > 0 else {
            statistics.droppedChats += 1
            return
        }
        guard !isMuted(player) else {
            statistics.droppedChats += 1
            return send(.notice(text: "You are muted by an operator."), to: player)
        }
        let text = Self.sanitizeText(raw, maxLength: configuration.maxChatLength)
        guard !text.isEmpty else { return }
        player.chatTokens -= 1
        encodeShared(.chat(player: player.id, text: text))
        sendShared(to: zonePlayers[player.zone])
    }

    /// WHO: SPAWN for each asked id the player can actually see, at most `maxWhoAnswers` of them and
    /// `whoAnswersPerSecond` on average.
    private func who(_ player: Player, _ ids: [Int]) {
        let now = nanoseconds(atTick: tick)
        for id in ids.prefix(configuration.maxWhoAnswers) where id != player.id {
            guard let zone = zoneOfEntity(id), zones.isVisible(zone, from: player.zone),
                let spawn = spawnMessage(for: id)
            else { continue }
            guard player.whoBudget.take(now: now) else {
                statistics.droppedWhoAnswers += 1
                return
            }
            send(spawn, to: player)
            if let other = players[id], other.isWalking {
                send(.move(id: id, x: other.destination.x, y: other.destination.y), to: player)
            } else if let mob = mobs[id], mob.isWalking {
                send(.move(id: id, x: mob.destination.x, y: mob.destination.y), to: player)
            }
        }
    }

    /// CHECK: remembered only when the server sees the player inside that checkpoint.
    private func check(_ player: Player, checkpoint id: Int) {
        guard let checkpoint = map.checkpoints.first(where: { $0.id == id }),
            checkpoint.area.contains(x: player.position.x, y: player.position.y), player.checkpoint != id
        else { return }
        player.checkpoint = id
        awardCheckpoint(checkpoint, player: player)
    }
}
