import Redis
import Testing

/// The examples of the RESP2 specification (redis.io/docs/reference/protocol-spec), with the values they mean.
private let specExamples: [(String, RESPValue)] = [
    ("+OK\r\n", .simpleString("OK")),
    ("-Error message\r\n", .error("Error message")),
    (
        "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n",
        .error("WRONGTYPE Operation against a key holding the wrong kind of value")
    ),
    (":0\r\n", .integer(0)),
    (":1000\r\n", .integer(1000)),
    (":-42\r\n", .integer(-42)),
    ("$5\r\nhello\r\n", .bulkString(Array("hello".utf8))),
    ("$0\r\n\r\n", .bulkString([])),
    ("$-1\r\n", .null),
    ("*0\r\n", .array([])),
    (
        "*2\r\n$5\r\nhello\r\n$5\r\nworld\r\n",
        .array([.bulkString(Array("hello".utf8)), .bulkString(Array("world".utf8))])
    ),
    ("*3\r\n:1\r\n:2\r\n:3\r\n", .array([.integer(1), .integer(2), .integer(3)])),
    (
        "*5\r\n:1\r\n:2\r\n:3\r\n:4\r\n$5\r\nhello\r\n",
        .array([.integer(1), .integer(2), .integer(3), .integer(4), .bulkString(Array("hello".utf8))])
    ),
    ("*-1\r\n", .null),
    (
        "*2\r\n*3\r\n:1\r\n:2\r\n:3\r\n*2\r\n+Hello\r\n-World\r\n",
        .array([.array([.integer(1), .integer(2), .integer(3)]), .array([.simpleString("Hello"), .error("World")])])
    ),
    (
        "*3\r\n$5\r\nhello\r\n$-1\r\n$5\r\nworld\r\n",
        .array([.bulkString(Array("hello".utf8)), .null, .bulkString(Array("world".utf8))])
    ),
    // A bulk string is binary-safe: CR, LF and NUL inside it are data.
    ("$6\r\na\r\n\0\rb\r\n", .bulkString([97, 13, 10, 0, 13, 98])),
    (":9223372036854775807\r\n", .integer(.max)),
    (":-9223372036854775808\r\n", .integer(.min)),
]

private func parseAll(_ chunks: [[UInt8]], limits: RESPParser.Limits = .init()) throws(RESPError) -> [RESPValue] {
    var parser = RESPParser(limits: limits)
    var values: [RESPValue] = []
    for chunk in chunks {
        parser.append(chunk)
        while let value = try parser.next() { values.append(value) }
    }
    return values
}

private func parseError(_ text: String, limits: RESPParser.Limits = .init()) -> RESPError? {
    do {
        _ = try parseAll([Array(text.utf8)], limits: limits)
        return nil
    } catch {
        return error
    }
}

struct RESPParserTests {
    @Test func parsesEveryExampleOfTheSpec() throws {
        for (text, expected) in specExamples {
            #expect(try parseAll([Array(text.utf8)]) == [expected], "\(text.debugDescription)")
        }
    }

    @Test func everySplitOfTheStreamGivesTheSameValues() throws {
        let stream = specExamples.flatMap { Array($0.0.utf8) }
        let expected = specExamples.map(\.1)
        for split in 0...stream.count {
            let values = try parseAll([Array(stream[..<split]), Array(stream[split...])])
            #expect(values == expected, "split at \(split)")
        }
        #expect(try parseAll(stream.map { [$0] }) == expected, "one byte at a time")
        for (first, second) in [(3, 50), (17, 18), (100, 240), (1, stream.count - 1)] {
            let chunks = [Array(stream[..<first]), Array(stream[first..<second]), Array(stream[second...])]
            #expect(try parseAll(chunks) == expected, "splits at \(first) and \(second)")
        }
    }

    @Test func waitsForAnIncompleteValue() throws {
        var parser = RESPParser()
        parser.append(Array("*2\r\n$5\r\nhel".utf8))
        #expect(try parser.next() == nil)
        parser.append(Array("lo\r\n:7".utf8))
        #expect(try parser.next() == nil)
        parser.append(Array("\r\n+OK\r\n".utf8))
        #expect(try parser.next() == .array([.bulkString(Array("hello".utf8)), .integer(7)]))
        #expect(try parser.next() == .simpleString("OK"))
        #expect(try parser.next() == nil)
        #expect(parser.bufferedByteCount == 0)
    }

    @Test func rejectsABulkStringOverTheLimitBeforeItArrives() {
        let limits = RESPParser.Limits(maxBulkLength: 1024)
        #expect(parseError("$1025\r\n", limits: limits) == .tooLarge("bulk string of 1025 bytes (limit 1024)"))
        #expect(parseError("$1024\r\n", limits: limits) == nil)
        #expect(parseError("$\(8 << 20 + 1)\r\n") != nil, "the default limit is 8 MiB")
        #expect(parseError("$\(8 << 20)\r\n") == nil)
    }

    @Test func rejectsArraysTooLongOrTooDeep() {
        #expect(parseError("*1000001\r\n") == .tooLarge("array of 1000001 elements (limit 1000000)"))
        #expect(parseError("*1000000\r\n") == nil)
        let eight = String(repeating: "*1\r\n", count: 8) + ":1\r\n"
        #expect(parseError(eight) == nil)
        let nine = String(repeating: "*1\r\n", count: 9) + ":1\r\n"
        #expect(parseError(nine) == .tooDeep(8))
        // Empty arrays add no level: they are finished values.
        #expect(parseError(String(repeating: "*1\r\n", count: 8) + "*0\r\n") == nil)
    }

    @Test func boundsTheBytesOfOneWholeReply() {
        let limits = RESPParser.Limits(maxReplyBytes: 40)
        let element = "$5\r\nhello\r\n"  // 11 bytes
        #expect(parseError("*3\r\n" + String(repeating: element, count: 3), limits: limits) == nil, "37 bytes")
        #expect(
            parseError("*4\r\n" + String(repeating: element, count: 4), limits: limits)
                == .tooLarge("reply over 40 bytes"))
        #expect(
            parseError(String(repeating: element, count: 10), limits: limits) == nil, "separate replies count apart")
    }

    @Test func rejectsMalformedInput() {
        let malformed = [
            "?what\r\n", ":12a\r\n", ":\r\n", ":-\r\n", ":+5\r\n", "$-2\r\n", "*-2\r\n", "$3\r\nabcXY", "+OK\n",
            "+OK\rX", ":9223372036854775808\r\n", ":-9223372036854775809\r\n", "$ 3\r\nabc\r\n", "*1x\r\n",
        ]
        for text in malformed {
            guard case .malformed = parseError(text) else {
                Issue.record("accepted \(text.debugDescription)")
                continue
            }
        }
    }

    @Test func rejectsALineOverTheLimitWithoutItsEnd() {
        let limits = RESPParser.Limits(maxLineLength: 16)
        #expect(parseError("+" + String(repeating: "a", count: 17), limits: limits) != nil)
        #expect(parseError("+" + String(repeating: "a", count: 16), limits: limits) == nil, "may still end")
        #expect(parseError("+" + String(repeating: "a", count: 16) + "\r\n", limits: limits) == nil)
    }

    @Test func keepsFailingAfterAnErrorAndForgetsItOnReset() throws {
        var parser = RESPParser()
        parser.append(Array("!oops\r\n+OK\r\n".utf8))
        #expect(throws: RESPError.self) { try parser.next() }
        #expect(throws: RESPError.self) { try parser.next() }
        parser.reset()
        parser.append(Array("+OK\r\n".utf8))
        #expect(try parser.next() == .simpleString("OK"))
    }

    @Test func parsesALargeBulkStringArrivingInPieces() throws {
        let payload = (0..<(3 << 20)).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var stream = Array("$\(payload.count)\r\n".utf8) + payload + Array("\r\n:1\r\n".utf8)
        var parser = RESPParser()
        var values: [RESPValue] = []
        while !stream.isEmpty {
            let piece = stream.prefix(65536)
            parser.append(piece)
            stream.removeFirst(piece.count)
            while let value = try parser.next() { values.append(value) }
        }
        #expect(values == [.bulkString(payload), .integer(1)])
    }
}

struct RESPEncoderTests {
    @Test func encodesCommandsAsTheSpecShows() {
        var buffer: [UInt8] = []
        RESPEncoder.appendCommand(["LLEN", "mylist"], into: &buffer)
        #expect(buffer == Array("*2\r\n$4\r\nLLEN\r\n$6\r\nmylist\r\n".utf8))
        buffer.removeAll()
        RESPEncoder.appendCommand(["SET", "mykey", "myvalue"], into: &buffer)
        #expect(buffer == Array("*3\r\n$3\r\nSET\r\n$5\r\nmykey\r\n$7\r\nmyvalue\r\n".utf8))
    }

    @Test func appendsAfterWhatTheBufferHolds() {
        var buffer = Array("xy".utf8)
        RESPEncoder.appendCommand(["PING"], into: &buffer)
        RESPEncoder.appendCommand([[], [0, 13, 10]], into: &buffer)
        #expect(buffer == Array("xy*1\r\n$4\r\nPING\r\n*2\r\n$0\r\n\r\n$3\r\n\0\r\n\r\n".utf8))
    }

    @Test func encodesLengthsOfEveryWidthAndReportsTheSize() throws {
        for length in [0, 1, 9, 10, 99, 100, 12345, 1 << 20] {
            let arguments: [[UInt8]] = [Array("SET".utf8), [UInt8](repeating: 65, count: length)]
            var buffer: [UInt8] = []
            RESPEncoder.appendCommand(arguments, into: &buffer)
            #expect(buffer.count == RESPEncoder.encodedSize(arguments))
            #expect(Array(buffer.prefix(13)) == Array("*2\r\n$3\r\nSET\r\n".utf8))
            let header = Array("$\(length)\r\n".utf8)
            #expect(Array(buffer[13..<(13 + header.count)]) == header)
            // What we encode, Redis's own parser reads; ours is its stand-in here.
            var parser = RESPParser(limits: .init(maxBulkLength: 2 << 20))
            parser.append(buffer)
            #expect(try parser.next() == .array(arguments.map { .bulkString($0) }))
        }
    }
}
