import Support
import Testing

struct PrometheusTextTests {
    @Test func writesFamiliesAndSamples() {
        var page = PrometheusText()
        page.family("wirequest_players", .gauge, help: "Players in the world.")
        page.sample("wirequest_players", labels: ["world": "0"], 12)
        page.sample("wirequest_players", labels: ["world": "1"], 0)
        page.family("wirequest_tick_seconds", .summary, help: "Tick duration.")
        page.sample("wirequest_tick_seconds", labels: ["world": "0", "quantile": "0.99"], 0.00125)
        page.single("wirequest_uptime_seconds", .gauge, help: "Seconds since start.", 3.5)
        page.sample("wirequest_bytes_out_total", UInt64(1) << 40)
        #expect(
            page.text == """
                # HELP wirequest_players Players in the world.
                # TYPE wirequest_players gauge
                wirequest_players{world="0"} 12
                wirequest_players{world="1"} 0
                # HELP wirequest_tick_seconds Tick duration.
                # TYPE wirequest_tick_seconds summary
                wirequest_tick_seconds{world="0",quantile="0.99"} 0.00125
                # HELP wirequest_uptime_seconds Seconds since start.
                # TYPE wirequest_uptime_seconds gauge
                wirequest_uptime_seconds 3.5
                wirequest_bytes_out_total 1099511627776

                """)
    }

    /// The format's escapes: `\\` and `\n` in HELP, and `\"` as well in label values.
    @Test func escapesHelpAndLabelValues() {
        var page = PrometheusText()
        page.family("m", .counter, help: "a \\ b\nc \"d\"")
        page.sample("m", labels: ["path": "C:\\x\n\"y\""], 1)
        #expect(page.text == "# HELP m a \\\\ b\\nc \"d\"\n# TYPE m counter\nm{path=\"C:\\\\x\\n\\\"y\\\"\"} 1\n")
    }

    @Test func writesNonFiniteValuesAsGoDoes() {
        var page = PrometheusText()
        page.sample("a", .infinity)
        page.sample("b", -.infinity)
        page.sample("c", .nan)
        #expect(page.text == "a +Inf\nb -Inf\nc NaN\n")
    }
}
