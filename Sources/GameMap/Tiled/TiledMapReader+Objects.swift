import GameProtocol
import Support

/// One object of an object layer: its tile rectangle, its type (or class) and its properties.
private struct TiledObject {
    let fields: MapFields
    let area: TileRect
    /// `type` (Tiled 1.10+, and before 1.9) or `class` (1.9); empty when neither is set.
    let type: String
    let properties: TiledProperties

    /// Pixel coordinates become tiles: x and y are floored, width and height rounded up to at least one tile.
    init(_ fields: MapFields, tileSize: Int) throws(MapLoadError) {
        self.fields = fields
        let size = Double(tileSize)
        let pixelWidth = try fields.optionalDouble("width") ?? 0
        let pixelHeight = try fields.optionalDouble("height") ?? 0
        var pixelY = try fields.double("y")
        // A tile object is anchored at its bottom-left corner, every other object at its top-left.
        if fields.has("gid") { pixelY -= pixelHeight }
        let values = [
            try fields.double("x") / size, pixelY / size, (pixelWidth / size).rounded(.up),
            (pixelHeight / size).rounded(.up),
        ]
        guard values.allSatisfy({ $0.isFinite && abs($0) < Double(MapCheck.maxSide) * 2 }) else {
            throw fields.error(.outOfRange, nil, "object position or size is out of range")
        }
        area = TileRect(
            x: Int(values[0].rounded(.down)), y: Int(values[1].rounded(.down)), width: max(1, Int(values[2])),
            height: max(1, Int(values[3])))
        let type = try fields.optionalString("type") ?? ""
        self.type = type.isEmpty ? try fields.optionalString("class") ?? "" : type
        properties = try TiledProperties(of: fields)
    }
}

extension TiledMapReader {
    /// Reads the object layers the server uses, chosen by name (case-insensitively); others are ignored.
    mutating func readObjectGroup(_ layer: MapFields, name: String) throws(MapLoadError) {
        let role = name.lowercased()
        guard ["doors", "roaming", "chestareas", "chests", "music", "checkpoints"].contains(role) else { return }
        for (index, element) in try layer.array("objects").enumerated() {
            let label = element["id"]?.int.map { "object \($0)" } ?? "objects[\(index)]"
            let fields = try MapFields(element, file: root.file, path: "object layer \"\(name)\" \(label)")
            let tiled = try TiledObject(fields, tileSize: tileSize)
            switch role {
            case "doors": try readDoor(tiled)
            case "roaming": try readRoamingArea(tiled)
            case "chestareas": try readChestArea(tiled)
            case "chests": try readChest(tiled)
            case "music": try readMusicArea(tiled)
            default: try readCheckpoint(tiled)
            }
        }
    }

    /// The object's tile is the entrance; `tx`,`ty` (or BrowserQuest's `x`,`y`) the destination.
    private mutating func readDoor(_ object: TiledObject) throws(MapLoadError) {
        let properties = object.properties
        try check.tile(x: object.area.x, y: object.area.y, object.fields.path)
        let destinationX = try properties.int("tx", "x")
        let destinationY = try properties.int("ty", "y")
        try check.tile(x: destinationX, y: destinationY, properties.field("tx"))
        var orientation: Orientation?
        if let (name, letter) = try properties.optionalString("to", "o") {
            guard let parsed = Orientation(letter: letter) else {
                throw MapLoadError(
                    .invalidValue, file: root.file, field: properties.field(name), "\"\(letter)\" is not u, d, l or r")
            }
            orientation = parsed
        }
        map.doors.append(
            Door(
                x: object.area.x, y: object.area.y, destinationX: destinationX, destinationY: destinationY,
                orientation: orientation, isPortal: object.type.lowercased() == "portal",
                cameraX: try properties.optionalInt("tcx", "cx"), cameraY: try properties.optionalInt("tcy", "cy")))
    }

    /// Type = mob kind, `nb` = how many (default 1); ids count from 1 in map order.
    private mutating func readRoamingArea(_ object: TiledObject) throws(MapLoadError) {
        try check.rect(object.area, object.fields.path)
        guard !object.type.isEmpty else {
            throw object.fields.error(.missingField, "type", "a roaming area's type names its mob kind")
        }
        let kind = try check.mob(named: object.type, object.fields.field("type"))
        let count = try object.properties.optionalInt("nb") ?? 1
        guard count >= 0 else {
            throw MapLoadError(
                .invalidValue, file: root.file, field: object.properties.field("nb"), "a mob count cannot be negative")
        }
        map.roamingAreas.append(
            RoamingArea(id: map.roamingAreas.count + 1, area: object.area, kind: kind, count: count))
    }

    /// `items` = comma-separated item kinds; `tx`,`ty` (or `x`,`y`) = where the chest appears.
    private mutating func readChestArea(_ object: TiledObject) throws(MapLoadError) {
        try check.rect(object.area, object.fields.path)
        let items = try readItems(object)
        let chestX = try object.properties.int("tx", "x")
        let chestY = try object.properties.int("ty", "y")
        try check.tile(x: chestX, y: chestY, object.properties.field("tx"))
        map.chestAreas.append(ChestArea(area: object.area, items: items, chestX: chestX, chestY: chestY))
    }

    private mutating func readChest(_ object: TiledObject) throws(MapLoadError) {
        try check.tile(x: object.area.x, y: object.area.y, object.fields.path)
        map.staticChests.append(StaticChest(x: object.area.x, y: object.area.y, items: try readItems(object)))
    }

    private func readItems(_ object: TiledObject) throws(MapLoadError) -> [EntityKind] {
        guard let (name, list) = try object.properties.optionalString("items") else {
            throw MapLoadError(
                .missingField, file: root.file, field: object.fields.path, "property \"items\" is required")
        }
        return try check.items(list: list, object.properties.field(name))
    }

    /// Property `id` names the music (the object's name is used when there is no such property).
    private mutating func readMusicArea(_ object: TiledObject) throws(MapLoadError) {
        try check.rect(object.area, object.fields.path)
        var name = try object.properties.optionalString("id")?.value ?? ""
        if name.isEmpty { name = try object.fields.optionalString("name") ?? "" }
        guard !name.isEmpty else {
            throw MapLoadError(.missingField, file: root.file, field: object.fields.path, "property \"id\" is required")
        }
        map.musicAreas.append(MusicArea(area: object.area, name: name))
    }

    /// Ids count from 1 in map order; a non-empty type (or a `start` property) makes a starting area.
    private mutating func readCheckpoint(_ object: TiledObject) throws(MapLoadError) {
        try check.rect(object.area, object.fields.path)
        let isStartingArea = try object.properties.flag("start") || !object.type.isEmpty
        map.checkpoints.append(
            Checkpoint(id: map.checkpoints.count + 1, area: object.area, isStartingArea: isStartingArea))
        checkpointFields.append(object.fields.path)
    }
}
