import Glibc
import NetCore
import Support

/// Where Redis is and how to log in: `redis://[[user]:password@]host[:port][/db]`.
package struct RedisURL: Sendable, Equatable, CustomStringConvertible {
    package var host: String
    package var port: Int
    /// For Redis 6 ACLs (`AUTH user password`); nil sends `AUTH password`.
    package var username: String?
    package var password: String?
    /// The logical database chosen with `SELECT` (0 is Redis's default and is not sent).
    package var database: Int

    package init(host: String, port: Int = 6379, username: String? = nil, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
    }

    /// Parses the URL; nil when it is not one. User and password are percent-decoded.
    package init?(_ text: String) {
        guard text.hasPrefix("redis://") else { return nil }
        var rest = Substring(text.dropFirst(8))
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                let user = credentials[..<colon]
                guard let password = Self.percentDecoded(credentials[credentials.index(after: colon)...]) else {
                    return nil
                }
                self.password = password
                if !user.isEmpty {
                    guard let name = Self.percentDecoded(user) else { return nil }
                    username = name
                }
            } else {
                // `redis://secret@host`: a lone credential is the password (as redis-cli reads it).
                guard let password = Self.percentDecoded(credentials) else { return nil }
                self.password = password
            }
        }
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        database = 0
        if !path.isEmpty, path != "/" {
            guard let number = Int(path.dropFirst()), (0...1_000_000).contains(number) else { return nil }
            database = number
        }
        var hostPart = authority
        port = 6379
        if let bracket = authority.lastIndex(of: "]") {
            hostPart = authority[...bracket]
            let after = authority[authority.index(after: bracket)...]
            if after.hasPrefix(":") {
                guard let value = Int(after.dropFirst()) else { return nil }
                port = value
            } else if !after.isEmpty {
                return nil
            }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]
            guard let value = Int(authority[authority.index(after: colon)...]) else { return nil }
            port = value
        }
        guard !hostPart.isEmpty, (1...65535).contains(port) else { return nil }
        host = String(hostPart)
    }

    /// The URL without its password, for logs.
    package var description: String {
        let user = password == nil ? "" : "\(username ?? ""):***@"
        let path = database == 0 ? "" : "/\(database)"
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "redis://\(user)\(shownHost):\(port)\(path)"
    }

    private static func percentDecoded(_ text: Substring) -> String? { PercentEncoding.decode(text) }

    /// The server's socket address. A numeric address or `localhost` is read directly; a name is looked up with
    /// getaddrinfo, which may block: call this off the event loops (the clients do, in their initialisers).
    package func resolve() throws(RedisError) -> SocketAddress {
        if let address = try? SocketAddress(host: host, port: port) { return address }
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        defer { if list != nil { freeaddrinfo(list) } }
        guard status == 0 else {
            throw .invalidConfiguration("cannot resolve '\(host)': \(String(cString: gai_strerror(status)))")
        }
        var entry = list
        while let info = entry?.pointee {
            if let raw = info.ai_addr {
                switch info.ai_family {
                case AF_INET where Int(info.ai_addrlen) >= MemoryLayout<sockaddr_in>.size:
                    return .v4(UnsafeRawPointer(raw).loadUnaligned(as: sockaddr_in.self))
                case AF_INET6 where Int(info.ai_addrlen) >= MemoryLayout<sockaddr_in6>.size:
                    return .v6(UnsafeRawPointer(raw).loadUnaligned(as: sockaddr_in6.self))
                default:
                    break
                }
            }
            entry = info.ai_next
        }
        throw .invalidConfiguration("'\(host)' has no IPv4 or IPv6 address")
    }
}

/// How a client connects, waits and bounds what it holds. The defaults suit a directory and a bus on a LAN.
package struct RedisConfiguration: Sendable {
    package var url: RedisURL
    /// From starting the TCP connect to the end of AUTH/SELECT/PING.
    package var connectTimeout: Duration = .seconds(2)
    /// A command unanswered this long fails with ``RedisError/timeout``, and the connection is dropped and re-made
    /// (the replies of a pipelined connection come in order, so one stuck reply holds up all the others).
    package var commandTimeout: Duration = .seconds(2)
    /// The first reconnect delay; each failure doubles it up to ``maxReconnectDelay``.
    package var minReconnectDelay: Duration = .milliseconds(100)
    package var maxReconnectDelay: Duration = .seconds(2)
    /// Commands sent and unanswered at most; beyond, new ones fail at once with ``RedisError/unavailable``.
    package var maxPendingCommands = 10_000
    /// Encoded bytes of unanswered commands at most, with the same effect.
    package var maxPendingBytes = 8 << 20
    package var parserLimits = RESPParser.Limits()

    package init(url: RedisURL) {
        self.url = url
    }
}

/// Why a command failed.
package enum RedisError: Error, Equatable, CustomStringConvertible {
    /// Not connected (or reconnecting), or the pending bound is reached: the command was not sent.
    case unavailable
    /// Sent, and not answered within the command timeout.
    case timeout
    /// Sent, and the connection closed before the answer came.
    case connectionLost
    /// Redis answered with an error reply (`-ERR ...`, `-WRONGTYPE ...`).
    case server(String)
    /// The server's bytes were not RESP, or over a limit.
    case protocolViolation(String)
    case invalidConfiguration(String)

    package var description: String {
        switch self {
        case .unavailable: "Redis unavailable"
        case .timeout: "Redis command timed out"
        case .connectionLost: "connection to Redis lost"
        case .server(let message): "Redis error: \(message)"
        case .protocolViolation(let why): "Redis protocol violation: \(why)"
        case .invalidConfiguration(let why): "invalid Redis configuration: \(why)"
        }
    }
}
