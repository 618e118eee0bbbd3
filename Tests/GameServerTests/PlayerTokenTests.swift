import Support
import Testing

@testable import GameServer

struct PlayerTokenTests {
    @Test func hexRoundTripsAndTheDigestIsOfTheBytes() throws {
        let hex = "00112233445566778899aabbccddeeff"
        let token = try #require(PlayerToken(hex: hex))
        #expect(token.hex == hex)
        #expect(
            token.bytes == [
                0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xAA, 0xBB, 0xCC, 0xDD, 0xEE, 0xFF,
            ])
        #expect(token.digest == SHA256.hash(token.bytes))
        #expect(token.setCookie.1.hasPrefix("wq_token=\(hex);"))
    }

    @Test func onlyThirtyTwoHexDigitsAreAToken() {
        #expect(PlayerToken(hex: "00112233445566778899aabbccddeef") == nil)
        #expect(PlayerToken(hex: "00112233445566778899aabbccddeeffa") == nil)
        #expect(PlayerToken(hex: "00112233445566778899aabbccddeefg") == nil)
    }

    @Test func randomTokensDiffer() {
        #expect(PlayerToken.random() != PlayerToken.random())
        #expect(PlayerToken.random().hex.utf8.count == 32)
    }
}
