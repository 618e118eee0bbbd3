import GameProtocol
import Support
import Testing

struct DecoderFuzzTests {
    static let valid =
        ClientMessageDecoderTests.messages.map { Array($0.0.utf8) } + [
            Array(spaced(#"[0,"caf\u00e9 \ud83d\ude00",21,60]"#).utf8), Array("[20,1,2,3,4,5,6,7,8,9]".utf8),
        ]
    // Bytes that matter to the parser, so that random input often gets past the first few.
    static let interesting: [UInt8] =
        Array(#"[]{},:"\-+.eE0123456789 tnfu"#.utf8) + [0x00, 0x0A, 0x1F, 0x80, 0xC3, 0xFF]

    /// Decodes `bytes`, and checks that the decoder still decodes a valid message afterwards.
    static func check(_ bytes: [UInt8], decoder: inout ClientMessageDecoder) {
        switch decode(bytes, with: &decoder) {
        case .success(let message):
            #expect(message.code.schema.direction.fromClient)
            if case .who(let count) = message { #expect(decoder.whoIDs.count == count) }
        case .failure:
            break
        }
        #expect(decode(Array("[4,1,2]".utf8), with: &decoder) == .success(.move(x: 1, y: 2)))
    }

    @Test func randomBytesNeverCrash() {
        var random = SplitMix64(seed: 0xB0B_CAFE)
        var decoder = ClientMessageDecoder()
        for round in 0..<10_000 {
            let length = Int.random(in: 0...64, using: &random)
            var bytes: [UInt8] = round.isMultiple(of: 2) ? [0x5B] : []
            for _ in 0..<length {
                let byte =
                    Bool.random(using: &random)
                    ? Self.interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
                bytes.append(byte)
            }
            Self.check(bytes, decoder: &decoder)
        }
    }

    @Test func mutatedMessagesNeverCrash() {
        var random = SplitMix64(seed: 0xD15EA5E)
        var decoder = ClientMessageDecoder()
        var successes = 0
        for _ in 0..<10_000 {
            var bytes = Self.valid.randomElement(using: &random)!
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let position = Int.random(in: 0...bytes.count, using: &random)
                let byte =
                    Bool.random(using: &random)
                    ? Self.interesting.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
                switch Int.random(in: 0..<4, using: &random) {
                case 0 where position < bytes.count: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                case 2 where position < bytes.count: bytes.remove(at: position)
                default:
                    let end = Int.random(in: position...bytes.count, using: &random)
                    bytes.insert(contentsOf: bytes[position..<end], at: position)
                }
            }
            if case .success = decode(bytes, with: &decoder) { successes += 1 }
            Self.check(bytes, decoder: &decoder)
        }
        // Some mutations (a digit for a digit, added whitespace) keep the message valid.
        #expect(successes > 0)
    }
}
