import HTTP
import NetCore

/// Who is at the other end of a connection or request, as far as the server can trust: the TCP peer, or the client
/// a trusted proxy named (PROXY protocol, `X-Forwarded-For`, `Forwarded`). Logs, bans and login limits use this,
/// never the TCP peer.
package struct ClientAddress: Sendable, Equatable, CustomStringConvertible {
    /// The IP address; nil for a Unix socket peer or none at all.
    package let ip: IPAddress?
    /// The client's port, when known (proxies often leave it out).
    package let port: Int?
    private let otherHost: String

    package init(ip: IPAddress, port: Int?) {
        self.init(ip: ip, port: port, otherHost: "")
    }

    /// The TCP peer itself.
    package init(peer: SocketAddress?) {
        if let peer, let ip = IPAddress(peer) {
            self.init(ip: ip, port: peer.port, otherHost: "")
        } else {
            self.init(ip: nil, port: nil, otherHost: peer?.host ?? "unknown")
        }
    }

    private init(ip: IPAddress?, port: Int?, otherHost: String) {
        self.ip = ip
        self.port = port
        self.otherHost = otherHost
    }

    /// The address without the port: what bans and limits are keyed by (`1.2.3.4`, `2001:db8::1`).
    package var host: String { ip?.description ?? otherHost }

    package var description: String {
        guard let ip, let port else { return host }
        return ip.isV4 ? "\(ip):\(port)" : "[\(ip)]:\(port)"
    }
}

/// Which peers may name another client address, and which header they name it in.
package struct TrustedProxies: Sendable, Equatable {
    package var networks: [CIDR]
    package var header: ForwardedHeader

    package init(_ networks: [CIDR] = [], header: ForwardedHeader = .xForwardedFor) {
        self.networks = networks
        self.header = header
    }

    /// Trusts the proxies at `text` (an address or CIDR); false when it is neither.
    package mutating func trust(_ text: String) -> Bool {
        guard let network = CIDR(text) else { return false }
        networks.append(network)
        return true
    }

    /// Reads the header called `name` (`x-forwarded-for`, `forwarded` or `none`); false for any other.
    package mutating func readHeader(named name: String) -> Bool {
        guard let named = ForwardedHeader(rawValue: name.lowercased()) else { return false }
        header = named
        return true
    }

    /// Whether `address` is a trusted proxy.
    package func trusts(_ address: ClientAddress) -> Bool {
        guard let ip = address.ip else { return false }
        return networks.contains(ip)
    }

    /// The client of one request that arrived from `connection`: walks the forwarding header from the right while
    /// each hop is a trusted proxy, and stops at the first that is not, so a client cannot spoof by writing
    /// addresses of its own to the left. An unknown, obfuscated or malformed hop also stops the walk: the last
    /// trusted hop is then the best we know.
    package func client(of headers: HTTPHeaders, connection: ClientAddress) -> ClientAddress {
        guard header != .none, trusts(connection) else { return connection }
        var current = connection
        for node in header.nodes(in: headers).reversed() {
            guard let hop = Self.parseNode(node) else { break }
            current = hop
            if !trusts(hop) { break }
        }
        return current
    }

    /// A node as proxies write it: `1.2.3.4`, `1.2.3.4:80`, `[2001:db8::1]`, `[2001:db8::1]:4711`, or a bare
    /// `2001:db8::1`. `unknown` and obfuscated (`_hidden`) nodes are not addresses.
    static func parseNode(_ node: String) -> ClientAddress? {
        var text = Substring(node)
        var port: Int?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let rest = text[text.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                port = parsePort(rest.dropFirst())
            }
            text = text[text.index(after: text.startIndex)..<close]
            guard text.contains(":") else { return nil }
        } else if let colon = text.firstIndex(of: ":"), text[text.index(after: colon)...].firstIndex(of: ":") == nil {
            // One colon: IPv4 with a port. More: a bare IPv6 address.
            port = parsePort(text[text.index(after: colon)...])
            text = text[..<colon]
        }
        guard let ip = IPAddress(text) else { return nil }
        return ClientAddress(ip: ip, port: port)
    }

    /// A decimal port; an obfuscated (`_abc`) or malformed one is dropped, the address still counts.
    private static func parsePort(_ text: Substring) -> Int? {
        guard (1...5).contains(text.utf8.count), text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text).flatMap { $0 <= 65535 ? $0 : nil }
    }
}
