import NetCore
import Redis
import RedisTestSupport
import Support
import Testing

struct RedisSubscriberTests {
    @Test func receivesChannelAndPatternMessages() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let harness = try ClientHarness(url: server.url)
        defer { harness.stop() }
        let subscriber = try RedisSubscriber(
            configuration: RedisConfiguration(url: RedisURL(server.url)!), loop: harness.group.loops[0])
        defer { subscriber.stop() }
        let received = Box<[(String, [UInt8])]>([])
        subscriber.onMessage { channel, payload in received.update { $0.append((channel, payload)) } }
        subscriber.subscribe(["news"])
        subscriber.psubscribe(["room.*"])
        subscriber.start()
        #expect(waitUntil { harness.client.isUp && subscriber.isUp })

        #expect(harness.call(["PUBLISH", "news", "hello"]).value == .integer(1))
        #expect(harness.call(["PUBLISH", "other", "nobody"]).value == .integer(0))
        let binary: [UInt8] = [0, 13, 10, 200]
        let published = Box<RESPValue?>(nil)
        harness.client.send(bytes: [Array("PUBLISH".utf8), Array("room.7".utf8), binary]) { result in
            published.update { $0 = result.value }
        }
        #expect(waitUntil { received.current.count == 2 })
        #expect(published.current == .integer(1))
        #expect(received.current.map(\.0) == ["news", "room.7"])
        #expect(received.current.map(\.1) == [Array("hello".utf8), binary])

        subscriber.unsubscribe(["news"])
        #expect(waitUntil { harness.call(["PUBLISH", "news", "gone"]).value == .integer(0) })
        #expect(received.current.count == 2)
    }
}
