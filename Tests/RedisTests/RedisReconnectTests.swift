import NetCore
import Redis
import RedisTestSupport
import Support
import Testing

/// How the link retries, against stand-in servers (no redis-server needed).
struct RedisReconnectTests {
    @Test func reconnectDelaysDoubleUpToTheMaximum() throws {
        let group = try EventLoopGroup(threadCount: 1)
        let arrivals = Box<[MonotonicClock.Instant]>([])
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in
            arrivals.update { $0.append(MonotonicClock.now()) }
            return ClosingHandler()
        }
        let harness = try ClientHarness(url: "redis://127.0.0.1:\(address.port)", group: group) {
            $0.minReconnectDelay = .milliseconds(20)
            $0.maxReconnectDelay = .milliseconds(160)
        }
        defer { harness.stop() }
        #expect(waitUntil { arrivals.current.count >= 8 })
        let times = arrivals.current
        let gaps = zip(times.dropFirst(), times).map { $0 - $1 }
        let expected: [Duration] = [20, 40, 80, 160, 160, 160, 160].map { .milliseconds($0) }
        for (gap, delay) in zip(gaps, expected) {
            #expect(gap >= delay - .milliseconds(1) && gap < delay + .milliseconds(150), "gap \(gap) for \(delay)")
        }
        #expect(harness.states.current.isEmpty, "never up: no transition to report")
        #expect(harness.call(["PING"]) == .failure(.unavailable))
    }

    @Test func aServerThatNeverAnswersTheLoginTimesOut() throws {
        let group = try EventLoopGroup(threadCount: 1)
        let arrivals = Box<[MonotonicClock.Instant]>([])
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in
            arrivals.update { $0.append(MonotonicClock.now()) }
            return ScriptedRedis { _, _ in nil }
        }
        let harness = try ClientHarness(url: "redis://127.0.0.1:\(address.port)", group: group) {
            $0.connectTimeout = .milliseconds(200)
        }
        defer { harness.stop() }
        #expect(waitUntil { arrivals.current.count >= 2 })
        let gap = arrivals.current[1] - arrivals.current[0]
        // The connect timeout, then the first reconnect delay (100 ms).
        #expect(gap >= .milliseconds(299) && gap < .milliseconds(1000), "second attempt after \(gap)")
        #expect(!harness.client.isUp)
    }

    @Test func aSubscriberWhosePingGoesUnansweredReconnects() throws {
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in
            // Answers the login and the subscription, then never again.
            ScriptedRedis { command, index in
                if index == 0, command == ["PING"] { return Array("+PONG\r\n".utf8) }
                if command.first == "SUBSCRIBE" { return Array("*3\r\n$9\r\nsubscribe\r\n$1\r\nx\r\n:1\r\n".utf8) }
                return nil
            }
        }
        var configuration = RedisConfiguration(url: RedisURL("redis://127.0.0.1:\(address.port)")!)
        configuration.commandTimeout = .milliseconds(300)
        let subscriber = try RedisSubscriber(configuration: configuration, loop: group.loops[0])
        defer { subscriber.stop() }
        let states = Box<[Bool]>([])
        subscriber.onStateChange { up in states.update { $0.append(up) } }
        subscriber.subscribe(["x"])
        subscriber.start()
        #expect(waitUntil { states.current == [true] })
        let up = MonotonicClock.now()
        #expect(waitUntil(.seconds(4)) { states.current == [true, false] })
        let lasted = MonotonicClock.now() - up
        // First PING after 1 s; found unanswered at the next check, 1 s later.
        #expect(lasted >= .milliseconds(1300) && lasted < .milliseconds(3000), "dropped after \(lasted)")
        #expect(waitUntil { states.current == [true, false, true] }, "and came back")
    }
}
