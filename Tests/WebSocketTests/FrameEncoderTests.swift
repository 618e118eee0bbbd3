import Testing
import WebSocket

struct FrameEncoderTests {
    @Test(arguments: GoldenFrames.all)
    func encodesGoldenFrame(frame: GoldenFrames.Frame) {
        var out: [UInt8] = [0xAA]  // appends after existing bytes
        FrameEncoder.writeFrame(
            fin: frame.fin, opcode: frame.opcode, payload: frame.payload, maskingKey: frame.maskingKey, into: &out)
        #expect(out == [0xAA] + frame.bytes)
        #expect(
            FrameEncoder.headerSize(payloadLength: frame.payload.count, masked: frame.maskingKey != nil)
                == frame.bytes.count - frame.payload.count)
    }

    @Test func maskingLeavesTheCallersPayloadAlone() {
        let payload = (0..<1000).map { UInt8(truncatingIfNeeded: $0) }
        var out: [UInt8] = []
        payload.withUnsafeBytes {
            FrameEncoder.writeFrame(fin: true, opcode: .binary, payload: $0, maskingKey: 0xDEAD_BEEF, into: &out)
        }
        #expect(payload == (0..<1000).map { UInt8(truncatingIfNeeded: $0) })
        let key: [UInt8] = [0xDE, 0xAD, 0xBE, 0xEF]
        #expect(Array(out[4..<8]) == key)
        for i in 0..<payload.count { #expect(out[8 + i] == payload[i] ^ key[i % 4]) }
    }

    @Test(arguments: [(0, 2), (125, 2), (126, 4), (65535, 4), (65536, 10), (1 << 32, 10)])
    func headerSizes(length: Int, size: Int) {
        #expect(FrameEncoder.headerSize(payloadLength: length, masked: false) == size)
        #expect(FrameEncoder.headerSize(payloadLength: length, masked: true) == size + 4)
    }

    @Test func reusedBufferNeverGrowsAfterTheFirstFrame() {
        let payload = [UInt8](repeating: 0x42, count: 300)
        var out: [UInt8] = []
        FrameEncoder.writeFrame(fin: true, opcode: .binary, payload: payload, maskingKey: 0x0102_0304, into: &out)
        let capacity = out.capacity
        for i in 0..<1000 {
            out.removeAll(keepingCapacity: true)
            payload.withUnsafeBytes {
                FrameEncoder.writeFrame(fin: true, opcode: .binary, payload: $0, maskingKey: UInt32(i), into: &out)
            }
            #expect(out.capacity == capacity)
        }
        #expect(out.count == 304 + 4)
    }

    @Test func closeFrames() {
        var out: [UInt8] = []
        FrameEncoder.writeClose(code: .normalClosure, reason: "bye", maskingKey: nil, into: &out)
        #expect(out == hex("88 05 03 e8 62 79 65"))
        out.removeAll()
        FrameEncoder.writeClose(code: nil, reason: "ignored without a code", maskingKey: nil, into: &out)
        #expect(out == hex("88 00"))
        out.removeAll()
        FrameEncoder.writeClose(code: .protocolError, reason: "", maskingKey: 0x37FA_213D, into: &out)
        #expect(out == hex("88 82 37 fa 21 3d") + [0x03 ^ 0x37, 0xEA ^ 0xFA])
    }

    @Test(arguments: [
        (String(repeating: "a", count: 123), 123),
        (String(repeating: "a", count: 200), 123),
        (String(repeating: "a", count: 122) + "é", 122),  // é would straddle the limit
        (String(repeating: "a", count: 121) + "é", 123),  // é ends exactly at the limit
        (String(repeating: "a", count: 121) + "🎮", 121),
        (String(repeating: "é", count: 100), 122),
        (String(repeating: "日", count: 50), 123),
    ])
    func closeReasonIsCutAtACharacterBoundary(reason: String, expectedLength: Int) {
        var out: [UInt8] = []
        FrameEncoder.writeClose(code: .goingAway, reason: reason, maskingKey: nil, into: &out)
        #expect(out.count == 2 + 2 + expectedLength)
        #expect(out[1] == UInt8(2 + expectedLength))
        let sent = Array(out[4...])
        #expect(sent == Array(reason.utf8.prefix(expectedLength)))
        #expect(Array(String(decoding: sent, as: UTF8.self).utf8) == sent)
    }
}
