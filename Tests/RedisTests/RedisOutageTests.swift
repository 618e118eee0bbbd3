import Glibc
import NetCore
import Redis
import RedisTestSupport
import Support
import Synchronization
import Testing

struct RedisOutageTests {
    @Test func reconnectsAfterTheServerIsKilledAndFailsFastMeanwhile() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let harness = try ClientHarness(url: server.url)
        defer { harness.stop() }
        let subscriber = try RedisSubscriber(
            configuration: RedisConfiguration(url: RedisURL(server.url)!), loop: harness.group.loops[0])
        defer { subscriber.stop() }
        let subscriberStates = Box<[Bool]>([])
        let messages = Box<[String]>([])
        subscriber.onStateChange { up in subscriberStates.update { $0.append(up) } }
        subscriber.onMessage { _, payload in messages.update { $0.append(String(decoding: payload, as: UTF8.self)) } }
        subscriber.subscribe(["events"])
        subscriber.start()
        #expect(waitUntil { harness.client.isUp && subscriber.isUp })

        server.kill()
        #expect(waitUntil(.seconds(2)) { harness.states.current == [true, false] })
        #expect(waitUntil(.seconds(2)) { subscriberStates.current == [true, false] })

        // While down, every command fails at once: none waits for the timeout.
        let timeout = harness.client.configuration.commandTimeout
        var slowest = Duration.zero
        for _ in 0..<50 {
            let started = MonotonicClock.now()
            #expect(harness.call(["SET", "during", "outage"]) == .failure(.unavailable))
            slowest = max(slowest, MonotonicClock.now() - started)
            usleep(10_000)
        }
        #expect(slowest < timeout)
        print("redis outage: slowest of 50 commands while down answered in \(slowest)")

        let restarted = MonotonicClock.now()
        try server.restart()
        #expect(waitUntil(.seconds(5)) { harness.states.current == [true, false, true] })
        #expect(waitUntil(.seconds(5)) { subscriberStates.current == [true, false, true] })
        print("redis outage: client and subscriber up \(MonotonicClock.now() - restarted) after the restart")
        #expect(harness.call(["PUBLISH", "events", "after"]).value == .integer(1), "the subscription came back")
        #expect(waitUntil { messages.current == ["after"] })
        #expect(harness.call(["SET", "after", "yes"]).value == .simpleString("OK"))
    }

    @Test func aCommandUnansweredInTimeFailsAndTheConnectionIsRemade() throws {
        let group = try EventLoopGroup(threadCount: 1)
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in
            ScriptedRedis { command, index in index == 0 && command == ["PING"] ? Array("+PONG\r\n".utf8) : nil }
        }
        let harness = try ClientHarness(url: "redis://127.0.0.1:\(address.port)", group: group) {
            $0.commandTimeout = .milliseconds(300)
            $0.maxPendingCommands = 5
        }
        defer { harness.stop() }
        #expect(waitUntil { harness.client.isUp })
        let results = Mutex<[(Result<RESPValue, RedisError>, Duration)]>([])
        let client = harness.client
        let started = MonotonicClock.now()
        group.loops[0].execute {
            for _ in 0..<8 {
                client.send(["PING"]) { result in
                    results.withLock { $0.append((result, MonotonicClock.now() - started)) }
                }
            }
        }
        #expect(waitUntil { results.withLock { $0.count } == 8 })
        let outcomes = results.withLock { $0.map(\.0) }
        let times = results.withLock { $0.map(\.1) }
        // Over the bound of 5 pending: refused at once.
        #expect(Array(outcomes.prefix(3)) == Array(repeating: .failure(.unavailable), count: 3))
        #expect(times.prefix(3).allSatisfy { $0 < .milliseconds(200) })
        // The oldest times out; the connection is dropped, which fails the others.
        #expect(outcomes[3] == .failure(.timeout))
        #expect(Array(outcomes.suffix(4)) == Array(repeating: .failure(.connectionLost), count: 4))
        #expect(times[3] >= .milliseconds(300) && times[3] < .milliseconds(1000))
        #expect(waitUntil { harness.states.current == [true, false, true] }, "reconnected")
    }

    @Test func bytesThatAreNotRESPDropTheConnection() throws {
        let group = try EventLoopGroup(threadCount: 1)
        let address = try group.listen(on: SocketAddress(host: "127.0.0.1", port: 0)) { _ in
            ScriptedRedis { command, index in
                Array((index == 0 && command == ["PING"] ? "+PONG\r\n" : "!what\r\n").utf8)
            }
        }
        let harness = try ClientHarness(url: "redis://127.0.0.1:\(address.port)", group: group)
        defer { harness.stop() }
        #expect(waitUntil { harness.client.isUp })
        #expect(harness.call(["GET", "x"]) == .failure(.connectionLost))
        #expect(waitUntil { harness.states.current == [true, false, true] })
    }
}
