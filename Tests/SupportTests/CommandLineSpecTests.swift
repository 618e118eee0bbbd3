import Support
import Testing

struct CommandLineSpecTests {
    let spec = CommandSpec(
        name: "tool run", abstract: "Runs.",
        options: [
            OptionSpec("port", short: "p", value: "port", default: "8000", help: "Port."),
            OptionSpec("origin", value: "origin", help: "Origin (repeatable)."),
            OptionSpec("broadcast", help: "Fan out."),
        ])

    @Test func parsesLongShortInlineAndRepeatedOptions() throws {
        let parsed = try spec.parse(["--port", "9001", "--origin=a", "--origin", "b", "--broadcast", "rest"])
        #expect(parsed.string("port") == "9001")
        #expect(parsed.strings("origin") == ["a", "b"])
        #expect(parsed.flag("broadcast"))
        #expect(parsed.positionals == ["rest"])
        #expect(try spec.parse(["-p", "1"]).int("port", default: 0, range: 0...65535) == 1)
    }

    @Test func doubleDashEndsOptions() throws {
        let parsed = try spec.parse(["--", "--port", "x"])
        #expect(parsed.positionals == ["--port", "x"])
        #expect(parsed.string("port") == nil)
    }

    @Test func optionsCanEndAtTheFirstPositional() throws {
        var subcommand = spec
        subcommand.optionsEndAtFirstPositional = true
        let parsed = try subcommand.parse(["--port", "1", "kick", "bob", "--port", "-x"])
        #expect(parsed.string("port") == "1")
        #expect(parsed.positionals == ["kick", "bob", "--port", "-x"])
        // Without the switch, options after positionals are still options.
        #expect(try spec.parse(["kick", "--port", "2"]).string("port") == "2")
    }

    @Test(arguments: [["--nope"], ["--port"], ["--broadcast=yes"], ["-x"], ["-pp"]])
    func rejectsMisuse(arguments: [String]) {
        #expect(throws: UsageError.self) { try spec.parse(arguments) }
    }

    @Test func typedAccessorsRejectBadValues() throws {
        let parsed = try spec.parse(["--port", "99999"])
        #expect(throws: UsageError.self) { try parsed.int("port", default: 0, range: 0...65535) }
        #expect(try spec.parse([]).int("port", default: 8000, range: 0...65535) == 8000)
    }

    @Test(arguments: [("65536", 65536), ("64K", 65536), ("16M", 16 << 20), ("16MiB", 16 << 20), ("1KiB", 1024)])
    func parsesByteSizes(text: String, bytes: Int) throws {
        let parsed = try CommandSpec(name: "t", abstract: "", options: [OptionSpec("size", value: "n", help: "")])
            .parse(["--size", text])
        #expect(try parsed.byteSize("size", default: 0, range: 0...(1 << 30)) == bytes)
    }

    @Test func helpListsEveryOptionWithDefaults() {
        let help = spec.help
        #expect(help.contains("USAGE: tool run [<options>]"))
        #expect(help.contains("-p, --port <port>"))
        #expect(help.contains("(default: 8000)"))
        #expect(help.contains("-h, --help"))
    }
}

struct LoggingTests {
    @Test func parsesLevelNames() {
        #expect(LogLevel(name: "WARN") == .warning)
        #expect(LogLevel(name: "debug") == .debug)
        #expect(LogLevel(name: "loud") == nil)
    }

    @Test func dropsLinesBelowTheLevelWithoutBuildingThem() {
        let sink = MemorySink()
        LoggingSystem.bootstrap(sink)
        defer { LoggingSystem.bootstrap(StandardErrorSink()) }
        let previous = LoggingSystem.level
        LoggingSystem.level = .warning
        defer { LoggingSystem.level = previous }
        var built = false
        let logger = Logger(label: "test")
        logger.debug(
            {
                built = true
                return "hidden"
            }())
        logger.warning("shown")
        #expect(!built)
        // Other suites may log concurrently; look only at this logger's lines.
        let mine = sink.contents.filter { $0.contains("[test]") }
        #expect(mine.count == 1)
        #expect(mine.first?.contains("warning [test] shown") == true)
    }
}
