import GameMap
import GameProtocol

/// A monster: server-side hate list, target, chase path and attack cadence.
package final class Mob: Walker {
    package let id: Int
    package let kind: EntityKind
    package let stats: MobStats
    /// Where it stands when idle and respawns (static mobs).
    package let spawn: Tile
    /// Roaming mobs respawn anywhere walkable in their area.
    package let roamingArea: TileRect?
    package var position: Tile
    package var orientation: Orientation
    package var zone: Int
    package var hp: Int
    package var isDead = false
    /// False for mobs an operator spawned: they are gone for good once killed.
    package var respawns = true
    /// Player id → hate. The most-hated player is the target.
    package var hate: [Int: Int] = [:]
    package var target: Int?
    package var path: [Tile] = []
    package var pathIndex = 0
    package var ticksIntoStep = 0
    package var nextAttackTick: UInt64 = 0
    /// When a chase path was last computed (re-pathing is rate limited).
    package var lastPathTick: UInt64 = 0
    /// When to go home if nobody is hated by then.
    package var returnTick: UInt64?

    init(id: Int, kind: EntityKind, spawn: Tile, roamingArea: TileRect?, orientation: Orientation, zone: Int) {
        self.id = id
        self.kind = kind
        self.stats = MobCatalog.stats(for: kind)
        self.spawn = spawn
        self.roamingArea = roamingArea
        self.position = spawn
        self.orientation = orientation
        self.zone = zone
        self.hp = stats.hp
    }

    /// The most-hated player (ties: lowest id, so the choice is deterministic).
    func mostHated() -> Int? {
        hate.max { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }?.key
    }
}
