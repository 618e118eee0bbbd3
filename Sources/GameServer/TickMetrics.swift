import World

/// What a world thread reports about itself: recent tick durations and running totals.
struct TickMetrics: Sendable {
    /// Durations (ns) of the most recent ticks, oldest overwritten first: ten seconds at 50 Hz.
    private var recent = [UInt64](repeating: 0, count: 500)
    private var next = 0
    private var filled = 0
    private(set) var ticks: UInt64 = 0
    /// Ticks whose work did not fit in the tick's slot.
    private(set) var overruns: UInt64 = 0
    private(set) var framesOut: UInt64 = 0
    private(set) var bytesOut: UInt64 = 0
    private(set) var statistics = WorldStatistics()

    mutating func record(duration: UInt64, budget: UInt64, frames: Int, bytes: Int, statistics: WorldStatistics) {
        recent[next] = duration
        next = (next + 1) % recent.count
        filled = min(filled + 1, recent.count)
        ticks += 1
        if duration > budget { overruns += 1 }
        framesOut += UInt64(frames)
        bytesOut += UInt64(bytes)
        self.statistics = statistics
    }

    /// Quantile (0…1) of the recent tick durations, in seconds.
    func quantile(_ q: Double) -> Double {
        guard filled > 0 else { return 0 }
        let sorted = recent.prefix(filled).sorted()
        return Double(sorted[min(filled - 1, Int(Double(filled) * q))]) / 1e9
    }
}
