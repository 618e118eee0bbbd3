import Glibc
import Support
import Testing

struct MonotonicClockTests {
    @Test func instantsMoveByDurations() {
        let start = MonotonicClock.Instant(nanoseconds: 5_000)
        #expect((start + .microseconds(2)).nanoseconds == 7_000)
        #expect((start - .nanoseconds(500)).nanoseconds == 4_500)
        #expect(start + .seconds(1) - start == .seconds(1))
        #expect(start - (start + .milliseconds(3)) == .milliseconds(-3), "earlier minus later is negative")
        let spec = MonotonicClock.Instant(nanoseconds: 3_000_000_007).posixTimespec
        #expect(spec.tv_sec == 3 && spec.tv_nsec == 7)
        var moving = start
        moving += .milliseconds(20)
        #expect(moving > start)
    }

    @Test func nowDoesNotGoBackwards() {
        let first = MonotonicClock.now()
        let second = MonotonicClock.now()
        #expect(second >= first)
    }

    @Test func durationsConvertForTheKernelAndForPeople() {
        #expect(Duration.milliseconds(1_500).wholeNanoseconds == 1_500_000_000)
        #expect(Duration.milliseconds(-1_500).wholeNanoseconds == -1_500_000_000)
        #expect(Duration.milliseconds(2_900).wholeSeconds == 2)
        #expect(Duration.milliseconds(250).inSeconds == 0.25)
        let spec = Duration.milliseconds(2_250).posixTimespec
        #expect(spec.tv_sec == 2 && spec.tv_nsec == 250_000_000)
        #expect(Duration.seconds(-1).posixTimespec.tv_sec == 0, "the kernel gets no negative times")
    }
}
