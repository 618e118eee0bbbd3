import Glibc
import Storage
import Support

/// Characters and operator state in a PostgreSQL database shared by the nodes of a cluster. Same semantics as
/// `SQLiteStore` (the conformance tests run against both), plus leases. Like every store it is used by one thread
/// (the storage thread), which may block: each call is one or a few round trips on one connection, bounded by the
/// URL's timeouts. A lost connection fails the call with ``StorageError/io(_:)`` (transient: the storage thread
/// retries), and the next call reconnects.
package final class PostgresStore: CharacterStore {
    let connection: PostgresConnection

    private init(connection: PostgresConnection) { self.connection = connection }

    /// Where the store is, without the password: for logs.
    package var location: String { connection.url.redacted }

    /// Connects to `url` (`postgresql://USER:PASS@HOST:PORT/DB`, password also from `PGPASSWORD`), brings the
    /// schema up to date and returns the store. Refuses a schema newer than this build's.
    package static func open(url: String) throws(StorageOpenError) -> PostgresStore {
        let parsed: PostgresURL
        do {
            parsed = try PostgresURL(
                parsing: url, environmentPassword: getenv("PGPASSWORD").map { String(cString: $0) })
        } catch {
            throw StorageOpenError(.other, "bad database URL: \(error)")
        }
        return try open(parsed)
    }

    /// ``open(url:)`` with a parsed URL; tests pass their own `migrations`.
    package static func open(_ url: PostgresURL, migrations: [PostgresMigration] = PostgresMigration.all)
        throws(StorageOpenError) -> PostgresStore
    {
        let connection = PostgresConnection(url: url)
        let newer: Int?
        do throws(PostgresError) {
            try connection.connectIfNeeded()
            newer = try migrate(connection, migrations: migrations)
        } catch {
            connection.close()
            throw StorageOpenError(.other, "cannot open the database \(url.redacted): \(error)")
        }
        if let newer {
            connection.close()
            throw StorageOpenError(
                .newerSchema,
                "the database \(url.redacted) has schema version \(newer), newer than this server knows "
                    + "(\(migrations.last?.version ?? 0)): run a newer wirequest")
        }
        return PostgresStore(connection: connection)
    }

    /// Applies the steps the database lacks, one transaction each, under the advisory lock.
    ///
    /// - Returns: nil, or the database's version when it is newer than `migrations` know (nothing is changed).
    private static func migrate(_ connection: PostgresConnection, migrations: [PostgresMigration])
        throws(PostgresError) -> Int?
    {
        let newest = migrations.last?.version ?? 0
        while true {
            do throws(PostgresError) {
                let results = try connection.execute([
                    .init("BEGIN"),
                    .init("SELECT pg_advisory_xact_lock($1::bigint)", [String(PostgresMigration.lockKey)]),
                    .init(
                        """
                        CREATE TABLE IF NOT EXISTS schema_migrations (
                            version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                        """),
                    .init("SELECT coalesce(max(version), 0) FROM schema_migrations"),
                ])
                let current = Int(results[3].rows.first?.first.flatMap { $0 } ?? "") ?? 0
                guard current <= newest else {
                    _ = try connection.execute("ROLLBACK")
                    return current
                }
                guard let step = migrations.first(where: { $0.version > current }) else {
                    _ = try connection.execute("COMMIT")
                    return nil
                }
                try connection.simpleQuery(step.sql)
                _ = try connection.execute(
                    "INSERT INTO schema_migrations (version) VALUES ($1)", [String(step.version)])
                _ = try connection.execute("COMMIT")
            } catch {
                if connection.isConnected { _ = try? connection.execute("ROLLBACK") }
                throw error
            }
        }
    }

    package func backup(to path: String) throws(StorageError) {
        throw .unsupported("a PostgreSQL database is backed up with its own tools: use pg_dump")
    }

    package func close() { connection.close() }

    // MARK: - Calls

    /// Runs `body`, turning its failures into ``StorageError``s; `special` maps the SQLSTATEs a call gives a
    /// meaning of its own (a unique violation is a taken name).
    func run<T>(
        special: [String: StorageError] = [:],
        _ body: () throws(PostgresError) -> T
    ) throws(StorageError) -> T {
        do throws(PostgresError) {
            return try body()
        } catch {
            if case .server(let server) = error, let mapped = special[server.code] { throw mapped }
            throw Self.storageError(error)
        }
    }

    /// What a failed call means to the storage thread: transient (`io`, `busy`, `diskFull`) or not.
    static func storageError(_ error: PostgresError) -> StorageError {
        switch error {
        case .io(let why): return .io(why)
        case .protocolViolation: return .io("\(error)")
        case .authentication(let why): return .other("PostgreSQL refused the login: \(why)")
        case .server(let server):
            switch server.code {
            case "40001", "40P01", "55P03": return .busy
            case "53100": return .diskFull
            case "25006": return .readOnly(server.message)
            case "XX001", "XX002": return .corrupt(server.message)
            default:
                // 08: connection exceptions; 53: out of resources; 57: shut down or cancelled (timeouts).
                if server.code.hasPrefix("08") || server.code.hasPrefix("53") || server.code.hasPrefix("57") {
                    return .io("\(server)")
                }
                return .other("PostgreSQL: \(server)")
            }
        }
    }

    // MARK: - Values

    static func text(_ value: Int) -> String? { String(value) }
    static func text(_ value: Int64) -> String? { String(value) }
    static func text(_ value: Int?) -> String? { value.map { String($0) } }
    static func text(_ value: Int64?) -> String? { value.map { String($0) } }
    /// `bytea`'s hex input form.
    static func bytea(_ bytes: [UInt8]) -> String? { "\\x" + Hex.encode(bytes) }
    /// A text-format array literal of integers (`{1,NULL,3}`).
    static func array(_ values: [Int?]) -> String? {
        "{" + values.map { $0.map { String($0) } ?? "NULL" }.joined(separator: ",") + "}"
    }
    static func array(_ values: [Int64]) -> String? {
        "{" + values.map { String($0) }.joined(separator: ",") + "}"
    }
}
