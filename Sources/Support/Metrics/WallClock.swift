import Glibc

/// The real (settable) clock as a number, for metrics that Prometheus compares across processes and restarts
/// (`process_start_time_seconds`); durations use ``MonotonicClock``.
package enum WallClock {
    /// Seconds since 1970-01-01T00:00:00Z, with the clock's sub-second part.
    package static func secondsSince1970() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }
}
