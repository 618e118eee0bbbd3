import GameMap
import GameProtocol

/// Everything about a character that lasts beyond a session, as the world sees it: what the server hands the world
/// when a player enters, and what the world hands back to be saved (``Outbox/saves``).
///
/// The world neither loads nor writes it: the server's storage does, off the world's thread.
package struct CharacterSheet: Sendable, Equatable {
    /// The store's id of the character.
    package var id: Int64
    package var name: String
    package var armor: EntityKind
    package var weapon: EntityKind
    /// Hit points when last saved. Zero or less (the character died and left), or more than the armor allows:
    /// the character enters at full health.
    package var hp: Int
    /// The last checkpoint the server saw the character in; it enters there. Nil, or a checkpoint this map does
    /// not have: a starting area.
    package var checkpoint: Int?
    package var kills: [EntityKind: Int]
    package var deaths: Int
    package var damageDealt: Int
    package var damageTaken: Int
    package var revives: Int
    /// Whole seconds spent in a world, over all sessions.
    package var playSeconds: Int
    /// Where the character stood at its last save, when the world keeps positions
    /// (``WorldConfiguration/keepsPosition``): a player moved to another server enters there, not at its checkpoint.
    package var position: Tile?
    /// The achievements earned, one bit per ``Achievement/id``.
    package var achievements: UInt64

    package init(
        id: Int64, name: String, armor: EntityKind = .clotharmor, weapon: EntityKind = .sword1, hp: Int = 0,
        checkpoint: Int? = nil, kills: [EntityKind: Int] = [:], deaths: Int = 0, damageDealt: Int = 0,
        damageTaken: Int = 0, revives: Int = 0, playSeconds: Int = 0, position: Tile? = nil, achievements: UInt64 = 0
    ) {
        self.id = id
        self.name = name
        self.armor = armor
        self.weapon = weapon
        self.hp = hp
        self.checkpoint = checkpoint
        self.kills = kills
        self.deaths = deaths
        self.damageDealt = damageDealt
        self.damageTaken = damageTaken
        self.revives = revives
        self.playSeconds = playSeconds
        self.position = position
        self.achievements = achievements
    }

    /// A character that has never played: BrowserQuest's starting equipment, full health, a starting area.
    package static func new(id: Int64, name: String) -> CharacterSheet {
        CharacterSheet(id: id, name: name, hp: Rules.maxHP(armor: .clotharmor))
    }
}

/// A character for the store to write: its sheet now, and whether it has left the world (its final save for this
/// session, after which the store may let it play elsewhere).
package struct CharacterSave: Sendable, Equatable {
    package var sheet: CharacterSheet
    package var leaving: Bool

    package init(sheet: CharacterSheet, leaving: Bool) {
        self.sheet = sheet
        self.leaving = leaving
    }
}
