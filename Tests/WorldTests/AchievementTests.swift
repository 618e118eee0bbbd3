import GameMap
import GameProtocol
import Support
import Testing
import World

/// Achievements: each is awarded on the real event and not otherwise, announced once, listed as the player enters,
/// and handed to the store with the next save.
struct AchievementTests {
    /// combatMap with a fire potion and a red sword to pick up, and the second checkpoint inside a cave region.
    static func map() -> TileMap {
        var map = combatMap()
        map.staticEntities += [
            StaticEntity(x: 16, y: 8, kind: .firepotion), StaticEntity(x: 18, y: 8, kind: .redsword),
        ]
        map.musicAreas = [
            MusicArea(area: TileRect(x: 50, y: 15, width: 20, height: 15), name: "cave"),
            MusicArea(area: TileRect(x: 0, y: 0, width: 40, height: 40), name: "village"),
        ]
        return map
    }

    /// The ids of the ACHIEVEMENT messages `session` received, in order.
    static func announced(_ harness: WorldHarness, _ session: SessionID) -> [Int] {
        harness.take(session, .achievement).compactMap { $0[1].int }
    }

    @Test func theTableHasUniqueIdsKeysAndNamesInIdOrder() {
        let all = Achievement.all
        #expect(all.map(\.id) == Array(0..<all.count))
        #expect(all.count >= 16 && all.count <= 63)
        #expect(Set(all.map(\.key)).count == all.count && Set(all.map(\.name)).count == all.count)
        #expect(all.allSatisfy { !$0.description.isEmpty && $0.description.hasSuffix(".") })
    }

    @Test func enteringListsEveryAchievementWithNoneEarnedForANewCharacter() throws {
        let harness = WorldHarness(map: Self.map())
        harness.join(1, sheet: .new(id: 1, name: "Nova"))
        let list = try #require(harness.take(1, .achievements).first)
        let rows = list.dropFirst().compactMap(\.array)
        #expect(rows.map { $0[0].int } == Achievement.all.map(\.id))
        #expect(rows.map { $0[1].string } == Achievement.all.map(\.name))
        #expect(rows.map { $0[2].string } == Achievement.all.map(\.description))
        #expect(rows.allSatisfy { $0[3].int == 0 })
        #expect(Self.announced(harness, 1).isEmpty)
        // It comes after WELCOME, in the first batch.
        let codes = (harness.received[1] ?? []).compactMap { $0.first?.int }
        #expect(codes.firstIndex(of: MessageCode.welcome.rawValue)! < codes.firstIndex(of: 32)!)
    }

    @Test func aFirstKillIsAnnouncedOnceAndSaved() {
        let harness = WorldHarness(map: Self.map()) { $0.seed = 3 }
        let id = harness.join(1, sheet: .new(id: 42, name: "Ash"))
        let rat = harness.mob(.rat)
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        harness.player(id).costumeUntil = .max  // the rat cannot kill it while it waits for the respawn
        harness.fight(1, rat)
        #expect(rat.isDead)
        #expect(Self.announced(harness, 1) == [Achievement.pestControl.id])
        let message = harness.take(1, .achievement).first
        #expect(message?[2].string == "Pest Control" && message?[3].string == "Defeat a rat.")
        // KILL first, then the achievement it earned.
        let codes = (harness.received[1] ?? []).compactMap { $0.first?.int }
        #expect(codes.lastIndex(of: MessageCode.kill.rawValue)! < codes.lastIndex(of: 31)!)
        harness.tick(ticks(500) + 1)
        #expect(harness.saves.last { $0.sheet.id == 42 }?.sheet.achievements == Achievement.pestControl.bit)
        // The rat comes back; killing it again earns nothing new.
        harness.tick(ticks(31_000))
        #expect(!rat.isDead)
        harness.fight(1, rat)
        #expect(rat.isDead && harness.player(id).kills[.rat] == 2)
        #expect(Self.announced(harness, 1) == [Achievement.pestControl.id])
        #expect(harness.player(id).achievements == Achievement.pestControl.bit)
    }

    @Test func aCloseShaveNeedsATenthOfTheHealthOrLess() {
        let harness = WorldHarness(map: Self.map()) { $0.seed = 3 }
        let id = harness.join(1, sheet: CharacterSheet(id: 5, name: "Low", kills: [.rat: 9]))
        let player = harness.player(id)
        let rat = harness.mob(.rat)
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        player.costumeUntil = .max
        // Kept low through the fight: 5, and 8 after one regeneration, are both at most a tenth of 80.
        harness.send(1, .attack(mob: rat.id))
        for _ in 0..<200 where !rat.isDead {
            player.hp = 5
            harness.send(1, .hit(mob: rat.id))
            harness.tick(ticks(800))
        }
        #expect(rat.isDead)
        // The tenth kill, too; the rat was known already from the stored kills.
        #expect(Self.announced(harness, 1) == [Achievement.gettingTheHang.id, Achievement.closeShave.id])
        #expect(harness.player(id).achievements & Achievement.pestControl.bit != 0)

        let healthy = WorldHarness(map: Self.map()) { $0.seed = 3 }
        let other = healthy.join(1, sheet: .new(id: 6, name: "Hale"))
        healthy.walk(1, other, to: Tile(x: 9, y: 6))
        healthy.player(other).costumeUntil = .max
        healthy.fight(1, healthy.mob(.rat))
        #expect(Self.announced(healthy, 1) == [Achievement.pestControl.id])
    }

    @Test func lootEarnsGearAndPotionAchievementsButAFlaskDoesNot() {
        let harness = WorldHarness(map: Self.map())
        let id = harness.join(1, sheet: .new(id: 8, name: "Kit"))
        harness.walk(1, id, to: Tile(x: 12, y: 7))
        harness.player(id).hp = 50
        harness.send(1, .loot(item: harness.entity(.flask)!.id))
        harness.tick()
        #expect(Self.announced(harness, 1).isEmpty)
        harness.walk(1, id, to: Tile(x: 13, y: 7))
        harness.send(1, .loot(item: harness.entity(.mailarmor)!.id))
        harness.tick()
        // Mail is better than cloth but not plate.
        #expect(Self.announced(harness, 1) == [Achievement.newThreads.id])
        harness.walk(1, id, to: Tile(x: 16, y: 7))
        harness.send(1, .loot(item: harness.entity(.firepotion)!.id))
        harness.tick()
        harness.walk(1, id, to: Tile(x: 18, y: 7))
        harness.send(1, .loot(item: harness.entity(.redsword)!.id))
        harness.tick()
        #expect(
            Self.announced(harness, 1) == [
                Achievement.newThreads.id, Achievement.hotStuff.id, Achievement.sharperEdge.id,
                Achievement.crimsonBlade.id,
            ])
        harness.tick(ticks(500) + 1)
        let saved = harness.saves.last?.sheet.achievements ?? 0
        #expect(
            saved
                == [Achievement.newThreads, .hotStuff, .sharperEdge, .crimsonBlade].reduce(0) { $0 | $1.bit })
    }

    @Test func openingAChestEarnsFindersKeepersOnce() {
        let harness = WorldHarness(map: Self.map())
        let id = harness.join(1, sheet: .new(id: 9, name: "Opal"))
        // Not from afar: the server checks the chest is next to the player.
        harness.send(1, .open(chest: harness.entity(.chest)!.id))
        harness.tick()
        #expect(Self.announced(harness, 1).isEmpty)
        harness.walk(1, id, to: Tile(x: 14, y: 7))
        harness.send(1, .open(chest: harness.entity(.chest)!.id))
        harness.tick()
        #expect(Self.announced(harness, 1) == [Achievement.findersKeepers.id])
    }

    @Test func checkpointsInARegionCountOnlyWhereTheServerSeesThePlayer() {
        let harness = WorldHarness(map: Self.map())
        let id = harness.join(1, sheet: .new(id: 10, name: "Rover"))
        // Claimed from the starting area: refused, nothing earned.
        harness.send(1, .check(checkpoint: 2))
        harness.tick()
        #expect(Self.announced(harness, 1).isEmpty)
        harness.walk(1, id, to: Tile(x: 61, y: 21))
        harness.send(1, .check(checkpoint: 2))
        harness.tick()
        #expect(Self.announced(harness, 1) == [Achievement.intoTheDeep.id])
    }

    @Test func revivingEarnsSecondWind() {
        let harness = WorldHarness(map: Self.map())
        let id = harness.join(1, sheet: .new(id: 11, name: "Phoenix"))
        harness.walk(1, id, to: Tile(x: 29, y: 7))
        for _ in 0..<(50 * 120) where harness.world.players[id] != nil { harness.tick() }
        #expect(harness.world.players[id] == nil)
        #expect(Self.announced(harness, 1).isEmpty)
        harness.send(1, .hello(name: "Phoenix", armor: 21, weapon: 60))
        harness.tick()
        #expect(Self.announced(harness, 1) == [Achievement.secondWind.id])
    }

    @Test func anHourOfPlayEarnsRegularAndLessDoesNot() {
        let harness = WorldHarness(map: Self.map())
        harness.join(1, sheet: CharacterSheet(id: 12, name: "Old", playSeconds: 3590))
        harness.join(2, sheet: CharacterSheet(id: 13, name: "Young", playSeconds: 100))
        harness.tick(50 * 8)
        #expect(Self.announced(harness, 1).isEmpty)
        harness.tick(50 * 4)
        #expect(Self.announced(harness, 1) == [Achievement.regular.id])
        #expect(Self.announced(harness, 2).isEmpty)
        harness.tick(50 * 2)
        #expect(harness.saves.last { $0.sheet.id == 12 }?.sheet.achievements == Achievement.regular.bit)
    }

    @Test func aStoredRecordEarnsWhatItProvesSilentlyAndKeepsUnknownBits() throws {
        let harness = WorldHarness(map: Self.map())
        let unknown: UInt64 = 1 << 62
        let sheet = CharacterSheet(
            id: 14, name: "Vet", armor: .goldenarmor, weapon: .axe, kills: [.goblin: 60, .crab: 40], revives: 2,
            achievements: unknown | Achievement.findersKeepers.bit)
        let id = harness.join(1, sheet: sheet)
        #expect(Self.announced(harness, 1).isEmpty)
        let expected: [Achievement] = [
            .goblinGrief, .shellGame, .gettingTheHang, .seasoned, .newThreads, .heavyMetal, .sharperEdge, .secondWind,
            .findersKeepers,
        ]
        let list = try #require(harness.take(1, .achievements).first)
        let earned = list.dropFirst().compactMap(\.array).filter { $0[3].int == 1 }.compactMap { $0[0].int }
        #expect(earned == expected.map(\.id).sorted())
        #expect(harness.player(id).achievements == expected.reduce(unknown) { $0 | $1.bit })
        harness.drop(1)
        harness.tick()
        #expect(harness.saves.last?.sheet.achievements == expected.reduce(unknown) { $0 | $1.bit })
    }
}
