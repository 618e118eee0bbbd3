import Support
import Testing

/// The storage thread's sleep: woken by a signal (even one sent before it slept), or by its deadline. Another thread's
/// signal is exercised by the storage thread's tests (GameServerTests).
struct WakeSignalTests {
    @Test func aSignalSentBeforeTheWaitIsNotLost() {
        let signal = WakeSignal()
        signal.signal()
        let started = MonotonicClock.now()
        #expect(signal.wait(until: started + .seconds(5)))
        #expect(MonotonicClock.now() - started < .seconds(1))
    }

    @Test func theDeadlineEndsTheWait() {
        let signal = WakeSignal()
        let started = MonotonicClock.now()
        #expect(!signal.wait(until: started + .milliseconds(50)))
        #expect(MonotonicClock.now() - started >= .milliseconds(50))
    }
}
