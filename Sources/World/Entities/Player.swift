import GameMap
import GameProtocol
import Support

/// A connected, living player.
package final class Player: Walker {
    package let id: Int
    package let session: SessionID
    package var name: String
    package var position: Tile {
        didSet { if keepsPosition, position != oldValue { dirty = true } }
    }
    /// Whether where the player stands lasts (``WorldConfiguration/keepsPosition``): a step then makes it due a save.
    let keepsPosition: Bool
    package var orientation: Orientation = .down
    package var armor: EntityKind = .clotharmor { didSet { dirty = true } }
    package var weapon: EntityKind = .sword1 { didSet { dirty = true } }
    package var hp: Int { didSet { dirty = true } }
    package var maxHP: Int
    package var zone: Int
    /// Where the server is walking the player, one tile per step.
    package var path: [Tile] = []
    package var pathIndex = 0
    package var ticksIntoStep = 0
    /// The last checkpoint the server saw the player stand in.
    package var checkpoint: Int? { didSet { dirty = true } }
    /// Refused moves in the current strike window.
    package var strikes = 0
    package var strikeWindowStart: UInt64 = 0
    package var chatTokens: Int
    package var lastChatRefill: UInt64
    /// SPAWNs WHO may still answer (see ``WorldConfiguration/whoAnswersPerSecond``).
    var whoBudget = TokenBucket(rate: 0, burst: 1)
    /// The mob the player attacks (ATTACK), if any.
    package var target: Int?
    /// Tick of the last HIT the server accepted: the weapon's cooldown runs from it.
    package var lastHitTick: UInt64 = 0
    /// The firepotion costume (and its invulnerability) lasts until this tick.
    package var costumeUntil: UInt64 = 0
    /// Where this tick's batch for the player is in the world's ``Outbox`` (see ``Outbox/send(_:to:slot:)``).
    var outboxSlot = 0

    // MARK: - What lasts (see ``CharacterSheet``)

    /// The store's id of the character this player plays.
    package let characterID: Int64
    package var kills: [EntityKind: Int] { didSet { dirty = true } }
    package var deaths: Int { didSet { dirty = true } }
    package var damageDealt: Int { didSet { dirty = true } }
    package var damageTaken: Int { didSet { dirty = true } }
    package var revives: Int { didSet { dirty = true } }
    /// Earned achievements, one bit per ``Achievement/id`` (see ``World/award(_:to:)``).
    package var achievements: UInt64 { didSet { dirty = true } }
    /// Play time before this session, and the tick this session entered the world.
    let playSecondsBefore: Int
    let enteredTick: UInt64
    /// Something that lasts changed since the last save: set by the lasting properties themselves, so no rule can
    /// change one and forget to have it saved.
    package internal(set) var dirty = false
    /// Tick of the last save the world emitted for this player.
    var lastSavedTick: UInt64

    init(
        id: Int, session: SessionID, sheet: CharacterSheet, position: Tile, zone: Int, chatTokens: Int, now: UInt64,
        keepsPosition: Bool = false
    ) {
        self.id = id
        self.keepsPosition = keepsPosition
        self.session = session
        self.name = sheet.name
        self.position = position
        self.zone = zone
        // Gear the rules do not know (a damaged row, a costume saved by an older server) falls back to the start.
        self.armor = Rules.armorRanking.contains(sheet.armor) ? sheet.armor : .clotharmor
        self.weapon = Rules.weaponRanking.contains(sheet.weapon) ? sheet.weapon : .sword1
        self.maxHP = Rules.maxHP(armor: armor)
        self.hp = (1...maxHP).contains(sheet.hp) ? sheet.hp : maxHP
        self.checkpoint = sheet.checkpoint
        self.chatTokens = chatTokens
        self.lastChatRefill = now
        self.characterID = sheet.id
        self.kills = sheet.kills
        self.deaths = sheet.deaths
        self.damageDealt = sheet.damageDealt
        self.damageTaken = sheet.damageTaken
        self.revives = sheet.revives
        self.achievements = sheet.achievements
        self.playSecondsBefore = sheet.playSeconds
        self.enteredTick = now
        self.lastSavedTick = now
    }

    /// What lasts of this player at `tick`, at `tickRate` ticks per second.
    func sheet(at tick: UInt64, tickRate: Int) -> CharacterSheet {
        CharacterSheet(
            id: characterID, name: name, armor: armor, weapon: weapon, hp: hp, checkpoint: checkpoint, kills: kills,
            deaths: deaths, damageDealt: damageDealt, damageTaken: damageTaken, revives: revives,
            playSeconds: playSecondsBefore + Int((tick - enteredTick) / UInt64(max(1, tickRate))),
            position: keepsPosition ? position : nil, achievements: achievements)
    }

}
