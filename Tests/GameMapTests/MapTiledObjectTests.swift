import GameMap
import GameProtocol
import Testing

/// Tiled object layers: doors, roaming areas, chest areas, chests, music and checkpoints.
struct MapTiledObjectTests {
    typealias F = MapFixtures

    private func load(_ layers: String...) throws -> TileMap {
        try F.parse(F.map(layers: layers + [F.start]))
    }

    @Test func readsDoorsInBothPropertySpellings() throws {
        let map = try load(
            F.objectLayer(
                "doors",
                [
                    F.object(
                        id: 1, x: 32, y: 48,
                        properties: [("tx", "int", "7"), ("ty", "int", "5"), ("to", "string", #""u""#)]),
                    // BrowserQuest's TMX spelling: x/y for the destination, o for the facing, cx/cy for the camera.
                    F.object(
                        id: 2, x: 16, y: 0, type: "portal",
                        properties: [
                            ("x", "string", #""1""#), ("y", "string", #""2""#), ("o", "string", #""l""#),
                            ("cx", "int", "3"), ("cy", "int", "4"),
                        ]),
                    F.object(
                        id: 3, x: 0, y: 16, type: "portal", typeKey: "class",
                        properties: [("tx", "int", "0"), ("ty", "int", "0"), ("tcx", "int", "9"), ("tcy", "int", "8")]),
                ]))
        #expect(
            map.doors == [
                Door(x: 2, y: 3, destinationX: 7, destinationY: 5, orientation: .up),
                Door(
                    x: 1, y: 0, destinationX: 1, destinationY: 2, orientation: .left, isPortal: true, cameraX: 3,
                    cameraY: 4),
                Door(x: 0, y: 1, destinationX: 0, destinationY: 0, isPortal: true, cameraX: 9, cameraY: 8),
            ])
        #expect(map.door(atX: 2, y: 3)?.destinationX == 7)
    }

    @Test func readsRoamingAreasWithIdsInOrder() throws {
        let map = try load(
            F.objectLayer(
                "roaming",
                [
                    F.object(id: 10, x: 0, y: 0, width: 64, height: 32, type: "rat", properties: [("nb", "int", "3")]),
                    F.object(id: 11, x: 32, y: 32, width: 30, height: 17, type: "Skeleton2"),
                    F.object(
                        id: 12, x: 16, y: 16, type: "crab", typeKey: "class", properties: [("nb", "string", #""2""#)]),
                ]))
        #expect(
            map.roamingAreas == [
                RoamingArea(id: 1, area: TileRect(x: 0, y: 0, width: 4, height: 2), kind: .rat, count: 3),
                RoamingArea(id: 2, area: TileRect(x: 2, y: 2, width: 2, height: 2), kind: .skeleton2, count: 1),
                RoamingArea(id: 3, area: TileRect(x: 1, y: 1, width: 1, height: 1), kind: .crab, count: 2),
            ])
    }

    @Test func readsChestAreasAndChests() throws {
        let map = try load(
            F.objectLayer(
                "chestareas",
                [
                    F.object(
                        id: 1, x: 16, y: 16, width: 48, height: 32,
                        properties: [
                            ("items", "string", #""mailarmor, bluesword""#), ("tx", "int", "2"), ("ty", "int", "2"),
                        ]),
                    F.object(
                        id: 2, x: 64, y: 0, width: 32, height: 16,
                        properties: [("items", "string", #""burger""#), ("x", "int", "5"), ("y", "int", "0")]),
                ]),
            F.objectLayer(
                "chests",
                [
                    F.object(
                        id: 3, x: 112, y: 80, width: 0, height: 0,
                        properties: [("items", "string", #""redarmor,redsword""#)])
                ]))
        #expect(
            map.chestAreas == [
                ChestArea(
                    area: TileRect(x: 1, y: 1, width: 3, height: 2), items: [.mailarmor, .bluesword], chestX: 2,
                    chestY: 2),
                ChestArea(area: TileRect(x: 4, y: 0, width: 2, height: 1), items: [.burger], chestX: 5, chestY: 0),
            ])
        #expect(map.staticChests == [StaticChest(x: 7, y: 5, items: [.redarmor, .redsword])])
    }

    @Test func readsMusicAreas() throws {
        let map = try load(
            F.objectLayer(
                "music",
                [
                    F.object(id: 1, x: 0, y: 0, width: 128, height: 96, properties: [("id", "string", #""village""#)]),
                    #"{"id": 2, "name": "cave", "x": 16, "y": 16, "width": 16, "height": 16}"#,
                ]))
        #expect(
            map.musicAreas == [
                MusicArea(area: TileRect(x: 0, y: 0, width: 8, height: 6), name: "village"),
                MusicArea(area: TileRect(x: 1, y: 1, width: 1, height: 1), name: "cave"),
            ])
    }

    @Test func readsCheckpointsAndStartingAreas() throws {
        let map = try F.parse(
            F.map(layers: [
                F.objectLayer(
                    "checkpoints",
                    [
                        F.object(id: 5, x: 0, y: 0, width: 32, height: 32),
                        F.object(id: 6, x: 32, y: 0, width: 32, height: 32, type: "start"),
                        F.object(id: 7, x: 64, y: 0, type: "1", typeKey: "class"),
                        F.object(id: 8, x: 80, y: 0, properties: [("start", "bool", "true")]),
                        F.object(id: 9, x: 96, y: 0, properties: [("start", "bool", "false")]),
                    ])
            ]))
        #expect(
            map.checkpoints == [
                Checkpoint(id: 1, area: TileRect(x: 0, y: 0, width: 2, height: 2), isStartingArea: false),
                Checkpoint(id: 2, area: TileRect(x: 2, y: 0, width: 2, height: 2), isStartingArea: true),
                Checkpoint(id: 3, area: TileRect(x: 4, y: 0, width: 1, height: 1), isStartingArea: true),
                Checkpoint(id: 4, area: TileRect(x: 5, y: 0, width: 1, height: 1), isStartingArea: true),
                Checkpoint(id: 5, area: TileRect(x: 6, y: 0, width: 1, height: 1), isStartingArea: false),
            ])
    }

    /// Positions are floored, sizes rounded up to at least a tile; tile objects are anchored bottom-left.
    @Test func convertsPixelsToTiles() throws {
        let map = try load(
            F.objectLayer(
                "music",
                [
                    F.object(id: 1, x: 31.9, y: 16.5, width: 17, height: 0.5, properties: [("id", "string", #""a""#)]),
                    F.object(id: 2, x: 0, y: 0, width: 0, height: 0, properties: [("id", "string", #""b""#)]),
                    #"{"id": 3, "gid": 101, "x": 48, "y": 64, "width": 16, "height": 16, "properties": {"id": "c"}}"#,
                ]))
        #expect(
            map.musicAreas.map(\.area) == [
                TileRect(x: 1, y: 1, width: 2, height: 1), TileRect(x: 0, y: 0, width: 1, height: 1),
                TileRect(x: 3, y: 3, width: 1, height: 1),
            ])
    }
}
