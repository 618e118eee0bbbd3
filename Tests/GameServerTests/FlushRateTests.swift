import Testing

@testable import GameServer

struct FlushRateTests {
    @Test(arguments: [(12.5, 50, 4), (25, 50, 2), (50, 50, 1), (1000, 50, 1), (17, 50, 3), (10, 20, 2), (0.5, 50, 100)])
    func theFlushRateBecomesWholeTicks(rate: Double, tickRate: Int, interval: Int) {
        var configuration = GameServerConfiguration()
        configuration.tickRate = tickRate
        configuration.flushRate = rate
        #expect(configuration.flushInterval == interval)
    }

    @Test func theDefaultSendsEveryThirdTick() {
        #expect(GameServerConfiguration().flushInterval == 3)
    }
}
