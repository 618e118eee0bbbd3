import GameProtocol
import Support
import Testing
import World

/// Batches leave every `flushInterval` ticks, carrying everything said since the last flush, in order; saves and
/// operators' answers do not wait.
struct FlushIntervalTests {
    @Test func batchesLeaveOnFlushTicksOnlyAndKeepTheirOrder() {
        let harness = WorldHarness { $0.flushInterval = 3 }
        // Tick 1 is not a flush tick: the player enters, but nothing leaves yet.
        harness.connect(1)
        harness.send(1, .hello(name: "ignored", armor: 0, weapon: 0))
        var frames = 0
        harness.onFrame = { _ in frames += 1 }
        harness.join(2, name: "Alice")
        #expect(frames == 0)
        #expect(harness.received[2] == nil)
        // Tick 2: still nothing, not even the close of session 1 (it leaves after what was queued before it).
        harness.send(2, .chat("hello"))
        harness.tick()
        #expect(frames == 0)
        #expect(harness.disconnected[1] == nil)
        // Tick 3 flushes Alice's one batch, WELCOME first as a BrowserQuest client needs, with her chat echoed.
        harness.tick()
        #expect(frames == 1)
        let messages = harness.received[2] ?? []
        #expect(messages.first?.first?.int == MessageCode.welcome.rawValue)
        #expect(messages.contains { $0.first?.int == MessageCode.chat.rawValue })
        #expect(harness.disconnected[1] != nil)
    }

    @Test func savesAndAdminAnswersDoNotWaitForAFlush() {
        let harness = WorldHarness { $0.flushInterval = 50 }
        harness.join(1, name: "Bob")
        // The answer comes back in the tick that ran the request, long before the next flush.
        #expect(harness.admin(.players) != nil)
        harness.drop(1)
        harness.tick()
        #expect(harness.saves.contains { $0.sheet.name == "Bob" && $0.leaving })
        #expect(harness.received[1] == nil)
    }

    @Test func everyTickFlushesByDefault() {
        let harness = WorldHarness()
        var frames = 0
        harness.onFrame = { _ in frames += 1 }
        harness.join(1, name: "Carol")
        #expect(frames == 1)
    }
}
