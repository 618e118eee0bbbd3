import Support
import Testing

struct DurationHistogramTests {
    @Test func countsIntoCumulativeBucketsWithTheUpperBoundInclusive() {
        var histogram = DurationHistogram(bounds: [0.001, 0.02, 0.1])
        for ms in [0, 1, 2, 20, 21, 100, 250, 5000] { histogram.record(.milliseconds(ms)) }
        let buckets = histogram.cumulativeBuckets
        #expect(buckets.map(\.le) == [0.001, 0.02, 0.1, .infinity])
        #expect(buckets.map(\.count) == [2, 4, 6, 8])
        #expect(histogram.count == 8)
        #expect(histogram.sum == .milliseconds(5394))
    }

    @Test func dropsBoundsThatAreNotAscendingPositiveAndFinite() {
        let histogram = DurationHistogram(bounds: [0.5, -1, 0.2, .nan, 1, 1, .infinity, 2])
        #expect(histogram.bounds == [0.5, 1, 2])
        #expect(histogram.cumulativeBuckets.map(\.count) == [0, 0, 0, 0])
    }

    @Test func prometheusTextHasBucketsSumAndCount() {
        var histogram = DurationHistogram(bounds: [0.005, 0.02])
        histogram.record(.milliseconds(4))
        histogram.record(.milliseconds(30))
        var page = PrometheusText()
        page.family("wirequest_tick_duration_seconds", .histogram, help: "Tick duration.")
        page.histogram("wirequest_tick_duration_seconds", labels: ["world": "0"], histogram)
        #expect(
            page.text == """
                # HELP wirequest_tick_duration_seconds Tick duration.
                # TYPE wirequest_tick_duration_seconds histogram
                wirequest_tick_duration_seconds_bucket{world="0",le="0.005"} 1
                wirequest_tick_duration_seconds_bucket{world="0",le="0.02"} 1
                wirequest_tick_duration_seconds_bucket{world="0",le="+Inf"} 2
                wirequest_tick_duration_seconds_sum{world="0"} 0.034
                wirequest_tick_duration_seconds_count{world="0"} 2

                """)
    }
}
