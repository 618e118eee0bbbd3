import Admin
import Testing

@Suite struct AdminCommandTests {
    @Test(arguments: [
        ("status", AdminCommand.status),
        ("  WORLDS  ", .worlds),
        ("players", .players(world: nil)),
        ("players 3", .players(world: 3)),
        ("who bob", .who(name: "bob")),
        ("who \"big bob\"", .who(name: "big bob")),
        ("kick bob", .kick(name: "bob", reason: nil)),
        ("kick bob spamming the  chat", .kick(name: "bob", reason: "spamming the chat")),
        ("ban bob", .ban(.name("bob"), seconds: nil)),
        ("ban bob 2h", .ban(.name("bob"), seconds: 7200)),
        ("ban 10.0.0.7 30m", .ban(.address("10.0.0.7"), seconds: 1800)),
        ("ban ::1 forever", .ban(.address("::1"), seconds: nil)),
        ("unban 10.0.0.7", .unban(.address("10.0.0.7"))),
        ("bans", .bans),
        ("mute bob 90", .mute(name: "bob", seconds: 90)),
        ("mute bob", .mute(name: "bob", seconds: nil)),
        ("unmute bob", .unmute(name: "bob")),
        ("say Server restarts at noon", .say(text: "Server restarts at noon")),
        ("tp bob 12 34", .teleport(name: "bob", x: 12, y: 34)),
        ("spawn Rat 10 20", .spawn(kind: "rat", x: 10, y: 20, world: nil)),
        ("spawn goblin 10 20 2", .spawn(kind: "goblin", x: 10, y: 20, world: 2)),
        ("respawn-mobs", .respawnMobs(world: nil)),
        ("respawn-mobs 1", .respawnMobs(world: 1)),
        ("loglevel", .logLevel(nil)),
        ("loglevel DEBUG", .logLevel("debug")),
        ("drain", .drain(true)),
        ("drain off", .drain(false)),
        ("shutdown", .shutdown(seconds: 10)),
        ("shutdown 5", .shutdown(seconds: 5)),
        ("shutdown 2m", .shutdown(seconds: 120)),
        ("shutdown cancel", .cancelShutdown),
        ("help", .help(nil)),
        ("help Kick", .help("kick")),
    ])
    func parses(line: String, command: AdminCommand) throws {
        #expect(try AdminCommand.parse(line) == command)
    }

    @Test(arguments: [
        ("", "empty command"),
        ("frobnicate", "unknown command 'frobnicate'"),
        ("who", "missing NAME"),
        ("tp bob 1", "missing Y"),
        ("tp bob x 1", "X must be a whole number"),
        ("tp bob -1 1", "X must be a whole number"),
        ("players zero", "WORLD must be a whole number"),
        ("status now", "unexpected 'now'"),
        ("ban bob soon", "'soon' is not a duration"),
        ("mute bob 0", "'0' is not a duration"),
        ("mute bob 5 extra", "unexpected 'extra'"),
        ("say", "missing TEXT"),
        ("loglevel loud", "unknown level 'loud'"),
        ("drain maybe", "'maybe'"),
        ("shutdown 99999", "not a countdown"),
        ("who \"bob", "unterminated quote"),
    ])
    func refuses(line: String, message: String) {
        #expect {
            try AdminCommand.parse(line)
        } throws: { error in
            (error as? AdminParseError)?.message.contains(message) ?? false
        }
    }

    @Test func usageErrorsShowTheUsage() {
        #expect {
            try AdminCommand.parse("tp bob")
        } throws: { error in
            (error as? AdminParseError)?.message.hasSuffix("usage: tp NAME X Y") ?? false
        }
    }

    @Test func refusesHugeLinesAndTooManyWords() {
        #expect(throws: AdminParseError.self) { try AdminCommand.parse("say " + String(repeating: "x", count: 5000)) }
        #expect(throws: AdminParseError.self) {
            try AdminCommand.parse("say" + String(repeating: " w", count: 100))
        }
    }

    @Test func onlyActionsAreAudited() throws {
        #expect(try !AdminCommand.parse("players").isAction)
        #expect(try !AdminCommand.parse("loglevel").isAction)
        #expect(try AdminCommand.parse("loglevel debug").isAction)
        #expect(try AdminCommand.parse("kick bob").isAction)
        #expect(try AdminCommand.parse("say hi").isAction)
    }

    @Test func everyCommandHasHelpAndAParser() throws {
        #expect(AdminCommandSpec.all.count == Set(AdminCommandSpec.names).count)
        for spec in AdminCommandSpec.all {
            #expect(spec.help.hasPrefix("usage: \(spec.name)"))
            #expect(AdminCommandSpec.overview.contains(spec.usage))
            // Every command parses from its own name or reports a missing argument: never "has no parser".
            do {
                _ = try AdminCommand.parse(spec.name)
            } catch {
                #expect(!error.message.contains("no parser"), "\(spec.name): \(error.message)")
                #expect(error.message.contains("usage: \(spec.usage)"))
            }
        }
    }
}

@Suite struct AdminTokenizerTests {
    @Test func splitsOnSpacesAndKeepsQuotedText() throws {
        #expect(try AdminTokenizer.split("  a  b\tc ") == ["a", "b", "c"])
        #expect(try AdminTokenizer.split(#"who "big bob" x"#) == ["who", "big bob", "x"])
        #expect(try AdminTokenizer.split(#"say "a \"quoted\" \\ word""#) == ["say", #"a "quoted" \ word"#])
        #expect(try AdminTokenizer.split(#"x "" y"#) == ["x", "", "y"])
        #expect(try AdminTokenizer.split(#"ab"c d"e"#) == ["abc de"])
    }

    @Test(arguments: ["bob", "big bob", #"a"b"#, #"back\slash"#, "", "tab\there"])
    func quoteRoundTrips(word: String) throws {
        #expect(try AdminTokenizer.split("x " + AdminTokenizer.quote(word)) == ["x", word])
    }
}

@Suite struct AdminDurationTests {
    @Test(arguments: [("90", 90), ("30s", 30), ("10m", 600), ("2h", 7200), ("7d", 604_800), ("0", 0)])
    func parses(text: String, seconds: Int) {
        #expect(AdminDuration.seconds(text) == seconds)
    }

    @Test(arguments: ["", "m", "-5", "5x", "1.5h", "9999999999d", "٣m"])
    func refuses(text: String) {
        #expect(AdminDuration.seconds(text) == nil)
    }

    @Test func formats() {
        #expect(AdminDuration.format(0) == "0s")
        #expect(AdminDuration.format(5400) == "1h30m")
        #expect(AdminDuration.format(90_061) == "1d1h1m1s")
    }

    @Test func recognisesAddresses() {
        for address in ["10.0.0.7", "255.255.255.255", "::1", "2001:db8::8a2e:370:7334", "::ffff:10.0.0.1"] {
            #expect(AdminAddress.isIPAddress(address), "\(address)")
        }
        for name in ["bob", "256.1.1.1", "1.2.3", "1.2.3.4.5", "a:b:c:d:e:f:g:h:i", "bob:smith", "1..2.3"] {
            #expect(!AdminAddress.isIPAddress(name), "\(name)")
        }
    }
}
