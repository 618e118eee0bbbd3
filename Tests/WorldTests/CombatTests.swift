import GameMap
import GameProtocol
import Support
import Testing
import World

/// An open 112×48 field: starting area (5...8, 5...8), a passive rat at (10, 6), an aggressive goblin at (30, 6)
/// in a chest area that drops its chest at (30, 9), a flask at (12, 8), a mail armor at (13, 8), a static chest at
/// (14, 8) holding a burger, a checkpoint at (60...62, 20...22), and an ogre at (90, 30) far from everything.
func combatMap() -> TileMap {
    var map = WorldHarness.walledMap(width: 112, height: 48)
    map.checkpoints = [
        Checkpoint(id: 1, area: TileRect(x: 5, y: 5, width: 4, height: 4), isStartingArea: true),
        Checkpoint(id: 2, area: TileRect(x: 60, y: 20, width: 3, height: 3), isStartingArea: false),
    ]
    map.staticEntities = [
        StaticEntity(x: 10, y: 6, kind: .rat),
        StaticEntity(x: 30, y: 6, kind: .goblin),
        StaticEntity(x: 12, y: 8, kind: .flask),
        StaticEntity(x: 13, y: 8, kind: .mailarmor),
        StaticEntity(x: 90, y: 30, kind: .ogre),
    ]
    map.staticChests = [StaticChest(x: 14, y: 8, items: [.burger])]
    map.chestAreas = [
        ChestArea(area: TileRect(x: 28, y: 4, width: 5, height: 5), items: [.redsword], chestX: 30, chestY: 9)
    ]
    return map
}

func ticks(_ milliseconds: Int) -> Int { (milliseconds * 50 + 999) / 1000 }

extension WorldHarness {
    func mob(_ kind: EntityKind) -> Mob { world.mobs.values.first { $0.kind == kind }! }
    func entity(_ kind: EntityKind) -> Entity? { world.entities.values.first { $0.kind == kind } }

    /// Walks the player to `tile` and waits until it is there.
    func walk(_ session: SessionID, _ id: Int, to tile: Tile) {
        send(session, .move(x: tile.x, y: tile.y))
        for _ in 0..<2000 where player(id).position != tile { tick() }
    }

    /// Swings at `mob` once per cooldown until it dies (or `limit` swings).
    func fight(_ session: SessionID, _ mob: Mob, limit: Int = 200) {
        send(session, .attack(mob: mob.id))
        for _ in 0..<limit where !mob.isDead {
            send(session, .hit(mob: mob.id))
            tick(ticks(800))
        }
    }
}

struct CombatTests {
    @Test func killingARatSendsDamageKillDespawnThenDrop() {
        let harness = WorldHarness(map: combatMap()) { $0.seed = 3 }
        let id = harness.join(1)
        let rat = harness.mob(.rat)
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        harness.clear()
        harness.fight(1, rat)
        #expect(rat.isDead)
        let messages = harness.received[1] ?? []
        let codes = messages.compactMap { $0.first?.int }
        #expect(codes.contains(MessageCode.damage.rawValue))
        let kill = messages.first { $0.first?.int == MessageCode.kill.rawValue }
        #expect(kill?[1].int == EntityKind.rat.rawValue)
        let despawn = messages.firstIndex { $0.first?.int == MessageCode.despawn.rawValue && $0[1].int == rat.id }
        #expect(despawn != nil)
        if let drop = messages.firstIndex(where: { $0.first?.int == MessageCode.drop.rawValue }), let despawn {
            #expect(despawn < drop)  // BrowserQuest's order: DESPAWN, then DROP
            #expect(messages[drop][4].ints == [id])  // the hate list
        }
        // Thirty seconds later it is back at its spawn point.
        harness.tick(ticks(30_000) + 1)
        #expect(!rat.isDead)
        #expect(rat.hp == 25)
        #expect(rat.position == Tile(x: 10, y: 6))
    }

    @Test func hitFromAfarIsRefused() {
        let harness = WorldHarness(map: combatMap())
        harness.join(1)
        let ogre = harness.mob(.ogre)
        for _ in 0..<50 {
            harness.send(1, .hit(mob: ogre.id))
            harness.tick(ticks(800))
        }
        #expect(ogre.hp == 200)
        #expect(harness.world.statistics.refusedHits == 50)
    }

    @Test func hitFloodCountsOnePerCooldown() {
        let harness = WorldHarness(map: combatMap()) { $0.seed = 9 }
        let id = harness.join(1)
        let rat = harness.mob(.rat)
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        for _ in 0..<20 { harness.send(1, .hit(mob: rat.id)) }
        harness.tick()
        #expect(harness.world.statistics.refusedHits == 19)
        #expect(rat.hp >= 25 - 10)  // one sword1 hit deals at most 10
    }

    @Test func hitOnAPlayerOrANonMobDoesNothing() {
        let harness = WorldHarness(map: combatMap())
        let first = harness.join(1)
        harness.join(2)
        let flask = harness.entity(.flask)!
        harness.send(2, .hit(mob: first))
        harness.send(2, .hit(mob: flask.id))
        harness.tick()
        #expect(harness.player(first).hp == 80)
        #expect(harness.world.statistics.refusedHits == 2)
    }

    @Test func anAggressiveMobHurtsAClientThatNeverSendsHurtUntilItDiesAndHelloRevives() {
        let harness = WorldHarness(map: combatMap()) { $0.seed = 5 }
        let id = harness.join(1)
        let player = harness.player(id)
        harness.walk(1, id, to: Tile(x: 29, y: 7))
        // The client now says nothing at all: no HURT, no AGGRO. The goblin notices, engages and strikes.
        for _ in 0..<(50 * 120) where harness.world.players[id] != nil { harness.tick() }
        #expect(harness.world.players[id] == nil)
        #expect(player.hp == 0)
        let health = harness.take(1, .health)
        #expect(!health.isEmpty)
        #expect(health.last?[1].int == 0)
        #expect(harness.mob(.goblin).target == nil)  // it let go of the dead player
        // HELLO again on the same connection revives at the last checkpoint, full health, same equipment.
        harness.clear()
        harness.send(1, .hello(name: "again", armor: 26, weapon: 63))
        harness.tick()
        #expect(harness.world.players[id] != nil)
        #expect(player.hp == 80)
        #expect(player.armor == .clotharmor)
        #expect(harness.take(1, .welcome).count == 1)
        #expect((5...8).contains(player.position.x))
    }

    @Test func passiveMobsLeaveIdlePlayersAlone() {
        let harness = WorldHarness(map: combatMap())
        let id = harness.join(1)
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        harness.tick(ticks(10_000))
        #expect(harness.player(id).hp == 80)
        #expect(harness.mob(.rat).target == nil)
    }

    @Test func mobsGiveUpTheChaseAtTheLeash() {
        let harness = WorldHarness(map: combatMap()) { $0.seed = 11 }
        let id = harness.join(1)
        let goblin = harness.mob(.goblin)
        harness.walk(1, id, to: Tile(x: 29, y: 7))
        for _ in 0..<100 where goblin.target == nil { harness.tick() }
        #expect(goblin.target == id)
        // Run east, far past 50 tiles from the goblin's spawn.
        harness.walk(1, id, to: Tile(x: 100, y: 7))
        harness.tick(ticks(2_000))
        #expect(goblin.target == nil)
        #expect(goblin.position == goblin.spawn)
    }

    @Test func lootHealsUpgradesAndRefusesFromAfar() {
        let harness = WorldHarness(map: combatMap())
        let id = harness.join(1)
        let player = harness.player(id)
        let flask = harness.entity(.flask)!
        let armor = harness.entity(.mailarmor)!
        harness.send(1, .loot(item: flask.id))  // from the starting area: too far
        harness.tick()
        #expect(harness.world.entities[flask.id] != nil)
        #expect(harness.world.statistics.refusedLoots == 1)
        harness.walk(1, id, to: Tile(x: 13, y: 8))
        harness.clear()
        harness.send(1, .loot(item: armor.id))
        harness.tick()
        #expect(player.armor == .mailarmor)
        #expect(player.maxHP == 140 && player.hp == 140)
        #expect(harness.take(1, .hp).first?[1].int == 140)
        #expect(harness.take(1, .equip).first?.map(\.int) == [13, id, EntityKind.mailarmor.rawValue])
        player.hp = 50
        harness.send(1, .loot(item: flask.id))
        harness.tick()
        #expect(player.hp == 90)
        #expect(harness.world.entities[flask.id] == nil)
        // Static items come back after 30 s.
        harness.tick(ticks(30_000) + 1)
        #expect(harness.world.entities[flask.id] != nil)
    }

    @Test func worseGearStaysOnTheGround() {
        var map = combatMap()
        map.staticEntities.append(StaticEntity(x: 6, y: 9, kind: .clotharmor))
        let harness = WorldHarness(map: map)
        let id = harness.join(1)
        harness.walk(1, id, to: Tile(x: 6, y: 9))
        let cloth = harness.entity(.clotharmor)!
        harness.send(1, .loot(item: cloth.id))
        harness.tick()
        #expect(harness.world.entities[cloth.id] != nil)
    }

    @Test func chestsOpenOnlyNearbyIntoOneOfTheirItems() {
        let harness = WorldHarness(map: combatMap())
        let id = harness.join(1)
        let chest = harness.entity(.chest)!
        harness.send(1, .open(chest: chest.id))
        harness.tick()
        #expect(harness.world.entities[chest.id] != nil)
        harness.walk(1, id, to: Tile(x: 14, y: 7))
        harness.clear()
        harness.send(1, .open(chest: chest.id))
        harness.tick()
        #expect(harness.world.entities[chest.id] == nil)
        #expect(harness.take(1, .despawn).contains { $0[1].int == chest.id })
        let spawned = harness.take(1, .spawn).first
        #expect(spawned?[2].int == EntityKind.burger.rawValue)
        harness.tick(ticks(30_000) + 1)
        #expect(harness.world.entities[chest.id] != nil)
    }

    @Test func droppedItemsBlinkAtTenSecondsAndVanishAtFourteen() {
        let harness = WorldHarness(map: combatMap()) { $0.seed = 1 }
        let id = harness.join(1)
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        // Kill rats until one drops something (40% flask per kill), collecting the drop.
        var dropped: Int?
        for _ in 0..<30 where dropped == nil {
            let rat = harness.mob(.rat)
            if rat.isDead { harness.tick(ticks(30_000) + 1) }
            harness.clear()
            harness.fight(1, rat)
            dropped = harness.take(1, .drop).first?[2].int
        }
        let item = try! #require(dropped)
        harness.clear()
        harness.tick(ticks(10_000))
        #expect(harness.take(1, .blink).map { $0[1].int } == [item])
        harness.tick(ticks(4_000) + 1)
        #expect(harness.take(1, .destroy).map { $0[1].int } == [item])
        #expect(harness.world.entities[item] == nil)
    }

    @Test func aChestAreaProducesItsChestWhenItsMobsAreDead() {
        let harness = WorldHarness(map: combatMap()) { $0.seed = 21 }
        let id = harness.join(1)
        let goblin = harness.mob(.goblin)
        harness.player(id).weapon = .goldensword  // so the player outlasts the goblin
        harness.walk(1, id, to: Tile(x: 29, y: 6))
        harness.fight(1, goblin, limit: 400)
        #expect(goblin.isDead)
        let chest = harness.world.entities.values.first { $0.kind == .chest && $0.position == Tile(x: 30, y: 9) }
        #expect(chest?.chestItems == [.redsword])
    }

    @Test func playersRegenerateWithTheRegenFlag() {
        let harness = WorldHarness(map: combatMap())
        let id = harness.join(1)
        harness.player(id).hp = 40
        harness.clear()
        harness.tick(ticks(2_100))
        let health = harness.take(1, .health)
        #expect(health.first?.map(\.int) == [10, 43, 1])  // +floor(80 / 25)
    }

    @Test func damageAndDropsFollowBrowserQuestsFormulas() {
        var random = SplitMix64(seed: 99)
        for _ in 0..<1_000 {
            let sword1VsRat = Rules.damage(weaponLevel: 1, armorLevel: 1, random: &random)
            #expect((0...9).contains(sword1VsRat))
            let bossVsCloth = Rules.damage(weaponLevel: 7, armorLevel: 1, random: &random)
            #expect((32...69).contains(bossVsCloth))
        }
        var always = SplitMix64(seed: 1)
        #expect(Rules.rollDrop([(.goldensword, 100)], random: &always) == .goldensword)
        #expect(Rules.rollDrop([], random: &always) == nil)
        #expect(Rules.maxHP(armor: .goldenarmor) == 230)
    }
}

struct MobVisibilityTests {
    @Test func whoAnswersForVisibleMobs() {
        let harness = WorldHarness(map: combatMap())
        harness.join(1)
        let rat = harness.world.mobs.values.first { $0.kind == .rat }!
        let ogre = harness.world.mobs.values.first { $0.kind == .ogre }!
        harness.clear()
        harness.send(1, .who(count: 2), ids: [rat.id, ogre.id])
        harness.tick()
        let spawns = harness.take(1, .spawn)
        #expect(spawns.map { $0[1].int } == [rat.id])
        #expect(spawns.first?[2].int == EntityKind.rat.rawValue)
    }
}
