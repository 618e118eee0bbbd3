import GameMap
import GameProtocol

/// Checks a finished map against the rules the server and players rely on, and counts what it holds. It reads the
/// map as the server does: the ``TileMap`` its loader produced from the written file.
struct WorldCheck {
    let map: TileMap

    /// Problems found; empty when the map is sound.
    func problems() -> [String] {
        var problems: [String] = []
        let starts = map.checkpoints.filter(\.isStartingArea)
        if starts.count < 4 { problems.append("only \(starts.count) starting areas") }
        var startTiles: [Tile] = []
        for checkpoint in map.checkpoints {
            let area = checkpoint.area
            for y in area.y..<(area.y + area.height) {
                for x in area.x..<(area.x + area.width) {
                    if !map.isWalkable(x: x, y: y) { problems.append("checkpoint tile \(x),\(y) is blocked") }
                    if checkpoint.isStartingArea { startTiles.append(Tile(x: x, y: y)) }
                }
            }
        }
        let reach = map.reachableTiles(from: startTiles)
        func check(_ what: String, _ x: Int, _ y: Int) {
            if !map.isInside(x: x, y: y) || !reach[y * map.width + x] {
                problems.append("\(what) at \(x),\(y) unreachable")
            }
        }
        let doorTiles = Set(map.doors.map { Tile(x: $0.x, y: $0.y) })
        for door in map.doors {
            check("door", door.x, door.y)
            if !map.isWalkable(x: door.destinationX, y: door.destinationY) {
                problems.append("door \(door.x),\(door.y) leads to a blocked tile")
            }
            if doorTiles.contains(Tile(x: door.destinationX, y: door.destinationY)) {
                problems.append("door \(door.x),\(door.y) leads onto another door")
            }
        }
        for entity in map.staticEntities { check(entity.kind.name, entity.x, entity.y) }
        for y in 0..<map.height {
            for x in 0..<map.width {
                let edge = x == 0 || y == 0 || x == map.width - 1 || y == map.height - 1
                if edge && map.isWalkable(x: x, y: y) { problems.append("edge tile \(x),\(y) is walkable") }
            }
        }
        for chest in map.staticChests { check("chest", chest.x, chest.y) }
        for area in map.chestAreas { check("chest area chest", area.chestX, area.chestY) }
        for checkpoint in map.checkpoints { check("checkpoint", checkpoint.area.x, checkpoint.area.y) }
        return problems
    }

    /// A one-line-per-category summary of the map's contents.
    func summary() -> String {
        var mobs: [String: Int] = [:]
        var npcs = 0
        var items = 0
        var staticMobs = 0
        for entity in map.staticEntities {
            if entity.kind.isNPC {
                npcs += 1
            } else if entity.kind.isMob {
                staticMobs += 1
                mobs[entity.kind.name, default: 0] += 1
            } else {
                items += 1
            }
        }
        let roamingCount = map.roamingAreas.reduce(0) { $0 + $1.count }
        let mobList = mobs.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return """
            map \(map.width)×\(map.height)
            static mobs \(staticMobs): \(mobList)
            roaming areas \(map.roamingAreas.count) holding \(roamingCount) mobs
            NPCs \(npcs), static items \(items)
            doors \(map.doors.count), chests \(map.staticChests.count), chest areas \(map.chestAreas.count)
            checkpoints \(map.checkpoints.count) (\(map.checkpoints.filter(\.isStartingArea).count) starting), \
            music areas \(map.musicAreas.count)
            """
    }
}
