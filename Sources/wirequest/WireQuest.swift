import Glibc
import Support

/// `wirequest`: parses the command line and hands over to a library. Nothing else lives here.
@main
enum WireQuest {
    static let version = "0.1.0"

    static let commands: [CommandSpec] = [ServeCommand.spec, AdminSubcommand.spec, EchoCommand.spec, BotsCommand.spec]

    static let overview = """
        OVERVIEW: WireQuest, a BrowserQuest-compatible game server.

        USAGE: wirequest [<command>] [<options>]

        COMMANDS:
          serve     Serve the game, its browser client and maps on one port (default).
          admin     Operate a running server (players, kick, ban, say, shutdown…).
          echo      Run a WebSocket echo or broadcast server (conformance and benchmarks).
          bots      Run headless bots against a server (play-testing and load).
          help      Show help for a command.

        OPTIONS:
          --version   Show the version.
          -h, --help  Show help information.

        See 'wirequest help <command>' for a command's options.
        """

    static func main() {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let first = arguments.first
        switch first {
        case "--version":
            print("wirequest \(version)")
            exit(ExitCode.success.rawValue)
        case "-h", "--help":
            print(overview)
            exit(ExitCode.success.rawValue)
        case "help":
            guard arguments.count > 1 else {
                print(overview)
                exit(ExitCode.success.rawValue)
            }
            guard let spec = commands.first(where: { $0.name == "wirequest \(arguments[1])" }) else {
                usageError(UsageError("unknown command '\(arguments[1])'"), usage: overview)
            }
            print(spec.help)
            exit(ExitCode.success.rawValue)
        case "echo":
            arguments.removeFirst()
            exit(run(EchoCommand.spec, arguments, EchoCommand.run))
        case "admin":
            arguments.removeFirst()
            exit(run(AdminSubcommand.spec, arguments, AdminSubcommand.run))
        case "bots":
            arguments.removeFirst()
            exit(run(BotsCommand.spec, arguments, BotsCommand.run))
        case "serve":
            arguments.removeFirst()
            exit(run(ServeCommand.spec, arguments, ServeCommand.run))
        case let word? where !word.hasPrefix("-"):
            usageError(UsageError("unknown command '\(word)'"), usage: overview)
        default:
            exit(run(ServeCommand.spec, arguments, ServeCommand.run))
        }
    }

    /// Parses `arguments` for `spec`, prints help for `-h`, turns usage errors into exit 64, then runs `body`.
    static func run(_ spec: CommandSpec, _ arguments: [String], _ body: (ParsedArguments) throws -> ExitCode)
        -> Int32
    {
        do {
            let parsed = try spec.parse(arguments)
            if parsed.flag("help") {
                print(spec.help)
                return ExitCode.success.rawValue
            }
            return try body(parsed).rawValue
        } catch let error as UsageError {
            usageError(error, usage: "\(spec.usageLine)\n  See '\(spec.name) --help' for more information.")
        } catch {
            printToStandardError("Error: \(error)")
            return ExitCode.failure.rawValue
        }
    }

    static func usageError(_ error: UsageError, usage: String) -> Never {
        printToStandardError("Error: \(error.message)\n\(usage)")
        exit(ExitCode.usage.rawValue)
    }
}
