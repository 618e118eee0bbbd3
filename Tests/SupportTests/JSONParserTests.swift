import Support
import Testing

struct JSONParserTests {
    /// RFC 8259 §13, first example.
    @Test func parsesTheRFCImageExample() throws {
        let text = """
            {
              "Image": {
                  "Width":  800,
                  "Height": 600,
                  "Title":  "View from 15th Floor",
                  "Thumbnail": {
                      "Url":    "http://www.example.com/image/481989943",
                      "Height": 125,
                      "Width":  100
                  },
                  "Animated" : false,
                  "IDs": [116, 943, 234, 38793]
                }
            }
            """
        let value = try JSONParser.parse(text)
        let image = try #require(value["Image"])
        #expect(image["Width"] == .integer(800))
        #expect(image["Title"]?.string == "View from 15th Floor")
        #expect(image["Thumbnail"]?["Url"]?.string == "http://www.example.com/image/481989943")
        #expect(image["Animated"]?.bool == false)
        #expect(image["IDs"]?.array?.compactMap(\.int) == [116, 943, 234, 38793])
    }

    /// RFC 8259 §13, second example.
    @Test func parsesTheRFCArrayExample() throws {
        let text = """
            [
              {
                 "precision": "zip",
                 "Latitude":  37.7668,
                 "Longitude": -122.3959,
                 "Address":   "",
                 "City":      "SAN FRANCISCO",
                 "State":     "CA",
                 "Zip":       "94107",
                 "Country":   "US"
              },
              {
                 "precision": "zip",
                 "Latitude":  37.371991,
                 "Longitude": -122.026020,
                 "Address":   "",
                 "City":      "SUNNYVALE",
                 "State":     "CA",
                 "Zip":       "94085",
                 "Country":   "US"
              }
            ]
            """
        let value = try JSONParser.parse(text)
        #expect(value.array?.count == 2)
        #expect(value[0]?["Latitude"] == .number(37.7668))
        #expect(value[1]?["Longitude"]?.double == -122.026020)
        #expect(value[1]?["Address"] == .string(""))
        #expect(value[2] == nil)
    }

    /// RFC 8259 §13: any value may be the whole text.
    @Test(arguments: [
        (#""Hello world!""#, JSONValue.string("Hello world!")), ("42", .integer(42)), ("true", .bool(true)),
        ("false", .bool(false)), ("null", .null), (" \t\r\n[ ] ", .array([])), ("{}", .object([:])),
    ])
    func parsesScalarsAsDocuments(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test(arguments: [
        ("0", JSONValue.integer(0)), ("-0", .number(-0.0)), ("-1", .integer(-1)), ("1e3", .number(1000)),
        ("1E+3", .number(1000)), ("2.5e-3", .number(0.0025)), ("1.0", .number(1)), ("-12.75", .number(-12.75)),
        ("9223372036854775807", .integer(Int.max)), ("-9223372036854775808", .integer(Int.min)),
        ("9223372036854775808", .number(9_223_372_036_854_775_808)),
        ("123456789012345678901234567890", .number(1.2345678901234568e29)), ("1e-400", .number(0)),
    ])
    func parsesNumbers(text: String, expected: JSONValue) throws {
        let value = try JSONParser.parse(text)
        #expect(value == expected)
        if text == "-0" { #expect(value.double?.sign == .minus) }
    }

    @Test func intAccessorAcceptsIntegralDoubles() throws {
        #expect(JSONValue.number(3).int == 3)
        #expect(JSONValue.number(3.5).int == nil)
        #expect(JSONValue.number(1e300).int == nil)
        #expect(JSONValue.number(-0.0).int == 0)
        #expect(JSONValue.integer(7).double == 7)
        #expect(JSONValue.string("7").int == nil)
        #expect(JSONValue.null.isNull)
        #expect(JSONValue.integer(1)["x"] == nil)
    }

    @Test func decodesEveryEscape() throws {
        let value = try JSONParser.parse(#""a\"b\\c\/d\be\ff\ng\rh\ti\u0041\u00e9\u20AC""#)
        #expect(value == .string("a\"b\\c/d\u{08}e\u{0C}f\ng\rh\ti" + "A\u{E9}\u{20AC}"))
    }

    @Test func combinesSurrogatePairsAndKeepsRawUTF8() throws {
        #expect(try JSONParser.parse(#""\uD83D\uDE00""#) == .string("\u{1F600}"))
        #expect(try JSONParser.parse(#""x\ud834\udd1ey""#) == .string("x\u{1D11E}y"))
        #expect(try JSONParser.parse("\"caf\u{E9} \u{1F600}\"") == .string("caf\u{E9} \u{1F600}"))
        #expect(try JSONParser.parse("\"\u{E9}\\n\"") == .string("\u{E9}\n"))
        #expect(try JSONParser.parse(#""\u0000""#) == .string("\u{0}"))
    }

    @Test func lastDuplicateKeyWins() throws {
        #expect(try JSONParser.parse(#"{"a": 1, "b": 2, "a": 3}"#) == .object(["a": .integer(3), "b": .integer(2)]))
    }

    @Test func skipsAByteOrderMark() throws {
        #expect(try JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("[1]".utf8)) == .array([.integer(1)]))
    }

    @Test func acceptsNestingUpToTheLimitAndRejectsDeeper() throws {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(try JSONParser.parse(ok).array?.count == 1)
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(throws: JSONError(reason: .nestingTooDeep(limit: 512), line: 1, column: 513, offset: 512)) {
            try JSONParser.parse(deep)
        }
        #expect(throws: JSONError.self) { try JSONParser.parse(#"{"a":{"b":[1]}}"#, maxDepth: 2) }
        #expect(try JSONParser.parse(#"{"a":{"b":1}}"#, maxDepth: 2)["a"]?["b"] == .integer(1))
    }

    @Test(arguments: [
        ("", JSONError.Reason.unexpectedEnd),
        ("   ", .unexpectedEnd),
        ("[1, 2", .unexpectedEnd),
        (#"{"a""#, .unexpectedEnd),
        (#""abc"#, .unexpectedEnd),
        (#""\u12"#, .unexpectedEnd),
        ("[1 2]", .unexpectedByte(found: UInt8(ascii: "2"), expected: "',' or ']'")),
        ("[1,]", .unexpectedByte(found: UInt8(ascii: "]"), expected: "a value")),
        (#"{"a":1,}"#, .unexpectedByte(found: UInt8(ascii: "}"), expected: "a string key")),
        (#"{"a" 1}"#, .unexpectedByte(found: UInt8(ascii: "1"), expected: "':' after an object key")),
        (#"{"a":1 "b":2}"#, .unexpectedByte(found: UInt8(ascii: "\""), expected: "',' or '}'")),
        ("{a:1}", .unexpectedByte(found: UInt8(ascii: "a"), expected: "a string key")),
        ("'x'", .unexpectedByte(found: UInt8(ascii: "'"), expected: "a value")),
        ("tru", .unexpectedEnd),
        ("trUe", .invalidLiteral),
        ("nul1", .invalidLiteral),
        ("01", .invalidNumber),
        ("-", .invalidNumber),
        ("+1", .unexpectedByte(found: UInt8(ascii: "+"), expected: "a value")),
        ("1.", .invalidNumber),
        (".5", .unexpectedByte(found: UInt8(ascii: "."), expected: "a value")),
        ("1e", .invalidNumber),
        ("1e+", .invalidNumber),
        ("-x", .invalidNumber),
        ("1e400", .numberOutOfRange),
        ("\"a\tb\"", .controlCharacterInString),
        ("\"a\nb\"", .controlCharacterInString),
        (#""\x""#, .invalidEscape),
        (#""\u12G4""#, .invalidUnicodeEscape),
        (#""\uDE00""#, .loneSurrogate),
        (#""\uD83D""#, .loneSurrogate),
        (#""\uD83Dx""#, .loneSurrogate),
        (#""\uD83D\u0041""#, .loneSurrogate),
        ("[1] x", .trailingData),
        ("1 2", .trailingData),
        ("{} {}", .trailingData),
    ])
    func rejects(text: String, reason: JSONError.Reason) {
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            (error as? JSONError)?.reason == reason
        }
    }

    @Test(arguments: [[0x22, 0xC3, 0x28, 0x22], [0x22, 0xFF, 0x22], [0x22, 0x5C, 0x6E, 0xED, 0xA0, 0x80, 0x22]])
    func rejectsInvalidUTF8InStrings(bytes: [UInt8]) {
        #expect(throws: JSONError(reason: .invalidUTF8, line: 1, column: 1, offset: 0)) {
            try JSONParser.parse(bytes)
        }
    }

    @Test func rejectsNonASCIIOutsideStrings() {
        let reason = JSONError.Reason.unexpectedByte(found: 0xC3, expected: "a value")
        let expected = JSONError(reason: reason, line: 1, column: 2, offset: 1)
        #expect(throws: expected) { try JSONParser.parse([UInt8(ascii: "["), 0xC3, 0xA9, UInt8(ascii: "]")]) }
    }

    @Test func errorsGiveLineAndColumn() {
        let text = "{\n  \"a\": 1,\n  \"b\": tru\n}"
        #expect {
            try JSONParser.parse(text)
        } throws: { error in
            guard let error = error as? JSONError else { return false }
            return error.line == 3 && error.column == 8 && error.offset == 19
                && error.description == "line 3, column 8: invalid literal (expected true, false or null)"
        }
        let reason = JSONError.Reason.unexpectedByte(found: 0x0A, expected: "a value")
        let newline = JSONError(reason: reason, line: 1, column: 1, offset: 0)
        #expect(newline.description == "line 1, column 1: expected a value, found byte 0x0A")
    }

    @Test func parsesFromARawBuffer() throws {
        let bytes = Array(#"{"k":[true,null]}"#.utf8)
        let value = try bytes.withUnsafeBytes { raw in try JSONParser.parse(raw) }
        #expect(value == .object(["k": .array([.bool(true), .null])]))
    }
}
