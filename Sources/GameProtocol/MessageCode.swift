/// BrowserQuest's message codes (`Types.Messages` in its gametypes.js): the first element of every message array.
package enum MessageCode: Int, CaseIterable, Sendable, CustomStringConvertible {
    case hello = 0
    case welcome = 1
    case spawn = 2
    case despawn = 3
    case move = 4
    case lootMove = 5
    case aggro = 6
    case attack = 7
    case hit = 8
    case hurt = 9
    case health = 10
    case chat = 11
    case loot = 12
    case equip = 13
    case drop = 14
    case teleport = 15
    case damage = 16
    case population = 17
    case kill = 18
    case list = 19
    case who = 20
    case zone = 21
    case destroy = 22
    case hp = 23
    case blink = 24
    case open = 25
    case check = 26
    /// WireQuest's additions from here on; BrowserQuest clients ignore unknown codes with a console line.
    /// A system message from the server's operators.
    case notice = 27
    /// Log in to a password-protected character from another browser, instead of HELLO.
    case login = 28
    /// Set the character's password (client), and whether that worked (server).
    case password = 29
    /// Who the player is: the character's name, whether it is returning, whether it has a password.
    case profile = 30
    /// An achievement the player just earned: id, name and description, so the client needs no table.
    case achievement = 31
    /// Every achievement with whether the player holds it, sent once when the player enters.
    case achievements = 32

    /// The constant's name in BrowserQuest's `Types.Messages` (`"HELLO"`, `"LOOTMOVE"`).
    package var name: String {
        switch self {
        case .hello: "HELLO"
        case .welcome: "WELCOME"
        case .spawn: "SPAWN"
        case .despawn: "DESPAWN"
        case .move: "MOVE"
        case .lootMove: "LOOTMOVE"
        case .aggro: "AGGRO"
        case .attack: "ATTACK"
        case .hit: "HIT"
        case .hurt: "HURT"
        case .health: "HEALTH"
        case .chat: "CHAT"
        case .loot: "LOOT"
        case .equip: "EQUIP"
        case .drop: "DROP"
        case .teleport: "TELEPORT"
        case .damage: "DAMAGE"
        case .population: "POPULATION"
        case .kill: "KILL"
        case .list: "LIST"
        case .who: "WHO"
        case .zone: "ZONE"
        case .destroy: "DESTROY"
        case .hp: "HP"
        case .blink: "BLINK"
        case .open: "OPEN"
        case .check: "CHECK"
        case .notice: "NOTICE"
        case .login: "LOGIN"
        case .password: "PASSWORD"
        case .profile: "PROFILE"
        case .achievement: "ACHIEVEMENT"
        case .achievements: "ACHIEVEMENTS"
        }
    }

    package var description: String { name }

    /// The code whose BrowserQuest name is `name` (exact, upper-case), if any.
    package init?(name: some StringProtocol) {
        guard let code = MessageCode.allCases.first(where: { $0.name == name }) else { return nil }
        self = code
    }

    /// Who may send this message, its argument types and arity.
    package var schema: MessageSchema { MessageSchema.table[rawValue] }
}
