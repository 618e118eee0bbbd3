/// SHA-256 of a browser's or bot's secret token: all the store ever keeps of it (32 bytes).
package typealias TokenDigest = [UInt8]

/// What play changes about a character: the part the world owns and saves. Entity kinds are BrowserQuest's
/// numbers (GameProtocol's `EntityKind` raw values); the store does not interpret them.
package struct CharacterProgress: Sendable, Equatable {
    /// The store's id of the character.
    package var id: Int64
    package var armor: Int
    package var weapon: Int
    /// Hit points when last saved; zero or less means the character was dead.
    package var hp: Int
    /// The last checkpoint the server saw the character in (a map checkpoint id), if any.
    package var checkpoint: Int?
    /// Mob kind → how many of them this character killed.
    package var kills: [Int: Int]
    package var deaths: Int
    package var damageDealt: Int
    package var damageTaken: Int
    package var revives: Int
    /// Seconds spent in a world, over all sessions.
    package var playSeconds: Int
    /// Where the character stood at its last save (tiles), so one moved to another node continues there; nil
    /// when never saved with a position.
    package var x: Int?
    package var y: Int?
    /// The achievements earned, one bit per achievement id (World's `Achievement` table); the store keeps the word
    /// as it is, so ids the running build does not know survive a save.
    package var achievements: UInt64

    package init(
        id: Int64, armor: Int, weapon: Int, hp: Int, checkpoint: Int? = nil, kills: [Int: Int] = [:],
        deaths: Int = 0, damageDealt: Int = 0, damageTaken: Int = 0, revives: Int = 0, playSeconds: Int = 0,
        x: Int? = nil, y: Int? = nil, achievements: UInt64 = 0
    ) {
        self.id = id
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
        self.x = x
        self.y = y
        self.achievements = achievements
    }
}

/// A stored character: its name, its progress, its password hash and when it was first and last seen.
package struct CharacterRecord: Sendable, Equatable {
    package var name: String
    package var progress: CharacterProgress
    /// ``PasswordHash`` text, or nil when the character has no password.
    package var passwordHash: String?
    /// Seconds since 1970.
    package var firstSeen: Int64
    package var lastSeen: Int64

    package var id: Int64 { progress.id }
    package var key: String { CharacterName.key(name) }

    package init(name: String, progress: CharacterProgress, passwordHash: String?, firstSeen: Int64, lastSeen: Int64) {
        self.name = name
        self.progress = progress
        self.passwordHash = passwordHash
        self.firstSeen = firstSeen
        self.lastSeen = lastSeen
    }
}

/// Names are unique per server without regard to case.
package enum CharacterName {
    /// The form names are compared in: lower-cased. Two names with the same key are the same name.
    package static func key(_ name: String) -> String { name.lowercased() }
}

/// A ban an operator set on a name or an address.
package struct BanRecord: Sendable, Equatable {
    package enum Kind: String, Sendable {
        case name, address
    }

    package var kind: Kind
    /// A name key (lower-cased) or an IP address.
    package var target: String
    /// Seconds since 1970 when the ban ends; nil: until lifted.
    package var until: Int64?

    package init(kind: Kind, target: String, until: Int64?) {
        self.kind = kind
        self.target = target
        self.until = until
    }
}

/// An operator's mute on a name's chat.
package struct MuteRecord: Sendable, Equatable {
    package var nameKey: String
    /// Seconds since 1970 when the mute ends; nil: until lifted.
    package var until: Int64?

    package init(nameKey: String, until: Int64?) {
        self.nameKey = nameKey
        self.until = until
    }
}

/// One admin action, as the audit log keeps it.
package struct AuditEntry: Sendable, Equatable {
    /// Seconds since 1970.
    package var at: Int64
    /// Who: `uid 1000 (alice)` on the admin socket, `console` on the server's terminal.
    package var actor: String
    package var command: String
    /// `ok`, `error` or `usage`.
    package var status: String
    /// The first line of the answer.
    package var outcome: String

    package init(at: Int64, actor: String, command: String, status: String, outcome: String) {
        self.at = at
        self.actor = actor
        self.command = command
        self.status = status
        self.outcome = outcome
    }
}
