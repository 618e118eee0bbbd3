import GameProtocol
import Testing

@testable import GameServer

/// One connection's limiter, with time passed in: bursts, refills, WHO's ids, and the abuse allowance.
struct MessageLimiterTests {
    private static let millisecond: UInt64 = 1_000_000

    private func limiter(_ configure: (inout MessageRateLimits) -> Void = { _ in }) -> MessageLimiter {
        var limits = MessageRateLimits()
        configure(&limits)
        // An epoch far from zero: the limiter counts from its own start, whatever the clock's origin.
        return MessageLimiter(MessageLimitTable(limits), now: 5_000_000 * Self.millisecond)
    }

    @Test func aBurstPassesThenTheRateRefillsIt() {
        var limiter = limiter {
            $0.perKind[.chat] = .init(rate: 2, burst: 3)
            $0.abuse = .init(rate: 0, burst: 10_000)
        }
        let start: UInt64 = 5_000_000 * Self.millisecond
        for _ in 0..<3 { #expect(limiter.admit(.chat("hi"), whoCount: 0, now: start) == .pass) }
        #expect(limiter.admit(.chat("hi"), whoCount: 0, now: start) == .drop(.chat))
        // Half a second at 2 a second is one token, whether it comes at once or in 1 ms slivers (give or take the
        // rounding of 500 additions: the next millisecond is well past it).
        for step in 1...498 {
            #expect(limiter.admit(.chat("hi"), whoCount: 0, now: start + UInt64(step) * Self.millisecond) != .pass)
        }
        #expect(limiter.admit(.chat("hi"), whoCount: 0, now: start + 501 * Self.millisecond) == .pass)
        #expect(limiter.admit(.chat("hi"), whoCount: 0, now: start + 501 * Self.millisecond) == .drop(.chat))
        // Refills stop at the burst.
        let later = start + 3_600_000 * Self.millisecond
        for _ in 0..<3 { #expect(limiter.admit(.chat("hi"), whoCount: 0, now: later) == .pass) }
        #expect(limiter.admit(.chat("hi"), whoCount: 0, now: later) == .drop(.chat))
    }

    @Test func whoIsLimitedByTheIdsItAsksFor() {
        var limiter = limiter { $0.whoIDs = .init(rate: 100, burst: 300) }
        let now: UInt64 = 5_000_000 * Self.millisecond
        #expect(limiter.admit(.who(count: 250), whoCount: 250, now: now) == .pass)
        #expect(limiter.admit(.who(count: 100), whoCount: 100, now: now) == .drop(.who))
        #expect(limiter.admit(.who(count: 50), whoCount: 50, now: now) == .pass)
    }

    @Test func aFloodPastTheAbuseAllowanceCloses() {
        var limiter = limiter {
            $0.perKind[.move] = .init(rate: 0, burst: 1)
            $0.abuse = .init(rate: 0, burst: 3)
        }
        let now: UInt64 = 5_000_000 * Self.millisecond
        #expect(limiter.admit(.move(x: 1, y: 1), whoCount: 0, now: now) == .pass)
        for _ in 0..<3 { #expect(limiter.admit(.move(x: 1, y: 1), whoCount: 0, now: now) == .drop(.move)) }
        #expect(limiter.admit(.move(x: 1, y: 1), whoCount: 0, now: now) == .close(.move))
    }

    @Test func theOverallLimitSpansKinds() {
        var limiter = limiter { $0.all = .init(rate: 0, burst: 2) }
        let now: UInt64 = 5_000_000 * Self.millisecond
        #expect(limiter.admit(.chat("a"), whoCount: 0, now: now) == .pass)
        #expect(limiter.admit(.move(x: 1, y: 1), whoCount: 0, now: now) == .pass)
        #expect(limiter.admit(.attack(mob: 3), whoCount: 0, now: now) == .drop(.combat))
    }

    @Test func disabledLimitsPassEverything() {
        var limiter = limiter {
            $0.enabled = false
            $0.all = .init(rate: 0, burst: 1)
        }
        for _ in 0..<10 { #expect(limiter.admit(.chat("a"), whoCount: 0, now: 0) == .pass) }
    }
}
