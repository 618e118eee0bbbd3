import Testing
import WebSocket

struct CloseCodeTests {
    @Test(
        arguments: [1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014, 3000, 3999, 4000, 4999]
            as [UInt16])
    func validOnWire(code: UInt16) {
        #expect(WebSocketCloseCode.isValidOnWire(code))
    }

    @Test(arguments: [0, 1, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535] as [UInt16])
    func invalidOnWire(code: UInt16) {
        #expect(!WebSocketCloseCode.isValidOnWire(code))
    }

    @Test func namedCodes() {
        let codes: [(WebSocketCloseCode, UInt16)] = [
            (.normalClosure, 1000), (.goingAway, 1001), (.protocolError, 1002), (.unsupportedData, 1003),
            (.noStatusReceived, 1005), (.abnormal, 1006), (.invalidPayload, 1007), (.policyViolation, 1008),
            (.messageTooBig, 1009), (.mandatoryExtension, 1010), (.internalError, 1011),
        ]
        for (code, value) in codes { #expect(code.rawValue == value) }
    }

    @Test func opcodes() {
        let pairs: [(WebSocketOpcode, UInt8, Bool)] = [
            (.continuation, 0, false), (.text, 1, false), (.binary, 2, false), (.close, 8, true), (.ping, 9, true),
            (.pong, 10, true),
        ]
        for (opcode, value, isControl) in pairs {
            #expect(opcode.rawValue == value)
            #expect(opcode.isControl == isControl)
        }
        for reserved: UInt8 in [3, 4, 5, 6, 7, 11, 12, 13, 14, 15] {
            #expect(WebSocketOpcode(rawValue: reserved) == nil)
        }
    }
}
