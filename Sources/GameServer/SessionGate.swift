import World

/// Why a gate keeps a connection out of the game.
package enum GateRefusal: Sendable, Equatable {
    /// New players are not taken now (close 1013: try again later).
    case draining
    /// The address or the name is banned (close 4003).
    case banned
}

/// Who may play. The server asks its gate as a WebSocket opens and again at HELLO, and tells it who joined which
/// world and who left; it holds no policy of its own. The admin service's directory is the gate of
/// `wirequest serve` (bans, the drain switch, who connects from where); a cluster can put a shared one here.
///
/// Called on the I/O loops, once per connection and per HELLO (never per message), so it may take a lock.
package protocol SessionGate: Sendable {
    /// Before a world is assigned: nil to let a client from `address` in.
    func refusal(address: String) -> GateRefusal?
    /// At each HELLO, with the name as the world will spell it.
    func refusal(name: String, address: String) -> GateRefusal?
    func sessionJoined(_ session: SessionID, address: String, world: Int)
    func sessionLeft(_ session: SessionID)
    /// Whether new players are refused now (`drain`): `/ready` then answers 503 so a proxy sends them elsewhere.
    var isDraining: Bool { get }
}

extension SessionGate {
    package var isDraining: Bool { false }
}

/// Lets everyone in and remembers nothing: a server with no operator (tests, embedding).
package struct OpenGate: SessionGate {
    package init() {}
    package func refusal(address: String) -> GateRefusal? { nil }
    package func refusal(name: String, address: String) -> GateRefusal? { nil }
    package func sessionJoined(_ session: SessionID, address: String, world: Int) {}
    package func sessionLeft(_ session: SessionID) {}
}
