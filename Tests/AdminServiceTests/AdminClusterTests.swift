import Admin
import GameServer
import GameTestSupport
import Glibc
import HTTP
import NetCore
import Storage
import Support
import TestSupport
import Testing

@testable import AdminService

/// The admin console of a cluster, on two real game servers joined by an in-process link: cluster-wide commands
/// answer per node, `@NODE` runs a line on one node, and `drain NODE` sends that node's players on with 1012.
struct AdminClusterTests {
    /// Forwards lines straight to another service's loop, as the cluster bus does across processes.
    private final class Link: AdminClusterLink {
        let node: String
        let services: [String: AdminService]
        let silent: Set<String>

        init(node: String, services: [String: AdminService], silent: Set<String> = []) {
            self.node = node
            self.services = services
            self.silent = silent
        }

        func nodes() -> [String] { services.keys.sorted() }

        func forward(
            _ line: String, json: Bool, actor: String, to node: String,
            reply: @escaping @Sendable (AdminResponse?) -> Void
        ) {
            guard !silent.contains(node), let service = services[node] else { return reply(nil) }
            service.loop.execute {
                service.executeHere(AdminRequestLine(json: json, command: line), actor: "\(actor) via \(self.node)") {
                    reply($0)
                }
            }
        }
    }

    private func withTwoNodes(
        silent: Set<String> = [], _ body: (TestGame, TestGame, AdminClient) throws -> Void
    ) throws {
        let directoryA = AdminDirectory()
        let directoryB = AdminDirectory()
        let a = try TestGame(worlds: 1, gate: directoryA)
        defer { a.stop() }
        let b = try TestGame(worlds: 1, gate: directoryB)
        defer { b.stop() }
        let adminA = AdminService(server: a.server, directory: directoryA)
        let adminB = AdminService(server: b.server, directory: directoryB)
        let services = ["a": adminA, "b": adminB]
        adminA.attach(cluster: Link(node: "a", services: services, silent: silent))
        adminB.attach(cluster: Link(node: "b", services: services))
        let path = a.directory + "/admin.sock"
        let socket = try AdminSocket(path: path, idleTimeout: .seconds(60))
        socket.start(for: adminA)
        defer { socket.close(for: adminA) }
        try body(a, b, try connectWhenReady(path))
    }

    @Test func clusterWideCommandsAnswerPerNodeAndAtNodeRunsOnOne() throws {
        try withTwoNodes { a, b, client in
            let (alice, _) = try a.join("alice")
            let (bob, _) = try b.join("bob")
            usleep(100_000)
            let players = try run(client, "players")
            #expect(players.status == .ok)
            #expect(players.body.contains("[a]") && players.body.contains("alice"))
            #expect(players.body.contains("[b]") && players.body.contains("bob"))
            #expect(players.body.split(separator: "\n").first == "[a]")
            let who = try run(client, "who bob")
            #expect(who.status == .ok && who.body.contains("[b]") && who.body.contains("[a] nobody named bob"))
            let onB = try run(client, "@b players")
            #expect(onB.body.contains("bob") && !onB.body.contains("alice") && !onB.body.contains("[b]"))
            let json = try run(client, "players", json: true)
            #expect(json.body.hasPrefix("{\"nodes\":{\"a\":") && json.body.contains("\"b\":"))
            #expect(try run(client, "@c players").status == .usage)
            _ = (alice, bob)
        }
    }

    @Test func drainingANodeSendsItsPlayersOnWith1012() throws {
        try withTwoNodes { a, b, client in
            let (bob, _) = try b.join("bob")
            let (alice, _) = try a.join("alice")
            let started = MonotonicClock.now()
            let answer = try run(client, "drain b")
            #expect(answer.status == .ok && answer.body.contains("drained: 1 session(s)"))
            // The proxy gets time to see /ready turn 503 before anyone is sent on.
            #expect(MonotonicClock.now() - started >= .milliseconds(1400))
            #expect(try b.response("/ready").head.status.code == 503)
            #expect(try bob.receiveCloseCode() == 1012)
            #expect(try a.response("/ready").head.status.code == 200)
            #expect(try run(client, "@a players").body.contains("alice"))
            _ = alice
        }
    }

    @Test func aSilentNodeIsReportedAndTheOthersStillAnswer() throws {
        try withTwoNodes(silent: ["b"]) { a, _, client in
            let (alice, _) = try a.join("alice")
            usleep(100_000)
            let players = try run(client, "players")
            #expect(players.status == .ok && players.body.contains("alice"))
            #expect(players.body.contains("[b] did not answer in time"))
            #expect(try run(client, "@b status").status == .error)
            _ = alice
        }
    }
}
