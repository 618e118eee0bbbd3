import Testing
import WebSocket

struct FrameParserTests {
    @Test(arguments: GoldenFrames.all)
    func parsesGoldenFrameWholeAndByteByByte(frame: GoldenFrames.Frame) {
        let expected = ParsedFrame(
            header: FrameHeader(
                fin: frame.fin, opcode: frame.opcode, payloadLength: UInt64(frame.payload.count),
                maskingKey: frame.maskingKey),
            payload: frame.payload)
        for chunkSize in [Int.max, 1, 3, 1000] {
            let result = parseFrames(frame.bytes, role: frame.role, chunkSize: chunkSize)
            #expect(result.failure == nil)
            #expect(result.frames == [expected], "chunk \(chunkSize)")
        }
    }

    @Test func parsesAStreamOfFramesIdenticallyInAnyChunking() {
        let stream = GoldenFrames.all.filter { $0.role == .client }.flatMap(\.bytes)
        let whole = parseFrames(stream)
        #expect(whole.failure == nil)
        #expect(whole.frames.count == GoldenFrames.all.filter { $0.role == .client }.count)
        #expect(whole.partialPayloads == 0)
        for chunkSize in [1, 2, 5, 13, 127, 4096] {
            #expect(parseFrames(stream, chunkSize: chunkSize).frames == whole.frames, "chunk \(chunkSize)")
        }
        #expect(parseFrames(stream, chunkSize: 1).partialPayloads > 0)
    }

    @Test func unmasksAcrossReadsAtAnyPhase() {
        let payload = (0..<1001).map { UInt8(truncatingIfNeeded: $0 &* 13) }
        let bytes = clientFrame(.binary, payload, key: 0xA1B2_C3D4)
        for chunkSize in [1, 2, 3, 5, 7, 9, 31, 33, 100] {
            let result = parseFrames(bytes, role: .server, chunkSize: chunkSize)
            #expect(result.frames.map(\.payload) == [payload], "chunk \(chunkSize)")
        }
    }

    @Test func acceptsNonMinimalLengths() {
        // "Hello" with a 16-bit and a 64-bit length.
        let sixteen = hex("81 7E 00 05") + GoldenFrames.hello
        let sixtyFour = hex("81 7F 00 00 00 00 00 00 00 05") + GoldenFrames.hello
        #expect(parseFrames(sixteen).frames.map(\.payload) == [GoldenFrames.hello])
        #expect(parseFrames(sixtyFour, chunkSize: 1).frames.map(\.payload) == [GoldenFrames.hello])
    }

    @Test(
        arguments: [
            ("RSV1", hex("C1 00"), WebSocketRole.client, WebSocketCloseCode.protocolError),
            ("RSV2", hex("A1 00"), .client, .protocolError),
            ("RSV3", hex("91 00"), .client, .protocolError),
            ("opcode 3", hex("83 00"), .client, .protocolError),
            ("opcode 7", hex("87 00"), .client, .protocolError),
            ("opcode 11", hex("8B 00"), .client, .protocolError),
            ("opcode 15", hex("8F 00"), .client, .protocolError),
            ("fragmented ping", hex("09 00"), .client, .protocolError),
            ("fragmented close", hex("08 00"), .client, .protocolError),
            ("ping of 126 bytes", hex("89 7E 00 7E") + [UInt8](repeating: 0, count: 126), .client, .protocolError),
            ("unmasked frame to a server", hex("81 05 48 65 6c 6c 6f"), .server, .protocolError),
            ("masked frame to a client", hex("81 85 37 fa 21 3d 7f 9f 4d 51 58"), .client, .protocolError),
            ("64-bit length with MSB", hex("82 7F 80 00 00 00 00 00 00 01"), .client, .protocolError),
            ("too large", hex("82 7E 01 00"), .client, .messageTooBig),
        ] as [(String, [UInt8], WebSocketRole, WebSocketCloseCode)])
    func rejects(name: String, bytes: [UInt8], role: WebSocketRole, code: WebSocketCloseCode) {
        for chunkSize in [Int.max, 1] {
            let result = parseFrames(bytes, role: role, maxFramePayload: 255, chunkSize: chunkSize)
            #expect(result.failure == code, "\(name), chunk \(chunkSize)")
            #expect(result.frames.isEmpty)
        }
    }

    @Test func failsAtTheFirstBadByte() {
        var parser = FrameParser(role: .client, maxFramePayload: 1000)
        var bytes: [UInt8] = [0xC1]  // RSV1: known bad from the first byte alone
        bytes.withUnsafeMutableBytes { buffer in
            var index = 0
            guard case .failure(let code, _) = parser.next(buffer, index: &index) else {
                Issue.record("expected failure")
                return
            }
            #expect(code == .protocolError)
        }
    }

    @Test func staysFailed() {
        var parser = FrameParser(role: .server, maxFramePayload: 1000)
        var bytes = hex("81 05 48 65 6c 6c 6f") + clientFrame(.text, GoldenFrames.hello)
        bytes.withUnsafeMutableBytes { buffer in
            var index = 0
            for _ in 0..<3 {
                guard case .failure(.protocolError, _) = parser.next(buffer, index: &index) else {
                    Issue.record("expected failure")
                    return
                }
            }
        }
    }

    @Test func tooLargeIsReportedBeforeThePayloadArrives() {
        // Only the header of a 1 MiB frame: the failure must not wait for the payload.
        let result = parseFrames(hex("82 7F 00 00 00 00 00 10 00 00"), maxFramePayload: 65536, chunkSize: 1)
        #expect(result.failure == .messageTooBig)
    }

    @Test func deliversPartialPayloadAsItArrives() {
        var parser = FrameParser(role: .client, maxFramePayload: 1000)
        var first = hex("82 0A 01 02 03")
        var second: [UInt8] = [4, 5, 6, 7, 8, 9, 10]
        first.withUnsafeMutableBytes { buffer in
            var index = 0
            guard case .header(let header) = parser.next(buffer, index: &index) else {
                Issue.record("header")
                return
            }
            #expect(header.payloadLength == 10)
            guard case .payload(let slice, let isFrameEnd) = parser.next(buffer, index: &index) else {
                Issue.record("payload")
                return
            }
            #expect(Array(UnsafeRawBufferPointer(slice)) == [1, 2, 3])
            #expect(!isFrameEnd)
            // The slice is part of the input buffer, not a copy.
            #expect(UnsafeRawPointer(slice.baseAddress) == UnsafeRawPointer(buffer.baseAddress! + 2))
            guard case .needMore = parser.next(buffer, index: &index) else {
                Issue.record("needMore")
                return
            }
        }
        second.withUnsafeMutableBytes { buffer in
            var index = 0
            guard case .payload(let slice, true) = parser.next(buffer, index: &index) else {
                Issue.record("payload end")
                return
            }
            #expect(Array(UnsafeRawBufferPointer(slice)) == [4, 5, 6, 7, 8, 9, 10])
            #expect(parser.isAtFrameBoundary)
        }
    }
}
