import GameProtocol
import Support
import Testing
import World

/// Joining, the handshake rules, and what a new player is told.
struct WorldSessionTests {
    @Test func helloGetsWelcomeFirstThenPopulationAndList() {
        let harness = WorldHarness()
        let id = harness.join(1, name: "Alice")
        let messages = harness.received[1] ?? []
        #expect(messages.first?.first?.int == MessageCode.welcome.rawValue)
        let welcome = messages[0]
        #expect(welcome[1].int == id)
        #expect(welcome[2].string == "Alice")
        let x = welcome[3].int ?? -1
        let y = welcome[4].int ?? -1
        #expect((5...8).contains(x) && (5...8).contains(y))
        #expect(welcome[5].int == 80)
        #expect(messages.contains { $0.first?.int == MessageCode.population.rawValue })
        let list = harness.take(1, .list).first ?? []
        // The guard at (12, 12) and the flask at (14, 6) share the starting zone; the rat at (90, 40) does not.
        #expect(list.count == 3)
    }

    @Test func helloThatTheServerDidNotAnswerWithACharacterCloses() {
        // The server answers HELLO by loading the character, which enters with `.enter`; a HELLO reaching the world
        // first (golden gear claimed or not) creates nobody.
        let harness = WorldHarness()
        harness.connect(1)
        harness.send(1, .hello(name: "cheater", armor: EntityKind.goldenarmor.rawValue, weapon: 63))
        harness.tick()
        #expect(harness.disconnected[1] != nil)
        #expect(harness.world.playerCount == 0)
    }

    @Test func aMessageBeforeHelloCloses() {
        let harness = WorldHarness()
        harness.connect(1)
        harness.send(1, .move(x: 6, y: 6))
        harness.tick()
        #expect(harness.disconnected[1] != nil)
        #expect(harness.world.playerCount == 0)
    }

    @Test func helloWhileAliveCloses() {
        let harness = WorldHarness()
        harness.join(1)
        harness.send(1, .hello(name: "again", armor: 21, weapon: 60))
        harness.tick()
        #expect(harness.disconnected[1] != nil)
    }

    @Test func namesAreSanitizedCutAndEscaped() {
        #expect(World.sanitizeName("  <img src=x onerror=alert(1)>  ", maxLength: 15) == "&lt;img src=x oner")
        #expect(World.sanitizeName("\u{1}\u{7}", maxLength: 15) == "lorem ipsum")
        #expect(World.sanitizeName("Élodie the Brave and Bold", maxLength: 15) == "Élodie the Brav")
    }

    @Test func aFullWorldRefusesPolitely() {
        let harness = WorldHarness { $0.maxPlayers = 2 }
        harness.join(1)
        harness.join(2)
        harness.connect(3)
        harness.tick()
        #expect(harness.disconnected[3] == .full)
        #expect(harness.world.playerCount == 2)
    }

    @Test func idlePlayersAreTimedOut() {
        let harness = WorldHarness { $0.idleTimeoutSeconds = 2 }
        harness.join(1)
        harness.tick(50 * 3 + 1)
        #expect(harness.disconnected[1] == .idle)
        #expect(harness.world.playerCount == 0)
    }

    @Test func connectionsWithoutHelloAreClosed() {
        let harness = WorldHarness { $0.helloTimeoutSeconds = 1 }
        harness.connect(1)
        harness.tick(50 * 2 + 1)
        #expect(harness.disconnected[1] == .noHello)
    }

    @Test func leavingDespawnsForNeighboursAndUpdatesPopulation() {
        let harness = WorldHarness()
        let first = harness.join(1)
        harness.join(2)
        harness.clear()
        harness.drop(1)
        harness.tick()
        #expect(harness.take(2, .despawn).map { $0[1].int } == [first])
        #expect(harness.take(2, .population).last?[1].int == 1)
    }

    @Test func chatReachesTheZoneIsEscapedAndRateLimited() {
        let harness = WorldHarness { $0.chatBurst = 2 }
        let speaker = harness.join(1)
        harness.join(2)
        harness.clear()
        harness.send(1, .chat("<b>hi</b>"))
        harness.send(1, .chat("two"))
        harness.send(1, .chat("three is one too many"))
        harness.tick()
        let heard = harness.take(2, .chat)
        #expect(heard.count == 2)
        #expect(heard.first?[1].int == speaker)
        #expect(heard.first?[2].string == "&lt;b&gt;hi&lt;&#x2F;b&gt;")
        #expect(harness.take(1, .chat).count == 2)  // the speaker hears itself, as in BrowserQuest
        #expect(harness.world.statistics.droppedChats == 1)
    }

    @Test func checkpointIsOnlyTakenFromInside() {
        let harness = WorldHarness()
        let id = harness.join(1)
        harness.send(1, .check(checkpoint: 2))
        harness.tick()
        #expect(harness.player(id).checkpoint == 1)
    }
}
