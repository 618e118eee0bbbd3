import HTTP
import Synchronization
import Web

/// One node of a cluster as `/status` and POPULATION count it: its id and its worlds' player counts.
package struct NodePopulation: Sendable, Equatable {
    package var node: String
    package var worlds: [Int]

    package init(node: String, worlds: [Int]) {
        self.node = node
        self.worlds = worlds
    }
}

/// What the rest of a cluster looks like to this node: set by the cluster service after each directory read, nil
/// on a single server. This node's own counts are always read live, never from here.
package struct ClusterPopulation: Sendable, Equatable {
    /// This node's id.
    package var node: String
    /// Every other node the directory knows, in id order.
    package var others: [NodePopulation]

    package init(node: String, others: [NodePopulation]) {
        self.node = node
        self.others = others
    }
}

extension GameServer {
    /// Replaces what this node knows of the others (nil: it is alone again, or the directory is out of reach).
    package func updateCluster(_ population: ClusterPopulation?) {
        cluster.withLock { $0 = population }
    }

    /// Per-world player counts of this node, in world order.
    package var localWorldPopulations: [Int] {
        worlds.map { $0.playerCount.load(ordering: .relaxed) }
    }

    /// `/status`: BrowserQuest's per-world counts (`[12,0,3]`); in a cluster every node's worlds, in node-id order,
    /// so a BrowserQuest client or dashboard behind the proxy sees the whole game.
    package var statusJSON: String {
        let local = localWorldPopulations
        var counts: [Int] = []
        if let cluster = cluster.withLock({ $0 }) {
            var placed = false
            for other in cluster.others {
                if !placed && cluster.node < other.node {
                    counts += local
                    placed = true
                }
                counts += other.worlds
            }
            if !placed { counts += local }
        } else {
            counts = local
        }
        return "[" + counts.map(String.init).joined(separator: ",") + "]"
    }

    /// Players in the whole game: this node's, plus every other node's as the directory last said. POPULATION's
    /// total.
    package var populationTotal: Int {
        let others = cluster.withLock { $0?.others.reduce(0) { $0 + $1.worlds.reduce(0, +) } } ?? 0
        return totalPlayers + others
    }

    /// `/ready`, for the proxy's checks (`/healthz` only says the process answers): 200 while this node takes new players, 503 while it drains (the proxy then
    /// sends newcomers and reconnecting players to the other nodes).
    func healthResponse() -> DynamicResponse {
        gate.isDraining
            ? DynamicResponse(
                status: .serviceUnavailable, contentType: "text/plain; charset=utf-8", body: Array("draining\n".utf8))
            : DynamicResponse(contentType: "text/plain; charset=utf-8", body: Array("ready\n".utf8))
    }
}
