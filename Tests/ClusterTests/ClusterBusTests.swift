import Cluster
import Glibc
import NetCore
import Redis
import RedisTestSupport
import Support
import Testing

struct ClusterBusTests {
    /// Three nodes on one loop, started and listening.
    private func startNodes(_ server: RedisServerProcess, _ group: EventLoopGroup) throws -> [TestNode] {
        let nodes = try ["a", "b", "c"].map { try TestNode(id: $0, url: server.url, loop: group.loops[0]) }
        return nodes
    }

    @Test func broadcastReachesEveryNodeAndRequestsAreAnswered() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let nodes = try startNodes(server, group)
        defer { for node in nodes { node.stop() } }
        let (a, b) = (nodes[0], nodes[1])
        let heard = Box<[String]>([])
        for node in [a, b] {
            node.bus.on("say") { [id = node.id] message, _ in
                heard.update { $0.append("\(id)<-\(message.from):\(message.body)") }
            }
        }
        b.bus.on("echo") { message, respond in respond("echo:\(message.body)") }
        b.bus.on("later") { message, respond in
            // Answered from another thread, as a world thread would.
            _ = NativeThread(name: "late-answer") {
                usleep(50_000)
                respond("late:\(message.body)")
                respond("ignored: only the first answer counts")
            }
        }
        a.start()
        b.start()
        #expect(waitUntil { a.isUp && b.isUp })

        let listeners = Box<Result<Int, ClusterError>?>(nil)
        a.bus.broadcast(kind: "say", body: "hello all") { result in listeners.update { $0 = result } }
        #expect(waitUntil { heard.current.count == 2 })
        #expect(Set(heard.current) == ["a<-a:hello all", "b<-a:hello all"])
        #expect(listeners.current == .success(2))

        #expect(ask(a.bus, "b", "echo", "x y\nz") == .success("echo:x y\nz"))
        #expect(ask(a.bus, "b", "later", "1") == .success("late:1"))
        #expect(ask(a.bus, "a", "nothing", "") == .failure(.remote("no handler for 'nothing'")))
        let started = MonotonicClock.now()
        #expect(ask(a.bus, "nobody", "echo", "") == .failure(.unreachable("nobody")))
        #expect(MonotonicClock.now() - started < .milliseconds(500), "an unreachable node fails without the timeout")
        #expect(ask(a.bus, "b c", "echo", "") == .failure(.invalidNodeID("b c")))
        #expect(ask(a.bus, "b", "bad kind", "") == .failure(.invalidKind("bad kind")))

        // Junk on the bus is logged and skipped; the bus carries on.
        #expect(ClientCall.run(a.client, ["PUBLISH", "wq:bus", "no header"]).value == .integer(2))
        #expect(ClientCall.run(a.client, ["PUBLISH", "wq:to:b", "reply b 1\nforged"]).value == .integer(1))
        #expect(ask(a.bus, "b", "echo", "still") == .success("echo:still"))
    }

    @Test func gatherCollectsAnswersAndTimesOutASilentNode() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let nodes = try startNodes(server, group)
        defer { for node in nodes { node.stop() } }
        for node in nodes[0...1] {
            node.bus.on("status") { [id = node.id] message, respond in respond("\(id) ok \(message.body)") }
        }
        nodes[2].bus.on("status") { _, _ in }  // hears, never answers
        for node in nodes { node.start() }
        #expect(waitUntil { nodes.allSatisfy(\.isUp) })

        let answers = Box<[String: Result<String, ClusterError>]?>(nil)
        let started = MonotonicClock.now()
        nodes[0].bus.gather(kind: "status", body: "?", nodes: ["a", "b", "c", "b"], timeout: .milliseconds(500)) {
            result in answers.update { $0 = result }
        }
        #expect(waitUntil(.seconds(3)) { answers.current != nil })
        let elapsed = MonotonicClock.now() - started
        #expect(answers.current?["a"] == .success("a ok ?"))
        #expect(answers.current?["b"] == .success("b ok ?"))
        #expect(answers.current?["c"] == .failure(.timeout))
        #expect(answers.current?.count == 3)
        #expect(elapsed >= .milliseconds(500) && elapsed < .milliseconds(1500), "gathered in \(elapsed)")

        let none = Box<[String: Result<String, ClusterError>]?>(nil)
        nodes[0].bus.gather(kind: "status", body: "", nodes: []) { result in none.update { $0 = result } }
        #expect(waitUntil { none.current == [:] })
    }

    @Test func requestsFailAtOnceWhileRedisIsDown() throws {
        guard let server = try RedisServerProcess.start() else { return }
        let group = try EventLoopGroup(threadCount: 1)
        defer { group.stop() }
        let a = try TestNode(id: "a", url: server.url, loop: group.loops[0])
        defer { a.stop() }
        a.start()
        #expect(waitUntil { a.isUp })
        server.kill()
        #expect(waitUntil { !a.client.isUp })
        let started = MonotonicClock.now()
        #expect(ask(a.bus, "a", "echo", "") == .failure(.unavailable))
        #expect(MonotonicClock.now() - started < .milliseconds(500))
    }

    private func ask(_ bus: ClusterBus, _ node: String, _ kind: String, _ body: String) -> Result<String, ClusterError>?
    {
        let box = Box<Result<String, ClusterError>?>(nil)
        bus.request(to: node, kind: kind, body: body, timeout: .seconds(2)) { result in box.update { $0 = result } }
        _ = waitUntil(.seconds(3)) { box.current != nil }
        return box.current
    }
}
