import Support
import Testing

@Suite struct TokenBucketTests {
    let second: UInt64 = 1_000_000_000

    /// Takes one token per instant in `times` and returns which takes succeeded.
    func takes(_ bucket: inout TokenBucket, at times: [UInt64]) -> [Bool] {
        times.map { bucket.take(now: $0) }
    }

    @Test func startsFullAndEmpties() {
        var bucket = TokenBucket(rate: 2, burst: 3)
        #expect(takes(&bucket, at: [0, 0, 0, 0]) == [true, true, true, false])
    }

    @Test func refillsAtItsRateUpToBurst() {
        var bucket = TokenBucket(rate: 2, burst: 3)
        let first = bucket.takeUpTo(10, now: 0)
        #expect(first == 3)
        // Half a second at 2/s is one token.
        #expect(takes(&bucket, at: [second / 2, second / 2]) == [true, false])
        // A long pause refills to the burst, not beyond.
        let available = bucket.available(now: 100 * second)
        #expect(available == 3)
    }

    @Test func failedTakeTakesNothing() {
        var bucket = TokenBucket(rate: 1, burst: 5)
        let tooMany = bucket.take(6, now: 0)
        let all = bucket.take(5, now: 0)
        #expect(!tooMany && all)
    }

    @Test func clockGoingBackwardsChangesNothing() {
        var bucket = TokenBucket(rate: 10, burst: 1, now: 5 * second)
        #expect(takes(&bucket, at: [5 * second, 4 * second, 5 * second + second / 10]) == [true, false, true])
    }
}
