import GameMap
import GameProtocol
import Support
import Testing
import World

/// Positions that last, for a cluster moving players between nodes: with ``WorldConfiguration/keepsPosition`` a step
/// makes a player due a save carrying where it stands, and a character enters where it was saved; without it (one
/// server, as BrowserQuest) saves carry no position and players enter at their checkpoint.
struct PositionTests {
    @Test func aKeptPositionIsSavedAfterStepsAndEnteredAgain() {
        let harness = WorldHarness(map: combatMap()) { $0.keepsPosition = true }
        let id = harness.join(1, sheet: .new(id: 42, name: "Ash"))
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        harness.tick(ticks(500) + 1)
        let saved = harness.saves.last { $0.sheet.id == 42 }?.sheet
        #expect(saved?.position == Tile(x: 9, y: 6))
        harness.drop(1)
        harness.tick()
        #expect(harness.saves.last?.leaving == true && harness.saves.last?.sheet.position == Tile(x: 9, y: 6))

        // The next session (another node, in a cluster) enters on that tile, checkpoint unchanged.
        let next = WorldHarness(map: combatMap()) { $0.keepsPosition = true }
        let again = next.join(2, sheet: harness.saves.last!.sheet)
        #expect(next.player(again).position == Tile(x: 9, y: 6))
        #expect(next.player(again).checkpoint == 1)
        let welcome = next.take(2, .welcome).first ?? []
        #expect(welcome.count > 4 && welcome[3].int == 9 && welcome[4].int == 6)
    }

    @Test func aSavedTileThatIsBlockedOffTheMapOrADeadCharacterGoesToTheCheckpoint() {
        let harness = WorldHarness(map: combatMap()) { $0.keepsPosition = true }
        let map = combatMap()
        let blocked = (0..<map.height).lazy.flatMap { y in (0..<map.width).lazy.map { Tile(x: $0, y: y) } }
            .first { !map.isWalkable(x: $0.x, y: $0.y) }!
        for (session, tile, hp) in [(1, blocked, 50), (2, Tile(x: -3, y: 4), 50), (3, Tile(x: 9, y: 6), 0)] {
            var sheet = CharacterSheet.new(id: Int64(session), name: "P\(session)")
            sheet.position = tile
            sheet.hp = hp
            let id = harness.join(SessionID(session), sheet: sheet)
            #expect((5...8).contains(harness.player(id).position.x), "session \(session)")
        }
    }

    @Test func withoutKeptPositionsStepsAreNotSavesAndPlayersEnterAtTheirCheckpoint() {
        let harness = WorldHarness(map: combatMap())
        let id = harness.join(1, sheet: .new(id: 42, name: "Ash"))
        harness.tick(ticks(500) + 1)
        let before = harness.saves.count
        harness.walk(1, id, to: Tile(x: 9, y: 6))
        harness.tick(ticks(500) + 1)
        // Walking changes nothing that lasts: no save, and none carries a position.
        #expect(harness.saves.count == before)
        #expect(harness.saves.allSatisfy { $0.sheet.position == nil })
        var sheet = CharacterSheet.new(id: 7, name: "Back")
        sheet.position = Tile(x: 9, y: 6)
        let back = harness.join(2, sheet: sheet)
        #expect((5...8).contains(harness.player(back).position.x))
    }
}
