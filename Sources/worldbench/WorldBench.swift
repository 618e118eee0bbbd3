import GameProtocol
import Glibc
import Support
import World

/// `worldbench`: measures one world's tick cost and the bytes it sends per player, with simulated players walking
/// the shipped map (no network: this isolates the world from the transport). Usage:
///
///     worldbench [--map Maps/world.tmj] [--players 200] [--spread crowded|sparse] [--seconds 30]
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
                    help: "crowded: everyone in the village; sparse: scattered over the map."),
                OptionSpec("seconds", value: "s", default: "30", help: "Game time to simulate after a warm-up."),
            ])
        let arguments: ParsedArguments
        do {
            arguments = try spec.parse(Array(CommandLine.arguments.dropFirst()))
        } catch {
            printToStandardError("Error: \(error)\n\(spec.usageLine)")
            exit(ExitCode.usage.rawValue)
        }
        if arguments.flag("help") {
            print(spec.help)
            return
        }
        let players = try arguments.int("players", default: 200, range: 1...100_000)
        let seconds = try arguments.int("seconds", default: 30, range: 1...3600)
        let sparse = arguments.string("spread") == "sparse"
        LoggingSystem.level = .warning
        let map = try TileMap.load(path: arguments.string("map") ?? "Maps/world.tmj")
        var configuration = WorldConfiguration()
        configuration.maxPlayers = players
        let world = World(map: map, configuration: configuration)
        var random = SplitMix64(seed: 7)
        var outbox = Outbox()
        var inputs: [WorldInput] = (1...players).map { .connected(SessionID($0)) }
        inputs += (1...players).map { .message(SessionID($0), .hello(name: "bot\($0)", armor: 21, weapon: 60)) }
        world.step(inputs, totalPlayers: players, outbox: &outbox)
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
        let tickRate = configuration.tickRate
        let warmup = 5 * tickRate
        let measured = seconds * tickRate
        var durations: [UInt64] = []
        durations.reserveCapacity(measured)
        var bytes = 0
        var frames = 0
        for tick in 0..<(warmup + measured) {
            inputs.removeAll(keepingCapacity: true)
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
            outbox.removeAll()
            let started = MonotonicClock.now()
            world.step(inputs, totalPlayers: players, outbox: &outbox)
            let elapsed = MonotonicClock.now() - started
            if tick >= warmup {
                durations.append(elapsed)
                for frame in outbox.frames { bytes += frame.payload.count }
                frames += outbox.frames.count
            }
        }
        durations.sort()
        func percentile(_ p: Double) -> Double {
            Double(durations[min(durations.count - 1, Int(Double(durations.count) * p))]) / 1000
        }
        let perPlayer = Double(bytes) / Double(players) / Double(seconds)
        print(
            "players \(players) (\(sparse ? "sparse" : "crowded")), entities \(world.entities.count): "
                + "tick p50 \(fmt(percentile(0.5))) µs, p99 \(fmt(percentile(0.99))) µs, max \(fmt(percentile(1))) µs; "
                + "\(fmt(perPlayer)) B/player/s, \(fmt(Double(frames) / Double(players) / Double(seconds))) frames/player/s; "
                + "refused \(world.statistics.refusedMoves)")
    }

    static func fmt(_ value: Double) -> String {
        let scaled = (value * 10).rounded() / 10
        return String(scaled)
    }
}
