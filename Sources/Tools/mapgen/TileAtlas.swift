import PixelArt

/// One 16×16 tile of the terrain tile sheet with its Tiled properties.
struct TileDefinition {
    var name: String
    var image: Canvas
    /// Tiled property `c`: blocks movement.
    var collides: Bool
    /// Tiled property `v`: drawn above entities.
    var above: Bool
    /// Tiled animation: (tile id, duration in ms) frames; empty when static.
    var animation: [(id: Int, duration: Int)] = []
}

/// The terrain tile sheet under construction: tiles are added by name and referred to by name or id.
struct TileAtlas {
    static let size = 16
    static let columns = 16

    private(set) var tiles: [TileDefinition] = []
    private var ids: [String: Int] = [:]

    /// Adds a tile painted by `paint` onto a transparent 16×16 canvas; returns its id (0-based).
    @discardableResult
    mutating func add(
        _ name: String, collides: Bool = false, above: Bool = false, paint: (inout Canvas) -> Void
    ) -> Int {
        var canvas = Canvas(width: Self.size, height: Self.size)
        paint(&canvas)
        return add(name, image: canvas, collides: collides, above: above)
    }

    /// Adds a ready-made 16×16 image.
    @discardableResult
    mutating func add(_ name: String, image: Canvas, collides: Bool = false, above: Bool = false) -> Int {
        precondition(ids[name] == nil, "tile \(name) added twice")
        precondition(image.width == Self.size && image.height == Self.size, "tile \(name) is not 16×16")
        let id = tiles.count
        tiles.append(TileDefinition(name: name, image: image, collides: collides, above: above))
        ids[name] = id
        return id
    }

    /// Cuts a multi-tile picture into tiles named `name.column.row`; `flags` gives (collides, above) per tile.
    /// Fully transparent tiles are skipped.
    mutating func addStamp(_ name: String, image: Canvas, flags: (Int, Int) -> (collides: Bool, above: Bool)) {
        let columns = image.width / Self.size
        let rows = image.height / Self.size
        for row in 0..<rows {
            for column in 0..<columns {
                let piece = image.crop(column * Self.size, row * Self.size, Self.size, Self.size)
                guard piece.pixels.contains(where: { $0.a > 0 }) else { continue }
                let (collides, above) = flags(column, row)
                add("\(name).\(column).\(row)", image: piece, collides: collides, above: above)
            }
        }
    }

    /// Makes `name` an animated tile cycling through `frames` (tile names, the first usually `name` itself).
    mutating func animate(_ name: String, frames: [String], duration: Int) {
        let id = self.id(name)
        tiles[id].animation = frames.map { (id: self.id($0), duration: duration) }
    }

    /// The id of a tile by name; a missing name is a programming error.
    func id(_ name: String) -> Int {
        guard let id = ids[name] else { preconditionFailure("no tile named \(name)") }
        return id
    }

    /// The id of a tile if it exists.
    func lookup(_ name: String) -> Int? { ids[name] }

    func definition(_ id: Int) -> TileDefinition { tiles[id] }

    /// All tiles laid out in `columns` columns.
    func render() -> Canvas {
        let rows = (tiles.count + Self.columns - 1) / Self.columns
        var sheet = Canvas(width: Self.columns * Self.size, height: rows * Self.size)
        for (index, tile) in tiles.enumerated() {
            sheet.draw(tile.image, atX: (index % Self.columns) * Self.size, y: (index / Self.columns) * Self.size)
        }
        return sheet
    }
}
