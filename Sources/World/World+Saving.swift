import GameProtocol

extension World {
    /// Ticks between two saves of a changed player.
    var saveIntervalTicks: UInt64 { ticks(milliseconds: configuration.saveIntervalMilliseconds) }

    /// Emits a save for each player whose turn it is and who changed (or has not been saved for the heartbeat).
    /// Each player's turn comes once per save interval, at a phase set by its id, so a full world's saves spread
    /// evenly over the ticks instead of arriving all at once.
    func emitDueSaves() {
        guard configuration.saveIntervalMilliseconds > 0 else { return }
        let interval = saveIntervalTicks
        let phase = tick % interval
        let heartbeat = configuration.ticks(seconds: configuration.heartbeatSaveSeconds)
        for player in players.values where UInt64(player.id) % interval == phase {
            awardPlayTime(player)
            if player.dirty || tick - player.lastSavedTick >= heartbeat { save(player, leaving: false) }
        }
    }

    /// Hands the player's lasting state to the outbox now.
    func save(_ player: Player, leaving: Bool) {
        outbox.save(CharacterSave(sheet: player.sheet(at: tick, tickRate: configuration.tickRate), leaving: leaving))
        player.dirty = false
        player.lastSavedTick = tick
    }

    /// Saves every player in the world, living or dead, as a server does before it stops.
    package func saveEveryone(outbox handedOver: inout Outbox) {
        for state in sessions.values {
            switch state.state {
            case .playing(let id): if let player = players[id] { save(player, leaving: true) }
            case .dead(let player): save(player, leaving: true)
            case .awaitingHello: break
            }
        }
        handedOver.removeAll()
        swap(&outbox, &handedOver)
    }
}
