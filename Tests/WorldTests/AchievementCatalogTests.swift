import GameMap
import GameProtocol
import Support
import TestSupport
import Testing
import World

/// Every monster family's and region's achievement, earned the real way, and the shipped map offering each region.
struct AchievementCatalogTests {
    static let families: [(EntityKind, Achievement)] = [
        (.rat, .pestControl), (.skeleton, .rattledBones), (.skeleton2, .rattledBones), (.goblin, .goblinGrief),
        (.crab, .shellGame), (.bat, .clippedWings), (.snake, .fangsDown), (.ogre, .biggerTheyAre),
        (.spectre, .nightTerrors), (.eye, .nightTerrors), (.wizard, .nightTerrors), (.deathknight, .knightfall),
        (.boss, .knightfall),
    ]

    /// A walled field with a starting area, `mob` at (10, 6) and checkpoint 2 at (30…32, 10…12) inside `region`.
    static func map(mob: EntityKind = .rat, region: String = "village") -> TileMap {
        var map = WorldHarness.walledMap(width: 48, height: 20)
        map.checkpoints = [
            Checkpoint(id: 1, area: TileRect(x: 5, y: 5, width: 4, height: 4), isStartingArea: true),
            Checkpoint(id: 2, area: TileRect(x: 30, y: 10, width: 3, height: 3), isStartingArea: false),
        ]
        map.staticEntities = [StaticEntity(x: 10, y: 6, kind: mob)]
        map.musicAreas = [MusicArea(area: TileRect(x: 24, y: 0, width: 24, height: 20), name: region)]
        return map
    }

    @Test(arguments: families)
    func killingAMonsterEarnsItsFamilysAchievement(kind: EntityKind, achievement: Achievement) {
        let harness = WorldHarness(map: Self.map(mob: kind)) { $0.seed = 7 }
        let sheet = CharacterSheet(id: 1, name: "Hunter", armor: .goldenarmor, weapon: .goldensword)
        let id = harness.join(1, sheet: sheet)
        harness.player(id).costumeUntil = .max
        let mob = harness.mob(kind)
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        #expect(AchievementTests.announced(harness, 1).isEmpty)
        harness.fight(1, mob, limit: 400)
        #expect(mob.isDead)
        #expect(AchievementTests.announced(harness, 1) == [achievement.id])
    }

    @Test(arguments: [
        ("cave", Achievement.intoTheDeep), ("boss", .intoTheDeep), ("snow", .snowblind), ("lavaland", .endsOfTheEarth),
    ])
    func restingInARegionEarnsItsAchievement(region: String, achievement: Achievement) {
        let harness = WorldHarness(map: Self.map(region: region))
        let id = harness.join(1, sheet: .new(id: 2, name: "Rover"))
        harness.walk(1, id, to: Tile(x: 31, y: 11))
        harness.send(1, .check(checkpoint: 2))
        harness.tick()
        #expect(AchievementTests.announced(harness, 1) == [achievement.id])
    }

    @Test(arguments: ["village", "forest", "beach", "graveyard", "desert"])
    func otherRegionsEarnNothing(region: String) {
        let harness = WorldHarness(map: Self.map(region: region))
        let id = harness.join(1, sheet: .new(id: 3, name: "Stroller"))
        harness.walk(1, id, to: Tile(x: 31, y: 11))
        harness.send(1, .check(checkpoint: 2))
        harness.tick()
        #expect(harness.player(id).checkpoint == 2)
        #expect(AchievementTests.announced(harness, 1).isEmpty)
    }

    /// The committed map has a checkpoint in each region an achievement asks for, so each can be earned.
    @Test func theShippedMapHasACheckpointInEveryRegionThatCounts() throws {
        let map = try TileMap.load(path: repositoryRoot() + "/Maps/world.tmj")
        for region in ["cave", "snow", "lavaland"] {
            let areas = map.musicAreas.filter { $0.name == region }
            let inside = map.checkpoints.filter { checkpoint in
                areas.contains { $0.area.contains(x: checkpoint.area.x, y: checkpoint.area.y) }
            }
            #expect(!inside.isEmpty, "no checkpoint in \(region)")
        }
    }
}
