import GameProtocol
import Support

/// How many messages of each kind one connection may send, as token buckets (a rate per second and a burst).
///
/// Sized from what clients send while playing hard (measured with WireQuest's browser client and bots, and derived
/// from BrowserQuest's client; see the README), with room to spare: a human never meets them. Over a limit a message
/// is dropped and counted; a connection that keeps going over them (its ``abuse`` bucket runs dry) is closed with
/// 1008 and one log line.
package struct MessageRateLimits: Sendable, Equatable {
    /// Which bucket a message draws from.
    package enum Kind: String, Sendable, CaseIterable {
        /// MOVE and LOOTMOVE: one per click, path or chase step.
        case move
        case teleport
        case chat
        /// WHO messages (their ids are limited apart, by ``whoIDs``).
        case who
        case zone
        /// ATTACK, HIT, HURT, AGGRO: combat cadence.
        case combat
        /// LOOT, OPEN, CHECK.
        case interact
        /// HELLO, LOGIN, PASSWORD.
        case identity

        package init(_ message: ClientMessage) {
            switch message {
            case .move, .lootMove: self = .move
            case .teleport: self = .teleport
            case .chat: self = .chat
            case .who: self = .who
            case .zone: self = .zone
            case .attack, .hit, .hurt, .aggro: self = .combat
            case .loot, .open, .check: self = .interact
            case .hello, .login, .password: self = .identity
            }
        }

        /// Position in ``allCases`` (without building that array per message).
        var index: Int {
            switch self {
            case .move: 0
            case .teleport: 1
            case .chat: 2
            case .who: 3
            case .zone: 4
            case .combat: 5
            case .interact: 6
            case .identity: 7
            }
        }
    }

    /// A bucket's size: `rate` messages a second, `burst` at once.
    package struct Limit: Sendable, Equatable {
        package var rate: Double
        package var burst: Double

        package init(rate: Double, burst: Double) {
            self.rate = rate
            self.burst = burst
        }
    }

    /// Off: every message goes to the world (tests of the rules, trusted load generators).
    package var enabled = true
    /// Every message of any kind. Our browser client doing everything at once (clicking, walking by keys, chasing,
    /// chatting) sent 27 a second at its peak; BrowserQuest's client in a mob pack, by its timers, about 45.
    package var all = Limit(rate: 80, burst: 160)
    /// Each 2–3 times the worst honest sustained rate measured (our client) or derived (BrowserQuest's).
    package var perKind: [Kind: Limit] = [
        // A MOVE per click or per step walked by keys: 10 a second clicking, 24 clicking and walking at once.
        .move: Limit(rate: 30, burst: 60),
        // Doors: at most about 2 a second.
        .teleport: Limit(rate: 5, burst: 10),
        // The world keeps its own slower chat limit; this one only stops a flood before it reaches the world.
        .chat: Limit(rate: 3, burst: 10),
        // One WHO per zone change or LIST: 6 a second at the most.
        .who: Limit(rate: 10, burst: 20),
        .zone: Limit(rate: 5, burst: 10),
        // Clicking a mob 10 times a second sends ATTACK and HIT 10 times each; BrowserQuest's client adds HURT and
        // AGGRO per attacking mob (about 10 a second in a pack).
        .combat: Limit(rate: 40, burst: 80),
        .interact: Limit(rate: 10, burst: 20),
        .identity: Limit(rate: 1, burst: 5),
    ]
    /// Entity ids asked for by WHO, over all WHO messages: tens per zone change, a hundred or more in a crowd.
    package var whoIDs = Limit(rate: 300, burst: 1000)
    /// Dropped messages a connection may accumulate: each drop takes one; empty closes the connection. The default
    /// tolerates a glitching client's burst but closes one that floods for more than a few seconds.
    package var abuse = Limit(rate: 5, burst: 150)

    package init() {}

    /// Parses `name=rate/burst` (or `name=rate`, burst twice the rate): `move=20/40`, `all=100`, `who-ids=300/900`,
    /// `abuse=5/150`; nil when malformed.
    package mutating func set(_ text: String) -> Bool {
        let parts = text.split(separator: "=", maxSplits: 1)
        guard parts.count == 2 else { return false }
        let numbers = parts[1].split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(numbers.count), let rate = Double(numbers[0]), rate >= 0, rate.isFinite else {
            return false
        }
        let burst = numbers.count == 2 ? Double(numbers[1]) : max(1, rate * 2)
        guard let burst, burst >= 1, burst.isFinite else { return false }
        let limit = Limit(rate: rate, burst: burst)
        switch parts[0] {
        case "all": all = limit
        case "who-ids": whoIDs = limit
        case "abuse": abuse = limit
        default:
            guard let kind = Kind(rawValue: String(parts[0])) else { return false }
            perKind[kind] = limit
        }
        return true
    }
}

/// The server's message limits as the per-connection limiters read them: built once, shared by every connection.
final class MessageLimitTable: Sendable {
    /// Each kind's limit by ``MessageRateLimits/Kind/index``, then all, WHO's ids and abuse.
    fileprivate let limits: [MessageRateLimits.Limit]
    fileprivate let enabled: Bool
    fileprivate static let all = 8
    fileprivate static let whoIDs = 9
    fileprivate static let abuse = 10
    fileprivate static let count = 11

    init(_ limits: MessageRateLimits) {
        enabled = limits.enabled
        let unlimited = MessageRateLimits.Limit(rate: 1_000_000, burst: 1_000_000)
        self.limits =
            MessageRateLimits.Kind.allCases.map { limits.perKind[$0] ?? unlimited }
            + [limits.all, limits.whoIDs, limits.abuse]
        precondition(self.limits.count == Self.count)
    }
}

/// One connection's buckets (see ``MessageRateLimits``). Loop-confined, like its session.
///
/// Only what changes is kept per connection, 8 bytes a bucket (the level and when it was last refilled, in
/// milliseconds since the limiter began), inline in the session: the sizes live once, in the shared table.
struct MessageLimiter {
    enum Verdict: Equatable {
        case pass
        /// Over a limit: drop this message.
        case drop(MessageRateLimits.Kind)
        /// Over the limits for too long: close the connection.
        case close(MessageRateLimits.Kind)
    }

    private struct Level {
        var tokens: Float
        /// Milliseconds since ``MessageLimiter/epoch``, wrapping after 49 days (a gap that long only refills less).
        var updated: UInt32
    }

    private let table: MessageLimitTable
    private let epoch: UInt64
    private var levels: InlineArray<11, Level>

    /// Every bucket full as of `now` (nanoseconds).
    init(_ table: MessageLimitTable, now: UInt64) {
        self.table = table
        epoch = now
        levels = InlineArray { index in Level(tokens: Float(max(1, table.limits[index].burst)), updated: 0) }
    }

    /// Whether `message` (WHO with `whoCount` ids) may go on, taking from its buckets.
    mutating func admit(_ message: ClientMessage, whoCount: Int, now: UInt64) -> Verdict {
        guard table.enabled else { return .pass }
        let kind = MessageRateLimits.Kind(message)
        let milliseconds = UInt32(truncatingIfNeeded: (now &- epoch) / 1_000_000)
        var admitted =
            take(1, from: kind.index, at: milliseconds) && take(1, from: MessageLimitTable.all, at: milliseconds)
        if admitted, kind == .who { admitted = take(Float(whoCount), from: MessageLimitTable.whoIDs, at: milliseconds) }
        if admitted { return .pass }
        return take(1, from: MessageLimitTable.abuse, at: milliseconds) ? .drop(kind) : .close(kind)
    }

    /// Refills bucket `index` for the whole milliseconds since its last refill, then takes `count` if it can.
    private mutating func take(_ count: Float, from index: Int, at milliseconds: UInt32) -> Bool {
        let limit = table.limits[index]
        var level = levels[index]
        let elapsed = milliseconds &- level.updated
        if elapsed > 0 {
            let refilled = Double(level.tokens) + Double(elapsed) * limit.rate / 1000
            level.tokens = Float(min(max(1, limit.burst), refilled))
            level.updated = milliseconds
        }
        let taken = level.tokens >= count
        if taken { level.tokens -= count }
        levels[index] = level
        return taken
    }
}
