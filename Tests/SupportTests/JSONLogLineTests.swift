import Foundation
import Support
import Testing

/// JSON log lines: one RFC 8259 object per line, whatever the message holds. Foundation's parser is the referee
/// (tests only; the server writes the lines itself).
struct JSONLogLineTests {
    private func parse(_ line: String) throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(line.utf8))
        return try #require(object as? [String: Any])
    }

    private func encoded(_ text: String) -> String {
        var out = ""
        JSONLogLine.appendString(text, to: &out)
        return out
    }

    @Test func writesTheRecordAndItsFieldsInOrder() throws {
        let logger = Logger(label: "game", metadata: ["conn": LogValue(UInt64(12)), "addr": "10.0.0.7"])
        let line = logger.line(
            .notice, "Ada left", ["player": "Ada", "world": 1, "conn": LogValue(UInt64(13))], format: .json)
        #expect(line.hasPrefix(#"{"ts":"20"#))
        #expect(
            line.hasSuffix(
                #","level":"notice","label":"game","msg":"Ada left","conn":13,"addr":"10.0.0.7","player":"Ada","world":1}"#
            ))
        let object = try parse(line)
        #expect(object["level"] as? String == "notice")
        #expect(object["conn"] as? Int == 13)
        #expect(object["world"] as? Int == 1)
        #expect(object["player"] as? String == "Ada")
        // ts is RFC 3339 UTC with milliseconds.
        let ts = try #require(object["ts"] as? String)
        #expect(ts.count == 24 && ts.hasSuffix("Z") && Array(ts)[10] == "T")
    }

    @Test func textLinesAreUnchangedAndLeaveMetadataOut() {
        let line = Logger(label: "game", metadata: ["conn": 3]).line(.info, "hello", ["player": "Ada"])
        #expect(line.hasSuffix(" info [game] hello"))
        #expect(!line.contains("Ada") && !line.contains("conn"))
    }

    /// RFC 8259 section 7: quote, backslash and U+0000–001F must be escaped; the short forms where they exist.
    @Test func escapesWhatRFC8259Requires() {
        #expect(encoded(#"say "hi" \ bye"#) == #""say \"hi\" \\ bye""#)
        #expect(encoded("a\nb\rc\td\u{8}e\u{C}f") == #""a\nb\rc\td\be\ff""#)
        #expect(encoded("\u{0}\u{1}\u{1F}\u{1B}[31m") == #""\u0000\u0001\u001f\u001b[31m""#)
        #expect(encoded("") == #""""#)
    }

    @Test func escapesTerminalAndLineBreakingControlsToo() {
        #expect(encoded("x\u{7F}y\u{85}z\u{9B}") == #""x\u007fy\u0085z\u009b""#)
        #expect(encoded("Ada\u{202E}nimda\u{2028}\u{2029}") == #""Ada\u202enimda\u2028\u2029""#)
        #expect(encoded("\u{61C}\u{200F}\u{2066}") == #""\u061c\u200f\u2066""#)
    }

    @Test func keepsNonASCIIAsUTF8() {
        for text in ["Élodie — “quoted” … ✓", "山田", "محمد", "🙂", "plain"] {
            #expect(encoded(text) == "\"" + text + "\"")
        }
    }

    @Test func invalidUTF8AndHostileTextStillGiveOneParsableLine() throws {
        let bytes: [UInt8] = [0x41, 0xFF, 0xC3, 0x28, 0x0A, 0x22, 0xED, 0xA0, 0x80, 0x5C, 0x00, 0xE2, 0x80]
        let hostile = String(decoding: bytes, as: UTF8.self)
        let line = Logger(label: "lab\"el\n").line(
            .error, hostile, ["addr": .string(hostile), "msg": "not the message"], format: .json)
        #expect(!line.contains("\n") && !line.contains("\u{0}"))
        let object = try parse(line)
        #expect(object["msg"] as? String == hostile)
        #expect(object["addr"] as? String == hostile)
        #expect(object["label"] as? String == "lab\"el\n")
        // A field named like a reserved key does not make a duplicate key.
        #expect(object["meta_msg"] as? String == "not the message")
    }

    @Test func everyScalarRoundTrips() throws {
        var text = ""
        for value in UInt32(0)...0x2100 { if let scalar = Unicode.Scalar(value) { text.unicodeScalars.append(scalar) } }
        text += "\u{1F600}\u{10FFFF}"
        let object = try parse(Logger(label: "t").line(.info, text, format: .json))
        #expect(object["msg"] as? String == text)
    }

    @Test func metadataMergesByKey() {
        let base: LogMetadata = ["conn": 1, "addr": "a"]
        let merged = base.merging(["addr": "b", "player": "Ada"])
        #expect(merged == ["conn": 1, "addr": "b", "player": "Ada"])
        #expect(LogMetadata().merging(["x": 1]) == ["x": 1])
        #expect(Logger(label: "l", metadata: ["conn": 1]).with(["world": 2]).metadata == ["conn": 1, "world": 2])
    }

    @Test func integersKeepTheirValue() {
        #expect(LogValue(UInt64.max) == .uint(UInt64.max))
        #expect(LogValue(-5) == .int(-5))
        #expect(LogValue(UInt16(1008)) == .int(1008))
        #expect(LogValue(UInt64.max).description == "18446744073709551615")
    }

    @Test func parsesFormatNames() {
        #expect(LogFormat(name: "json") == .json)
        #expect(LogFormat(name: "TEXT") == .text)
        #expect(LogFormat(name: "xml") == nil)
    }
}
