import GameTestSupport
import Support
import Synchronization
import TestSupport
import Testing
import Web
import World

@testable import GameServer

/// A game behind a trusted proxy: bans and the directory see the client the proxy named, never the proxy.
@Suite(.serialized)
struct ProxiedClientTests {
    /// Bans one address and remembers every address that joined.
    private final class BanningGate: SessionGate {
        let banned: String
        let joined = Mutex<[String]>([])

        init(banned: String) { self.banned = banned }

        func refusal(address: String) -> GateRefusal? { address == banned ? .banned : nil }
        func refusal(name: String, address: String) -> GateRefusal? { nil }
        func sessionJoined(_ session: SessionID, address: String, world: Int) { joined.withLock { $0.append(address) } }
        func sessionLeft(_ session: SessionID) {}
    }

    @Test func aBanOnTheAddressAProxyNamesRefusesThatClientOnly() throws {
        let gate = BanningGate(banned: "203.0.113.5")
        let game = try TestGame(gate: gate) { configuration in
            _ = configuration.web.trustedProxies.trust("127.0.0.0/8")
        }
        defer { game.stop() }
        let banned = try RawWebSocket(game.address, prefix: "PROXY TCP4 203.0.113.5 127.0.0.1 40000 80\r\n")
        #expect(try banned.receiveCloseCode() == 4003)
        let other = try RawWebSocket(game.address, prefix: "PROXY TCP4 198.51.100.2 127.0.0.1 40001 80\r\n")
        #expect(try other.receiveFrame()?.payload == Array("go".utf8))
        let forwarded = try RawWebSocket(game.address)  // the proxy itself, no header
        #expect(try forwarded.receiveFrame()?.payload == Array("go".utf8))
        // A place in a world (and the directory's entry) comes with HELLO.
        for (client, name) in [(other, "other"), (forwarded, "proxy")] {
            try client.send(text: "[0,\"\(name)\",21,60]")
            #expect(try game.nextBatch(client).first?.array?.first?.int == 1)  // WELCOME
        }
        #expect(gate.joined.withLock { $0 } == ["198.51.100.2", "127.0.0.1"])
    }

    @Test func withoutTrustTheProxysHeaderIsNotReadAndTheBanDoesNotApply() throws {
        let gate = BanningGate(banned: "127.0.0.1")
        let game = try TestGame(gate: gate)
        defer { game.stop() }
        // An untrusted peer's PROXY header is a bad request; its own address is what the ban sees.
        #expect(throws: (any Error).self) {
            _ = try RawWebSocket(game.address, prefix: "PROXY TCP4 198.51.100.2 127.0.0.1 40001 80\r\n")
        }
        let plain = try RawWebSocket(game.address)
        #expect(try plain.receiveCloseCode() == 4003)
    }
}
