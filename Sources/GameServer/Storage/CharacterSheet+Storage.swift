import GameMap
import GameProtocol
import Storage
import World

// The world's view of a character and the store's, mapped in one place: the world knows entity kinds and ticks,
// the store plain numbers, and neither knows the other.

extension CharacterSheet {
    /// The sheet of a stored character. Kinds the protocol does not know become the starting set (the world then
    /// checks that what it gets is armor and a weapon).
    init(_ record: CharacterRecord) {
        let progress = record.progress
        var kills: [EntityKind: Int] = [:]
        for (kind, count) in progress.kills {
            if let kind = EntityKind(rawValue: kind), count > 0 { kills[kind] = count }
        }
        self.init(
            id: progress.id, name: record.name, armor: EntityKind(rawValue: progress.armor) ?? .clotharmor,
            weapon: EntityKind(rawValue: progress.weapon) ?? .sword1, hp: progress.hp, checkpoint: progress.checkpoint,
            kills: kills, deaths: progress.deaths, damageDealt: progress.damageDealt,
            damageTaken: progress.damageTaken, revives: progress.revives, playSeconds: progress.playSeconds,
            position: progress.x.flatMap { x in progress.y.map { Tile(x: x, y: $0) } },
            achievements: progress.achievements)
    }

    /// What the store keeps of this sheet.
    var progress: CharacterProgress {
        var stored: [Int: Int] = [:]
        for (kind, count) in kills { stored[kind.rawValue] = count }
        return CharacterProgress(
            id: id, armor: armor.rawValue, weapon: weapon.rawValue, hp: hp, checkpoint: checkpoint, kills: stored,
            deaths: deaths, damageDealt: damageDealt, damageTaken: damageTaken, revives: revives,
            playSeconds: playSeconds, x: position?.x, y: position?.y, achievements: achievements)
    }
}

extension CharacterProgress {
    /// A character that has never played (BrowserQuest's starting set at full health), before the store gives it an
    /// id.
    static var newcomer: CharacterProgress { CharacterSheet.new(id: 0, name: "").progress }
}
