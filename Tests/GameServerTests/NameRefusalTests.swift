import GameProtocol
import GameTestSupport
import Support
import TestSupport
import Testing
import WebSocket

@Suite(.serialized)
struct NameRefusalTests {
    /// A HELLO whose name could impersonate another closes with NAME_REFUSED and says why; a clean name plays.
    @Test func helloWithABidiOrInvisibleNameIsRefusedWithAReason() throws {
        let game = try TestGame()
        defer { game.stop() }
        for name in ["Ada\\u202enimda", "A\\u200bda"] {
            let client = try RawWebSocket(game.address)
            #expect(try client.receiveFrame()?.payload == Array("go".utf8))
            try client.send(text: "[0,\"\(name)\",21,60]")
            var close: (code: UInt16, reason: String)?
            while close == nil, let frame = try client.receiveFrame() {
                guard frame.opcode == .close, frame.payload.count >= 2 else { continue }
                let code = UInt16(frame.payload[0]) << 8 | UInt16(frame.payload[1])
                close = (code, String(decoding: frame.payload.dropFirst(2), as: UTF8.self))
            }
            #expect(close?.code == UInt16(GameCloseCode.nameRefused.rawValue))
            #expect(close?.reason.hasPrefix("name has") == true)
        }
        let (_, batch) = try game.join("Ada")
        #expect(batch.first?[2]?.string == "Ada")
    }
}
