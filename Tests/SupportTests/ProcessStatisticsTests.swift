import Testing

@testable import Support

@Suite struct ProcessStatisticsTests {
    @Test func parsesProcStatWithAwkwardCommandName() throws {
        // A real line's shape, with a command name holding a space and a ')'.
        let line =
            "4242 (wq (io) 1) S 1 4242 4242 0 -1 4194304 1400 0 0 0 250 50 0 0 20 0 7 0 12345 829876 8169 "
            + "18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1 0 0 0 0 0\n"
        let statistics = try #require(
            ProcessStatistics.parse(stat: Array(line.utf8), ticksPerSecond: 100, pageSize: 4096))
        #expect(statistics.cpuSeconds == 3.0)
        #expect(statistics.threads == 7)
        #expect(statistics.residentBytes == 8169 * 4096)
    }

    @Test func rejectsTruncatedStat() {
        #expect(ProcessStatistics.parse(stat: Array("1 (x) S 1 2 3".utf8), ticksPerSecond: 100, pageSize: 4096) == nil)
        #expect(ProcessStatistics.parse(stat: [], ticksPerSecond: 100, pageSize: 4096) == nil)
    }

    @Test func readsThisProcess() throws {
        let statistics = try #require(ProcessStatistics.current())
        #expect(statistics.residentBytes > 1024 * 1024)
        #expect(statistics.threads >= 1)
        #expect(statistics.openFiles >= 3)
        #expect(statistics.cpuSeconds >= 0)
    }
}
