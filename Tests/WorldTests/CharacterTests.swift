import GameMap
import GameProtocol
import Support
import Testing
import World

/// Characters that last: a stored character enters as it was saved, play changes what lasts, and the world hands
/// every change to the outbox within the save interval (the server's storage writes it; the world never does).
struct CharacterTests {
    @Test func aStoredCharacterEntersAtItsCheckpointWithItsGearAndHealth() {
        let harness = WorldHarness(map: combatMap())
        let sheet = CharacterSheet(
            id: 77, name: "Vera", armor: .platearmor, weapon: .morningstar, hp: 100, checkpoint: 2,
            kills: [.rat: 3], deaths: 1, damageDealt: 50, damageTaken: 40, revives: 1, playSeconds: 600)
        let id = harness.join(1, sheet: sheet)
        let player = harness.player(id)
        #expect(player.armor == .platearmor && player.weapon == .morningstar)
        #expect(player.maxHP == 170 && player.hp == 100)
        #expect((60...62).contains(player.position.x) && (20...22).contains(player.position.y))
        #expect(player.checkpoint == 2)
        let messages = harness.received[1] ?? []
        // WELCOME says the maximum, then HEALTH the stored health, then EQUIP for each piece beyond the start.
        #expect(messages[0].first?.int == MessageCode.welcome.rawValue && messages[0][5].int == 170)
        #expect(messages[1].compactMap(\.int) == [MessageCode.health.rawValue, 100])
        #expect(messages[2].compactMap(\.int) == [MessageCode.equip.rawValue, id, EntityKind.platearmor.rawValue])
        #expect(messages[3].compactMap(\.int) == [MessageCode.equip.rawValue, id, EntityKind.morningstar.rawValue])
        // What it brought is what it saves, play time included.
        harness.drop(1)
        harness.tick()
        var expected = sheet
        expected.checkpoint = 2
        // What its stored record already proves was awarded as it entered, without announcements.
        expected.achievements = [Achievement.pestControl, .newThreads, .heavyMetal, .sharperEdge, .secondWind]
            .reduce(0) { $0 | $1.bit }
        #expect(harness.take(1, .achievement).isEmpty)
        #expect(harness.saves.last == CharacterSave(sheet: expected, leaving: true))
    }

    @Test func aNewCharacterStartsInAStartingAreaWithTheStartingSet() {
        let harness = WorldHarness(map: combatMap())
        let id = harness.join(1, sheet: .new(id: 5, name: "Nova"))
        let player = harness.player(id)
        #expect(player.armor == .clotharmor && player.weapon == .sword1 && player.hp == 80)
        #expect((5...8).contains(player.position.x))
        #expect(player.checkpoint == 1)
        #expect(harness.take(1, .equip).isEmpty && harness.take(1, .health).isEmpty)
    }

    @Test func deadOrImpossibleStoredStateFallsBackToTheRules() {
        let harness = WorldHarness(map: combatMap())
        // Died and left; a checkpoint this map lacks; a costume and a mob kind where gear should be.
        let sheet = CharacterSheet(id: 9, name: "Odd", armor: .firefox, weapon: .rat, hp: -4, checkpoint: 99)
        let id = harness.join(1, sheet: sheet)
        let player = harness.player(id)
        #expect(player.armor == .clotharmor && player.weapon == .sword1)
        #expect(player.hp == 80)
        #expect((5...8).contains(player.position.x) && player.checkpoint == 1)
        // Health above what the armor allows is cut to the maximum.
        let strong = harness.join(2, sheet: CharacterSheet(id: 10, name: "Big", hp: 999))
        #expect(harness.player(strong).hp == 80)
    }

    @Test func fightingKillingAndDyingAreWhatIsSaved() {
        let harness = WorldHarness(map: combatMap()) { $0.seed = 3 }
        let id = harness.join(1, sheet: .new(id: 42, name: "Ash"))
        let rat = harness.mob(.rat)
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        harness.fight(1, rat)
        #expect(rat.isDead)
        let dealt = (harness.received[1] ?? []).filter { $0.first?.int == MessageCode.damage.rawValue }
            .compactMap { $0[2].int }.reduce(0, +)
        harness.tick(ticks(500) + 1)
        let saved = harness.saves.last { $0.sheet.id == 42 }?.sheet
        #expect(saved?.kills == [.rat: 1])
        #expect(saved?.damageDealt == dealt && dealt >= 25)
        // Now let the goblin kill it: damage taken and a death, saved at once.
        harness.walk(1, id, to: Tile(x: 29, y: 7))
        for _ in 0..<(50 * 120) where harness.world.players[id] != nil { harness.tick() }
        #expect(harness.world.players[id] == nil)
        let death = harness.saves.last?.sheet
        #expect(death?.deaths == 1 && death?.hp == 0)
        #expect((death?.damageTaken ?? 0) >= 80)
        #expect(harness.saves.last?.leaving == false)
        // A revive counts, and leaving sends the last save.
        harness.send(1, .hello(name: "Ash", armor: 21, weapon: 60))
        harness.tick()
        harness.drop(1)
        harness.tick()
        #expect(harness.saves.last?.sheet.revives == 1)
        #expect(harness.saves.last?.sheet.hp == 80)
        #expect(harness.saves.last?.leaving == true)
    }

    @Test func lootAndCheckpointsLast() {
        let harness = WorldHarness(map: combatMap())
        let id = harness.join(1, sheet: .new(id: 8, name: "Kit"))
        harness.walk(1, id, to: Tile(x: 13, y: 7))
        harness.send(1, .loot(item: harness.entity(.mailarmor)!.id))
        harness.tick(ticks(500) + 1)
        #expect(harness.saves.last?.sheet.armor == .mailarmor)
        #expect(harness.saves.last?.sheet.hp == 140)
        harness.walk(1, id, to: Tile(x: 61, y: 21))
        harness.send(1, .check(checkpoint: 2))
        harness.tick(ticks(500) + 1)
        #expect(harness.saves.last?.sheet.checkpoint == 2)
    }

    @Test func changedPlayersAreSavedOncePerIntervalAndIdleOnesAtTheHeartbeat() {
        let harness = WorldHarness(map: combatMap()) {
            $0.saveIntervalMilliseconds = 500
            $0.heartbeatSaveSeconds = 10
        }
        for session in 1...20 {
            harness.join(
                SessionID(session), sheet: CharacterSheet(id: Int64(session), name: "p\(session)", checkpoint: 1))
        }
        // Nothing changed: no saves until the heartbeat (on each player's phase), then one each.
        harness.tick(50 * 10 - 30)
        #expect(harness.saves.isEmpty)
        harness.tick(60)
        #expect(harness.saves.count == 20 && Set(harness.saves.map(\.sheet.id)).count == 20)
        #expect(harness.saves.allSatisfy { $0.sheet.playSeconds == 10 && !$0.leaving })
        // Every player's health changes every tick: each is saved once per 25 ticks, on
        // its own phase, so no tick carries more than its share.
        harness.saves.removeAll()
        var perTick: [Int] = []
        for step in 0..<100 {
            for player in harness.world.players.values { player.hp = 70 + step % 2 }
            let before = harness.saves.count
            harness.tick()
            perTick.append(harness.saves.count - before)
        }
        #expect(harness.saves.count == 20 * 4)
        #expect(perTick.max() ?? 0 <= 2)
    }

    @Test func aCharacterWhoseSessionLeftWhileLoadingIsHandedBack() {
        let harness = WorldHarness()
        harness.connect(1)
        harness.drop(1)
        harness.tick()
        let sheet = CharacterSheet.new(id: 3, name: "Late")
        harness.world.step([.enter(1, sheet)], totalPlayers: 0, outbox: &harness.outbox)
        #expect(harness.outbox.saves == [CharacterSave(sheet: sheet, leaving: true)])
        #expect(harness.world.playerCount == 0)
    }

    @Test func saveEveryoneHandsOverTheLivingAndTheDead() {
        let harness = WorldHarness(map: combatMap()) { $0.seed = 5 }
        let living = harness.join(1, sheet: .new(id: 1, name: "Alive"))
        let doomed = harness.join(2, sheet: .new(id: 2, name: "Doomed"))
        harness.walk(2, doomed, to: Tile(x: 29, y: 7))
        for _ in 0..<(50 * 120) where harness.world.players[doomed] != nil { harness.tick() }
        #expect(harness.world.players[living] != nil && harness.world.players[doomed] == nil)
        var outbox = Outbox()
        harness.world.saveEveryone(outbox: &outbox)
        #expect(Set(outbox.saves.map(\.sheet.id)) == [1, 2])
        #expect(outbox.saves.allSatisfy { $0.leaving })
    }
}
