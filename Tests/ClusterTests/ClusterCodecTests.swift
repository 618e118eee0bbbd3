import Cluster
import Testing

struct NodeInfoTests {
    @Test func roundTripsThroughItsText() throws {
        let info = NodeInfo(
            id: "node-1_a", address: "10.0.0.5:8000", draining: true, startedAt: 1_796_000_000_123,
            worlds: [WorldInfo(population: 12, capacity: 200), WorldInfo(population: 0, capacity: 50)],
            counters: ["sessions": 12, "saves.failed": -1])
        let text = info.encoded()
        #expect(text == "wq1 node-1_a 1 1796000000123 10.0.0.5:8000 12/200,0/50 saves.failed=-1,sessions=12")
        #expect(try NodeInfo.decode(Array(text.utf8)) == info)
        #expect(info.population == 12)

        let odd = NodeInfo(id: "n", address: "odd host %,= \u{e9}", startedAt: -5)
        #expect(try NodeInfo.decode(Array(odd.encoded().utf8)) == odd)
        for address in ["", "-"] {
            let edge = NodeInfo(id: "n", address: address, startedAt: 0)
            #expect(try NodeInfo.decode(Array(edge.encoded().utf8)) == edge, "address '\(address)'")
        }
    }

    @Test func leavesOutCountersWithInvalidNames() throws {
        let info = NodeInfo(id: "n", address: "a", startedAt: 0, counters: ["ok": 1, "not ok": 2, "a=b": 3, "": 4])
        #expect(try NodeInfo.decode(Array(info.encoded().utf8)).counters == ["ok": 1])
    }

    @Test func refusesRecordsOutOfShape() {
        let bad = [
            "", "wq1", "wq2 n 0 0 a - -", "wq1 n 0 0 a -", "wq1 n 0 0 a - - extra", "wq1 bad!id 0 0 a - -",
            "wq1 n 2 0 a - -", "wq1 n 0 x a - -", "wq1 n 0 0 %zz - -", "wq1 n 0 0 a 1 -", "wq1 n 0 0 a 1/2/3 -",
            "wq1 n 0 0 a -1/5 -", "wq1 n 0 0 a 1/x -", "wq1 n 0 0 a - k", "wq1 n 0 0 a - k=x", "wq1 n 0 0 a - b@d=1",
            "wq1 n 0 0 a 1/2, -", "wq1  n 0 0 a - -",
            "wq1 n 0 0 a " + Array(repeating: "1/1", count: 257).joined(separator: ",") + " -",
            "wq1 n 0 0 " + String(repeating: "a", count: 257) + " - -",
            "wq1 n 0 0 a - " + (0..<65).map { "c\($0)=1" }.joined(separator: ","),
        ]
        for text in bad {
            #expect(throws: ClusterError.self, "\(text.prefix(60))") { try NodeInfo.decode(Array(text.utf8)) }
        }
        #expect(throws: ClusterError.self) { try NodeInfo.decode([0xFF, 0xFE]) }
        #expect(throws: ClusterError.self) { try NodeInfo.decode([UInt8](repeating: 65, count: 16 * 1024 + 1)) }
    }
}

struct NodeIDTests {
    @Test func acceptsShortWordsOnly() {
        for id in ["a", "node-1", "N_2", String(repeating: "x", count: 32)] { #expect(NodeID.isValid(id), "\(id)") }
        for id in ["", String(repeating: "x", count: 33), "a b", "a:b", "a/b", "n\u{e9}", "a.b", "*"] {
            #expect(!NodeID.isValid(id), "\(id)")
        }
    }
}

struct ClusterEnvelopeTests {
    @Test func roundTripsAndKeepsTheBodyVerbatim() throws {
        let envelope = ClusterEnvelope(
            kind: "say", from: "node-2", requestID: 18_446_744_073_709_551_615, body: "a\nb c")
        let bytes = envelope.encoded()
        #expect(bytes == Array("say node-2 18446744073709551615\na\nb c".utf8))
        #expect(try ClusterEnvelope.decode(bytes, maxBodyBytes: 100) == envelope)
        let empty = ClusterEnvelope(kind: "ping", from: "n", body: "")
        #expect(try ClusterEnvelope.decode(empty.encoded(), maxBodyBytes: 0) == empty)
    }

    @Test func refusesEnvelopesOutOfShape() {
        let bad = [
            "say n 0", "say n\nbody", "say n 0 1\nx", "s@y n 0\nx", "say bad! 0\nx", "say n -1\nx", "say n 1x\nx",
            "say n 18446744073709551616\nx", " n 0\nx", "say n +1\nx", "say n 0\n12345678901",
            String(repeating: "k", count: 200) + " n 0\nx",
        ]
        for text in bad {
            #expect(throws: ClusterError.self, "\(text.prefix(40))") {
                try ClusterEnvelope.decode(Array(text.utf8), maxBodyBytes: 10)
            }
        }
        #expect(throws: ClusterError.self) {
            try ClusterEnvelope.decode(Array("say n 0\n".utf8) + [0xC3], maxBodyBytes: 10)
        }
    }
}
