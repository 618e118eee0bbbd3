import GameProtocol
import Support
import Testing

struct JSONStringTests {
    @Test(arguments: [
        (#"plain"#, "plain"),
        (#"a\"b\\c\/d"#, "a\"b\\c/d"),
        (#"\b\f\n\r\t"#, "\u{8}\u{C}\n\r\t"),
        (#"\u0041\u00e9\u00E9\u20AC"#, "Aéé€"),
        (#"caf\u00e9 ok"#, "café ok"),
        (#"\ud83d\ude00"#, "😀"),
        (#"\uD83D\uDE00!"#, "😀!"),
        (#"x\uDBFF\uDFFFy"#, "x\u{10FFFF}y"),
        (#"\u0000"#, "\u{0}"),
        (#"\u003cb\u003e"#, "<b>"),
        ("héllo 😀 日本", "héllo 😀 日本"),
        (#"héllo\n😀"#, "héllo\n😀"),
        (#"\\\\"#, #"\\"#),
        (#""#, ""),
    ])
    func decodesEscapes(json: String, expected: String) {
        #expect(decode(#"[11,"\#(json)"]"#) == .success(.chat(expected)))
    }

    @Test(arguments: [
        #"a\qb"#, #"\x41"#, #"\U0041"#, #"\u12G4"#, #"\u-123"#, #"\ud800"#, #"\ud800x"#, #"\ud800\u0041"#, #"\ud800\n"#,
        #"\udc00"#, #"\ude00\ud83d"#, #"\ud83d\ud83d"#, "a\nb", "tab\there", "\u{1F}", #"\'"#,
    ])
    func refusesBadStrings(json: String) {
        #expect(decodeError(#"[11,"\#(json)"]"#) == .badString, "\(json)")
    }

    @Test(
        arguments: [
            [0xFF], [0xC3], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xE2, 0x82],
        ] as [[UInt8]])
    func refusesInvalidUTF8(bytes: [UInt8]) {
        var decoder = ClientMessageDecoder()
        let plain = Array(#"[11,"a"#.utf8) + bytes + Array(#"b"]"#.utf8)
        #expect(decode(plain, with: &decoder) == .failure(.badString))
        let escaped = Array(#"[11,"\n"#.utf8) + bytes + Array(#"b"]"#.utf8)
        #expect(decode(escaped, with: &decoder) == .failure(.badString))
    }

    @Test func decodesHelloNameWithEscapes() {
        #expect(
            decode(#"[0,"\u003cb\u003e\"bob\"",22,61]"#) == .success(.hello(name: "<b>\"bob\"", armor: 22, weapon: 61)))
    }

    @Test func roundTripsRandomTextThroughServerEncodingAndClientDecoding() throws {
        var random = SplitMix64(seed: 0x5EED_0001)
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", " ", "\"", "\\", "/", "<", ">", "&", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}", "é", "€",
            "\u{2028}", "😀", "\u{10FFFF}",
        ]
        var decoder = ClientMessageDecoder()
        for _ in 0..<1_000 {
            var text = ""
            for _ in 0..<Int.random(in: 0...20, using: &random) {
                text.unicodeScalars.append(alphabet.randomElement(using: &random)!)
            }
            // [11,5,"…"] from the server is [11,"…"] from a client once the player id is dropped.
            let server = encoded(.chat(player: 5, text: text))
            #expect(server.hasPrefix("[11,5,"))
            let client = "[11," + server.dropFirst(6)
            #expect(decode(Array(client.utf8), with: &decoder) == .success(.chat(text)))
        }
    }
}
