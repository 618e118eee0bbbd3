import Glibc

/// Nanoseconds on CLOCK_MONOTONIC: never jumps with the wall clock, so it is what timers and deadlines use.
package enum MonotonicClock {
    package static func now() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
