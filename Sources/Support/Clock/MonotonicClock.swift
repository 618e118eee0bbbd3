import Glibc

/// CLOCK_MONOTONIC: never jumps with the wall clock, so it is what timers, deadlines and measurements use. Spans of
/// time are the standard library's `Duration` (`.seconds(2)`, `.milliseconds(250)`); points are ``Instant``s.
package enum MonotonicClock {
    /// A point on the monotonic clock: nanoseconds since an arbitrary start (the machine's boot), so only
    /// differences between instants mean anything. As cheap as the integer it wraps; timer heaps order by it.
    package struct Instant: Sendable, Hashable, Comparable, CustomStringConvertible {
        package var nanoseconds: UInt64

        package init(nanoseconds: UInt64) {
            self.nanoseconds = nanoseconds
        }

        package static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

        package static func + (lhs: Instant, rhs: Duration) -> Instant {
            Instant(nanoseconds: lhs.nanoseconds &+ UInt64(bitPattern: rhs.wholeNanoseconds))
        }

        package static func - (lhs: Instant, rhs: Duration) -> Instant {
            Instant(nanoseconds: lhs.nanoseconds &- UInt64(bitPattern: rhs.wholeNanoseconds))
        }

        /// How long after `rhs` this is; negative when it is earlier.
        package static func - (lhs: Instant, rhs: Instant) -> Duration {
            .nanoseconds(Int64(bitPattern: lhs.nanoseconds &- rhs.nanoseconds))
        }

        package static func += (lhs: inout Instant, rhs: Duration) { lhs = lhs + rhs }

        /// The instant as an absolute `timespec` on CLOCK_MONOTONIC (`timerfd_settime`, `clock_nanosleep`).
        package var posixTimespec: timespec {
            timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
        }

        package var description: String { "\(nanoseconds) ns" }
    }

    package static func now() -> Instant {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Instant(nanoseconds: UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec))
    }
}

extension Duration {
    /// The duration in whole nanoseconds (truncated toward zero), for the kernel's clocks and timers.
    package var wholeNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000
    }

    /// The duration in seconds, for reports and rates.
    package var inSeconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// Whole seconds, rounded down (`Duration.seconds(2.9).wholeSeconds` is 2).
    package var wholeSeconds: Int64 { components.seconds }

    /// Whole milliseconds, rounded down.
    package var wholeMilliseconds: Int { Int(wholeNanoseconds / 1_000_000) }

    /// A `timespec` for the kernel (`clock_nanosleep`, `timerfd_settime`); negative durations are zero.
    package var posixTimespec: timespec {
        let nanoseconds = max(0, wholeNanoseconds)
        return timespec(tv_sec: Int(nanoseconds / 1_000_000_000), tv_nsec: Int(nanoseconds % 1_000_000_000))
    }
}
