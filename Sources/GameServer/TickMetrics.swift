import Support
import World

/// What a world thread reports about itself: recent ticks (durations and output) and running totals.
package struct TickMetrics: Sendable {
    /// How many recent ticks the rings keep: ten seconds at 50 Hz.
    static let window = 500
    /// Bounds of the tick-duration histogram, in seconds: fine around the 20 ms budget of 50 Hz, coarse beyond.
    package static let bucketBounds = [0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25]

    /// Wall-clock duration of the most recent ticks, oldest overwritten first: what players feel, including time
    /// the thread waited for a core.
    private var recent = [Duration](repeating: .zero, count: window)
    /// The world thread's own CPU time in those ticks: the world's work alone.
    private var recentCPU = [Duration](repeating: .zero, count: window)
    private var recentMessages = [Int](repeating: 0, count: window)
    private var recentBytes = [Int](repeating: 0, count: window)
    private var next = 0
    private var filled = 0
    package private(set) var ticks: UInt64 = 0
    /// Ticks whose work did not fit in the tick's slot.
    package private(set) var overruns: UInt64 = 0
    package private(set) var framesOut: UInt64 = 0
    package private(set) var bytesOut: UInt64 = 0
    package private(set) var statistics = WorldStatistics()
    /// Every tick's wall-clock duration since the start, for `/metrics`' histogram.
    package private(set) var durations = DurationHistogram(bounds: bucketBounds)

    mutating func record(
        duration: Duration, cpu: Duration, budget: Duration, frames: Int, bytes: Int, statistics: WorldStatistics
    ) {
        recent[next] = duration
        recentCPU[next] = cpu
        recentMessages[next] = statistics.messagesOut - self.statistics.messagesOut
        recentBytes[next] = bytes
        next = (next + 1) % Self.window
        filled = min(filled + 1, Self.window)
        durations.record(duration)
        ticks += 1
        if duration > budget { overruns += 1 }
        framesOut += UInt64(frames)
        bytesOut += UInt64(bytes)
        self.statistics = statistics
    }

    /// Quantiles (each 0…1) of the recent tick durations, in seconds, from one sort (readers run on an I/O loop).
    package func quantiles(_ qs: [Double]) -> [Double] { recent.prefix(filled).quantilesInSeconds(qs) }

    /// Quantiles (each 0…1) of the recent ticks' CPU time, in seconds.
    package func cpuQuantiles(_ qs: [Double]) -> [Double] { recentCPU.prefix(filled).quantilesInSeconds(qs) }

    /// Messages and payload bytes sent per second over the recent ticks, at `tickRate` ticks per second.
    package func rates(tickRate: Int) -> (messages: Double, bytes: Double) {
        guard filled > 0 else { return (0, 0) }
        let seconds = Double(filled) / Double(max(1, tickRate))
        return (
            Double(recentMessages.prefix(filled).reduce(0, +)) / seconds,
            Double(recentBytes.prefix(filled).reduce(0, +)) / seconds
        )
    }
}
