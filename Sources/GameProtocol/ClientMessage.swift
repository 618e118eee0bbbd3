/// A message a BrowserQuest client may send, decoded and type-checked but not yet judged by the world.
///
/// Ids and coordinates are exactly what the client sent (any `Int32`): the World module checks that they name
/// something that exists, is in range and may be used.
package enum ClientMessage: Sendable, Equatable {
    /// `[0, name, armor, weapon]`: join (or revive after death) with a name and the equipment the client remembers.
    case hello(name: String, armor: Int, weapon: Int)
    /// `[4, x, y]`: the destination of the path the player just started.
    case move(x: Int, y: Int)
    /// `[5, x, y, item]`: walking to an item.
    case lootMove(x: Int, y: Int, item: Int)
    /// `[6, mob]`: a mob noticed the player.
    case aggro(mob: Int)
    /// `[7, mob]`: the player engages a mob.
    case attack(mob: Int)
    /// `[8, mob]`: one swing at a mob.
    case hit(mob: Int)
    /// `[9, mob]`: the client says this mob hit the player.
    case hurt(mob: Int)
    /// `[11, text]`: a chat line.
    case chat(String)
    /// `[12, item]`: pick up an item.
    case loot(item: Int)
    /// `[15, x, y]`: went through a door or portal.
    case teleport(x: Int, y: Int)
    /// `[21]`: the camera scrolled to a new zone.
    case zone
    /// `[25, chest]`: open a chest.
    case open(chest: Int)
    /// `[26, checkpoint]`: entered a checkpoint area.
    case check(checkpoint: Int)
    /// `[20, id, id, …]`: asks for SPAWN of `count` ids, which are in the decoder's ``ClientMessageDecoder/whoIDs``.
    case who(count: Int)
    /// `[28, name, password]`: instead of HELLO, play a password-protected character from this browser too.
    case login(name: String, password: String)
    /// `[29, new, current]`: sets the character's password; `current` is `""` when it has none yet.
    case password(new: String, current: String)

    /// The message's code.
    package var code: MessageCode {
        switch self {
        case .hello: .hello
        case .move: .move
        case .lootMove: .lootMove
        case .aggro: .aggro
        case .attack: .attack
        case .hit: .hit
        case .hurt: .hurt
        case .chat: .chat
        case .loot: .loot
        case .teleport: .teleport
        case .zone: .zone
        case .open: .open
        case .check: .check
        case .who: .who
        case .login: .login
        case .password: .password
        }
    }

    /// Whether the player waits for the server's answer to this message (a hit's damage, a chat line's echo, a
    /// loot's stats, the entities a WHO asks for, where a door leads): such answers leave at the end of the tick that
    /// handled them rather than at the next flush. Steps and a client's reports about mobs are not awaited.
    package var awaitsAnswer: Bool {
        switch self {
        case .hello, .attack, .hit, .chat, .loot, .teleport, .zone, .open, .who: true
        case .move, .lootMove, .aggro, .hurt, .check, .login, .password: false
        }
    }
}
