import GameMap
import GameProtocol
import Support
import Testing
import World

/// Batches leave every `flushInterval` ticks, carrying everything said since the last flush, in order; but what
/// answers a player's own request (entering, a chat line's echo, a hit's damage) leaves at the end of the tick that
/// handled it. Saves and operators' answers never wait.
struct FlushIntervalTests {
    private func codes(_ messages: [[JSONValue]]?) -> [Int] { (messages ?? []).compactMap { $0.first?.int } }

    @Test func othersEventsWaitForTheFlushAndAnswersDoNot() {
        let harness = WorldHarness { $0.flushInterval = 3 }
        var frames: [SessionID] = []
        harness.onFrame = { frames.append($0.session) }
        // Tick 1 (not a flush tick): both enter, and WELCOME leaves at once for each.
        harness.connect(1)
        harness.connect(2)
        harness.join(1, name: "Alice")
        harness.join(2, name: "Bob")
        #expect(codes(harness.received[1]).first == MessageCode.welcome.rawValue)
        #expect(codes(harness.received[2]).first == MessageCode.welcome.rawValue)
        harness.tick(4)  // to tick 6, a flush tick: everything said meanwhile is out
        harness.clear()
        frames.removeAll()

        // Tick 7: Bob walks (nobody awaits that) and Alice chats (she awaits her echo).
        harness.send(2, .move(x: 7, y: 6))
        harness.send(1, .chat("hello"))
        harness.tick()
        #expect(frames == [1])
        #expect(codes(harness.received[1]).contains(MessageCode.chat.rawValue))
        #expect(harness.received[2] == nil)
        // Tick 8: nothing leaves; tick 9 flushes Bob's batch, with Alice's chat.
        harness.tick()
        #expect(frames == [1])
        harness.tick()
        #expect(frames.dropFirst().contains(2))
        #expect(codes(harness.received[2]).contains(MessageCode.chat.rawValue))
    }

    @Test func aSessionsMessagesKeepTheirOrderAcrossAnEarlyFrame() {
        let harness = WorldHarness { $0.flushInterval = 5 }
        harness.join(1, name: "Carol")
        harness.tick(4)
        harness.clear()
        // Tick 6 is not a flush tick: two chats in two ticks leave as two frames, echoes in the order sent.
        harness.send(1, .chat("one"))
        harness.tick()
        harness.send(1, .chat("two"))
        harness.tick()
        let echoes = (harness.received[1] ?? []).filter { $0.first?.int == MessageCode.chat.rawValue }
        #expect(echoes.compactMap { $0[2].string } == ["one", "two"])
    }

    @Test func savesAndAdminAnswersDoNotWaitForAFlush() {
        let harness = WorldHarness { $0.flushInterval = 50 }
        harness.join(1, name: "Bob")
        // The answer comes back in the tick that ran the request, long before the next flush.
        #expect(harness.admin(.players) != nil)
        harness.drop(1)
        harness.tick()
        #expect(harness.saves.contains { $0.sheet.name == "Bob" && $0.leaving })
    }

    @Test func aCloseWaitsForTheFramesQueuedBeforeIt() {
        let harness = WorldHarness { $0.flushInterval = 3 }
        harness.connect(1)
        harness.send(1, .hello(name: "ignored", armor: 0, weapon: 0))
        harness.tick()
        #expect(harness.disconnected[1] == nil)
        harness.tick(2)
        #expect(harness.disconnected[1] != nil)
    }

    @Test func everyTickFlushesByDefault() {
        let harness = WorldHarness()
        var frames = 0
        harness.onFrame = { _ in frames += 1 }
        harness.join(1, name: "Carol")
        let dave = harness.join(2, name: "Dave")
        // Somewhere Dave is not already (players enter on different tiles of the starting area).
        let to = harness.player(dave).position == Tile(x: 7, y: 6) ? Tile(x: 5, y: 5) : Tile(x: 7, y: 6)
        harness.send(2, .move(x: to.x, y: to.y))
        frames = 0
        harness.tick()
        #expect(frames >= 1)
    }
}
