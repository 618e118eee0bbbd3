import GameServer
import Glibc
import Storage
import Support
import Synchronization
import World

/// Operator state the I/O loops and the admin console share: where each session connects from, the bans, and
/// whether new players are refused. It is the game server's `SessionGate`. Touched once per connection (and per
/// HELLO), never per message, so one lock is enough.
package final class AdminDirectory: SessionGate {
    package struct SessionInfo: Sendable, Equatable {
        /// The peer's IP address (the proxy's, behind a reverse proxy).
        package var address: String
        /// Wall-clock time of the upgrade, in seconds since 1970, for `who`.
        package var connectedAt: Int
        package var world: Int
    }

    /// A ban's end on the monotonic clock; nil: until lifted.
    package typealias Expiry = MonotonicClock.Instant?

    private struct State {
        var sessions: [SessionID: SessionInfo] = [:]
        /// Lower-cased names.
        var names: [String: Expiry] = [:]
        var addresses: [String: Expiry] = [:]
    }

    private let state = Mutex(State())

    package init() {}

    /// Puts stored bans in force (at start): those that ended before `now` (seconds since 1970) are skipped.
    package func restore(_ bans: [BanRecord], now: Int64) {
        let monotonic = MonotonicClock.now()
        for ban in bans {
            let until = ban.until.map { monotonic + .seconds($0 - now) }
            if let until, until <= monotonic { continue }
            switch ban.kind {
            case .name: self.ban(name: ban.target, until: until)
            case .address: self.ban(address: ban.target, until: until)
            }
        }
    }
    /// `drain`: refuse new players, keep the current ones.
    package let draining = Atomic<Bool>(false)
    package var isDraining: Bool { draining.load(ordering: .relaxed) }

    // MARK: - SessionGate

    package func refusal(address: String) -> GateRefusal? {
        if draining.load(ordering: .relaxed) { return .draining }
        return isBanned(address: address, now: MonotonicClock.now()) ? .banned : nil
    }

    package func refusal(name: String, address: String) -> GateRefusal? {
        let now = MonotonicClock.now()
        return isBanned(name: name, now: now) || isBanned(address: address, now: now) ? .banned : nil
    }

    package func sessionJoined(_ session: SessionID, address: String, world: Int) {
        let info = SessionInfo(address: address, connectedAt: time(nil), world: world)
        state.withLock { $0.sessions[session] = info }
    }

    package func sessionLeft(_ session: SessionID) {
        state.withLock { $0.sessions[session] = nil }
    }

    // MARK: - Sessions and bans

    package func info(_ session: SessionID) -> SessionInfo? {
        state.withLock { $0.sessions[session] }
    }

    package func sessions(from address: String) -> [(SessionID, SessionInfo)] {
        state.withLock { $0.sessions.filter { $0.value.address == address }.map { ($0.key, $0.value) } }
    }

    package func isBanned(address: String, now: MonotonicClock.Instant) -> Bool {
        state.withLock { Self.active(&$0.addresses, address, now: now) }
    }

    package func isBanned(name: String, now: MonotonicClock.Instant) -> Bool {
        state.withLock { Self.active(&$0.names, name.lowercased(), now: now) }
    }

    package func ban(name: String, until: Expiry) {
        state.withLock { $0.names[name.lowercased()] = .some(until) }
    }

    package func ban(address: String, until: Expiry) {
        state.withLock { $0.addresses[address] = .some(until) }
    }

    /// Lifts a ban; false if there was none.
    package func unban(name: String) -> Bool {
        state.withLock { $0.names.removeValue(forKey: name.lowercased()) != nil }
    }

    package func unban(address: String) -> Bool {
        state.withLock { $0.addresses.removeValue(forKey: address) != nil }
    }

    /// Every ban in force: (kind, target, seconds left or nil for no end), expired ones dropped.
    package func bans(now: MonotonicClock.Instant) -> [(kind: String, target: String, secondsLeft: Int?)] {
        state.withLock { state in
            state.names = state.names.filter { $0.value.map { $0 > now } ?? true }
            state.addresses = state.addresses.filter { $0.value.map { $0 > now } ?? true }
            // Whole seconds, rounded up: a ban with 0.2 s left still shows 1 s.
            func left(_ expiry: Expiry) -> Int? {
                expiry.map { Int(($0 - now + .nanoseconds(999_999_999)).wholeSeconds) }
            }
            return state.names.map { ("name", $0.key, left($0.value)) }.sorted { $0.1 < $1.1 }
                + state.addresses.map { ("address", $0.key, left($0.value)) }.sorted { $0.1 < $1.1 }
        }
    }

    private static func active(_ table: inout [String: Expiry], _ key: String, now: MonotonicClock.Instant) -> Bool {
        guard !table.isEmpty, let expiry = table[key] else { return false }
        guard let end = expiry, end <= now else { return true }
        table[key] = nil
        return false
    }
}
