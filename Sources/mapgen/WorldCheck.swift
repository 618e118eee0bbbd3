/// Checks a finished map against the rules the server and players rely on, and counts what it holds.
struct WorldCheck {
    let map: WorldMap

    /// Problems found; empty when the map is sound.
    func problems() -> [String] {
        var problems: [String] = []
        let starts = map.objects["checkpoints", default: []].filter { $0.type == "start" }
        if starts.count < 4 { problems.append("only \(starts.count) starting areas") }
        var startTiles: [(x: Int, y: Int)] = []
        for area in map.objects["checkpoints", default: []] {
            for y in area.y..<(area.y + area.height) {
                for x in area.x..<(area.x + area.width) {
                    if !map.isWalkable(x, y) { problems.append("checkpoint tile \(x),\(y) is blocked") }
                    if area.type == "start" { startTiles.append((x, y)) }
                }
            }
        }
        let reach = Reachability.reachable(map, from: startTiles)
        func check(_ what: String, _ x: Int, _ y: Int) {
            if !map.isInside(x, y) || !reach[y * map.width + x] { problems.append("\(what) at \(x),\(y) unreachable") }
        }
        let doorTiles = Set(map.doorLinks.map { $0.y * map.width + $0.x })
        for door in map.doorLinks {
            check("door", door.x, door.y)
            if !map.isWalkable(door.tx, door.ty) { problems.append("door \(door.x),\(door.y) leads to a blocked tile") }
            if doorTiles.contains(door.ty * map.width + door.tx) {
                problems.append("door \(door.x),\(door.y) leads onto another door")
            }
        }
        for y in 0..<map.height {
            for x in 0..<map.width {
                if let kind = map.entity(x, y) { check(kind, x, y) }
                let edge = x == 0 || y == 0 || x == map.width - 1 || y == map.height - 1
                if edge && map.isWalkable(x, y) { problems.append("edge tile \(x),\(y) is walkable") }
            }
        }
        for chest in map.objects["chests", default: []] { check("chest", chest.x, chest.y) }
        for area in map.objects["chestareas", default: []] {
            let tx = area.properties.first { $0.name == "tx" }.flatMap { $0.value.intValue } ?? -1
            let ty = area.properties.first { $0.name == "ty" }.flatMap { $0.value.intValue } ?? -1
            check("chest area chest", tx, ty)
        }
        for area in map.objects["checkpoints", default: []] { check("checkpoint", area.x, area.y) }
        return problems
    }

    /// A one-line-per-category summary of the map's contents.
    func summary() -> String {
        var mobs: [String: Int] = [:]
        var npcs = 0
        var items = 0
        var staticMobs = 0
        let npcKinds = Set(MobIcons.kinds[24..<40])
        for kind in map.entities.compactMap({ $0 }) {
            if npcKinds.contains(kind) {
                npcs += 1
            } else if MobIcons.index(of: kind) < 13 {
                staticMobs += 1
                mobs[kind, default: 0] += 1
            } else {
                items += 1
            }
        }
        let roaming = map.objects["roaming", default: []]
        let roamingCount = roaming.reduce(0) { sum, area in
            sum + (area.properties.first { $0.name == "nb" }.flatMap { $0.value.intValue } ?? 0)
        }
        let checkpoints = map.objects["checkpoints", default: []]
        let mobList = mobs.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return """
            map \(map.width)×\(map.height)
            static mobs \(staticMobs): \(mobList)
            roaming areas \(roaming.count) holding \(roamingCount) mobs
            NPCs \(npcs), static items \(items)
            doors \(map.doorLinks.count), chests \(map.objects["chests", default: []].count), \
            chest areas \(map.objects["chestareas", default: []].count)
            checkpoints \(checkpoints.count) (\(checkpoints.filter { $0.type == "start" }.count) starting), \
            music areas \(map.objects["music", default: []].count)
            """
    }
}

extension PropertyValue {
    var intValue: Int? {
        if case .int(let value) = self { return value }
        return nil
    }
}
