import Support

/// One world of a node as the directory shows it.
package struct WorldInfo: Sendable, Equatable {
    package var population: Int
    package var capacity: Int

    package init(population: Int, capacity: Int) {
        self.population = population
        self.capacity = capacity
    }
}

/// What a node publishes about itself each heartbeat, and what every other node reads back.
///
/// Encoded as one line of text (`wq1 <id> <draining> <startedAt> <address> <worlds> <counters>`): small, readable
/// with `redis-cli GET`, and decoded defensively, since any process with access to Redis can write the key.
package struct NodeInfo: Sendable, Equatable {
    package var id: String
    /// Where players (or the proxy) reach this node, e.g. `10.0.0.5:8000`.
    package var address: String
    /// Leaving: the proxy gets 503 from `/health` and players are moved elsewhere.
    package var draining: Bool
    /// Milliseconds since 1970-01-01 UTC.
    package var startedAt: Int64
    package var worlds: [WorldInfo]
    /// Admin-visible numbers (`sessions`, `saves_failed`...): names are `[A-Za-z0-9_.-]{1,32}`.
    package var counters: [String: Int64]

    package static let maxEncodedBytes = 16 * 1024
    package static let maxWorlds = 256
    package static let maxCounters = 64
    package static let maxAddressBytes = 256

    package init(
        id: String, address: String, draining: Bool = false, startedAt: Int64, worlds: [WorldInfo] = [],
        counters: [String: Int64] = [:]
    ) {
        self.id = id
        self.address = address
        self.draining = draining
        self.startedAt = startedAt
        self.worlds = worlds
        self.counters = counters
    }

    /// Players over all worlds.
    package var population: Int { worlds.reduce(0) { $0 + $1.population } }

    /// The text stored under `wq:node:<id>`. Counters with invalid names are left out.
    package func encoded() -> String {
        let worldsText =
            worlds.isEmpty
            ? "-" : worlds.map { "\(max(0, $0.population))/\(max(0, $0.capacity))" }.joined(separator: ",")
        let valid = counters.filter {
            NodeID.isWord($0.key, maxLength: 32, extra: UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"))
        }
        let countersText =
            valid.isEmpty ? "-" : valid.keys.sorted().map { "\($0)=\(valid[$0]!)" }.joined(separator: ",")
        return "wq1 \(id) \(draining ? 1 : 0) \(startedAt) \(Self.escape(address)) \(worldsText) \(countersText)"
    }

    /// Reads a record back; throws ``ClusterError/badPayload(_:)`` for anything out of shape or over a limit.
    package static func decode(_ bytes: [UInt8]) throws(ClusterError) -> NodeInfo {
        guard bytes.count <= maxEncodedBytes else { throw .badPayload("node record of \(bytes.count) bytes") }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw .badPayload("not UTF-8") }
        let fields = text.split(separator: " ", omittingEmptySubsequences: false)
        guard fields.count == 7, fields[0] == "wq1" else { throw .badPayload("not a wq1 node record") }
        let id = String(fields[1])
        guard NodeID.isValid(id) else { throw .badPayload("node id '\(id.prefix(40))'") }
        guard fields[2] == "0" || fields[2] == "1" else { throw .badPayload("draining flag") }
        guard let startedAt = Int64(fields[3]) else { throw .badPayload("start time") }
        guard let address = unescape(fields[4]), address.utf8.count <= maxAddressBytes else {
            throw .badPayload("address")
        }
        var worlds: [WorldInfo] = []
        if fields[5] != "-" {
            let parts = fields[5].split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count <= maxWorlds else { throw .badPayload("\(parts.count) worlds") }
            for part in parts {
                let numbers = part.split(separator: "/", omittingEmptySubsequences: false)
                guard numbers.count == 2, let population = Int(numbers[0]), let capacity = Int(numbers[1]),
                    (0...100_000_000).contains(population), (0...100_000_000).contains(capacity)
                else { throw .badPayload("world '\(part.prefix(40))'") }
                worlds.append(WorldInfo(population: population, capacity: capacity))
            }
        }
        var counters: [String: Int64] = [:]
        if fields[6] != "-" {
            let parts = fields[6].split(separator: ",", omittingEmptySubsequences: false)
            guard parts.count <= maxCounters else { throw .badPayload("\(parts.count) counters") }
            for part in parts {
                let pair = part.split(separator: "=", omittingEmptySubsequences: false)
                guard pair.count == 2, let value = Int64(pair[1]),
                    NodeID.isWord(
                        String(pair[0]), maxLength: 32, extra: UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"))
                else { throw .badPayload("counter '\(part.prefix(40))'") }
                counters[String(pair[0])] = value
            }
        }
        return NodeInfo(
            id: id, address: address, draining: fields[2] == "1", startedAt: startedAt, worlds: worlds,
            counters: counters)
    }

    /// Percent-escapes everything but unreserved URL characters and `:/[]@`, so the address has no spaces; an
    /// empty address is `-`.
    static func escape(_ text: String) -> String {
        guard !text.isEmpty else { return "-" }
        var out: [UInt8] = []
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
                UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "@"):
                out.append(byte)
            case UInt8(ascii: "-") where text.utf8.count > 1:
                out.append(byte)
            default:
                let digits = Array("0123456789ABCDEF".utf8)
                out.append(contentsOf: [UInt8(ascii: "%"), digits[Int(byte >> 4)], digits[Int(byte & 15)]])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ text: Substring) -> String? {
        text == "-" ? "" : PercentEncoding.decode(text)
    }
}
