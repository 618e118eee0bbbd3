import GameProtocol

/// An operator's request to one world, applied between ticks like any other input so the world stays
/// single-threaded and deterministic. The server resolves names to ids with ``players`` first, then acts on ids,
/// so a name shared by several players (BrowserQuest's names are not unique) is never acted on by accident.
package enum AdminRequest: Sendable, Equatable {
    /// Every player in the world, living or dead.
    case players
    /// Closes the player's connection; its client is told why.
    case kick(player: Int, reason: String)
    /// Chat from players with this name (any case) is dropped for `seconds`, or until ``unmute(name:)`` if nil.
    case mute(name: String, seconds: Int?)
    case unmute(name: String)
    /// A system message to every player of the world (``ServerMessage/notice(text:)``).
    case notice(text: String)
    /// Moves the player to a walkable tile, as a door would, and corrects its client with WELCOME.
    case teleport(player: Int, x: Int, y: Int)
    /// A mob (which does not respawn) or an item (which stays until looted) at a walkable tile.
    case spawn(kind: EntityKind, x: Int, y: Int)
    /// Brings every dead mob back now.
    case respawnMobs
    /// Saves every session's character as it leaves and closes the session with ``DisconnectReason/moving``: a
    /// drained cluster node sends its players to continue on the other nodes.
    case moveEveryone
}

/// What a world answers an ``AdminRequest``.
package enum AdminReply: Sendable, Equatable {
    case players([PlayerSummary])
    /// Done; the text says what changed (for the operator and the audit log).
    case done(String)
    /// Done to `count` things (players told, mobs respawned); the text says so.
    case counted(Int, String)
    /// Refused; the text says why.
    case failed(String)
}

/// One player as the admin console shows it.
package struct PlayerSummary: Sendable, Equatable {
    package var world: Int
    package var id: Int
    package var session: SessionID
    package var name: String
    package var x: Int
    package var y: Int
    package var hp: Int
    package var maxHP: Int
    package var weapon: EntityKind
    package var armor: EntityKind
    /// Dead players wait on the revive screen, outside the map.
    package var alive: Bool

    package init(
        world: Int, id: Int, session: SessionID, name: String, x: Int, y: Int, hp: Int, maxHP: Int,
        weapon: EntityKind, armor: EntityKind, alive: Bool
    ) {
        self.world = world
        self.id = id
        self.session = session
        self.name = name
        self.x = x
        self.y = y
        self.hp = hp
        self.maxHP = maxHP
        self.weapon = weapon
        self.armor = armor
        self.alive = alive
    }
}
