import GameMap
import GameProtocol
import Support
import World

/// Drives a world tick by tick and decodes what it sends, for readable assertions.
final class WorldHarness {
    let world: World
    var outbox = Outbox()
    /// Every message each session received, decoded, in order.
    var received: [SessionID: [[JSONValue]]] = [:]
    var disconnected: [SessionID: DisconnectReason] = [:]
    var adminReplies: [UInt64: AdminReply] = [:]
    /// Every save the world emitted, in order.
    var saves: [CharacterSave] = []
    /// Called with each frame as it is handed over.
    var onFrame: (Outbox.Frame) -> Void = { _ in }
    private var pending: [WorldInput] = []

    init(map: TileMap = WorldHarness.testMap(), configure: (inout WorldConfiguration) -> Void = { _ in }) {
        var configuration = WorldConfiguration()
        configuration.seed = 42
        configure(&configuration)
        world = World(map: map, configuration: configuration)
    }

    /// 112×48 tiles (4×4 zones), walls around, a wall at x = 40 with a gap at y = 10, a starting area at
    /// (5...8, 5...8), a door at (20, 20) leading to (100, 40) and back at (101, 40) → (21, 20).
    static func testMap() -> TileMap {
        var map = walledMap(width: 112, height: 48)
        for y in 0..<48 where y != 10 { map.collisions.setBlocked(x: 40, y: y) }
        map.checkpoints = [
            Checkpoint(id: 1, area: TileRect(x: 5, y: 5, width: 4, height: 4), isStartingArea: true),
            Checkpoint(id: 2, area: TileRect(x: 60, y: 20, width: 3, height: 3), isStartingArea: false),
        ]
        map.doors = [
            Door(x: 20, y: 20, destinationX: 100, destinationY: 40, orientation: .down),
            Door(x: 101, y: 40, destinationX: 21, destinationY: 20, orientation: .up),
        ]
        map.staticEntities = [
            StaticEntity(x: 12, y: 12, kind: .guard),
            StaticEntity(x: 90, y: 40, kind: .rat),
            StaticEntity(x: 14, y: 6, kind: .flask),
        ]
        return map
    }

    /// An open field with a wall along its border.
    static func walledMap(width: Int, height: Int) -> TileMap {
        var map = TileMap(width: width, height: height)
        for x in 0..<width {
            map.collisions.setBlocked(x: x, y: 0)
            map.collisions.setBlocked(x: x, y: height - 1)
        }
        for y in 0..<height {
            map.collisions.setBlocked(x: 0, y: y)
            map.collisions.setBlocked(x: width - 1, y: y)
        }
        return map
    }

    func connect(_ session: SessionID) { pending.append(.connected(session)) }

    func send(_ session: SessionID, _ message: ClientMessage, ids: [Int] = []) {
        pending.append(.message(session, message, ids: ids))
    }

    func drop(_ session: SessionID) { pending.append(.disconnected(session)) }

    /// Runs an operator's request in the next tick and returns the world's answer.
    func admin(_ request: AdminRequest) -> AdminReply? {
        let id = UInt64(adminReplies.count + 1)
        pending.append(.admin(id, request))
        tick()
        return adminReplies[id]
    }

    /// Runs `count` ticks, collecting output.
    func tick(_ count: Int = 1, totalPlayers: Int = 0) {
        for _ in 0..<count {
            world.step(pending, totalPlayers: totalPlayers, outbox: &outbox)
            pending.removeAll()
            for frame in outbox.frames {
                onFrame(frame)
                guard case .array(let batch)? = try? JSONParser.parse(frame.payload) else {
                    fatalError(
                        "world sent a frame that is not a JSON array: \(String(decoding: frame.payload, as: UTF8.self))"
                    )
                }
                for message in batch {
                    guard case .array(let fields) = message else { fatalError("batch element is not an array") }
                    received[frame.session, default: []].append(fields)
                }
            }
            for (session, reason) in outbox.disconnects { disconnected[session] = reason }
            for (request, reply) in outbox.adminReplies { adminReplies[request] = reply }
            saves += outbox.saves
            outbox.removeAll()
        }
    }

    /// Connects `session`, enters `sheet` (a new character named `name` when nil) as the server does once it has
    /// loaded the character HELLO asked for, runs a tick, and returns the new player's id.
    @discardableResult
    func join(_ session: SessionID, name: String = "tester", sheet: CharacterSheet? = nil) -> Int {
        connect(session)
        pending.append(.enter(session, sheet ?? .new(id: Int64(session), name: name)))
        tick()
        return received[session]?.first(where: { $0.first?.int == MessageCode.welcome.rawValue })?[1].int ?? -1
    }

    /// Messages of `code` that `session` received, and forgets everything it received.
    func take(_ session: SessionID, _ code: MessageCode) -> [[JSONValue]] {
        let matching = (received[session] ?? []).filter { $0.first?.int == code.rawValue }
        return matching
    }

    func clear() { received.removeAll() }

    func player(_ id: Int) -> Player { world.players[id]! }
}

extension WorldConfiguration {
    var ticksPerStepForTests: Int { max(1, (walkMillisecondsPerTile * tickRate + 999) / 1000) }
}

extension JSONValue {
    var ints: [Int] { array?.compactMap(\.int) ?? [] }
}
