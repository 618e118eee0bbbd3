import Support
import Testing

struct ConfigFileTests {
    static func makeSpec() -> CommandSpec {
        var spec = CommandSpec(
            name: "tool serve", abstract: "Serves.",
            options: [
                OptionSpec("port", short: "p", value: "port", default: "8000", help: "Port."),
                OptionSpec("max-message", value: "size", default: "64K", help: "Largest message."),
                OptionSpec("allowed-origin", value: "origin", repeatable: true, help: "Origin (repeatable)."),
                OptionSpec("database", value: "url", help: "Database."),
                OptionSpec("no-console", help: "No console."),
            ])
        spec.readsConfiguration(environmentPrefix: "WQT_", otherKeys: ["url"])
        return spec
    }

    let spec = Self.makeSpec()

    /// Resolves with `environment` as the only variables and `files` as the only readable files.
    func resolve(
        _ arguments: [String], environment: [String: String] = [:], files: [String: String] = [:]
    ) throws(UsageError) -> ParsedArguments {
        try spec.resolve(
            arguments, environment: { environment[$0] },
            readFile: { path throws(UsageError) in
                guard let text = files[path] else { throw UsageError("no file \(path)") }
                return text
            })
    }

    @Test func readsKeysCommentsQuotesListsAndFlags() throws {
        let text = """
            # a comment
              port = 9001\r
            max-message=16M

            allowed-origin = https://a.example
            allowed-origin = https://b.example
            database = " postgresql://u:p#x@h/db "
            no-console = true
            url = ws://ignored.example/
            """
        let parsed = try resolve(["--config", "wq.conf"], files: ["wq.conf": text])
        #expect(try parsed.int("port", default: 0, range: 0...65535) == 9001)
        #expect(try parsed.byteSize("max-message", default: 0, range: 0...(1 << 30)) == 16 << 20)
        #expect(parsed.strings("allowed-origin") == ["https://a.example", "https://b.example"])
        #expect(parsed.string("database") == " postgresql://u:p#x@h/db ")
        #expect(parsed.flag("no-console"))
        #expect(parsed.origins["port"] == .file(path: "wq.conf", line: 2))
        #expect(parsed.values["url"] == nil)
        #expect(parsed.configPath == "wq.conf")
    }

    @Test func flagsWinOverEnvironmentWhichWinsOverTheFile() throws {
        let file = "port = 1\nmax-message = 1K\nallowed-origin = f1\nallowed-origin = f2\nno-console = true\n"
        let environment = [
            "WQT_PORT": "2", "WQT_MAX_MESSAGE": "2K", "WQT_ALLOWED_ORIGIN": "e1, e2,", "WQT_NO_CONSOLE": "false",
        ]
        let parsed = try resolve(
            ["--config", "f", "--port", "3"], environment: environment, files: ["f": file])
        #expect(parsed.string("port") == "3")
        #expect(parsed.origins["port"] == .flag)
        #expect(parsed.string("max-message") == "2K")
        #expect(parsed.origins["max-message"] == .environment("WQT_MAX_MESSAGE"))
        // A higher source replaces a list, and a false flag in the environment turns off the file's true.
        #expect(parsed.strings("allowed-origin") == ["e1", "e2"])
        #expect(!parsed.flag("no-console"))
        // An empty variable is unset; the config path may come from the environment.
        let fromEnvironment = try resolve(
            [], environment: ["WQT_CONFIG": "f", "WQT_PORT": ""], files: ["f": file])
        #expect(fromEnvironment.string("port") == "1")
        #expect(fromEnvironment.strings("allowed-origin") == ["f1", "f2"])
        #expect(try resolve([]).int("port", default: 8000, range: 0...65535) == 8000)
    }

    @Test(arguments: [
        ("nonsense line", "f:1: expected 'key = value'"),
        ("\n\nprot = 1", "f:3: unknown key 'prot'"),
        ("config = other", "f:1: unknown key 'config'"),
        ("help = true", "f:1: unknown key 'help'"),
        ("port = 1\nport = 2", "f:2: 'port' is already set on line 1"),
        ("no-console = maybe", "f:1: 'no-console' is a flag: true or false"),
        ("database = \"open", "f:1: unterminated quoted value"),
    ])
    func fileErrorsNameFileAndLine(text: String, message: String) {
        #expect {
            _ = try resolve(["--config", "f"], files: ["f": text])
        } throws: { ($0 as? UsageError)?.message.hasPrefix(message) == true }
    }

    @Test func badValuesNameTheirOrigin() throws {
        let fromEnvironment = try resolve([], environment: ["WQT_PORT": "eighty"])
        #expect {
            _ = try fromEnvironment.int("port", default: 0, range: 0...65535)
        } throws: { ($0 as? UsageError)?.message.hasSuffix("not 'eighty' (from WQT_PORT)") == true }
        let fromFile = try resolve(["--config", "w.conf"], files: ["w.conf": "\nport = 70000"])
        #expect {
            _ = try fromFile.int("port", default: 0, range: 0...65535)
        } throws: { ($0 as? UsageError)?.message.hasSuffix("(from w.conf:2)") == true }
        #expect {
            _ = try resolve([], environment: ["WQT_NO_CONSOLE": "sure"])
        } throws: { ($0 as? UsageError)?.message.hasPrefix("WQT_NO_CONSOLE:") == true }
    }

    @Test func helpAnswersEvenWithABrokenFile() throws {
        #expect(try resolve(["--help"], environment: ["WQT_CONFIG": "missing"]).flag("help"))
        #expect(throws: UsageError.self) { try resolve([], environment: ["WQT_CONFIG": "missing"]) }
        #expect(spec.options.last?.long == "help")
        #expect(spec.help.contains("--config <path>"))
    }

    @Test func limitsLineLength() {
        let long = "database = " + String(repeating: "x", count: ConfigFile.maxLineLength)
        #expect {
            _ = try resolve(["--config", "f"], files: ["f": long])
        } throws: { ($0 as? UsageError)?.message.contains("f:1: line longer than") == true }
    }

    @Test func readRefusesMissingAndOversizedFiles() throws {
        #expect {
            _ = try ConfigFile.read("/nonexistent/wq.conf")
        } throws: { ($0 as? UsageError)?.message.contains("/nonexistent/wq.conf") == true }
        let path = try TemporaryFile.write(String(repeating: "# filler\n", count: ConfigFile.maxBytes / 9 + 2))
        defer { TemporaryFile.remove(path) }
        #expect {
            _ = try ConfigFile.read(path)
        } throws: { ($0 as? UsageError)?.message.contains("is over 64 KiB") == true }
    }

    @Test func printedConfigReadsBackToTheSameSettings() throws {
        let environment = ["WQT_MAX_MESSAGE": "1M", "WQT_ALLOWED_ORIGIN": "https://x.example,https://y.example"]
        let parsed = try resolve(
            ["--port", "9100", "--database", " spaced ", "--no-console"], environment: environment)
        let text = spec.configurationText(parsed)
        #expect(text.contains("# Port. [command line]\nport = 9100\n"))
        #expect(text.contains("[environment WQT_MAX_MESSAGE]\nmax-message = 1M\n"))
        #expect(text.contains("database = \" spaced \"\n"))
        let reread = try resolve(["--config", "p"], files: ["p": text])
        for key in ["port", "max-message", "allowed-origin", "database", "no-console"] {
            #expect(reread.values[key] == parsed.values[key], "\(key)")
        }
        // Defaults are written out; an option with neither value nor default is left commented.
        let defaults = spec.configurationText(try resolve([]))
        #expect(defaults.contains("[default]\nport = 8000\n"))
        #expect(defaults.contains("[not set]\n# database =\n"))
        #expect(defaults.contains("no-console = false\n"))
    }

    @Test func commandsThatDoNotReadConfigurationIgnoreTheEnvironment() throws {
        let plain = CommandSpec(
            name: "t", abstract: "", options: [OptionSpec("port", value: "n", default: "1", help: "")])
        let parsed = try plain.resolve([], environment: { $0 == "WQT_PORT" ? "5" : nil })
        #expect(parsed.string("port") == nil)
        #expect(throws: UsageError.self) { try plain.resolve(["--config", "x"]) }
    }

    @Test func environmentNamesAreUpperSnakeCase() {
        #expect(
            ConfigFile.environmentName(prefix: "WIREQUEST_", long: "max-connections-per-address")
                == "WIREQUEST_MAX_CONNECTIONS_PER_ADDRESS")
    }
}
