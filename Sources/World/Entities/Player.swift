import GameMap
import GameProtocol

/// Identifies a connection to the world; assigned by the server layer.
package typealias SessionID = UInt64

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
    /// This tick's batch for the player, `[` … without the closing `]`; empty when nothing is queued.
    package var batch: [UInt8] = []

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

/// A mob, NPC, item or chest.
package struct Entity: Sendable {
    package let id: Int
    package let kind: EntityKind
    package var position: Tile
    package var orientation: Orientation
    package var zone: Int
    /// Items a chest may yield.
    package var chestItems: [EntityKind] = []
    /// Placed by the map: comes back 30 s after it is taken or opened.
    package var isStatic = false

    package init(id: Int, kind: EntityKind, position: Tile, orientation: Orientation, zone: Int) {
        self.id = id
        self.kind = kind
        self.position = position
        self.orientation = orientation
        self.zone = zone
    }
}

/// Game formulas from BrowserQuest (reference §3.3).
package enum Rules {
    static let armorRanking: [EntityKind] = [
        .clotharmor, .leatherarmor, .mailarmor, .platearmor, .redarmor, .goldenarmor,
    ]
    static let weaponRanking: [EntityKind] = [
        .sword1, .sword2, .axe, .morningstar, .bluesword, .redsword, .goldensword,
    ]

    /// 1-based armor level.
    package static func armorLevel(_ kind: EntityKind) -> Int { (armorRanking.firstIndex(of: kind) ?? 0) + 1 }

    /// 1-based weapon level.
    package static func weaponLevel(_ kind: EntityKind) -> Int { (weaponRanking.firstIndex(of: kind) ?? 0) + 1 }

    /// Max HP = 80 + 30 × (armor level − 1).
    package static func maxHP(armor: EntityKind) -> Int { 80 + 30 * (armorLevel(armor) - 1) }
}

extension Rules {
    /// BrowserQuest's damage (reference §3.4): weapon level × 5…10 minus armor level × 1…3; if that is not
    /// positive, 0…3.
    package static func damage(weaponLevel: Int, armorLevel: Int, random: inout some RandomNumberGenerator) -> Int {
        let dealt = weaponLevel * Int.random(in: 5...10, using: &random)
        let absorbed = armorLevel * Int.random(in: 1...3, using: &random)
        let result = dealt - absorbed
        return result > 0 ? result : Int.random(in: 0...3, using: &random)
    }

    /// Regeneration per period: floor(maxHP / 25).
    package static func regeneration(maxHP: Int) -> Int { maxHP / 25 }

    /// Rolls a drop table cumulatively, as BrowserQuest does (the first entry is effectively one percent likelier).
    package static func rollDrop(_ drops: [(kind: EntityKind, percent: Int)], random: inout some RandomNumberGenerator)
        -> EntityKind?
    {
        let roll = Int.random(in: 0..<100, using: &random)
        var sum = 0
        for drop in drops {
            sum += drop.percent
            if sum >= roll { return drop.kind }
        }
        return nil
    }
}
