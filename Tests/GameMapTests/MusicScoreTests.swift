import GameMap
import TestSupport
import Testing

/// The browser plays a score from `Public/js/music.js` for each music area of the map; an area without one would be
/// silent. These check that every area of the committed world has a score, so a map edited in Tiled cannot name a
/// tune nobody wrote.
struct MusicScoreTests {
    /// The keys of `export const SCORES = Object.freeze({ … });`: the lines indented by exactly four spaces that
    /// start `name: {`.
    static func scoreNames(in source: String) -> [String] {
        var names: [String] = []
        var inside = false
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("export const SCORES") {
                inside = true
                continue
            }
            guard inside else { continue }
            if line.hasPrefix("});") { break }
            guard line.hasPrefix("    "), !line.hasPrefix("     ") else { continue }
            let rest = line.dropFirst(4)
            let name = rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
            if !name.isEmpty, rest.dropFirst(name.count).hasPrefix(": {") { names.append(String(name)) }
        }
        return names
    }

    @Test func everyMusicAreaOfTheWorldHasAScore() throws {
        let source = try #require(readRepositoryFile("Public/js/music.js"))
        let scores = Set(Self.scoreNames(in: source))
        #expect(scores.count >= 5, "scores read from music.js: \(scores.sorted())")
        let map = try TileMap.load(path: repositoryRoot() + "/Maps/world.tmj")
        let areas = Set(map.musicAreas.map(\.name))
        #expect(!areas.isEmpty)
        for area in areas.sorted() {
            #expect(
                scores.contains(area), "music area \"\(area)\" of Maps/world.tmj has no score in Public/js/music.js")
        }
    }

    @Test func scoreNamesAreReadFromTheTableOnly() {
        let source = """
            const OTHER = { nope: {
            };
            export const SCORES = Object.freeze({
                // A comment: {
                village: {
                    bpm: 100,
                    parts: { inner: {
                    },
                },
                cave: { bpm: 60, parts: [] },
                forest: {
                },
            });
                after: {
            """
        #expect(Self.scoreNames(in: source) == ["village", "cave", "forest"])
    }
}
