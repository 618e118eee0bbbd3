/// A token bucket: `rate` tokens a second up to `burst`; taking from an empty bucket fails.
///
/// Time is passed in (nanoseconds on any monotonic scale), so it is as deterministic as its caller's clock; it
/// starts full. 24 bytes, no allocation: cheap enough to keep several per connection.
package struct TokenBucket: Sendable, Equatable {
    package let rate: Double
    package let burst: Double
    private var tokens: Double
    private var updated: UInt64

    /// A full bucket as of `now`. A rate of zero never refills (burst is all there is).
    package init(rate: Double, burst: Double, now: UInt64 = 0) {
        precondition(rate >= 0 && burst >= 1, "a token bucket needs rate ≥ 0 and burst ≥ 1")
        self.rate = rate
        self.burst = burst
        tokens = burst
        updated = now
    }

    /// Tokens available at `now` (refilled, not taken).
    package mutating func available(now: UInt64) -> Double {
        refill(now: now)
        return tokens
    }

    /// Takes `count` tokens if there are that many at `now`; false (taking nothing) otherwise.
    package mutating func take(_ count: Double = 1, now: UInt64) -> Bool {
        refill(now: now)
        guard tokens >= count else { return false }
        tokens -= count
        return true
    }

    /// Takes up to `count` tokens and returns how many whole ones it took.
    package mutating func takeUpTo(_ count: Int, now: UInt64) -> Int {
        refill(now: now)
        let taken = min(count, Int(tokens))
        tokens -= Double(taken)
        return taken
    }

    private mutating func refill(now: UInt64) {
        guard now > updated else { return }
        let elapsed = Double(now - updated) / 1_000_000_000
        tokens = min(burst, tokens + elapsed * rate)
        updated = now
    }
}
