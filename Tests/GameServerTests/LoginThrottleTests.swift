import Support
import Testing

@testable import GameServer

/// Failed password logins per name and per address, on a clock the test moves.
struct LoginThrottleTests {
    let start = MonotonicClock.Instant(nanoseconds: 1_000_000_000_000)

    func at(_ seconds: Int) -> MonotonicClock.Instant { start + .seconds(seconds) }

    @Test func aNameIsRefusedAfterFiveFailuresUntilTheOldestLeavesTheWindow() {
        var throttle = LoginThrottle()
        for second in 0..<5 {
            #expect(throttle.waitTime(name: "Alice", address: "10.0.0.\(second)", now: at(second)) == nil)
            throttle.recordFailure(name: "Alice", address: "10.0.0.\(second)", now: at(second))
        }
        // Any case, any address: the name is what is guarded.
        #expect(throttle.waitTime(name: "ALICE", address: "10.9.9.9", now: at(10)) == .seconds(15 * 60 - 10))
        #expect(throttle.waitTime(name: "bob", address: "10.9.9.9", now: at(10)) == nil)
        #expect(throttle.waitTime(name: "alice", address: "10.9.9.9", now: at(15 * 60)) == nil)
    }

    @Test func anAddressIsRefusedAfterTwentyFailuresWhateverTheNames() {
        var throttle = LoginThrottle()
        for attempt in 0..<20 { throttle.recordFailure(name: "n\(attempt)", address: "192.0.2.1", now: at(attempt)) }
        #expect(throttle.waitTime(name: "someone", address: "192.0.2.1", now: at(30)) != nil)
        #expect(throttle.waitTime(name: "someone", address: "192.0.2.2", now: at(30)) == nil)
    }

    @Test func theRightPasswordForgetsTheNamesFailures() {
        var throttle = LoginThrottle()
        for second in 0..<5 { throttle.recordFailure(name: "Alice", address: "a\(second)", now: at(second)) }
        throttle.recordSuccess(name: "alice")
        #expect(throttle.waitTime(name: "Alice", address: "elsewhere", now: at(6)) == nil)
    }

    @Test func memoryIsBounded() {
        var throttle = LoginThrottle()
        throttle.capacity = 100
        for attempt in 0..<1000 {
            throttle.recordFailure(name: "n\(attempt)", address: "a\(attempt)", now: at(attempt))
        }
        // The newest are remembered; the table never grew past its capacity (the oldest went first).
        throttle.recordFailure(name: "n999", address: "x", now: at(1000))
        #expect(throttle.count <= 100)
    }
}
