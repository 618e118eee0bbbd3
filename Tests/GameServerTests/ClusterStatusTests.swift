import GameServer
import GameTestSupport
import HTTP
import Support
import Synchronization
import Testing
import World

/// A node's public view of the cluster: `/status` lists every node's worlds in node order with this node's own
/// counts live, POPULATION's total counts the whole cluster, and `/ready` turns 503 while the node drains.
struct ClusterStatusTests {
    private final class SwitchGate: SessionGate {
        let draining = Atomic<Bool>(false)
        func refusal(address: String) -> GateRefusal? { nil }
        func refusal(name: String, address: String) -> GateRefusal? { nil }
        func sessionJoined(_ session: SessionID, address: String, world: Int) {}
        func sessionLeft(_ session: SessionID) {}
        var isDraining: Bool { draining.load(ordering: .relaxed) }
    }

    @Test func statusListsEveryNodesWorldsInNodeOrderAndPopulationCountsTheCluster() throws {
        let game = try TestGame(worlds: 2)
        defer { game.stop() }
        game.server.updateCluster(
            ClusterPopulation(
                node: "b", others: [NodePopulation(node: "a", worlds: [3, 4]), NodePopulation(node: "c", worlds: [5])]))
        #expect(try game.status() == "[3,4,0,0,5]")
        let metrics = try game.get("/metrics")
        #expect(metrics.contains("wirequest_cluster_nodes 3\n") && metrics.contains("wirequest_cluster_players 12\n"))
        let (_, batch) = try game.join("Ada")
        // POPULATION: [17, this world's players, the cluster's]: the other nodes' 12 are in the total (this node's
        // own count is the one read at the start of the tick, as on a single server).
        let population = try #require(batch.first { $0[0]?.int == 17 })
        #expect(population[1]?.int == 1 && (12...13).contains(population[2]?.int ?? 0))
        #expect(try game.status() == "[3,4,1,0,5]")
        game.server.updateCluster(ClusterPopulation(node: "z", others: [NodePopulation(node: "a", worlds: [2])]))
        #expect(try game.status() == "[2,1,0]")
        game.server.updateCluster(nil)
        #expect(try game.status() == "[1,0]")
    }

    @Test func readyIsServiceUnavailableWhileDraining() throws {
        let gate = SwitchGate()
        let game = try TestGame(gate: gate)
        defer { game.stop() }
        let ready = try game.response("/ready")
        #expect(ready.head.status.code == 200 && ready.body == "ready\n")
        gate.draining.store(true, ordering: .relaxed)
        let draining = try game.response("/ready")
        #expect(draining.head.status.code == 503 && draining.body == "draining\n")
        #expect(try game.response("/healthz").head.status.code == 200)
    }
}
