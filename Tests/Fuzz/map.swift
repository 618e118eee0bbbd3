// libFuzzer harness for the map loaders: Tiled JSON maps and BrowserQuest's processed server maps, chosen by content
// as `wirequest serve --map` does (built and run by .ci/fuzz.sh, not by SwiftPM).
//
// Input: a map file's bytes. External tilesets are looked up in a directory that does not exist, so a `source` is an
// unreadable file, never a real one. A map that loads must be self-consistent: its checkpoints, doors and entities
// lie inside it and a starting area has a walkable tile.
import GameMap

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMap(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    guard let map = try? TileMap.parse(bytes: bytes, directory: "/nonexistent/wirequest-fuzz", file: "fuzz.json")
    else { return 0 }
    precondition(map.width > 0 && map.height > 0, "an empty map loaded")
    precondition(map.checkpoints.contains(where: \.isStartingArea), "a map without a starting area loaded")
    for door in map.doors { precondition(map.isInside(x: door.x, y: door.y), "a door outside the map") }
    for entity in map.staticEntities {
        precondition(map.isInside(x: entity.x, y: entity.y), "an entity outside the map")
    }
    // Every tile answers, inside or out.
    for y in -1...map.height { _ = map.isWalkable(x: -1, y: y) && map.isWalkable(x: map.width, y: y) }
    return 0
}
