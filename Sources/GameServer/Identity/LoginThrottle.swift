import Support

/// Failed password logins, counted per character name and per address over a sliding window: past the limit,
/// that name (or everyone from that address) must wait. A guesser gets a few tries per quarter hour; the owner who
/// mistyped is not locked out for long. Bounded in memory: the oldest entries go when a table is full.
struct LoginThrottle: Sendable {
    struct Limit: Sendable {
        var failures: Int
        var window: Duration
    }

    var perName = Limit(failures: 5, window: .seconds(15 * 60))
    var perAddress = Limit(failures: 20, window: .seconds(15 * 60))
    /// Most names (and addresses) remembered at once.
    var capacity = 10_000

    private var names: [String: [MonotonicClock.Instant]] = [:]
    private var addresses: [String: [MonotonicClock.Instant]] = [:]

    /// How long until a login for `name` from `address` may be tried; nil when it may be tried now.
    mutating func waitTime(name: String, address: String, now: MonotonicClock.Instant) -> Duration? {
        let byName = Self.wait(&names, key: name.lowercased(), limit: perName, now: now)
        let byAddress = Self.wait(&addresses, key: address, limit: perAddress, now: now)
        switch (byName, byAddress) {
        case (let a?, let b?): return max(a, b)
        case (let a?, nil): return a
        case (nil, let b?): return b
        case (nil, nil): return nil
        }
    }

    mutating func recordFailure(name: String, address: String, now: MonotonicClock.Instant) {
        Self.record(&names, key: name.lowercased(), limit: perName, capacity: capacity, now: now)
        Self.record(&addresses, key: address, limit: perAddress, capacity: capacity, now: now)
    }

    /// How many names and addresses are remembered (for tests of the bound).
    var count: Int { max(names.count, addresses.count) }

    /// The right password: that name's failures are forgotten (the address's are not).
    mutating func recordSuccess(name: String) {
        names[name.lowercased()] = nil
    }

    private static func wait(
        _ table: inout [String: [MonotonicClock.Instant]], key: String, limit: Limit, now: MonotonicClock.Instant
    ) -> Duration? {
        guard var times = table[key] else { return nil }
        times.removeAll { now - $0 >= limit.window }
        table[key] = times.isEmpty ? nil : times
        guard times.count >= limit.failures, let oldest = times.first else { return nil }
        return limit.window - (now - oldest)
    }

    private static func record(
        _ table: inout [String: [MonotonicClock.Instant]], key: String, limit: Limit, capacity: Int,
        now: MonotonicClock.Instant
    ) {
        if table[key] == nil, table.count >= capacity {
            table = table.filter { $0.value.last.map { now - $0 < limit.window } ?? false }
            if table.count >= capacity, let oldest = table.min(by: { $0.value.last! < $1.value.last! })?.key {
                table[oldest] = nil
            }
        }
        var times = table[key] ?? []
        times.append(now)
        if times.count > limit.failures { times.removeFirst(times.count - limit.failures) }
        table[key] = times
    }
}
