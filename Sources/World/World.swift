import GameMap
import GameProtocol
import Support

/// One authoritative world: its map, zones, players and other entities, advanced one tick at a time.
///
/// The world never reads a clock, a socket or a thread: the server calls ``step(_:totalPlayers:outbox:)`` at the
/// tick rate with the inputs that arrived, and sends what the world wrote to the outbox. Randomness comes from a
/// seeded generator, so a test can replay a session exactly.
package final class World {
    enum SessionState {
        case awaitingHello(since: UInt64)
        case playing(Int)
        /// Killed; the connection stays open and HELLO revives (BrowserQuest's rule). Equipment survives death.
        case dead(Player)
    }

    struct Session {
        var state: SessionState
        var lastMessage: UInt64
    }

    package let configuration: WorldConfiguration
    package let map: TileMap
    package let zones: ZoneGrid
    /// The bounds of a player's path; ``paths`` searches within them.
    let pathfinder = Pathfinder()
    let paths: PathSearch
    let logger: Logger
    package private(set) var tick: UInt64 = 0
    package internal(set) var statistics = WorldStatistics()
    var random: SplitMix64
    var nextEntityID = 1
    var sessions: [SessionID: Session] = [:]
    package internal(set) var players: [Int: Player] = [:]
    /// NPCs, items and chests.
    package internal(set) var entities: [Int: Entity] = [:]
    /// Every mob, dead or alive (dead ones are in no zone until they respawn).
    package internal(set) var mobs: [Int: Mob] = [:]
    var events = EventQueue()
    /// For each chest area, its static mobs, and whether its chest is ready to appear.
    var chestAreaMobs: [[Int]] = []
    var chestAreaArmed: [Bool] = []
    /// Every entity (players included) by zone.
    var zoneEntities: [Set<Int>]
    /// Players by zone, in arrival order: who receives what happens in a neighbourhood. The players themselves, not
    /// their ids, so a broadcast reaches each without a dictionary lookup.
    var zonePlayers: [[Player]]
    /// Living mobs by zone, for noticing players without looking every entity up.
    var zoneMobs: [[Mob]]
    /// A message being sent to many players, encoded once (see ``encodeShared(_:)``).
    var shared: [UInt8] = []
    /// What ``sendList(to:)`` lists, kept between calls for its capacity.
    var visibleIDs: [Int] = []
    /// What the world has said since the last tick ended: handed to the server at the end of each step.
    var outbox = Outbox()
    /// Sessions that asked something this tick (``ClientMessage/awaitsAnswer``) or entered: their batches leave at
    /// the end of the tick even between flushes.
    var answered: [SessionID] = []
    var totalPlayers = 0
    /// Lower-cased names an operator muted → the tick the mute ends (`UInt64.max`: until lifted).
    var mutedUntil: [String: UInt64] = [:]
    let doorsByDestination: [Tile: [Door]]
    let startingAreas: [Checkpoint]

    package init(map: TileMap, configuration: WorldConfiguration = .init(), logger: Logger = Logger(label: "world")) {
        self.configuration = configuration
        self.map = map
        self.logger = logger
        zones = ZoneGrid(map: map, zoneWidth: configuration.zoneWidth, zoneHeight: configuration.zoneHeight)
        paths = PathSearch(width: map.collisions.width, height: map.collisions.height)
        random = SplitMix64(seed: configuration.seed &+ UInt64(configuration.index))
        zoneEntities = Array(repeating: [], count: zones.zoneCount)
        zonePlayers = Array(repeating: [], count: zones.zoneCount)
        zoneMobs = Array(repeating: [], count: zones.zoneCount)
        doorsByDestination = Dictionary(grouping: map.doors) { Tile(x: $0.destinationX, y: $0.destinationY) }
        startingAreas = map.checkpoints.filter(\.isStartingArea)
        populate()
    }

    package var playerCount: Int { players.count }

    /// Sessions connected but not yet playing count against the cap too, so a burst of connections cannot
    /// overfill the world before their HELLOs arrive.
    package var occupancy: Int { sessions.count }

    package var isFull: Bool { occupancy >= configuration.maxPlayers }

    // MARK: - The tick

    /// Applies `inputs` in order, advances every walking player and mob, checks timeouts, and hands over what the
    /// tick produced in `outbox`: one batch per player with something to say, the connections to close, the
    /// characters to save, the operators' answers. Whatever `outbox` held before is discarded; its buffers are reused.
    /// Batches and closes are handed over every ``WorldConfiguration/flushInterval`` ticks; saves and answers at once.
    package func step(_ inputs: [WorldInput], totalPlayers: Int, outbox handedOver: inout Outbox) {
        tick += 1
        self.totalPlayers = totalPlayers
        for input in inputs {
            switch input {
            case .connected(let session):
                connect(session)
            case .enter(let session, let sheet):
                enter(session, sheet)
                answered.append(session)
            case .message(let session, let message, let ids):
                receive(message, ids: ids, from: session)
                if message.awaitsAnswer { answered.append(session) }
            case .disconnected(let session):
                disconnect(session)
            case .admin(let request, let command):
                let reply = handle(command)
                outbox.reply(to: request, reply)
            }
        }
        advanceWalkers()
        updateMobs()
        runDueEvents()
        if tick % ticks(milliseconds: GameTimers.regenerationMilliseconds) == 0 { regenerate() }
        if tick % UInt64(configuration.tickRate) == 0 { checkTimeouts() }
        emitDueSaves()
        handedOver.removeAll()
        if tick % UInt64(max(1, configuration.flushInterval)) == 0 {
            outbox.finishBatches()
            swap(&outbox, &handedOver)
        } else {
            // Batches stay open until the next flush tick (and a close waits for the frames queued before it), but
            // for players who asked something this tick: what answers them leaves now.
            handedOver.takeRecords(from: &outbox)
            for session in answered {
                guard case .playing(let id)? = sessions[session]?.state, let player = players[id] else { continue }
                outbox.expedite(session, slot: player.outboxSlot, into: &handedOver)
            }
        }
        answered.removeAll(keepingCapacity: true)
    }

    private func connect(_ session: SessionID) {
        guard sessions[session] == nil else { return }
        guard !isFull else {
            outbox.disconnect(session, .full)
            return
        }
        sessions[session] = Session(state: .awaitingHello(since: tick), lastMessage: tick)
    }

    /// Removes the session and, if it was playing, its player (neighbours see it despawn, as in BrowserQuest);
    /// a playing or dead player's character is saved a last time.
    func disconnect(_ session: SessionID) {
        guard let state = sessions.removeValue(forKey: session) else { return }
        switch state.state {
        case .playing(let id):
            guard let player = players[id] else { return }
            save(player, leaving: true)
            removePlayer(player)
            logDeparture(player, died: false)
            broadcastPopulation()
        case .dead(let player):
            save(player, leaving: true)
            logDeparture(player, died: false)
        case .awaitingHello:
            break
        }
    }

    /// The world's time at `tick` in nanoseconds, for rate limits kept in ``TokenBucket``s.
    func nanoseconds(atTick tick: UInt64) -> UInt64 {
        tick &* 1_000_000_000 / UInt64(max(1, configuration.tickRate))
    }

    /// Whole ticks covering `milliseconds` (at least one).
    func ticks(milliseconds: Int) -> UInt64 {
        UInt64(max(1, (milliseconds * configuration.tickRate + 999) / 1000))
    }

    private func checkTimeouts() {
        let idle = configuration.ticks(seconds: configuration.idleTimeoutSeconds)
        let hello = configuration.ticks(seconds: configuration.helloTimeoutSeconds)
        for (session, state) in sessions {
            switch state.state {
            case .awaitingHello(let since) where tick - since > hello:
                outbox.disconnect(session, .noHello)
                disconnect(session)
            case .playing where tick - state.lastMessage > idle, .dead where tick - state.lastMessage > idle:
                outbox.disconnect(session, .idle)
                disconnect(session)
            default:
                break
            }
        }
    }

    // MARK: - Output

    /// Queues `message` for `player`; everything queued in a tick leaves as one batch.
    func send(_ message: ServerMessage, to player: Player) {
        outbox.send(message, to: player.session, slot: &player.outboxSlot)
        statistics.messagesOut += 1
    }

    /// Encodes `message` once for the `sendShared(to:)` methods, which copy the bytes to each recipient.
    func encodeShared(_ message: ServerMessage) {
        shared.removeAll(keepingCapacity: true)
        message.encode(into: &shared)
    }

    /// Queues the message ``encodeShared(_:)`` last encoded for `player`.
    func sendShared(to player: Player) {
        shared.withUnsafeBufferPointer { outbox.send(encoded: $0, to: player.session, slot: &player.outboxSlot) }
        statistics.messagesOut += 1
    }

    /// Queues the message ``encodeShared(_:)`` last encoded for each of `listeners` but `except`. Taking the zone's
    /// list as an argument keeps its players alive for the loop, so they are not retained one by one.
    func sendShared(to listeners: [Player], except: Player? = nil) {
        var count = 0
        shared.withUnsafeBufferPointer { encoded in
            for player in listeners where player !== except {
                outbox.send(encoded: encoded, to: player.session, slot: &player.outboxSlot)
                count += 1
            }
        }
        statistics.messagesOut += count
    }

    /// Sends to every player who can see zone `zone` (its neighbourhood), except `except`.
    func broadcast(_ message: ServerMessage, aroundZone zone: Int, except: Int? = nil) {
        encodeShared(message)
        let except = except.flatMap { players[$0] }
        for visible in zones.neighbourhood(of: zone) { sendShared(to: zonePlayers[visible], except: except) }
    }

    func broadcastPopulation() {
        encodeShared(.population(world: players.count, total: max(totalPlayers, players.count)))
        for player in players.values { sendShared(to: player) }
    }

    // MARK: - Zone membership

    func enterZone(_ player: Player) { zonePlayers[player.zone].append(player) }

    func leave(_ player: Player, from zone: Int) {
        if let index = zonePlayers[zone].firstIndex(where: { $0 === player }) { zonePlayers[zone].remove(at: index) }
    }

    func enterZone(_ mob: Mob) { zoneMobs[mob.zone].append(mob) }

    func leave(_ mob: Mob, from zone: Int) {
        if let index = zoneMobs[zone].firstIndex(where: { $0 === mob }) { zoneMobs[zone].remove(at: index) }
    }
}
