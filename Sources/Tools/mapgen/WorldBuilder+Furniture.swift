import GameMap
import GameProtocol

/// Furniture, residents and the odd treasure of each house room.
extension WorldBuilder {
    /// Furnishes a room whose floor spans `fx..<fx+w` × `fy..<fy+h`; the wall face row is `fy − 1` and the exit is
    /// below the floor at `exitX`, whose column stays clear.
    mutating func furnish(_ style: String, fx: Int, fy: Int, w: Int, h: Int, exitX: Int) {
        let cx = exitX
        let last = fy + h - 1
        func put(_ name: String, _ x: Int, _ y: Int) { map.setTile(.objects, x, y, id(name)) }
        func face(_ name: String, _ x: Int) { map.setTile(.objects, x, fy - 1, id(name)) }
        func rug(_ name: String, _ x: Int, _ y: Int) { map.setTile(.detail, x, y, id(name)) }
        switch style {
        case "hall":
            put("furn.throne", cx, fy)
            map.place("king", cx, fy + 1)
            for y in (fy + 2)...last { rug("rug.red", cx, y) }
            for y in [fy + 1, fy + 4] {
                put("furn.pillar", fx + 2, y)
                put("furn.pillar", fx + w - 3, y)
            }
            map.place("guard", cx - 2, fy + 1)
            map.place("guard", cx + 2, fy + 1)
            face("furn.shelf", fx)
            face("furn.shelf", fx + w - 1)
            face("furn.window", fx + 3)
            face("furn.window", fx + w - 4)
            face("furn.painting", cx - 2)
            face("furn.painting", cx + 2)
            put("furn.table.l", fx, last - 1)
            put("furn.table.r", fx + 1, last - 1)
            map.place("cake", fx + w - 1, last)
            addChest(fx, fy, items: "sword2,leatherarmor")
        case "chapel":
            put("furn.altar", cx, fy)
            put("furn.candles", cx - 2, fy)
            put("furn.candles", cx + 2, fy)
            map.place("priest", cx, fy + 1)
            for y in stride(from: fy + 3, to: last, by: 2) {
                for x in fx...(fx + 2) { put("furn.chair", x, y) }
                for x in (fx + w - 3)..<(fx + w) { put("furn.chair", x, y) }
            }
            face("furn.window", fx + 1)
            face("furn.window", fx + w - 2)
            map.place("flask", fx, last)
        case "lab":
            for x in fx...(fx + 3) { put("furn.lab", x, fy) }
            put("furn.cauldron", fx + w - 2, fy + 1)
            face("furn.shelf", fx + w - 1)
            face("furn.shelf", fx + w - 3)
            face("furn.window", fx + 1)
            map.place("scientist", fx + 4, fy + 1)
            map.place("firepotion", fx + w - 1, last)
        case "smithy":
            put("furn.anvil", fx + 2, fy + 2)
            face("furn.fireplace", fx + 2)
            for y in fy...(fy + 1) { put("barrel", fx + w - 1, y) }
            put("crate", fx, last)
            put("crate", fx + 1, last)
            map.place("coder", fx + 4, fy + 2)
            addChest(fx + w - 1, last, items: "axe,mailarmor")
        case "inn":
            for x in fx...(fx + 3) { put("furn.counter", x, fy + 1) }
            face("furn.shelf", fx)
            face("furn.shelf", fx + 1)
            face("furn.fireplace", fx + w - 3)
            face("furn.painting", fx + 5)
            map.place("villagegirl", fx + 1, fy)
            for y in [fy + 2, fy + 5] {
                put("furn.table.l", fx + w - 4, y)
                put("furn.table.r", fx + w - 3, y)
                put("furn.chair", fx + w - 5, y)
                put("furn.chair", fx + w - 2, y)
            }
            map.place("rick", fx + w - 1, fy + 3)
            map.place("burger", fx + 2, last)
        default:
            map.setTile(.objects, fx, fy, id("furn.bed.0.0"))
            map.setTile(.objects, fx, fy + 1, id("furn.bed.0.1"))
            put("furn.table.l", fx + w - 3, fy + 2)
            put("furn.table.r", fx + w - 2, fy + 2)
            put("furn.chair", fx + w - 3, fy + 3)
            put("furn.pot", fx + w - 1, fy)
            face("furn.fireplace", fx + w - 3)
            face("furn.window", fx + 2)
            rug("rug.blue", cx, fy + 3)
            rug("rug.blue", cx - 1, fy + 3)
            let resident = ["home1": "villager", "home2": "octocat", "home3": "villager"][style] ?? "villager"
            map.place(resident, fx + 2, fy + 3)
            if style == "home1" { map.place("flask", fx + 1, last) }
        }
    }

    /// A static chest on (x, y) that yields one of `items` (comma-separated kinds).
    mutating func addChest(_ x: Int, _ y: Int, items: String) {
        map.model.staticChests.append(StaticChest(x: x, y: y, items: kinds(items)))
    }
}
