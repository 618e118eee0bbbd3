import GameMap
import GameProtocol
import Glibc
import Testing

/// BrowserQuest's processed server map format (`world_server.json`), from an inline fixture and, when the shared
/// copy is beside the checkout, from BrowserQuest's own world.
struct MapBrowserQuestTests {
    /// A 10×8 map in BrowserQuest's server format, written for these tests.
    static let fixture = """
        {"width": 10, "height": 8, "tilesize": 16,
         "collisions": [0, 1, 2, 9, 79],
         "doors": [{"x": 3, "y": 1, "p": 0, "to": "u", "tx": 8, "ty": 6},
                   {"x": 4, "y": 1, "p": 1, "tcx": 2, "tcy": 3, "to": "d", "tx": 1, "ty": 6},
                   {"x": 5, "y": 1, "p": 0, "tx": 0, "ty": 7}],
         "checkpoints": [{"id": 1, "x": 1, "y": 5, "w": 3, "h": 2, "s": 1},
                         {"id": 2, "x": 6, "y": 5, "w": 2, "h": 2, "s": 0}],
         "roamingAreas": [{"id": 0, "x": 0, "y": 3, "width": 5, "height": 2, "type": "rat", "nb": 3},
                          {"id": 1, "x": 5, "y": 3, "width": 5, "height": 5, "type": "crab", "nb": 1}],
         "chestAreas": [{"x": 6, "y": 0, "w": 4, "h": 3, "i": [23, 66], "tx": 8, "ty": 2}],
         "staticChests": [{"x": 9, "y": 7, "i": ["firepotion"]}],
         "staticEntities": {"21": "guard", "12": "skeleton", "75": "flask", "11": "Villagegirl"}}
        """

    @Test func readsEveryField() throws {
        let map = try MapFixtures.parse(Self.fixture)
        #expect(map.width == 10 && map.height == 8 && map.tileSize == 16)
        #expect(MapFixtures.blocked(map) == [[0, 0], [1, 0], [2, 0], [9, 0], [9, 7]])
        #expect(
            map.doors == [
                Door(x: 3, y: 1, destinationX: 8, destinationY: 6, orientation: .up),
                Door(
                    x: 4, y: 1, destinationX: 1, destinationY: 6, orientation: .down, isPortal: true, cameraX: 2,
                    cameraY: 3),
                Door(x: 5, y: 1, destinationX: 0, destinationY: 7),
            ])
        #expect(
            map.checkpoints == [
                Checkpoint(id: 1, area: TileRect(x: 1, y: 5, width: 3, height: 2), isStartingArea: true),
                Checkpoint(id: 2, area: TileRect(x: 6, y: 5, width: 2, height: 2), isStartingArea: false),
            ])
        #expect(
            map.roamingAreas == [
                RoamingArea(id: 0, area: TileRect(x: 0, y: 3, width: 5, height: 2), kind: .rat, count: 3),
                RoamingArea(id: 1, area: TileRect(x: 5, y: 3, width: 5, height: 5), kind: .crab, count: 1),
            ])
        #expect(
            map.chestAreas == [
                ChestArea(
                    area: TileRect(x: 6, y: 0, width: 4, height: 3), items: [.mailarmor, .bluesword], chestX: 8,
                    chestY: 2)
            ])
        #expect(map.staticChests == [StaticChest(x: 9, y: 7, items: [.firepotion])])
        // Keys are row-major tile indices, read in index order.
        #expect(
            map.staticEntities == [
                StaticEntity(x: 1, y: 1, kind: .villagegirl), StaticEntity(x: 2, y: 1, kind: .skeleton),
                StaticEntity(x: 1, y: 2, kind: .guard), StaticEntity(x: 5, y: 7, kind: .flask),
            ])
        #expect(map.musicAreas.isEmpty)
    }

    @Test func onlyWidthHeightAndCollisionsAreRequired() throws {
        let minimal =
            #"{"width": 2, "height": 1, "collisions": [], "checkpoints": [{"id": 1, "x": 0, "y": 0, "w": 1, "h": 1, "s": 1}]}"#
        let map = try MapFixtures.parse(minimal)
        #expect(map.tileSize == 16 && map.doors.isEmpty && map.staticEntities.isEmpty)
    }

    static let errors: [(String, String, String, MapLoadError.Kind, String)] = [
        ("missing width", #""width": 10, "#, "", .missingField, "<memory>: width: required field is missing"),
        ("collision outside", "79]", "80]", .outOfRange, "collisions[4]: 80 is not a tile index below 80"),
        ("collision text", "[0, 1,", #"["0", 1,"#, .outOfRange, #"collisions[0]: "0" is not a tile index"#),
        (
            "door outside", #""tx": 8, "ty": 6"#, #""tx": 8, "ty": 8"#, .outOfRange,
            "doors[0].tx: tile (8, 8) is outside"
        ),
        (
            "door facing", #""to": "u""#, #""to": "north""#, .invalidValue,
            #"doors[0].to: "north" is not one of u, d, l, r"#
        ),
        ("door no destination", #", "tx": 0, "ty": 7"#, "", .missingField, "doors[2].tx: required field is missing"),
        ("door portal flag", #""p": 1"#, #""p": 2"#, .invalidValue, "doors[1].p: expected true, false, 1 or 0"),
        ("checkpoint size", #""w": 3"#, #""w": 0"#, .invalidValue, "checkpoints[0]: area (1, 5) 0×2 is empty"),
        (
            "roaming kind", #""type": "crab""#, #""type": "king""#, .unknownKind,
            #"roamingAreas[1].type: "king" is not a mob"#
        ),
        (
            "roaming count", #""nb": 1"#, #""nb": "1""#, .invalidValue,
            #"roamingAreas[1].nb: expected an integer, found "1""#
        ),
        ("chest code", "[23, 66]", "[23, 2]", .unknownKind, #"chestAreas[0].i: "rat" is not an item"#),
        ("chest unknown code", "[23, 66]", "[23, 99]", .unknownKind, "chestAreas[0].i: 99 is not an entity kind"),
        ("chest empty", #"["firepotion"]"#, "[]", .invalidValue, "staticChests[0].i: a chest needs at least one item"),
        (
            "chest outside", #""x": 9, "y": 7"#, #""x": 10, "y": 7"#, .outOfRange,
            "staticChests[0]: tile (10, 7) is outside"
        ),
        (
            "entity name", #""guard""#, #""dragon""#, .unknownKind,
            #"staticEntities["21"]: unknown entity kind "dragon""#
        ),
        ("entity player", #""guard""#, #""warrior""#, .unknownKind, #""warrior" is not a mob, NPC or item"#),
        ("entity index", #""75""#, #""80""#, .outOfRange, #"staticEntities["80"]: "80" is not a tile index below 80"#),
        (
            "entities array", #""staticEntities": {"#, #""staticEntities": [], "x": {"#, .invalidValue,
            "expected an object"
        ),
        ("no start", #""s": 1"#, #""s": 0"#, .unplayable, "no checkpoint is a starting area"),
        (
            "start walled in", "[0, 1, 2, 9, 79]", "[51, 52, 53, 61, 62, 63]", .unplayable,
            "checkpoints[0]: starting area"
        ),
        ("tile size", #""tilesize": 16"#, #""tilesize": 0"#, .invalidValue, "tilesize: must be at least 1"),
    ]

    @Test(arguments: errors)
    func rejects(what: String, target: String, replacement: String, kind: MapLoadError.Kind, message: String) throws {
        let text = Self.fixture.replacingFirst(target, with: replacement)
        try #require(text != Self.fixture, "\(what): fixture has no \(target)")
        let error = try #require(MapFixtures.error(text), "\(what) was accepted")
        #expect(error.kind == kind, "\(what)")
        #expect(error.description.contains(message), "\(what): \(error.description)")
    }

    // MARK: - BrowserQuest's own world

    /// `../shared/browserquest-maps/world_server.json` beside the checkout, if it is there. The test file's path is
    /// resolved first, so a private package that links to these sources still finds the real checkout.
    static let sharedWorldPath: String? = {
        guard let resolved = realpath(#filePath, nil) else { return nil }
        defer { free(resolved) }
        let components = String(cString: resolved).split(separator: "/").dropLast(3)
        let path = "/" + components.joined(separator: "/") + "/../shared/browserquest-maps/world_server.json"
        return access(path, R_OK) == 0 ? path : nil
    }()

    /// The numbers the reference (§3.2, §3.8–3.11, §4.2) gives for the shipped world.
    @Test(.enabled(if: sharedWorldPath != nil, "needs ../shared/browserquest-maps/world_server.json"))
    func loadsBrowserQuestsWorld() throws {
        let map = try TileMap.load(path: try #require(Self.sharedWorldPath))
        #expect(map.width == 172 && map.height == 314 && map.tileSize == 16)
        // The file lists 19,620 collision indices (the reference's number), but some tiles appear more than once.
        #expect(map.collisions.blockedCount == 17_916)
        #expect(map.doors.count == 84)
        #expect(map.doors.filter(\.isPortal).count == 7)
        #expect(map.checkpoints.count == 24)
        #expect(map.checkpoints.filter(\.isStartingArea).count == 7)
        #expect(map.roamingAreas.count == 23)
        #expect(map.roamingAreas.reduce(0) { $0 + $1.count } == 52)
        let roaming = Dictionary(grouping: map.roamingAreas, by: \.kind).mapValues { $0.reduce(0) { $0 + $1.count } }
        #expect(roaming == [.rat: 23, .crab: 12, .goblin: 9, .skeleton: 8])
        #expect(map.chestAreas.count == 8)
        #expect(map.staticChests.count == 13)
        #expect(map.staticEntities.count == 233)
        #expect(map.staticEntities.filter(\.kind.isMob).count == 187)
        #expect(map.staticEntities.filter(\.kind.isNPC).count == 23)
        #expect(map.staticEntities.filter(\.kind.isItem).count == 23)
        #expect(map.musicAreas.isEmpty)
    }
}
