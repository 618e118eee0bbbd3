import GameProtocol

/// The checks every map reader applies while it reads: coordinates inside the map, and entity kinds that exist and
/// belong where they are used. Errors name the field being read.
struct MapCheck {
    /// Larger maps are refused before the collision grid is allocated; BrowserQuest's world is 172×314.
    static let maxSide = 1 << 16
    static let maxTiles = 1 << 24

    let file: String
    let width: Int
    let height: Int

    /// Checks the map's size and makes the checker for it.
    init(file: String, field: String, width: Int, height: Int) throws(MapLoadError) {
        guard width >= 1, height >= 1 else {
            throw MapLoadError(.invalidValue, file: file, field: field, "a map is at least 1×1, not \(width)×\(height)")
        }
        guard width <= Self.maxSide, height <= Self.maxSide, width * height <= Self.maxTiles else {
            throw MapLoadError(
                .unsupported, file: file, field: field,
                "\(width)×\(height) is larger than the \(Self.maxSide)-tile side or \(Self.maxTiles)-tile limit")
        }
        self.file = file
        self.width = width
        self.height = height
    }

    func tile(x: Int, y: Int, _ field: String) throws(MapLoadError) {
        guard x >= 0, y >= 0, x < width, y < height else {
            throw MapLoadError(.outOfRange, file: file, field: field, "tile (\(x), \(y)) is outside the \(size) map")
        }
    }

    func rect(_ rect: TileRect, _ field: String) throws(MapLoadError) {
        let text = "(\(rect.x), \(rect.y)) \(rect.width)×\(rect.height)"
        guard rect.width >= 1, rect.height >= 1 else {
            throw MapLoadError(.invalidValue, file: file, field: field, "area \(text) is empty")
        }
        guard rect.x >= 0, rect.y >= 0, rect.x + rect.width <= width, rect.y + rect.height <= height else {
            throw MapLoadError(.outOfRange, file: file, field: field, "area \(text) reaches outside the \(size) map")
        }
    }

    private var size: String { "\(width)×\(height)" }

    /// The kind named `name`, which must satisfy `allowed` (described as `role`, e.g. "a mob").
    func kind(
        named name: String, _ field: String, role: String = "an entity",
        where allowed: (EntityKind) -> Bool = { _ in true }
    ) throws(MapLoadError) -> EntityKind {
        guard let kind = EntityKind(name: name) else {
            throw MapLoadError(.unknownKind, file: file, field: field, "unknown entity kind \"\(name)\"")
        }
        guard allowed(kind) else {
            throw MapLoadError(.unknownKind, file: file, field: field, "\"\(name)\" is not \(role)")
        }
        return kind
    }

    /// A mob kind, for roaming areas.
    func mob(named name: String, _ field: String) throws(MapLoadError) -> EntityKind {
        try kind(named: name, field, role: "a mob", where: \.isMob)
    }

    /// A chest's possible contents: at least one kind, each an item.
    func items(_ kinds: [EntityKind], _ field: String) throws(MapLoadError) -> [EntityKind] {
        guard !kinds.isEmpty else {
            throw MapLoadError(.invalidValue, file: file, field: field, "a chest needs at least one item")
        }
        if let wrong = kinds.first(where: { !$0.isItem }) {
            throw MapLoadError(.unknownKind, file: file, field: field, "\"\(wrong.name)\" is not an item")
        }
        return kinds
    }

    /// A chest's contents written as comma-separated names (`"sword2, redarmor"`).
    func items(list: String, _ field: String) throws(MapLoadError) -> [EntityKind] {
        var kinds: [EntityKind] = []
        for name in list.split(separator: ",") {
            let trimmed = name.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
            kinds.append(try kind(named: String(trimmed), field, role: "an item", where: \.isItem))
        }
        return try items(kinds, field)
    }
}
