import Support
import Testing

struct JSONWriterTests {
    @Test func writesCompactlyWithSortedKeys() {
        let value = JSONValue.object([
            "name": .string("wq"), "ok": .bool(true), "players": .integer(12), "load": .number(0.25),
            "zones": .array([.integer(1), .null, .object([:])]),
        ])
        #expect(
            JSONWriter.string(value)
                == #"{"load":0.25,"name":"wq","ok":true,"players":12,"zones":[1,null,{}]}"#)
        #expect(value.description == JSONWriter.string(value))
    }

    @Test func escapesStrings() {
        let text = JSONWriter.string(.string("q\"b\\s/\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{E9}\u{1F600}"))
        #expect(text == #""q\"b\\s/\n\r\t\b\f\u0001\u001f"# + "\u{E9}\u{1F600}\"")
    }

    @Test(arguments: [
        (1.0, "1.0"), (-0.0, "-0.0"), (0.1, "0.1"), (1e20, "1e+20"), (1.5e-7, "1.5e-07"),
        (Double.infinity, "null"), (Double.nan, "null"),
    ])
    func writesDoubles(number: Double, text: String) {
        #expect(JSONWriter.string(.number(number)) == text)
    }

    @Test func writesIntegerExtremes() {
        let text = JSONWriter.string(.array([.integer(Int.min), .integer(Int.max)]))
        #expect(text == "[-9223372036854775808,9223372036854775807]")
    }

    /// Whatever the writer emits parses back to the same value.
    @Test func roundTrips() throws {
        let value = JSONValue.object([
            "a": .array([.integer(-3), .number(2.5), .number(-0.0), .number(1e-300), .number(123_456.789)]),
            "b": .object(["nested": .object(["deep": .array([.array([.null])])])]),
            "c": .string("tab\there \"quoted\" \u{0}\u{7F} \u{FFFF} \u{10FFFF}"),
            "": .bool(false),
        ])
        let text = JSONWriter.string(value)
        #expect(try JSONParser.parse(text) == value)
        #expect(JSONWriter.string(try JSONParser.parse(text)) == text)
    }

    @Test func appendsToAnExistingBuffer() {
        var output = Array("x=".utf8)
        JSONWriter.write(.array([.string("y")]), into: &output)
        #expect(String(decoding: output, as: UTF8.self) == #"x=["y"]"#)
    }
}
