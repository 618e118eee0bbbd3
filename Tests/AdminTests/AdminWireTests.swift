import Admin
import Testing

@Suite struct AdminWireTests {
    @Test func responsesAreLengthPrefixed() {
        #expect(AdminResponse(.ok, "hé\n").encoded == Array("OK 4\nhé\n".utf8))
        #expect(AdminResponse(.error, "").encoded == Array("ERR 0\n".utf8))
        #expect(AdminResponse(.usage, "x").encoded == Array("USAGE 1\nx".utf8))
    }

    @Test func parserReassemblesResponsesSplitAnywhere() throws {
        let stream = AdminResponse(.ok, "two\nlines\n").encoded + AdminResponse(.error, "no").encoded
        for split in 0...stream.count {
            var parser = AdminResponseParser()
            var responses: [AdminResponse] = []
            parser.feed(stream[..<split])
            while let response = try parser.next() { responses.append(response) }
            parser.feed(stream[split...])
            while let response = try parser.next() { responses.append(response) }
            #expect(responses == [AdminResponse(.ok, "two\nlines\n"), AdminResponse(.error, "no")])
        }
    }

    @Test(arguments: [
        "HELLO 3\nabc", "OK -1\n", "OK x\n", "OK\n", "OK 99999999999\n", String(repeating: "O", count: 100),
    ])
    func parserRefusesMalformedHeads(text: String) {
        var parser = AdminResponseParser()
        parser.feed(Array(text.utf8))
        #expect(throws: AdminParseError.self) { try parser.next() }
    }

    @Test func requestLinesCarryTheJSONSwitch() {
        #expect(AdminRequestLine("--json status") == AdminRequestLine(json: true, command: "status"))
        #expect(AdminRequestLine("  --json") == AdminRequestLine(json: true, command: ""))
        #expect(AdminRequestLine("--jsonx status") == AdminRequestLine(json: false, command: "--jsonx status"))
        #expect(AdminRequestLine("say --json") == AdminRequestLine(json: false, command: "say --json"))
        #expect(AdminRequestLine(json: true, command: "players").encoded == Array("--json players\n".utf8))
    }

    @Test func lineBufferSplitsLinesAndSkipsOverlongOnes() {
        var buffer = AdminLineBuffer(limit: 8)
        #expect(buffer.feed(Array("sta".utf8)) == [])
        #expect(buffer.feed(Array("tus\r\nwho bob\n".utf8)) == [.line("status"), .line("who bob")])
        #expect(buffer.feed(Array("say 123456789".utf8)) == [.tooLong])
        #expect(buffer.feed(Array("more\nworlds\n".utf8)) == [.line("worlds")])
    }

    @Test func completionOffersCommandNames() {
        #expect(AdminShell.complete("res") == ["respawn-mobs ", "reset-password "])
        #expect(Set(AdminShell.complete("s")) == ["status ", "say ", "spawn ", "shutdown "])
        #expect(AdminShell.complete("help ki") == ["help kick"])
        #expect(AdminShell.complete("kick b") == [])
    }

    @Test(arguments: [(AdminStatus.ok, Int32(0)), (.error, 1), (.usage, 64)])
    func exitCodes(status: AdminStatus, code: Int32) {
        #expect(status.exitCode == code)
    }
}
