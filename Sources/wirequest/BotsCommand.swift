import Bots
import Support
import Web

/// `wirequest bots`: a swarm of headless players against a server, for play-testing and load.
enum BotsCommand {
    static let spec = CommandSpec(
        name: "wirequest bots",
        abstract: "Run headless bots that play a WireQuest (or BrowserQuest) server.",
        options: [
            OptionSpec("url", value: "ws-url", default: "ws://127.0.0.1:8000/", help: "Server to connect to."),
            OptionSpec("count", short: "n", value: "n", default: "100", help: "Number of bots."),
            OptionSpec("duration", value: "seconds", default: "60", help: "How long to run."),
            OptionSpec("ramp", value: "per-second", default: "50", help: "New connections per second."),
            OptionSpec("behavior", value: "kind", default: "mixed", help: "wander, fight, chat or mixed."),
            OptionSpec("seed", value: "n", default: "1", help: "Seed of the bots' choices."),
            OptionSpec(
                "map", value: "file",
                help: "The server's map, for pathfinding (the same file the server loads; found as serve finds it)."),
            OptionSpec("threads", value: "n", default: "1", help: "Event loops for the bots."),
            OptionSpec("deflate", help: "Offer permessage-deflate (compressed messages), as browsers do."),
            OptionSpec(
                "warmup", value: "seconds", default: "5",
                help: "After the ramp, wait this long before the steady phase the summary also reports."),
            OptionSpec("json", value: "path", help: "Also write the summary as JSON to this file."),
            OptionSpec(
                "name-prefix", value: "text", default: "bot",
                help: "Bots are named this and their index; with the seed it makes each bot's token, so a bot is the "
                    + "same character on every connection and every run."),
            OptionSpec(
                "progress", value: "path",
                help: "Append each bot's progress (entered, kills, damage dealt) as a JSON line four times a second."),
        ],
        discussion: "Bots share one event loop: thousands fit in one process. Latency is the time from a bot's "
            + "action to the server's answer for it (a chat line to its echo, a HIT to its DAMAGE).")

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        var configuration = Swarm.Configuration()
        let text = arguments.string("url") ?? "ws://127.0.0.1:8000/"
        guard let url = WebSocketURL(text) else {
            throw arguments.usageError("url", "'--url' must look like ws://host:port/, not '\(text)'")
        }
        configuration.url = url
        configuration.count = try arguments.int("count", default: 100, range: 1...100_000)
        configuration.durationSeconds = try arguments.int("duration", default: 60, range: 1...86_400)
        configuration.ramp = try arguments.int("ramp", default: 50, range: 1...100_000)
        let behavior = arguments.string("behavior") ?? "mixed"
        guard let kind = BotBehavior(rawValue: behavior) else {
            throw arguments.usageError(
                "behavior", "'--behavior' must be wander, fight, chat or mixed, not '\(behavior)'")
        }
        configuration.behavior = kind
        configuration.seed = UInt64(try arguments.int("seed", default: 1, range: 0...Int.max))
        // The same search as serve's, so bots run from anywhere beside an installed server.
        let given = arguments.string("map")
        let maps =
            given == nil
            ? try AssetLocator.findDirectory("Maps", option: "map", shareName: "wirequest").path
            : (try? AssetLocator.findDirectory("Maps", option: "map", shareName: "wirequest"))?.path ?? "Maps"
        configuration.mapPath = try AssetLocator.mapFile(given, mapsDirectory: maps).path
        configuration.threads = try arguments.int("threads", default: 1, range: 1...64)
        configuration.warmupSeconds = try arguments.int("warmup", default: 5, range: 0...3600)
        configuration.jsonPath = arguments.string("json")
        configuration.progressPath = arguments.string("progress")
        configuration.deflate = arguments.flag("deflate")
        let prefix = arguments.string("name-prefix") ?? "bot"
        guard (1...9).contains(prefix.count), prefix.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw arguments.usageError(
                "name-prefix", "'--name-prefix' must be 1 to 9 letters, digits or '-', not '\(prefix)'")
        }
        configuration.namePrefix = prefix
        LoggingSystem.level = .warning
        let swarm = try Swarm(configuration: configuration)
        swarm.run()
        return .success
    }
}
