import HTTP
import NetCore
import Testing
import Web

struct TrustedProxiesTests {
    private func client(_ text: String) -> ClientAddress { ClientAddress(ip: IPAddress(text)!, port: 5000) }

    private func proxies(_ blocks: String..., header: ForwardedHeader = .xForwardedFor) -> TrustedProxies {
        var proxies = TrustedProxies(header: header)
        for block in blocks {
            let trusted = proxies.trust(block)
            #expect(trusted)
        }
        return proxies
    }

    private func xff(_ lines: String...) -> HTTPHeaders { HTTPHeaders(lines.map { ("X-Forwarded-For", $0) }) }

    @Test func takesTheRightMostAddressThatIsNotATrustedProxy() {
        let trusted = proxies("10.0.0.0/8")
        let connection = client("10.0.0.1")
        #expect(trusted.client(of: xff("198.51.100.7"), connection: connection).host == "198.51.100.7")
        // A client prepending a spoofed address gets its own (right-most untrusted) address, not the spoof.
        #expect(trusted.client(of: xff("1.1.1.1, 198.51.100.7"), connection: connection).host == "198.51.100.7")
        // Hops through more trusted proxies are walked past, across header lines.
        let chained = trusted.client(of: xff("6.6.6.6, 198.51.100.7", "10.2.2.2"), connection: connection)
        #expect(chained.host == "198.51.100.7")
        #expect(chained.port == nil)
        // No header: the proxy itself.
        #expect(trusted.client(of: HTTPHeaders(), connection: connection) == connection)
    }

    @Test func ignoresForwardingHeadersFromUntrustedPeers() {
        let trusted = proxies("10.0.0.0/8")
        let peer = client("203.0.113.9")
        #expect(trusted.client(of: xff("1.1.1.1"), connection: peer) == peer)
        // Nothing trusted at all: nobody may name another client.
        #expect(TrustedProxies().client(of: xff("1.1.1.1"), connection: client("10.0.0.1")).host == "10.0.0.1")
    }

    @Test func matchesV4MappedPeersAgainstIPv4Blocks() throws {
        let trusted = proxies("127.0.0.0/8")
        let mapped = ClientAddress(peer: try SocketAddress(host: "::ffff:127.0.0.1", port: 4000))
        #expect(mapped.host == "127.0.0.1")
        #expect(trusted.trusts(mapped))
        #expect(trusted.client(of: xff("192.0.2.5"), connection: mapped).host == "192.0.2.5")
    }

    @Test func stopsAtUnknownObfuscatedOrMalformedHops() {
        let trusted = proxies("10.0.0.0/8", header: .forwarded)
        let connection = client("10.0.0.1")
        func forwarded(_ value: String) -> HTTPHeaders { HTTPHeaders([("Forwarded", value)]) }
        #expect(trusted.client(of: forwarded("for=192.0.2.1, for=unknown"), connection: connection) == connection)
        #expect(trusted.client(of: forwarded("for=192.0.2.1, for=_hidden"), connection: connection) == connection)
        #expect(
            trusted.client(of: forwarded("for=192.0.2.1, for=10.9.9.9, for=junk"), connection: connection) == connection
        )
        let past = trusted.client(of: forwarded("for=192.0.2.1, for=_x, for=10.9.9.9"), connection: connection)
        #expect(past.host == "10.9.9.9")  // the last trusted hop is the best we know
        let v6 = trusted.client(of: forwarded(#"for="[2001:db8:cafe::17]:4711""#), connection: connection)
        #expect(v6.description == "[2001:db8:cafe::17]:4711")
        let v4 = trusted.client(of: forwarded("for=192.0.2.60:_port;proto=http"), connection: connection)
        #expect(v4.description == "192.0.2.60")
        // Reading Forwarded, an X-Forwarded-For the proxy passed through untouched is the client's own: ignored.
        #expect(trusted.client(of: xff("1.1.1.1"), connection: connection) == connection)
    }

    @Test func readsNodesAsProxiesWriteThem() {
        let trusted = proxies("10.0.0.0/8")
        let connection = client("10.0.0.1")
        #expect(trusted.client(of: xff("192.0.2.1:8080"), connection: connection).description == "192.0.2.1:8080")
        #expect(trusted.client(of: xff("2001:db8::5"), connection: connection).description == "2001:db8::5")
        #expect(trusted.client(of: xff("[2001:db8::5]:99"), connection: connection).description == "[2001:db8::5]:99")
        #expect(trusted.client(of: xff("[192.0.2.1]"), connection: connection) == connection)
        #expect(trusted.client(of: xff("not-an-ip"), connection: connection) == connection)
    }

    @Test func parsesCommandLineValues() {
        var proxies = TrustedProxies()
        let results = [
            proxies.trust("10.0.0.0/8"), proxies.trust("::1"), proxies.trust("10.0.0.0/40"),
            proxies.trust("proxy.example"),
        ]
        #expect(results == [true, true, false, false])
        #expect(proxies.networks.count == 2)
        let headers = [proxies.readHeader(named: "Forwarded"), proxies.readHeader(named: "x-real-ip")]
        #expect(headers == [true, false])
        #expect(proxies.header == .forwarded)
    }
}
