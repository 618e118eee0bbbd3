import PostgresStore
import Testing

@Suite struct PostgresURLTests {
    @Test func aFullURLIsParsedAndDecoded() throws {
        let url = try PostgresURL(
            parsing:
                "postgresql://wire%40quest:p%3Ass%2Fw@db.example:6543/game%20db?connect_timeout=3&options=-c%20x%3Dy")
        #expect(url.user == "wire@quest")
        #expect(url.password == "p:ss/w")
        #expect(url.host == "db.example" && url.port == 6543)
        #expect(url.database == "game db")
        #expect(url.connectTimeoutSeconds == 3 && url.queryTimeoutSeconds == 10)
        #expect(url.options == "-c x=y")
        #expect(url.redacted == "postgresql://wire@quest@db.example:6543/game db")
    }

    @Test func defaultsAndTheEnvironmentsPassword() throws {
        let url = try PostgresURL(parsing: "postgres://alice@localhost", environmentPassword: "secret")
        #expect(url.port == 5432 && url.database == "alice" && url.password == "secret")
        let own = try PostgresURL(parsing: "postgres://alice:mine@[::1]:5433/db", environmentPassword: "secret")
        #expect(own.password == "mine" && own.host == "::1" && own.port == 5433)
        let socket = try PostgresURL(parsing: "postgresql://bob@%2Fvar%2Frun%2Fpostgresql/db")
        #expect(socket.host == "/var/run/postgresql")
    }

    @Test(arguments: [
        "mysql://a@b/c", "postgresql://host/db", "postgresql://a@b:0/c", "postgresql://a@b:99999/c",
        "postgresql://a@b:x/c", "postgresql://a%zz@b/c", "postgresql://a@b/c?connect_timeout=0",
        "postgresql://a@b/c?bogus=1", "postgresql://a@[::1/c", "postgresql://a%ff@b/c",
    ])
    func badURLsAreRefused(text: String) {
        #expect(throws: PostgresURLError.self) { try PostgresURL(parsing: text) }
    }
}
