import NetCore
import Redis
import Testing

struct RedisURLTests {
    @Test func readsHostPortPasswordAndDatabase() throws {
        let plain = try #require(RedisURL("redis://10.0.0.7"))
        #expect(plain == RedisURL(host: "10.0.0.7", port: 6379))
        let full = try #require(RedisURL("redis://:s%40cret@redis.local:6380/3"))
        #expect(full == RedisURL(host: "redis.local", port: 6380, password: "s@cret", database: 3))
        let user = try #require(RedisURL("redis://game:pw@[::1]:7000/"))
        #expect(user == RedisURL(host: "[::1]", port: 7000, username: "game", password: "pw"))
        #expect(RedisURL("redis://pw@h")?.password == "pw")
        #expect(full.description == "redis://:***@redis.local:6380/3", "no password in logs")
    }

    @Test func refusesWhatIsNotARedisURL() {
        for text in [
            "http://h:1", "redis://", "redis://h:0", "redis://h:70000", "redis://h:x", "redis://h/db", "redis://h/-1",
            "redis://:%zz@h", "redis://[::1]x",
        ] {
            #expect(RedisURL(text) == nil, "\(text)")
        }
    }

    @Test func resolvesNumericHostsAndLocalhostWithoutALookup() throws {
        #expect(try RedisURL(host: "127.0.0.1", port: 7).resolve().description == "127.0.0.1:7")
        #expect(try RedisURL(host: "localhost", port: 7).resolve().description == "127.0.0.1:7")
    }
}
