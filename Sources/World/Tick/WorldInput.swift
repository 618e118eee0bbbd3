import GameProtocol

/// Identifies a connection to the world; assigned by the server layer.
package typealias SessionID = UInt64

/// What happens to a world between two ticks, in arrival order.
package enum WorldInput: Sendable {
    /// A connection was assigned to this world; it has been sent `go` and must now send HELLO.
    case connected(SessionID)
    /// The character a session's HELLO asked for, loaded by the server: it enters the world now.
    case enter(SessionID, CharacterSheet)
    /// A decoded client message. WHO's ids travel in `ids` (the decoder's buffer stays with the connection).
    case message(SessionID, ClientMessage, ids: [Int] = [])
    /// The connection is gone.
    case disconnected(SessionID)
    /// An operator's request; the world answers in ``Outbox/adminReplies`` with the same id.
    case admin(UInt64, AdminRequest)
}
