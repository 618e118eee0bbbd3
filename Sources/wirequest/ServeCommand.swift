import Admin
import AdminService
import ClusterService
import GameServer
import Glibc
import Support
import Web

/// `wirequest serve`: the game server (for now: static files and the WebSocket endpoint).
enum ServeCommand {
    static let spec = CommandSpec(
        name: "wirequest serve",
        abstract: "Serve the game worlds, the browser client (Public/) and maps (Maps/) on one port.",
        options: [
            OptionSpec("host", value: "address", default: "0.0.0.0", help: "Address to listen on."),
            OptionSpec("port", short: "p", value: "port", default: "8000", help: "TCP port for HTTP and WebSocket."),
            OptionSpec(
                "public", value: "dir",
                help: "Directory served at / (default: Public beside the executable, in ../share/wirequest, or in the "
                    + "current directory)."),
            OptionSpec(
                "maps", value: "dir",
                help: "Directory served at /maps/ (default: Maps, looked for as Public is)."),
            OptionSpec(
                "map", value: "file",
                help:
                    "Map the worlds load: a Tiled .tmj or BrowserQuest's world_server.json; a relative path not found "
                    + "from the current directory is looked up in the maps directory (default: world.tmj there)."),
            OptionSpec("worlds", value: "n", default: "5", help: "Worlds in this process."),
            OptionSpec("players-per-world", value: "n", default: "200", help: "Player cap of each world."),
            OptionSpec("tick-rate", value: "hz", default: "50", help: "World updates per second."),
            OptionSpec(
                "flush-rate", value: "hz", default: "16.7",
                help:
                    "How often per second other players' news is sent to each player (at most the tick rate); answers to a player's own requests leave at once."
            ),
            OptionSpec(
                "admin-socket", value: "path", default: "wirequest.sock",
                help: "Unix socket for `wirequest admin` (mode 0600); 'none' for no socket."),
            OptionSpec(
                "admin-idle-timeout", value: "seconds", default: "300",
                help: "Close an admin client that sends nothing and waits for no answer this long; 0 never."),
            OptionSpec("no-console", help: "Do not read admin commands from the terminal."),
            OptionSpec(
                "data", value: "path", default: "wirequest.sqlite",
                help: "SQLite database of characters, bans, mutes and the audit log (created if missing); "
                    + "'none' keeps them in memory only."),
            OptionSpec(
                "database", value: "url",
                help: "Keep characters, bans, mutes and the audit log in PostgreSQL instead "
                    + "(postgresql://user:password@host:port/db; the password may come from PGPASSWORD)."),
            OptionSpec(
                "cluster", value: "url",
                help: "Join a cluster through Redis (redis://host:port): one game over several nodes behind a proxy. "
                    + "Needs --database."),
            OptionSpec(
                "node", value: "id",
                help: "This node's id in the cluster (letters, digits, - and _; default: host-port)."),
            OptionSpec(
                "advertise", value: "address", help: "The address other nodes' consoles show for this one."),
            OptionSpec(
                "metrics-listen", value: "host:port",
                help: "Serve /metrics and /status on this address (e.g. 127.0.0.1:9100) instead of the public port."),
            OptionSpec(
                "hello-timeout", value: "seconds", default: "5",
                help: "Close a WebSocket that has not said HELLO this long after connecting."),
            OptionSpec(
                "rate-limit", value: "kind=rate[/burst]", repeatable: true,
                help: "Messages per second per connection (repeatable): kinds all, move, teleport, chat, who, who-ids, "
                    + "zone, combat, interact, identity, abuse (drops tolerated before closing); 'off' for none."),
            OptionSpec(
                "max-behind", value: "seconds", default: "3",
                help: "Drop a WebSocket client whose unsent output is older than this; 0 for no bound."),
            OptionSpec(
                "max-queued", value: "size", default: "1M",
                help: "Drop a WebSocket client with more than this much output unsent."),
            OptionSpec(
                "socket-send-buffer", value: "size", default: "128K",
                help: "The kernel's send buffer per connection (Linux doubles it); "
                    + "0 lets it grow to tcp_wmem's maximum."),
        ] + CommonOptions.network(maxMessage: "64K") + CommonOptions.http + CommonOptions.logging,
        discussion: "SIGINT or SIGTERM stops gracefully: every character is saved, clients get close 1001 and the "
            + "process exits within 5 s. In a terminal, serve reads admin commands ('help' lists them) with log lines "
            + "printed above the prompt. A database serve cannot use stops it at start with one line and its own exit "
            + "code: 65 damaged, 66 unreadable, 73 directory missing, 74 I/O error, 75 in use by another server, "
            + "77 read-only, 78 from a newer wirequest.")

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        var configuration = WebServerConfiguration()
        configuration.host = arguments.string("host") ?? "0.0.0.0"
        configuration.port = try arguments.int("port", default: 8000, range: 0...65535)
        try CommonOptions.apply(arguments, to: &configuration, defaultMaxMessage: 64 * 1024)
        let assets = try Assets(arguments)
        configuration.serveFiles(publicDirectory: assets.public.path, mapsDirectory: assets.maps.path)
        let logger = Logger(label: "main")
        logger.notice("serving / from \(assets.public), /maps/ from \(assets.maps); map \(assets.map)")
        configuration.webSocket.maxQueuedBytes = try arguments.byteSize(
            "max-queued", default: 1 << 20, range: (64 * 1024)...(1 << 30))
        let sendBuffer = try arguments.byteSize("socket-send-buffer", default: 128 * 1024, range: 0...(64 << 20))
        configuration.socketSendBuffer = sendBuffer > 0 ? sendBuffer : nil
        let behind = try arguments.double("max-behind", default: 3, range: 0...3600)
        configuration.webSocket.maxQueueAge = behind > 0 ? .seconds(behind) : nil
        var serve = ServeConfiguration()
        var game = GameServerConfiguration()
        game.web = configuration
        game.mapPath = assets.map.path
        game.worlds = try arguments.int("worlds", default: 5, range: 1...64)
        game.playersPerWorld = try arguments.int("players-per-world", default: 200, range: 1...100_000)
        game.tickRate = try arguments.int("tick-rate", default: 50, range: 1...1000)
        game.flushRate = try arguments.double("flush-rate", default: 16.7, range: 0.1...1000)
        game.helloTimeout = .seconds(try arguments.double("hello-timeout", default: 5, range: 0.1...3600))
        for text in arguments.strings("rate-limit") {
            if text == "off" {
                game.messageLimits.enabled = false
            } else if !game.messageLimits.set(text) {
                throw arguments.usageError(
                    "rate-limit", "--rate-limit '\(text)': kind=rate[/burst] (move=30/60) or off")
            }
        }
        if let listen = arguments.string("metrics-listen") {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                (0...65535).contains(port)
            else {
                throw arguments.usageError(
                    "metrics-listen", "--metrics-listen '\(listen)': host:port (127.0.0.1:9100, [::1]:9100)")
            }
            var host = String(listen[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            game.metricsListen = (host.isEmpty ? "0.0.0.0" : host, port)
        }
        serve.game = game
        let socket = arguments.string("admin-socket") ?? "wirequest.sock"
        serve.adminSocketPath = socket == "none" || socket.isEmpty ? nil : socket
        serve.adminIdleTimeout = .seconds(try arguments.int("admin-idle-timeout", default: 300, range: 0...86_400))
        serve.console = !arguments.flag("no-console")
        let data = arguments.string("data") ?? "wirequest.sqlite"
        serve.dataPath = data == "none" || data.isEmpty ? nil : data
        try applyCluster(arguments, to: &serve)
        do {
            return try ServeRunner.runUntilSignalled(configuration: serve)
        } catch {
            // Bound last first: the public port (the metrics one, bound before it, may still be open).
            var listeners = [(host: configuration.host, port: configuration.port, option: "--port")]
            if let metrics = game.metricsListen { listeners.append((metrics.host, metrics.port, "--metrics-listen")) }
            throw ServerRunner.explainListenError(error, listeners: listeners) ?? error
        }
    }

    /// The directories and the map serve uses: named by options, else found where an install puts them.
    struct Assets {
        var `public`: AssetLocation
        var maps: AssetLocation
        var map: AssetLocation

        init(_ arguments: ParsedArguments) throws(CommandFailure) {
            func directory(_ option: String, _ name: String) throws(CommandFailure) -> AssetLocation {
                guard let given = arguments.string(option) else {
                    return try AssetLocator.findDirectory(name, option: option, shareName: "wirequest")
                }
                return try AssetLocator.givenDirectory(given, option: option)
            }
            `public` = try directory("public", "Public")
            maps = try directory("maps", "Maps")
            map = try AssetLocator.mapFile(arguments.string("map"), mapsDirectory: maps.path)
        }
    }

    /// For `--print-config`: where the unset asset options would be found, so the printed file says what runs.
    static func configurationNotes(_ arguments: ParsedArguments) -> [String: String] {
        guard let assets = try? Assets(arguments) else { return [:] }
        var notes: [String: String] = [:]
        for (option, location) in [("public", assets.public), ("maps", assets.maps), ("map", assets.map)]
        where arguments.string(option) == nil {
            notes[option] = "now \(location)"
        }
        return notes
    }

    /// `--database` and `--cluster`: a shared store leases each character to one node at a time and keeps where
    /// players stand (so one moved to another node goes on in the same place); `--cluster` joins the directory.
    private static func applyCluster(_ arguments: ParsedArguments, to serve: inout ServeConfiguration) throws {
        let database = arguments.string("database")
        let cluster = arguments.string("cluster")
        if cluster != nil && database == nil {
            throw UsageError("--cluster needs --database: the nodes share their characters through PostgreSQL")
        }
        guard let database else { return }
        let node = arguments.string("node") ?? defaultNodeID(port: serve.game.web.port)
        guard AdminTargetedLine.isNodeName(node) else {
            throw arguments.usageError("node", "--node '\(node)': 1 to 32 letters, digits, '-' or '_'")
        }
        serve.databaseURL = database
        serve.storage.leaseNode = node
        serve.game.keepsPositions = true
        guard let cluster else { return }
        let settings = ClusterSettings(redisURL: cluster, node: node, advertisedAddress: arguments.string("advertise"))
        serve.joinCluster = { parts in try ClusterNode.join(parts, settings: settings) }
    }

    /// The host's name and the port, cut to a node id's characters: unique per process on a network of hosts.
    private static func defaultNodeID(port: Int) -> String {
        var name = [CChar](repeating: 0, count: 256)
        gethostname(&name, name.count - 1)
        let host = String(cString: name).split(separator: ".").first.map(String.init) ?? "node"
        let clean = String(host.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") ? $0 : "-" }.prefix(25))
        return (clean.isEmpty ? "node" : clean) + "-\(port)"
    }
}
