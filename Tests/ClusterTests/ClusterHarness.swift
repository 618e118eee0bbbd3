import Cluster
import NetCore
import Redis
import RedisTestSupport
import Support

/// One simulated node in the test process: its own Redis client and subscriber, directory and bus, all on one
/// loop of a shared group (as a real node runs them on one of its loops).
final class TestNode {
    let id: String
    let client: RedisClient
    let subscriber: RedisSubscriber
    let directory: ClusterDirectory
    let bus: ClusterBus
    let population = Box<Int>(0)

    init(id: String, url: String, loop: EventLoop) throws {
        self.id = id
        let configuration = RedisConfiguration(url: RedisURL(url)!)
        client = try RedisClient(configuration: configuration, loop: loop, logger: Logger(label: "redis-\(id)"))
        subscriber = try RedisSubscriber(configuration: configuration, loop: loop, logger: Logger(label: "sub-\(id)"))
        let population = population
        directory = try ClusterDirectory(client: client, nodeID: id, logger: Logger(label: "dir-\(id)")) {
            NodeInfo(
                id: id, address: "127.0.0.1:\(8000 + id.utf8.count)", startedAt: 1,
                worlds: [WorldInfo(population: population.current, capacity: 100)])
        }
        bus = try ClusterBus(nodeID: id, client: client, subscriber: subscriber, logger: Logger(label: "bus-\(id)"))
    }

    func start() {
        bus.start()
        directory.start()
        client.start()
        subscriber.start()
    }

    var isUp: Bool { client.isUp && subscriber.isUp }

    var seen: [String] { directory.snapshot.nodes.map(\.id) }

    func stop() {
        client.stop()
        subscriber.stop()
    }
}
