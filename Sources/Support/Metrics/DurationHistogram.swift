/// Durations counted into fixed buckets, for a Prometheus histogram: unlike a quantile summary it can be summed
/// across worlds and nodes and its quantiles taken afterwards (`histogram_quantile` over `rate(..._bucket)`).
/// Recording is a short scan and two additions: cheap enough for every tick.
package struct DurationHistogram: Sendable, Equatable {
    /// Upper bounds of the buckets in seconds, ascending; the `+Inf` bucket is implicit.
    package let bounds: [Double]
    private let limits: [Duration]
    /// Observations per bucket (not cumulative); the last counts those over every bound.
    private var counts: [UInt64]
    package private(set) var sum: Duration = .zero
    package private(set) var count: UInt64 = 0

    /// Bounds must be finite, positive and ascending; others are dropped rather than trapping.
    package init(bounds: [Double]) {
        var kept: [Double] = []
        for bound in bounds where bound.isFinite && bound > 0 && bound > (kept.last ?? 0) { kept.append(bound) }
        self.bounds = kept
        limits = kept.map { Duration.nanoseconds(Int64(($0 * 1e9).rounded())) }
        counts = [UInt64](repeating: 0, count: kept.count + 1)
    }

    package mutating func record(_ duration: Duration) {
        var index = 0
        while index < limits.count && duration > limits[index] { index += 1 }
        counts[index] += 1
        sum += duration
        count += 1
    }

    /// `(le, count of observations ≤ le)` for every bound and then `+Inf` (equal to ``count``), as Prometheus's
    /// `_bucket` series: cumulative, so never decreasing from one bucket to the next.
    package var cumulativeBuckets: [(le: Double, count: UInt64)] {
        var running: UInt64 = 0
        var buckets: [(le: Double, count: UInt64)] = []
        buckets.reserveCapacity(counts.count)
        for (index, bucket) in counts.enumerated() {
            running += bucket
            buckets.append((index < bounds.count ? bounds[index] : .infinity, running))
        }
        return buckets
    }
}
