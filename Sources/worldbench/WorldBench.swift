import GameMap
import GameProtocol
import Glibc
import Support
import World

/// `worldbench`: measures one world's tick cost and the bytes it sends per player, with simulated players walking
/// the shipped map (no network: this isolates the world from the transport). Usage:
///
///     worldbench [--map Maps/world.tmj] [--players 200] [--spread crowded|sparse|fight] [--seconds 30]
///                [--flush-interval 1] [--json]
///
/// Besides tick times it prints what a player costs the world: CPU-seconds of stepping per player-second (the
/// stepping thread's CPU time, so other load on the machine does not inflate it), messages, frames and bytes per
/// player-second, CPU per message, and the heap the world holds per player.
@main
enum WorldBench {
    static func main() throws {
        let spec = CommandSpec(
            name: "worldbench", abstract: "Measure a world's tick cost and bytes per player.",
            options: [
                OptionSpec("map", value: "file", default: "Maps/world.tmj", help: "Map to load."),
                OptionSpec("players", value: "n", default: "200", help: "Simulated players."),
                OptionSpec(
                    "spread", value: "mode", default: "crowded",
                    help:
                        "crowded: everyone in the village; sparse: scattered over the map; fight: all in the zone with the most mobs, fighting them."
                ),
                OptionSpec("seconds", value: "s", default: "30", help: "Game time to simulate after a warm-up."),
                OptionSpec(
                    "flush-interval", value: "ticks", default: "1",
                    help: "Hand the players' batches over every this many ticks (the server's --flush-rate)."),
                OptionSpec("json", help: "Print one JSON object instead of the readable lines."),
                OptionSpec(
                    "save-interval", value: "ms", default: "500",
                    help:
                        "How often a changed player is handed over to be saved; 0: never (to measure what saving costs)."
                ),
            ])
        let arguments = spec.parseCommandLine()
        let players = try arguments.int("players", default: 200, range: 1...100_000)
        let seconds = try arguments.int("seconds", default: 30, range: 1...3600)
        let flushInterval = try arguments.int("flush-interval", default: 1, range: 1...1000)
        let json = arguments.flag("json")
        let spread = arguments.string("spread") ?? "crowded"
        let sparse = spread == "sparse"
        let fight = spread == "fight"
        LoggingSystem.level = .warning
        let map = try TileMap.load(path: arguments.string("map") ?? "Maps/world.tmj")
        var configuration = WorldConfiguration()
        configuration.maxPlayers = players
        configuration.flushInterval = flushInterval
        configuration.saveIntervalMilliseconds = try arguments.int("save-interval", default: 500, range: 0...3_600_000)
        let world = World(map: map, configuration: configuration)
        var random = SplitMix64(seed: 7)
        var outbox = Outbox()
        let tickRate = configuration.tickRate
        // A fight is over in seconds (the arena's mobs die and take 30 s to return), so it gets half a second.
        let warmup = fight ? tickRate / 2 : 5 * tickRate
        let measured = seconds * tickRate
        var durations: [Duration] = []
        durations.reserveCapacity(measured)
        let heapBefore = heapInUse()
        // Players arrive 50 a tick: all at once, every arrival's POPULATION and SPAWN to everyone already in would
        // make one tick's output grow with the square of the players, and the allocator would keep that peak.
        var inputs: [WorldInput] = []
        for first in stride(from: 1, through: players, by: 50) {
            let sessions = first...min(players, first + 49)
            inputs = sessions.map { .connected(SessionID($0)) }
            inputs += sessions.map { .enter(SessionID($0), .new(id: Int64($0), name: "bot\($0)")) }
            world.step(inputs, totalPlayers: players, outbox: &outbox)
        }
        inputs = []  // the benchmark's own inputs are not the world's memory
        let ids = world.players.values.map(\.id)
        if sparse {
            for id in ids {
                for _ in 0..<100 {
                    let tile = Tile(
                        x: Int.random(in: 0..<map.width, using: &random),
                        y: Int.random(in: 0..<map.height, using: &random))
                    if world.relocate(player: id, to: tile) { break }
                }
            }
        }
        var arena: TileRect?
        if fight {
            // The zone holding the most mobs becomes the arena; everyone is put on a walkable tile of it.
            var counts: [Int: Int] = [:]
            for mob in world.mobs.values { counts[mob.zone, default: 0] += 1 }
            let zone = counts.max { $0.value < $1.value }!.key
            let grid = world.zones
            let rect = TileRect(
                x: (zone % grid.columns) * grid.zoneWidth, y: (zone / grid.columns) * grid.zoneHeight,
                width: grid.zoneWidth, height: grid.zoneHeight)
            arena = rect
            for id in ids {
                for _ in 0..<200 {
                    let tile = Tile(
                        x: rect.x + Int.random(in: 0..<rect.width, using: &random),
                        y: rect.y + Int.random(in: 0..<rect.height, using: &random))
                    if world.relocate(player: id, to: tile) { break }
                }
            }
            let inside = world.players.values.filter { rect.contains(x: $0.position.x, y: $0.position.y) }.count
            let mobsInside = world.mobs.values.filter { rect.contains(x: $0.position.x, y: $0.position.y) }.count
            if !json {
                print("arena \(rect.x),\(rect.y) \(rect.width)×\(rect.height): \(inside) players, \(mobsInside) mobs")
            }
        }
        var result = BenchResult(
            players: players, spread: spread, flushInterval: flushInterval, seconds: seconds, ticks: measured)
        var messagesAtStart = 0
        for tick in 0..<(warmup + measured) {
            inputs.removeAll(keepingCapacity: true)
            if let arena {
                fightInputs(world: world, arena: arena, players: players, tick: tick, inputs: &inputs, random: &random)
            } else {
                // Each player clicks somewhere near every two seconds on average, as a wandering player does.
                for session in 1...players where Int.random(in: 0..<(2 * tickRate), using: &random) == 0 {
                    let player = world.players.values.first { $0.session == SessionID(session) }
                    guard let player else { continue }
                    let goal = Tile(
                        x: player.position.x + Int.random(in: -6...6, using: &random),
                        y: player.position.y + Int.random(in: -6...6, using: &random))
                    if map.isWalkable(x: goal.x, y: goal.y) {
                        inputs.append(.message(SessionID(session), .move(x: goal.x, y: goal.y)))
                    }
                }
            }
            outbox.removeAll()
            if tick == warmup { messagesAtStart = world.statistics.messagesOut }
            let cpuStarted = threadCPUNanoseconds()
            let started = MonotonicClock.now()
            world.step(inputs, totalPlayers: players, outbox: &outbox)
            let elapsed = MonotonicClock.now() - started
            let cpu = threadCPUNanoseconds() - cpuStarted
            if tick >= warmup {
                durations.append(elapsed)
                result.stepCPUNanoseconds += cpu
                for frame in outbox.frames { result.bytes += frame.payload.count }
                result.frames += outbox.frames.count
                result.saves += outbox.saves.count
            }
        }
        result.messages = world.statistics.messagesOut - messagesAtStart
        if let heapBefore, let heapAfter = heapInUse() { result.heapBytes = heapAfter - heapBefore }
        if json {
            print(result.json)
            return
        }
        durations.sort()
        func percentile(_ p: Double) -> Double {
            durations[min(durations.count - 1, Int(Double(durations.count) * p))].inSeconds * 1e6
        }
        print(
            "players \(players) (\(spread)), flush every \(flushInterval) ticks, mobs \(world.mobs.count), "
                + "other entities \(world.entities.count): "
                + "tick p50 \(fmt(percentile(0.5))) µs, p99 \(fmt(percentile(0.99))) µs, max \(fmt(percentile(1))) µs; "
                + "\(fmt(Double(result.saves) / Double(seconds))) saves/s; "
                + "refused moves \(world.statistics.refusedMoves), hits \(world.statistics.refusedHits), "
                + "mobs dead at the end \(world.mobs.values.filter(\.isDead).count)")
        print(
            "per player-second: \(fmt(result.cpuSecondsPerPlayerSecond * 1e6)) µs world CPU, "
                + "\(fmt(result.messagesPerPlayerSecond)) messages, \(fmt(result.framesPerPlayerSecond)) frames, "
                + "\(fmt(result.bytesPerPlayerSecond)) B; \(fmt(result.nanosecondsPerMessage)) ns CPU per message, "
                + "\(fmt(result.stepNanosecondsPerPlayerTick)) ns per player-tick")
        print("world heap: \(result.heapBytesPerPlayer.map { fmt($0) } ?? "unknown") B per player")
    }

    /// Players in the arena attack the nearest living mob: walk next to it, then swing once per weapon cooldown
    /// (each on its own phase); dead players say HELLO again.
    static func fightInputs(
        world: World, arena: TileRect, players: Int, tick: Int, inputs: inout [WorldInput],
        random: inout SplitMix64
    ) {
        let living = world.mobs.values.filter { !$0.isDead && arena.contains(x: $0.position.x, y: $0.position.y) }
        for session in 1...players where (tick + session) % 41 == 0 {
            let id = SessionID(session)
            guard let player = world.players.values.first(where: { $0.session == id }) else {
                inputs.append(.message(id, .hello(name: "bot\(session)", armor: 21, weapon: 60)))
                continue
            }
            guard
                let mob = living.min(by: {
                    $0.position.distance(to: player.position) < $1.position.distance(to: player.position)
                })
            else { continue }
            if player.position.isAdjacent(to: mob.position) {
                inputs.append(.message(id, .hit(mob: mob.id)))
            } else {
                let side = [(0, 1), (0, -1), (1, 0), (-1, 0)].randomElement(using: &random)!
                let goal = Tile(x: mob.position.x + side.0, y: mob.position.y + side.1)
                if world.map.isWalkable(x: goal.x, y: goal.y) {
                    inputs.append(.message(id, .attack(mob: mob.id)))
                    inputs.append(.message(id, .move(x: goal.x, y: goal.y)))
                }
            }
        }
    }

    static func fmt(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }
}
