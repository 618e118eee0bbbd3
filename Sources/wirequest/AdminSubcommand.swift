import Admin
import Support

/// `wirequest admin`: operates a running server through its admin socket.
enum AdminSubcommand {
    static let spec: CommandSpec = {
        var spec = CommandSpec(
            name: "wirequest admin",
            abstract: "Operate a running server: players, kicks, bans, announcements, shutdown.",
            options: [
                OptionSpec(
                    "socket", value: "path", default: "wirequest.sock",
                    help: "The server's admin socket (serve --admin-socket)."),
                OptionSpec("json", help: "Answers as JSON, for scripts."),
            ],
            positionals: "[COMMAND [ARGUMENT …]]",
            discussion: "Without a command: an interactive prompt with history (up/down), Ctrl-C to cancel a line "
                + "and Ctrl-D to leave. With one: runs it and exits 0 (done), 1 (refused), 64 (not understood) or "
                + "69 (no server). Commands: " + AdminCommandSpec.names.joined(separator: ", ")
                + "; 'wirequest admin help NAME' explains one.")
        spec.optionsEndAtFirstPositional = true
        return spec
    }()

    static func run(_ arguments: ParsedArguments) throws -> ExitCode {
        let path = arguments.string("socket") ?? "wirequest.sock"
        let json = arguments.flag("json")
        let client: AdminClient
        do {
            client = try AdminClient(socketPath: path)
        } catch {
            // `help` needs no server: the command table is the client's too.
            if arguments.positionals.first?.lowercased() == "help" {
                return AdminShell.localHelp(arguments.positionals.dropFirst().first)
            }
            printToStandardError("error: \(error)")
            return .unavailable
        }
        let status =
            arguments.positionals.isEmpty
            ? AdminShell.runInteractive(client, json: json, socketPath: path)
            : AdminShell.runOnce(client, words: arguments.positionals, json: json)
        return ExitCode(rawValue: status) ?? .failure
    }
}
