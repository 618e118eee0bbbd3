import GameProtocol

/// What happens to a world between two ticks, in arrival order.
package enum WorldInput: Sendable {
    /// A connection was assigned to this world; it has been sent `go` and must now send HELLO.
    case connected(SessionID)
    /// A decoded client message. WHO's ids travel in `ids` (the decoder's buffer stays with the connection).
    case message(SessionID, ClientMessage, ids: [Int] = [])
    /// The connection is gone.
    case disconnected(SessionID)
    /// An operator's request; the world answers in ``Outbox/adminReplies`` with the same id.
    case admin(UInt64, AdminRequest)
}

/// Why the world wants a connection closed.
package enum DisconnectReason: Sendable, Equatable {
    /// No message for the idle timeout: BrowserQuest sends the raw text `timeout` first.
    case idle
    /// No HELLO in time.
    case noHello
    /// The world is full.
    case full
    /// A protocol or rules violation (HELLO not first, repeated refused moves…).
    case misbehaving(String)
    /// Removed by an operator, for the given reason.
    case kicked(String)
}

/// What a tick produced: one frame per player with something to say, and connections to close.
package struct Outbox: Sendable {
    /// Each payload is one batch `[[…],[…]]`, to be sent as one text frame.
    package var frames: [(session: SessionID, payload: [UInt8])] = []
    package var disconnects: [(session: SessionID, reason: DisconnectReason)] = []
    /// Answers to ``WorldInput/admin(_:_:)`` requests, by request id.
    package var adminReplies: [(request: UInt64, reply: AdminReply)] = []

    package init() {}

    package mutating func removeAll() {
        frames.removeAll(keepingCapacity: true)
        disconnects.removeAll(keepingCapacity: true)
        adminReplies.removeAll()
    }
}

/// Counters a world keeps for operators and tests.
package struct WorldStatistics: Sendable, Equatable {
    package var refusedMoves = 0
    package var refusedTeleports = 0
    package var droppedChats = 0
    package var kickedForAbuse = 0
    /// HITs refused: target not a living mob, out of reach, or faster than the weapon's cooldown.
    package var refusedHits = 0
    /// LOOTs and OPENs refused: no such item or chest, or out of reach.
    package var refusedLoots = 0
    package var messagesOut = 0

    package init() {}
}
