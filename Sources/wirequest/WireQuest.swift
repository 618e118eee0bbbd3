import AdminService
import Glibc
import Support

/// `wirequest`: parses the command line and hands over to a library. Nothing else lives here.
@main
enum WireQuest {
    static let version = "0.1.0"

    /// Each subcommand's options and what runs it; `serve` also runs when no subcommand is named.
    static let commands: [(spec: CommandSpec, run: @Sendable (ParsedArguments) throws -> ExitCode)] = configured([
        (ServeCommand.spec, ServeCommand.run), (AdminSubcommand.spec, AdminSubcommand.run),
        (EchoCommand.spec, EchoCommand.run), (BotsCommand.spec, BotsCommand.run),
    ])

    /// The commands that read a config file and `WIREQUEST_*` variables: the servers and the bots. `admin` does not:
    /// it only finds a socket, and a server's file given to it through WIREQUEST_CONFIG would be all unknown keys.
    static let configurable: Set<String> = ["wirequest serve", "wirequest echo", "wirequest bots"]

    /// One config file serves every command: each skips the keys that belong only to the others.
    static func configured(_ list: [(spec: CommandSpec, run: @Sendable (ParsedArguments) throws -> ExitCode)])
        -> [(spec: CommandSpec, run: @Sendable (ParsedArguments) throws -> ExitCode)]
    {
        let keys = list.filter { configurable.contains($0.spec.name) }.map { Set($0.spec.options.map(\.long)) }
        let all = keys.reduce(into: Set<String>()) { $0.formUnion($1) }
        return list.map { command in
            guard configurable.contains(command.spec.name) else { return command }
            var spec = command.spec
            spec.readsConfiguration(
                environmentPrefix: "WIREQUEST_", otherKeys: all.subtracting(spec.options.map(\.long)))
            return (spec, command.run)
        }
    }

    static func command(_ word: String) -> (spec: CommandSpec, run: @Sendable (ParsedArguments) throws -> ExitCode)? {
        commands.first { $0.spec.name == "wirequest \(word)" }
    }

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
            guard let command = command(arguments[1]) else {
                usageError(UsageError("unknown command '\(arguments[1])'"), usage: overview)
            }
            print(command.spec.help)
            exit(ExitCode.success.rawValue)
        case let word? where !word.hasPrefix("-"):
            guard let command = command(word) else {
                usageError(UsageError("unknown command '\(word)'"), usage: overview)
            }
            arguments.removeFirst()
            exit(run(command.spec, arguments, command.run))
        default:
            exit(run(commands[0].spec, arguments, commands[0].run))
        }
    }

    /// Parses `arguments` for `spec`, prints help for `-h`, turns usage errors into exit 64, then runs `body`.
    static func run(_ spec: CommandSpec, _ arguments: [String], _ body: (ParsedArguments) throws -> ExitCode)
        -> Int32
    {
        do {
            let parsed = try spec.resolve(arguments)
            if parsed.flag("help") {
                print(spec.help)
                return ExitCode.success.rawValue
            }
            if parsed.flag("print-config") {
                let notes = spec.name == ServeCommand.spec.name ? ServeCommand.configurationNotes(parsed) : [:]
                print(spec.configurationText(parsed, notes: notes), terminator: "")
                return ExitCode.success.rawValue
            }
            return try body(parsed).rawValue
        } catch let error as UsageError {
            usageError(error, usage: "\(spec.usageLine)\n  See '\(spec.name) --help' for more information.")
        } catch let error as CommandFailure {
            printErrorLine("error: \(error.message)")
            return error.exitCode.rawValue
        } catch let error as ServeStartError {
            printErrorLine("Error: \(error)")
            return error.exitCode
        } catch {
            printErrorLine("Error: \(error)")
            return ExitCode.failure.rawValue
        }
    }

    static func usageError(_ error: UsageError, usage: String) -> Never {
        printToStandardError("Error: \(error.message)\n\(usage)")
        exit(ExitCode.usage.rawValue)
    }
}
