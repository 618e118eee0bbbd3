import NetCore
import Support
import Synchronization

/// Per-address limits: open connections at once, and WebSocket upgrades per second. On by default, so that one
/// address cannot fill a server; zero turns a limit off (a load test from one machine).
package struct AddressLimits: Sendable, Equatable {
    /// Open connections (HTTP and WebSocket) from one address. A browser uses about seven; a household or a
    /// school behind one NAT address several times that.
    package var maxConnections = 64
    /// WebSocket upgrades per second from one address, and how many may come at once.
    package var upgradeRate: Double = 5
    package var upgradeBurst: Double = 20

    package init() {}

    /// No limits at all.
    package static var off: AddressLimits {
        var limits = AddressLimits()
        limits.maxConnections = 0
        limits.upgradeRate = 0
        limits.upgradeBurst = 0
        return limits
    }
}

/// Counts connections and upgrade tokens per client address, shared by every loop of a server (one lock, taken
/// once per connection and per upgrade, never per message). IPv6 addresses count by their /64, what one machine
/// or household usually holds. Entries go once an address has no connections and a full bucket, and the table has
/// a hard size, so spoofed or numerous addresses cannot grow it without bound.
package final class AddressLimiter: Sendable {
    /// A place held by one connection; released when the connection closes (or when the ticket goes away).
    package final class Ticket: Sendable {
        private let limiter: AddressLimiter
        private let key: IPAddress
        private let released = Atomic<Bool>(false)

        fileprivate init(limiter: AddressLimiter, key: IPAddress) {
            self.limiter = limiter
            self.key = key
        }

        package func release() {
            if !released.exchange(true, ordering: .relaxed) { limiter.release(key) }
        }

        deinit { release() }
    }

    private struct Entry {
        var connections = 0
        var upgrades: TokenBucket
        /// When a refusal for this address was last logged: one line per address per minute, not one per attempt.
        var lastLogged: MonotonicClock.Instant?
    }

    package let limits: AddressLimits
    /// Addresses tracked at most; beyond it new addresses are refused until old ones go.
    package let maxEntries: Int
    private let table = Mutex<[IPAddress: Entry]>([:])

    package init(limits: AddressLimits, maxEntries: Int = 100_000) {
        self.limits = limits
        self.maxEntries = maxEntries
    }

    /// The key an address counts under: itself for IPv4, its /64 for IPv6.
    package static func key(_ address: IPAddress) -> IPAddress {
        address.isV4 ? address : IPAddress(high: address.high, low: 0)
    }

    /// A place for one more connection from `address`, or nil when it has `maxConnections` open already.
    package func admitConnection(from address: IPAddress, now: MonotonicClock.Instant) -> Ticket? {
        let key = Self.key(address)
        let admitted = table.withLock { table -> Bool in
            guard var entry = entry(key, in: &table, now: now) else { return false }
            if limits.maxConnections > 0, entry.connections >= limits.maxConnections { return false }
            entry.connections += 1
            table[key] = entry
            return true
        }
        return admitted ? Ticket(limiter: self, key: key) : nil
    }

    /// Whether `address` may upgrade one more connection to WebSocket now.
    package func admitUpgrade(from address: IPAddress, now: MonotonicClock.Instant) -> Bool {
        guard limits.upgradeRate > 0 || limits.upgradeBurst > 0 else { return true }
        let key = Self.key(address)
        return table.withLock { table in
            guard var entry = entry(key, in: &table, now: now) else { return false }
            let admitted = entry.upgrades.take(now: now.nanoseconds)
            table[key] = entry
            return admitted
        }
    }

    /// True once a minute per address: whether a refusal is worth a log line.
    package func shouldLogRefusal(of address: IPAddress, now: MonotonicClock.Instant) -> Bool {
        let key = Self.key(address)
        return table.withLock { table in
            guard var entry = table[key] else { return true }
            if let last = entry.lastLogged, now - last < .seconds(60) { return false }
            entry.lastLogged = now
            table[key] = entry
            return true
        }
    }

    /// Addresses tracked now.
    package var count: Int { table.withLock { $0.count } }

    private func entry(
        _ key: IPAddress, in table: inout [IPAddress: Entry], now: MonotonicClock.Instant
    ) -> Entry? {
        if let entry = table[key] { return entry }
        if table.count >= maxEntries {
            prune(&table, now: now)
            guard table.count < maxEntries else { return nil }
        }
        return Entry(
            upgrades: TokenBucket(
                rate: limits.upgradeRate, burst: max(1, limits.upgradeBurst), now: now.nanoseconds))
    }

    private func release(_ key: IPAddress) {
        let now = MonotonicClock.now()
        table.withLock { table in
            guard var entry = table[key] else { return }
            entry.connections -= 1
            if entry.connections <= 0, entry.upgrades.available(now: now.nanoseconds) >= entry.upgrades.burst {
                table[key] = nil
            } else {
                table[key] = entry
            }
        }
    }

    /// Drops the addresses that hold nothing: no connection open and their upgrade bucket full again.
    private func prune(_ table: inout [IPAddress: Entry], now: MonotonicClock.Instant) {
        for (key, var entry) in table where entry.connections <= 0 {
            if entry.upgrades.available(now: now.nanoseconds) >= entry.upgrades.burst { table[key] = nil }
        }
    }
}
