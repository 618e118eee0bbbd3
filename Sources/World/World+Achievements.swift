import GameMap
import GameProtocol
import Support

/// Achievements: the world awards them where the events happen (kills, loot, chests, revives, checkpoints, play
/// time), from its own state only; nothing a client claims earns one. Each is given once: the bit in
/// ``Player/achievements`` is set, the player is told with ACHIEVEMENT, and the change is saved like any other.
extension World {
    /// Gives `achievement` to the player unless it already holds it. Returns whether it was new.
    @discardableResult
    func award(_ achievement: Achievement, to player: Player, announce: Bool = true) -> Bool {
        guard player.achievements & achievement.bit == 0 else { return false }
        player.achievements |= achievement.bit
        if announce {
            send(
                .achievement(id: achievement.id, name: achievement.name, description: achievement.description),
                to: player)
        }
        logger.info("world \(configuration.index): \(player.name) (#\(player.id)) earned \(achievement.key)")
        return true
    }

    /// After the player killed a mob of `kind`: that family's, the kill-count milestones, and a close shave when
    /// the player won with a tenth of its health or less.
    func awardKill(of kind: EntityKind, by player: Player) {
        if let family = Achievement.forKilling(kind) { award(family, to: player) }
        awardKillMilestones(player, announce: true)
        if player.hp > 0 && player.hp * 10 <= player.maxHP { award(.closeShave, to: player) }
    }

    /// The armor and weapon the player holds now.
    func awardGear(_ player: Player, announce: Bool = true) {
        let armor = Rules.armorLevel(player.armor)
        let weapon = Rules.weaponLevel(player.weapon)
        if armor > Rules.armorLevel(.clotharmor) { award(.newThreads, to: player, announce: announce) }
        if armor >= Rules.armorLevel(.platearmor) { award(.heavyMetal, to: player, announce: announce) }
        if weapon > Rules.weaponLevel(.sword1) { award(.sharperEdge, to: player, announce: announce) }
        if weapon >= Rules.weaponLevel(.redsword) { award(.crimsonBlade, to: player, announce: announce) }
    }

    /// A CHECK the server accepted: the region (music area) the checkpoint lies in.
    func awardCheckpoint(_ checkpoint: Checkpoint, player: Player) {
        let corner = (x: checkpoint.area.x, y: checkpoint.area.y)
        for region in map.musicAreas where region.area.contains(x: corner.x, y: corner.y) {
            if let achievement = Achievement.forRegion(region.name) { award(achievement, to: player) }
        }
    }

    /// Play time, checked on the player's save turn: an hour earns ``Achievement/regular``.
    func awardPlayTime(_ player: Player) {
        guard player.achievements & Achievement.regular.bit == 0 else { return }
        if playSeconds(of: player) >= Achievement.regularSeconds { award(.regular, to: player) }
    }

    /// As the player enters: what its stored record already proves (gear, kills, revives, play time), given
    /// without announcements, then ACHIEVEMENTS with every achievement and which it holds.
    func sendAchievements(entering player: Player) {
        awardGear(player, announce: false)
        for (kind, count) in player.kills where count > 0 {
            if let family = Achievement.forKilling(kind) { award(family, to: player, announce: false) }
        }
        awardKillMilestones(player, announce: false)
        if player.revives > 0 { award(.secondWind, to: player, announce: false) }
        if playSeconds(of: player) >= Achievement.regularSeconds { award(.regular, to: player, announce: false) }
        send(.achievements(Achievement.listing(earned: player.achievements)), to: player)
    }

    private func awardKillMilestones(_ player: Player, announce: Bool) {
        let total = player.kills.values.reduce(0, +)
        for milestone in Achievement.killMilestones where total >= milestone.count {
            award(milestone.achievement, to: player, announce: announce)
        }
    }

    private func playSeconds(of player: Player) -> Int {
        player.playSecondsBefore + Int((tick - player.enteredTick) / UInt64(max(1, configuration.tickRate)))
    }
}
