import Glibc
import NetCore
import Redis
import RedisTestSupport
import Support
import Testing

/// Against a real redis-server the test starts (see ``RedisServerProcess``).
struct RedisClientTests {
    @Test func commandsRoundTrip() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let harness = try ClientHarness(url: server.url)
        defer { harness.stop() }
        #expect(waitUntil { harness.client.isUp })
        #expect(harness.call(["SET", "greeting", "hello"]).value == .simpleString("OK"))
        #expect(harness.call(["GET", "greeting"]).value == .bulkString(Array("hello".utf8)))
        #expect(harness.call(["GET", "missing"]).value == .null)
        #expect(harness.call(["INCR", "counter"]).value == .integer(1))
        #expect(harness.call(["INCRBY", "counter", "41"]).value == .integer(42))
        #expect(
            harness.call(["MGET", "greeting", "missing"]).value == .array([.bulkString(Array("hello".utf8)), .null]))
        guard case .failure(.server(let message)) = harness.call(["INCR", "greeting"]) else {
            Issue.record("INCR of a string must fail with the server's error")
            return
        }
        #expect(message.hasPrefix("ERR"))

        let binary: [UInt8] = [0, 13, 10, 255, 36, 42]
        let stored = Box<Result<RESPValue, RedisError>?>(nil)
        harness.client.send(bytes: [Array("SET".utf8), Array("blob".utf8), binary]) { r in stored.update { $0 = r } }
        #expect(waitUntil { stored.current != nil })
        #expect(harness.call(["GET", "blob"]).value == .bulkString(binary))
        #expect(harness.call(["STRLEN", "blob"]).value == .integer(6))
    }

    @Test func pipelinesAThousandCommandsAndAnswersInOrder() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let harness = try ClientHarness(url: server.url)
        defer { harness.stop() }
        #expect(waitUntil { harness.client.isUp })
        let answers = Box<[Int64]>([])
        let client = harness.client
        // All thousand are written in one loop iteration, so they leave in one write and are answered as a stream.
        harness.group.loops[0].execute {
            for _ in 0..<1000 {
                client.send(["INCR", "n"]) { result in answers.update { $0.append(result.value?.integer ?? -1) } }
            }
        }
        #expect(waitUntil { answers.current.count == 1000 })
        #expect(answers.current == Array(1...1000))
        // And from another thread, one hop per command.
        let more = Box<[Int64]>([])
        for _ in 0..<1000 {
            client.send(["INCR", "n"]) { result in more.update { $0.append(result.value?.integer ?? -1) } }
        }
        #expect(waitUntil { more.current.count == 1000 })
        #expect(more.current == Array(1001...2000))
    }

    @Test func logsInWithAPasswordAndSelectsTheDatabase() throws {
        guard let server = try RedisServerProcess.start(arguments: ["--requirepass", "s3cr:t"]) else { return }
        let good = try ClientHarness(url: "redis://:s3cr%3At@127.0.0.1:\(server.port)/2")
        defer { good.stop() }
        let other = try ClientHarness(url: "redis://:s3cr%3At@127.0.0.1:\(server.port)")
        defer { other.stop() }
        let refused = try ClientHarness(url: "redis://:wrong@127.0.0.1:\(server.port)")
        defer { refused.stop() }
        #expect(waitUntil { good.client.isUp && other.client.isUp })
        #expect(good.call(["SET", "where", "db2"]).value == .simpleString("OK"))
        #expect(other.call(["GET", "where"]).value == .null, "database 0 does not see database 2's key")
        #expect(other.call(["SELECT", "2"]).value == .simpleString("OK"))
        #expect(other.call(["GET", "where"]).value == .bulkString(Array("db2".utf8)))
        usleep(300_000)
        #expect(!refused.client.isUp)
        #expect(refused.states.current.isEmpty)
        #expect(refused.call(["PING"]) == .failure(.unavailable))
    }

    @Test func failsAtOnceWhenNothingListens() throws {
        let port = try freeLoopbackPort()
        let harness = try ClientHarness(url: "redis://127.0.0.1:\(port)")
        defer { harness.stop() }
        usleep(200_000)
        let started = MonotonicClock.now()
        #expect(harness.call(["PING"]) == .failure(.unavailable))
        #expect(MonotonicClock.now() - started < .milliseconds(500))
        #expect(harness.states.current.isEmpty)
    }
}

/// A free loopback port (nothing listens once this returns).
func freeLoopbackPort() throws -> Int {
    let fd = try Socket.listen(on: SocketAddress(host: "127.0.0.1", port: 0))
    defer { close(fd) }
    return Socket.localAddress(fd)?.port ?? 1
}
