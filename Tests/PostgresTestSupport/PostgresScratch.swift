import Glibc
import PostgresStore
import Support
import Testing

/// A schema of its own in the test server's database (env `WIREQUEST_TEST_POSTGRES`, a URL), so tests running at
/// once never see each other's tables: the store's URL carries `options=-c search_path=<schema>`. Dropped at `drop`.
package final class PostgresScratch {
    package let url: PostgresURL
    package let schema: String
    private let admin: PostgresConnection

    /// The server's URL, or nil when none is configured: then tests are skipped with a printed reason, unless
    /// `WIREQUEST_REQUIRE_SERVICES=1`, which makes the absence a failure.
    package static var serverURL: PostgresURL? {
        get throws {
            guard let text = getenv("WIREQUEST_TEST_POSTGRES").map({ String(cString: $0) }), !text.isEmpty else {
                return nil
            }
            return try PostgresURL(parsing: text, environmentPassword: getenv("PGPASSWORD").map { String(cString: $0) })
        }
    }

    package static var servicesRequired: Bool {
        getenv("WIREQUEST_REQUIRE_SERVICES").map { String(cString: $0) } == "1"
    }

    /// Records a failure when services are required, prints why the test is skipped otherwise; true to go on.
    package static func available(_ test: String = #function) throws -> Bool {
        if try serverURL != nil { return true }
        if servicesRequired {
            Issue.record("WIREQUEST_REQUIRE_SERVICES=1 but WIREQUEST_TEST_POSTGRES is not set")
        } else {
            print("skipped \(test): set WIREQUEST_TEST_POSTGRES to a postgresql:// URL (bash .ci/postgres.sh start)")
        }
        return false
    }

    package init() throws {
        guard let base = try Self.serverURL else { throw PostgresError.io("WIREQUEST_TEST_POSTGRES is not set") }
        schema = "wq_test_" + Hex.encode(SecureRandom.bytes(8))
        admin = PostgresConnection(url: base)
        _ = try admin.execute("CREATE SCHEMA \(schema)")
        var url = base
        url.options = "-c search_path=\(schema)"
        self.url = url
    }

    package func drop() {
        _ = try? admin.execute("DROP SCHEMA \(schema) CASCADE")
        admin.close()
    }

    /// Ends the session of the server process `pid` from the admin connection, as an operator or a crash would.
    package func terminate(backend pid: Int32) throws {
        _ = try admin.execute("SELECT pg_terminate_backend($1)", [String(pid)])
    }

    /// Runs `sql` on the admin connection inside the scratch schema.
    package func execute(_ sql: String, _ parameters: [String?] = []) throws -> PostgresConnection.Result {
        try admin.execute([.init("SET search_path TO \(schema)"), .init(sql, parameters)])[1]
    }
}
