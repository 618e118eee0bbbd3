import GameMap
import GameProtocol
import Support
import Testing

@testable import World

@Suite struct WorldAdminTests {
    @Test func listsLivingAndDeadPlayersWithTheirSessions() throws {
        let harness = WorldHarness()
        let alice = harness.join(1, name: "Alice")
        let bob = harness.join(2, name: "bob")
        harness.connect(3)  // no HELLO yet: not a player
        harness.world.die(harness.player(bob))
        guard case .players(let players)? = harness.admin(.players) else {
            Issue.record("no list")
            return
        }
        #expect(players.map(\.id) == [alice, bob])
        #expect(players.map(\.session) == [1, 2])
        #expect(players.map(\.name) == ["Alice", "bob"])
        #expect(players.map(\.alive) == [true, false])
        #expect(players[0].hp == players[0].maxHP && players[0].weapon == .sword1 && players[0].armor == .clotharmor)
    }

    @Test func kickClosesTheSessionAndRemovesThePlayerForEveryoneElse() {
        let harness = WorldHarness()
        let alice = harness.join(1, name: "alice")
        harness.join(2, name: "watcher")
        harness.clear()
        #expect(harness.admin(.kick(player: alice, reason: "spam")) == .done("kicked alice (#\(alice)) from world 0"))
        #expect(harness.disconnected[1] == .kicked("spam"))
        #expect(harness.world.players[alice] == nil)
        #expect(harness.take(2, .despawn).contains { $0[1].int == alice })
        #expect(harness.admin(.kick(player: alice, reason: "again")) == .failed("no player #\(alice) in this world"))
    }

    @Test func moveEveryoneSavesEachCharacterAsItLeavesAndClosesEverySession() {
        let harness = WorldHarness()
        let alice = harness.join(1, name: "alice")
        harness.join(2, name: "bob")
        harness.connect(3)  // connected, no HELLO yet: closed too, nothing to save
        harness.tick()
        #expect(harness.admin(.moveEveryone) == .counted(3, "sent 3 session(s) on"))
        #expect(harness.disconnected[1] == .moving && harness.disconnected[2] == .moving)
        #expect(harness.disconnected[3] == .moving)
        #expect(harness.world.players[alice] == nil && harness.world.playerCount == 0)
        #expect(harness.saves.filter(\.leaving).count == 2)
    }

    @Test func muteDropsChatUntilItEndsOrIsLifted() {
        let harness = WorldHarness()
        harness.join(1, name: "Loud")
        harness.join(2, name: "listener")
        #expect(harness.admin(.mute(name: "loud", seconds: 2)) == .done("muted loud for 2 s"))
        harness.clear()
        harness.send(1, .chat("hello"))
        harness.tick()
        #expect(harness.take(2, .chat).isEmpty)
        #expect(harness.take(1, .notice).first?[1].string == "You are muted by an operator.")
        harness.tick(2 * 50)
        harness.send(1, .chat("back"))
        harness.tick()
        #expect(harness.take(2, .chat).map { $0[2].string } == ["back"])
        _ = harness.admin(.mute(name: "LOUD", seconds: nil))
        #expect(harness.admin(.unmute(name: "loud")) == .done("unmuted loud"))
        #expect(harness.admin(.unmute(name: "loud")) == .failed("loud is not muted"))
    }

    @Test func noticeReachesEveryPlayerEscaped() {
        let harness = WorldHarness()
        harness.join(1)
        harness.join(2)
        harness.clear()
        #expect(harness.admin(.notice(text: "Restart at <b>noon</b>")) == .counted(2, "told 2 player(s)"))
        for session: SessionID in [1, 2] {
            #expect(harness.take(session, .notice).map { $0[1].string } == ["Restart at &lt;b&gt;noon&lt;&#x2F;b&gt;"])
        }
        #expect(harness.admin(.notice(text: "\u{1}\u{2}")) == .failed("nothing to say"))
    }

    @Test func teleportMovesToWalkableTilesOnlyAndCorrectsTheClient() {
        let harness = WorldHarness()
        let id = harness.join(1)
        harness.clear()
        #expect(harness.admin(.teleport(player: id, x: 40, y: 20)) == .failed("(40, 20) is not a walkable tile"))
        #expect(harness.admin(.teleport(player: id, x: 70, y: 30)) == .done("moved tester to (70, 30)"))
        #expect(harness.player(id).position == Tile(x: 70, y: 30))
        #expect(harness.take(1, .welcome).last.map { [$0[3].int, $0[4].int] } == [70, 30])
        #expect(harness.admin(.teleport(player: 999, x: 70, y: 30)) == .failed("no living player #999 in this world"))
    }

    @Test func spawnedMobsFightAndDoNotRespawnAndItemsStay() throws {
        let harness = WorldHarness()
        let id = harness.join(1)
        let position = harness.player(id).position
        harness.clear()
        guard case .done(let text)? = harness.admin(.spawn(kind: .rat, x: position.x + 1, y: position.y)) else {
            Issue.record("rat not spawned")
            return
        }
        #expect(text.hasPrefix("spawned rat #"))
        let rat = try #require(harness.world.mobs.values.first { $0.spawn == Tile(x: position.x + 1, y: position.y) })
        #expect(!rat.respawns)
        #expect(harness.take(1, .spawn).contains { $0[1].int == rat.id })
        harness.world.kill(rat, by: harness.player(id))
        #expect(harness.world.mobs[rat.id] == nil)
        harness.tick(40 * 50)
        #expect(harness.world.mobs[rat.id] == nil)

        #expect(harness.admin(.spawn(kind: .flask, x: 40, y: 20)) == .failed("(40, 20) is not a walkable tile"))
        #expect(harness.admin(.spawn(kind: .guard, x: 30, y: 30)) == .failed("guard cannot be spawned"))
        guard case .done? = harness.admin(.spawn(kind: .goldensword, x: 30, y: 30)) else {
            Issue.record("sword not spawned")
            return
        }
        harness.tick(60 * 50)
        #expect(harness.world.entities.values.contains { $0.kind == .goldensword })
    }

    @Test func respawnMobsBringsDeadMobsBackNow() throws {
        let harness = WorldHarness()
        let id = harness.join(1)
        let rat = try #require(harness.world.mobs.values.first { $0.kind == .rat })
        harness.world.kill(rat, by: harness.player(id))
        #expect(rat.isDead)
        #expect(harness.admin(.respawnMobs) == .counted(1, "respawned 1 mob(s) in world 0"))
        #expect(!rat.isDead)
        #expect(harness.admin(.respawnMobs) == .counted(0, "respawned 0 mob(s) in world 0"))
    }
}
