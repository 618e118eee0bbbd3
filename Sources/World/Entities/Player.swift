import GameProtocol

/// Identifies a connection to the world; assigned by the server layer.
package typealias SessionID = UInt64

/// A connected, living player.
package final class Player {
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

    package var isWalking: Bool { pathIndex < path.count }

    /// The tile the player is walking to, or its position when standing.
    package var destination: Tile { isWalking ? path[path.count - 1] : position }

    func stopWalking() {
        path.removeAll(keepingCapacity: true)
        pathIndex = 0
        ticksIntoStep = 0
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
