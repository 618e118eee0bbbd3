import Support
import Web

/// `wirequest serve`: the game server (for now: static files and the WebSocket endpoint).
enum ServeCommand {
    static let spec = CommandSpec(
        name: "wirequest serve",
        abstract: "Serve the game, its browser client (Public/) and maps (Maps/) on one port.",
        options: [
            OptionSpec("host", value: "address", default: "0.0.0.0", help: "Address to listen on."),
            OptionSpec("port", short: "p", value: "port", default: "8000", help: "TCP port for HTTP and WebSocket."),
            OptionSpec("public", value: "dir", default: "Public", help: "Directory served at /."),
            OptionSpec("maps", value: "dir", default: "Maps", help: "Directory served at /maps/."),
        ] + CommonOptions.network(maxMessage: "64K") + CommonOptions.http + CommonOptions.logging,
        discussion: "SIGINT or SIGTERM stops gracefully: clients get close 1001 and the process exits within 5 s.")

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        var configuration = WebServerConfiguration()
        configuration.host = arguments.string("host") ?? "0.0.0.0"
        configuration.port = try arguments.int("port", default: 8000, range: 0...65535)
        configuration.serveFiles(
            publicDirectory: arguments.string("public") ?? "Public", mapsDirectory: arguments.string("maps") ?? "Maps")
        try CommonOptions.apply(arguments, to: &configuration, defaultMaxMessage: 64 * 1024)
        return try ServerRunner.run(configuration: configuration, mode: .echo, greeting: "go", name: "wirequest")
    }
}
