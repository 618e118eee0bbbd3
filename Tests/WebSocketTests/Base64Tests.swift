import Testing
import WebSocket

struct Base64Tests {
    // RFC 4648 §10.
    static let vectors: [(String, String)] = [
        ("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foob", "Zm9vYg=="), ("fooba", "Zm9vYmE="),
        ("foobar", "Zm9vYmFy"),
    ]

    @Test(arguments: vectors)
    func encodes(plain: String, encoded: String) {
        #expect(Base64.encode(Array(plain.utf8)) == encoded)
    }

    @Test(arguments: vectors)
    func decodes(plain: String, encoded: String) {
        #expect(Base64.decode(encoded) == Array(plain.utf8))
    }

    @Test func roundTripsEveryByteValue() {
        let bytes = (0..<256).map { UInt8($0) }
        for length in 0...bytes.count {
            let encoded = Base64.encode(bytes[0..<length])
            #expect(encoded.utf8.count % 4 == 0)
            #expect(Base64.decode(encoded) == Array(bytes[0..<length]))
        }
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
    }

    @Test(arguments: [
        "Zg", "Zg=", "Zm9",  // length not a multiple of 4
        "Zg==Zg==", "Z===", "====", "Zm=v",  // misplaced padding
        "Zm9v\n", "Zm 9v", "Zm9-", "Zm9_", "Zm9*", "Zm\u{E9}",  // characters outside the alphabet
        "Zh==", "Zm9=",  // non-zero bits after the last byte: rejected, so every encoding is canonical
    ])
    func rejectsInvalid(text: String) {
        #expect(Base64.decode(text) == nil)
    }

    @Test func decodesSubstrings() {
        let text = "xxZm9vYmFyxx"
        let inner = text.dropFirst(2).dropLast(2)
        #expect(Base64.decode(inner) == Array("foobar".utf8))
    }
}
