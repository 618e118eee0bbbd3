import SQLiteStore
import Storage
import Testing

/// ``GlobPattern`` (the memory store's matcher) agrees with SQLite's own `GLOB` on every pattern and name here.
@Suite struct GlobPatternTests {
    static let patterns = [
        "", "*", "**", "a*", "*b", "a?c", "?", "??", "[abc]*", "[a-c]x", "[^a]*", "[]]", "[^]]x", "a[", "[",
        "*a*a*b", "é?", "[é-ü]", "-", "[-a]", "[a-]", "[z-a]", "a*b*c", "*[0-9]", "player?", "player*1*",
    ]
    static let names = [
        "", "a", "abc", "bob", "axc", "]", "]x", "é1", "ü", "-", "aab", "ab", "cx", "aaab", "player1", "player12",
        "player", "zed", "b", "abbc", "x9",
    ]

    @Test func theMatcherAgreesWithSQLite() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        defer { database.close() }
        let glob = try database.prepare("SELECT ?2 GLOB ?1")
        for pattern in Self.patterns {
            let matcher = GlobPattern(pattern)
            for name in Self.names {
                defer { glob.reset() }
                try glob.bind(pattern, at: 1)
                try glob.bind(name, at: 2)
                #expect(try glob.step())
                #expect(matcher.matches(name) == (glob.int(0) == 1), "\(name) GLOB \(pattern)")
            }
        }
    }
}
