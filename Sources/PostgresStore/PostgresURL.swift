import Support

/// Where a PostgreSQL server is and how to log in: `postgresql://user:password@host:port/dbname?connect_timeout=5`
/// (`postgres://` too). User, password and database are percent-decoded. A host starting with `/` (written
/// percent-encoded, `%2Fvar%2Frun%2Fpostgresql`) is a directory holding the server's unix socket.
package struct PostgresURL: Sendable, Equatable {
    package var host: String
    package var port: Int
    package var user: String
    package var password: String?
    package var database: String
    /// Seconds to wait for the connection and the login (`connect_timeout`, default 5).
    package var connectTimeoutSeconds: Int
    /// Seconds to wait for each query's answer (`query_timeout`, WireQuest's own, default 10).
    package var queryTimeoutSeconds: Int
    /// Server options sent at start-up (`options`, as libpq: `-c search_path=test`), or nil.
    package var options: String?
    package var applicationName: String

    package init(
        host: String, port: Int = 5432, user: String, password: String? = nil, database: String,
        connectTimeoutSeconds: Int = 5, queryTimeoutSeconds: Int = 10, options: String? = nil,
        applicationName: String = "wirequest"
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.queryTimeoutSeconds = queryTimeoutSeconds
        self.options = options
        self.applicationName = applicationName
    }

    /// Parses `text`; the password, when the URL has none, comes from `environmentPassword` (`PGPASSWORD`).
    /// Throws a one-line reason for the operator.
    package init(parsing text: String, environmentPassword: String? = nil) throws(PostgresURLError) {
        var rest = Substring(text)
        if rest.hasPrefix("postgresql://") {
            rest = rest.dropFirst("postgresql://".count)
        } else if rest.hasPrefix("postgres://") {
            rest = rest.dropFirst("postgres://".count)
        } else {
            throw PostgresURLError("a database URL starts with postgresql:// (or postgres://)")
        }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        var path: Substring = ""
        if let slash = rest.firstIndex(of: "/") {
            path = rest[rest.index(after: slash)...]
            rest = rest[..<slash]
        }
        var user = ""
        var password: String?
        if let at = rest.lastIndex(of: "@") {
            let credentials = rest[..<at]
            rest = rest[rest.index(after: at)...]
            if let colon = credentials.firstIndex(of: ":") {
                user = try Self.decode(credentials[..<colon], "user")
                password = try Self.decode(credentials[credentials.index(after: colon)...], "password")
            } else {
                user = try Self.decode(credentials, "user")
            }
        }
        guard !user.isEmpty else { throw PostgresURLError("the database URL names no user (postgresql://USER@...)") }
        var host: String
        var port = 5432
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw PostgresURLError("unclosed [ in the host") }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            if rest.hasPrefix(":") { port = try Self.port(rest.dropFirst()) }
        } else if let colon = rest.lastIndex(of: ":") {
            host = String(rest[..<colon])
            port = try Self.port(rest[rest.index(after: colon)...])
        } else {
            host = String(rest)
        }
        host = try Self.decode(Substring(host), "host")
        if host.isEmpty { host = "localhost" }
        let database = try Self.decode(path, "database name")
        self.init(host: host, port: port, user: user, password: password ?? environmentPassword, database: database)
        if self.database.isEmpty { self.database = user }
        for pair in query.split(separator: "&") where !pair.isEmpty {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = try Self.decode(parts[0], "parameter")
            let value = try Self.decode(parts.count > 1 ? parts[1] : "", "parameter \(key)")
            switch key {
            case "connect_timeout": connectTimeoutSeconds = try Self.seconds(value, key)
            case "query_timeout": queryTimeoutSeconds = try Self.seconds(value, key)
            case "options": options = value
            case "application_name": applicationName = value
            // Accepted so URLs written for libpq work; this client speaks plain TCP only.
            case "sslmode" where value == "disable" || value == "prefer" || value == "allow": break
            default: throw PostgresURLError("unknown database URL parameter \(key)=\(value)")
            }
        }
    }

    private static func port(_ text: Substring) throws(PostgresURLError) -> Int {
        guard let port = Int(text), (1...65535).contains(port) else {
            throw PostgresURLError("bad port \(text) in the database URL")
        }
        return port
    }

    private static func seconds(_ text: String, _ key: String) throws(PostgresURLError) -> Int {
        guard let seconds = Int(text), (1...3600).contains(seconds) else {
            throw PostgresURLError("\(key) must be 1...3600 seconds, not \(text)")
        }
        return seconds
    }

    /// Percent-decodes `text` (UTF-8); a malformed escape or invalid UTF-8 is an error naming `what`.
    static func decode(_ text: Substring, _ what: String) throws(PostgresURLError) -> String {
        guard let decoded = PercentEncoding.decode(text) else {
            throw PostgresURLError("bad %-escape in the database URL's \(what), or not UTF-8")
        }
        return decoded
    }

    /// The URL without its password, for logs.
    package var redacted: String { "postgresql://\(user)@\(host):\(port)/\(database)" }
}

/// Why a database URL was refused.
package struct PostgresURLError: Error, Sendable, Equatable, CustomStringConvertible {
    package var description: String
    init(_ description: String) { self.description = description }
}
