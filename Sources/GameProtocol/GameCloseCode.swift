/// WebSocket close codes WireQuest's server uses for the game's own reasons (RFC 6455 §7.4.2 leaves 4000–4999 to
/// applications). A client should not reconnect on its own after any of them: coming straight back would be refused
/// again, or would fight another browser for the same character. `Public/js/protocol.js` has the same table.
package enum GameCloseCode: Int, CaseIterable, Sendable {
    /// An operator removed the player (the reason follows `kicked: `).
    case kicked = 4001
    /// The same character started playing in another tab or browser; the newest session wins.
    case superseded = 4002
    /// The name or the address is banned.
    case banned = 4003
    /// The name belongs to another browser's character (log in with its password to play it here).
    case nameTaken = 4004
    /// A password login failed, or too many did (the reason says which, and when to try again).
    case loginFailed = 4005
    /// The name is refused: it holds invisible or text-direction characters, or stacks accents (the reason says).
    case nameRefused = 4006

    /// The constant's name in protocol.js.
    package var constantName: String {
        switch self {
        case .kicked: "KICKED"
        case .superseded: "SUPERSEDED"
        case .banned: "BANNED"
        case .nameTaken: "NAME_TAKEN"
        case .loginFailed: "LOGIN_FAILED"
        case .nameRefused: "NAME_REFUSED"
        }
    }
}
