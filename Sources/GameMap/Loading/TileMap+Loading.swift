import Support

extension TileMap {
    /// Loads a map file: a Tiled JSON map or BrowserQuest's processed server map, chosen by content.
    ///
    /// A top-level object with `layers` and `tilesets` is a **Tiled map**; one with `collisions` is a **BrowserQuest
    /// server map** (`world_server.json`, read as the reference §4.2 describes). Either way the result is validated:
    /// at least one starting-area checkpoint, each with a walkable tile (besides the per-field checks: coordinates
    /// inside the map, roaming kinds are mobs, chest contents are items).
    ///
    /// Tiled maps follow BrowserQuest's authoring conventions (reference §4.1), which WireQuest's own world and
    /// `mapgen` use too:
    /// - Orthogonal, finite (`infinite: true` is refused), square tiles: `tilewidth` (= `tileheight`) is the tile size.
    /// - Tilesets are embedded (a `tiles` array with per-tile `properties`) or external through `source`, a JSON
    ///   `.tsj` file relative to the map's directory (XML `.tsx` is refused). Layer data holds GIDs; the top three
    ///   bits are flip flags and are masked off (`& 0x1FFFFFFF`); 0 is no tile.
    /// - Tile properties: `c` (`true`, `1` or `"1"`; also `collides` or `collision`) marks a colliding tile. `v` (drawn
    ///   above entities) is the client's business. `type` names an `EntityKind` on the entities tileset's tiles (the
    ///   tile's own Tiled type/class is accepted too).
    /// - Tile layers hold data as a JSON array or uncompressed base64; compressed layers are refused by name. A tile
    ///   blocks if any layer puts a colliding tile there. The layer named `blocking` blocks wherever it has any tile.
    ///   The layer named `entities` places a `StaticEntity` for each tile, of the kind its tile's `type` names (a
    ///   tile with no known type is an error). `plateau` is ignored. Layers may sit inside `group` layers; layer
    ///   names are matched case-insensitively, and hidden layers count like visible ones.
    /// - Object layers, by name. Object pixel positions are divided by the tile size and floored, sizes divided and
    ///   rounded up to at least 1; an object's type is its `type` (Tiled 1.10+) or `class` (1.9); properties are
    ///   arrays of `{name, type, value}` whose values may also be strings (`"12"`):
    ///   - `doors`: the object's tile is the entrance; properties `tx`,`ty` (or `x`,`y`) the destination tile,
    ///     optional `to` (or `o`: u/d/l/r) the facing afterwards, optional `tcx`,`tcy` (or `cx`,`cy`) the camera.
    ///     Type `portal` marks a portal.
    ///   - `roaming`: type = mob kind, property `nb` = mob count (default 1); ids are 1, 2, … in map order.
    ///   - `chestareas`: property `items` = comma-separated item kinds, `tx`,`ty` (or `x`,`y`) = the chest's tile.
    ///   - `chests`: a static chest on the object's tile; property `items` as above.
    ///   - `music`: property `id` (or the object's name) names the music.
    ///   - `checkpoints`: ids are 1, 2, … in map order; a non-empty type, or a true `start` property, marks a
    ///     starting area.
    package static func load(path: String) throws(MapLoadError) -> TileMap {
        let bytes: [UInt8]
        do {
            bytes = try readFile(path)
        } catch {
            throw MapLoadError(.unreadable, file: path, field: "", error.reason)
        }
        return try parse(bytes: bytes, directory: directory(of: path), file: path)
    }

    /// Parses a map from memory. External tilesets are read relative to `directory`; errors name `file`.
    package static func parse(bytes: [UInt8], directory: String, file: String = "<memory>") throws(MapLoadError)
        -> TileMap
    {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes)
        } catch {
            throw MapLoadError(.syntax, file: file, field: "", error.description)
        }
        guard case .object(let members) = value else {
            throw MapLoadError(.unknownFormat, file: file, field: "", "the top level is not a JSON object")
        }
        let root = try MapFields(value, file: file, path: "")
        var map: TileMap
        let checkpointFields: [String]
        if members["layers"] != nil && members["tilesets"] != nil {
            var reader = try TiledMapReader(root, directory: directory)
            try reader.read()
            (map, checkpointFields) = (reader.map, reader.checkpointFields)
        } else if members["collisions"] != nil {
            (map, checkpointFields) = try BrowserQuestMapReader.read(root)
        } else {
            throw MapLoadError(
                .unknownFormat, file: file, field: "",
                "neither a Tiled map (no \"layers\" and \"tilesets\") nor a BrowserQuest server map (no \"collisions\")"
            )
        }
        try map.checkStartingAreas(file: file, checkpointFields: checkpointFields)
        return map
    }

    /// A world needs somewhere to put new players: at least one starting area, and a walkable tile in each.
    private func checkStartingAreas(file: String, checkpointFields: [String]) throws(MapLoadError) {
        guard checkpoints.contains(where: \.isStartingArea) else {
            throw MapLoadError(
                .unplayable, file: file, field: "checkpoints",
                "no checkpoint is a starting area, so new players would have nowhere to appear")
        }
        for (checkpoint, field) in zip(checkpoints, checkpointFields) where checkpoint.isStartingArea {
            let area = checkpoint.area
            let walkable = (area.y..<area.y + area.height).contains { y in
                (area.x..<area.x + area.width).contains { x in isWalkable(x: x, y: y) }
            }
            guard walkable else {
                throw MapLoadError(.unplayable, file: file, field: field, "starting area has no walkable tile")
            }
        }
    }

    /// The directory part of `path` (`"."` when there is none), where a map's external tilesets are looked for.
    package static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
