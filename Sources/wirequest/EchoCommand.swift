import Support
import Web

/// `wirequest echo`: a WebSocket echo (or broadcast) server on the same stack, for Autobahn and benchmarks.
enum EchoCommand {
    static let spec = CommandSpec(
        name: "wirequest echo",
        abstract: "Run a WebSocket echo server on the production stack (Autobahn|Testsuite, benchmarks).",
        options: [
            OptionSpec("host", value: "address", default: "127.0.0.1", help: "Address to listen on."),
            OptionSpec("port", short: "p", value: "port", default: "9001", help: "TCP port."),
            OptionSpec("broadcast", help: "Send every message to every connected client instead of echoing it."),
        ] + CommonOptions.network(maxMessage: "16M", addressLimits: false) + CommonOptions.logging,
        discussion: "Any path upgrades. --max-message defaults to 16M so Autobahn's 16 MiB cases pass; per-address "
            + "limits are off unless asked for, since one client drives a conformance run or a benchmark.")

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        var configuration = WebServerConfiguration()
        configuration.host = arguments.string("host") ?? "127.0.0.1"
        configuration.port = try arguments.int("port", default: 9001, range: 0...65535)
        configuration.staticMounts = []
        configuration.webSocketPaths = nil
        try CommonOptions.apply(
            arguments, to: &configuration, defaultMaxMessage: 16 * 1024 * 1024, addressLimits: false)
        // Autobahn sends a 4 MiB message in 64-byte fragments (case 9.3.1): 65,536 of them.
        configuration.webSocket.maxFragments = 128 * 1024
        return try ServerRunner.run(
            configuration: configuration, mode: arguments.flag("broadcast") ? .broadcast : .echo, greeting: nil,
            name: "wirequest echo")
    }
}
