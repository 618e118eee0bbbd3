import GameMap
import GameProtocol

/// A connected, living player.
package final class Player: Walker {
    package let id: Int
    package let session: SessionID
    package var name: String
    package var position: Tile
    package var orientation: Orientation = .down
    package var armor: EntityKind = .clotharmor
    package var weapon: EntityKind = .sword1
    package var hp: Int
    package var maxHP: Int
    package var zone: Int
    /// Where the server is walking the player, one tile per step.
    package var path: [Tile] = []
    package var pathIndex = 0
    package var ticksIntoStep = 0
    /// The last checkpoint the server saw the player stand in.
    package var checkpoint: Int?
    /// Refused moves in the current strike window.
    package var strikes = 0
    package var strikeWindowStart: UInt64 = 0
    package var chatTokens: Int
    package var lastChatRefill: UInt64
    /// The mob the player attacks (ATTACK), if any.
    package var target: Int?
    /// Tick of the last HIT the server accepted: the weapon's cooldown runs from it.
    package var lastHitTick: UInt64 = 0
    /// The firepotion costume (and its invulnerability) lasts until this tick.
    package var costumeUntil: UInt64 = 0
    /// Where this tick's batch for the player is in the world's ``Outbox`` (see ``Outbox/send(_:to:slot:)``).
    var outboxSlot = 0

    init(id: Int, session: SessionID, name: String, position: Tile, zone: Int, chatTokens: Int, now: UInt64) {
        self.id = id
        self.session = session
        self.name = name
        self.position = position
        self.zone = zone
        self.hp = Rules.maxHP(armor: .clotharmor)
        self.maxHP = hp
        self.chatTokens = chatTokens
        self.lastChatRefill = now
    }

}
