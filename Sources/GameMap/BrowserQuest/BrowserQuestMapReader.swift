import GameProtocol
import Support

/// Reads BrowserQuest's processed server map (`world_server.json`, see the reference §4.2).
///
/// `width`, `height` and `collisions` (0-based row-major blocked tile indices) are required; `tilesize` defaults to
/// 16 and every list defaults to empty. Chest contents (`i`) are kind codes, as BrowserQuest writes them, or names.
/// `staticEntities` maps a tile index (a decimal string) to a kind name and is read in index order.
enum BrowserQuestMapReader {
    /// The map, and for each checkpoint the field path later errors should name.
    static func read(_ root: MapFields) throws(MapLoadError) -> (map: TileMap, checkpointFields: [String]) {
        let width = try root.int("width")
        let height = try root.int("height")
        let check = try MapCheck(file: root.file, field: root.field("width"), width: width, height: height)
        let tileSize = try root.optionalInt("tilesize") ?? 16
        guard tileSize >= 1 else { throw root.error(.invalidValue, "tilesize", "must be at least 1") }
        var map = TileMap(width: width, height: height, tileSize: tileSize)

        for (position, element) in try root.array("collisions").enumerated() {
            guard let index = element.int, index >= 0, index < width * height else {
                throw MapLoadError(
                    .outOfRange, file: root.file, field: "collisions[\(position)]",
                    "\(MapFields.show(element)) is not a tile index below \(width * height)")
            }
            map.collisions.setBlocked(x: index % width, y: index / width)
        }

        for door in try root.optionalObjects("doors") {
            map.doors.append(try readDoor(door, check))
        }
        var checkpointFields: [String] = []
        for fields in try root.optionalObjects("checkpoints") {
            let area = try readRect(fields, check, widthKey: "w", heightKey: "h")
            let id = try fields.int("id")
            map.checkpoints.append(Checkpoint(id: id, area: area, isStartingArea: try fields.flag("s")))
            checkpointFields.append(fields.path)
        }
        for fields in try root.optionalObjects("roamingAreas") {
            let area = try readRect(fields, check, widthKey: "width", heightKey: "height")
            let kind = try check.mob(named: try fields.string("type"), fields.field("type"))
            let count = try fields.int("nb")
            guard count >= 0 else { throw fields.error(.invalidValue, "nb", "a mob count cannot be negative") }
            map.roamingAreas.append(RoamingArea(id: try fields.int("id"), area: area, kind: kind, count: count))
        }
        for fields in try root.optionalObjects("chestAreas") {
            let area = try readRect(fields, check, widthKey: "w", heightKey: "h")
            let items = try readItems(fields, check)
            let chestX = try fields.int("tx")
            let chestY = try fields.int("ty")
            try check.tile(x: chestX, y: chestY, fields.field("tx"))
            map.chestAreas.append(ChestArea(area: area, items: items, chestX: chestX, chestY: chestY))
        }
        for fields in try root.optionalObjects("staticChests") {
            let x = try fields.int("x")
            let y = try fields.int("y")
            try check.tile(x: x, y: y, fields.path)
            map.staticChests.append(StaticChest(x: x, y: y, items: try readItems(fields, check)))
        }
        map.staticEntities = try readStaticEntities(root, check)
        return (map, checkpointFields)
    }

    private static func readDoor(_ fields: MapFields, _ check: MapCheck) throws(MapLoadError) -> Door {
        let x = try fields.int("x")
        let y = try fields.int("y")
        try check.tile(x: x, y: y, fields.path)
        let destinationX = try fields.int("tx")
        let destinationY = try fields.int("ty")
        try check.tile(x: destinationX, y: destinationY, fields.field("tx"))
        var orientation: Orientation?
        if let letter = try fields.optionalString("to") {
            guard let parsed = Orientation(letter: letter) else {
                throw fields.error(.invalidValue, "to", "\"\(letter)\" is not one of u, d, l, r")
            }
            orientation = parsed
        }
        return Door(
            x: x, y: y, destinationX: destinationX, destinationY: destinationY, orientation: orientation,
            isPortal: try fields.flag("p"), cameraX: try fields.optionalInt("tcx"),
            cameraY: try fields.optionalInt("tcy"))
    }

    private static func readRect(_ fields: MapFields, _ check: MapCheck, widthKey: String, heightKey: String)
        throws(MapLoadError) -> TileRect
    {
        let rect = TileRect(
            x: try fields.int("x"), y: try fields.int("y"), width: try fields.int(widthKey),
            height: try fields.int(heightKey))
        try check.rect(rect, fields.path)
        return rect
    }

    /// `i`: kind codes (`[23, 66]`) or names (`["mailarmor"]`).
    private static func readItems(_ fields: MapFields, _ check: MapCheck) throws(MapLoadError) -> [EntityKind] {
        var kinds: [EntityKind] = []
        for element in try fields.array("i") {
            if let code = element.int, let kind = EntityKind(rawValue: code) {
                kinds.append(kind)
            } else if let name = element.string {
                kinds.append(try check.kind(named: name, fields.field("i")))
            } else {
                throw fields.error(.unknownKind, "i", "\(MapFields.show(element)) is not an entity kind code or name")
            }
        }
        return try check.items(kinds, fields.field("i"))
    }

    private static func readStaticEntities(_ root: MapFields, _ check: MapCheck) throws(MapLoadError)
        -> [StaticEntity]
    {
        guard root.has("staticEntities") else { return [] }
        let value = try root.value("staticEntities")
        guard let members = value.object else {
            throw root.error(.invalidValue, "staticEntities", "expected an object, found \(MapFields.show(value))")
        }
        var placed: [(index: Int, kind: EntityKind)] = []
        for (key, name) in members {
            let field = "staticEntities[\"\(key)\"]"
            guard let index = Int(key), index >= 0, index < check.width * check.height else {
                throw MapLoadError(
                    .outOfRange, file: root.file, field: field,
                    "\"\(key)\" is not a tile index below \(check.width * check.height)")
            }
            guard let name = name.string else {
                throw MapLoadError(.invalidValue, file: root.file, field: field, "expected a kind name")
            }
            let kind = try check.kind(named: name, field, role: "a mob, NPC or item", where: { !$0.isPlayer })
            placed.append((index, kind))
        }
        return placed.sorted { $0.index < $1.index }.map {
            StaticEntity(x: $0.index % check.width, y: $0.index / check.width, kind: $0.kind)
        }
    }
}
